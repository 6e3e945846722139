"""The two skip-gram losses of one (center, outside) pair, with their gradients.

Shapes, in both conventions:

==================  ==========================  ==============================
quantity            paper (handout)             code (this package)
==================  ==========================  ==============================
v_c                 column, d x 1               ``center_vec``, shape (d,)
U                   d x |V|, columns u_w        ``outside_vectors``, (|V|, d), rows u_w
y_hat               softmax(U^T v_c), |V| x 1   ``softmax(outside_vectors @ center_vec)``, (|V|,)
dJ/dv_c             U (y_hat - y)               ``outside_vectors.T @ (y_hat - y)``, (d,)
dJ/dU               v_c (y_hat - y)^T, d x |V|  ``np.outer(y_hat - y, center_vec)``, (|V|, d)
==================  ==========================  ==============================

``grad_outside_vectors`` is therefore the transpose of the paper's dJ/dU: row w is dJ/du_w.
"""
from __future__ import annotations

import numpy as np

from . import _validate
from .activations import log_sigmoid, log_softmax, sigmoid, softmax


def _check_pair(center_vec, outside_idx, outside_vectors):
    outside_vectors = _validate.matrix(outside_vectors, "outside_vectors")
    center_vec = _validate.vector(center_vec, "center_vec", size=outside_vectors.shape[1])
    outside_idx = _validate.index(outside_idx, "outside_idx", outside_vectors.shape[0])
    return center_vec, outside_idx, outside_vectors


def naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors):
    """Naive-softmax loss J = -log y_hat_o and its gradients (parts a-d).

    Args:
        center_vec: v_c, shape (d,).
        outside_idx: o, the index of the observed outside word.
        outside_vectors: shape (|V|, d), row w is u_w (the paper's U transposed).

    Returns:
        ``(loss, grad_center_vec, grad_outside_vectors)``: a float; dJ/dv_c = U (y_hat - y) with
        shape (d,); and dJ/dU transposed, shape (|V|, d), whose row w is dJ/du_w = (y_hat_w - y_w) v_c.
    """
    center_vec, outside_idx, outside_vectors = _check_pair(center_vec, outside_idx, outside_vectors)
    scores = outside_vectors @ center_vec
    # -log softmax(scores)[o] stays finite even when y_hat_o underflows to 0.
    loss = float(-log_softmax(scores)[outside_idx])
    delta = softmax(scores)  # y_hat - y, built in place
    delta[outside_idx] -= 1.0
    grad_center_vec = outside_vectors.T @ delta
    grad_outside_vectors = np.outer(delta, center_vec)
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices):
    """Negative-sampling loss and its gradients (parts f and g).

    J = -log sigma(u_o . v_c) - sum_k log sigma(-u_k . v_c), summed over the K entries of
    ``neg_indices``. A word drawn n times appears n times in the sum and so contributes n times to
    its gradient row (part g): rows are accumulated with ``np.add.at``, never ``grad[idx] += g``,
    which would keep only one of the repeated updates.

    Args:
        center_vec: v_c, shape (d,).
        outside_idx: o.
        outside_vectors: shape (|V|, d), row w is u_w.
        neg_indices: K >= 1 word indices, repeats allowed, none equal to ``outside_idx``.

    Returns:
        ``(loss, grad_center_vec, grad_outside_vectors)`` with shapes (), (d,), (|V|, d).
        dJ/dv_c = -(1 - sigma(u_o.v_c)) u_o + sum_k (1 - sigma(-u_k.v_c)) u_k;
        dJ/du_o = -(1 - sigma(u_o.v_c)) v_c;  dJ/du_k = (1 - sigma(-u_k.v_c)) v_c per draw.

    This is :func:`neg_sampling_loss_and_gradient_batch` on a batch of one v_c: one code path.
    """
    center_vec, outside_idx, outside_vectors = _check_pair(center_vec, outside_idx, outside_vectors)
    neg_indices = _check_negatives(neg_indices, outside_idx, outside_vectors)
    loss, grad_center_vec, grad_outside_vectors = _neg_sampling_batch(center_vec[None, :], outside_idx,
                                                                      outside_vectors, neg_indices)
    return float(loss[0]), grad_center_vec[0], grad_outside_vectors[0]


def neg_sampling_loss_and_gradient_batch(center_vecs, outside_idx, outside_vectors, neg_indices):
    """:func:`neg_sampling_loss_and_gradient` for N center vectors at once (the same o and negatives).

    Args:
        center_vecs: shape (N, d), row n is one v_c (the paper's d x N columns, transposed).
        outside_idx, outside_vectors, neg_indices: as in :func:`neg_sampling_loss_and_gradient`.

    Returns:
        ``(loss, grad_center_vec, grad_outside_vectors)`` with shapes (N,), (N, d), (N, |V|, d):
        entry n is the single-vector result for ``center_vecs[n]``, bit for bit (the single-vector
        function is a batch of one; every product and sum is elementwise along the batch, with no
        matrix product, whose rounding could depend on N; a test compares them).
    """
    outside_vectors = _validate.matrix(outside_vectors, "outside_vectors")
    center_vecs = _validate.matrix(center_vecs, "center_vecs", cols=outside_vectors.shape[1])
    outside_idx = _validate.index(outside_idx, "outside_idx", outside_vectors.shape[0])
    neg_indices = _check_negatives(neg_indices, outside_idx, outside_vectors)
    return _neg_sampling_batch(center_vecs, outside_idx, outside_vectors, neg_indices)


def _check_negatives(neg_indices, outside_idx: int, outside_vectors: np.ndarray) -> np.ndarray:
    neg_indices = _validate.indices(neg_indices, "neg_indices", outside_vectors.shape[0])
    if np.any(neg_indices == outside_idx):
        raise ValueError(
            f"neg_indices must not contain the outside word outside_idx={outside_idx}: "
            "a negative sample is a word that was not observed"
        )
    return neg_indices


def _neg_sampling_batch(center_vecs: np.ndarray, outside_idx: int, outside_vectors: np.ndarray,
                        neg_indices: np.ndarray):
    """The one implementation of both public functions, on validated arguments (shapes as in
    :func:`neg_sampling_loss_and_gradient_batch`)."""
    u_o = outside_vectors[outside_idx]
    u_neg = outside_vectors[neg_indices]  # (K, d), a word drawn n times appears n times
    # Scores as elementwise products summed over d (no matrix product, whose rounding could depend on N).
    outside_score = (center_vecs * u_o).sum(axis=-1)  # (N,): u_o . v_c for each v_c
    neg_scores = (center_vecs[:, None, :] * u_neg[None, :, :]).sum(axis=-1)  # (N, K): u_k . v_c
    # log-sigmoid keeps the loss finite when a score reaches +-1e5.
    loss = -np.asarray(log_sigmoid(outside_score)).reshape(-1) - np.asarray(log_sigmoid(-neg_scores)).sum(axis=1)
    # dJ/d(score): sigma(s_o) - 1 = -(1 - sigma(s_o)) for o;  1 - sigma(-s_k) = sigma(s_k) for each draw.
    # Both use 1 - sigma(x) = sigma(-x), which keeps full precision where the subtraction would not.
    coef_outside = -np.asarray(sigmoid(-outside_score)).reshape(-1, 1)  # (N, 1)
    coef_neg = np.asarray(sigmoid(neg_scores)).reshape(neg_scores.shape)  # (N, K)
    grad_center_vec = coef_outside * u_o + (coef_neg[:, :, None] * u_neg[None, :, :]).sum(axis=1)
    grad_outside_vectors = np.zeros((center_vecs.shape[0],) + outside_vectors.shape)
    grad_outside_vectors[:, outside_idx] = coef_outside * center_vecs
    # np.add.at, never grad[:, idx] += g: a word drawn n times receives its n updates.
    np.add.at(grad_outside_vectors, (slice(None), neg_indices), coef_neg[:, :, None] * center_vecs[:, None, :])
    return loss, grad_center_vec, grad_outside_vectors


def cross_entropy(true_dist, predicted_dist) -> float:
    """Cross-entropy H(y, y_hat) = -sum_w y_w log y_hat_w between two distributions over the vocabulary.

    Part (a): with ``true_dist`` one-hot at o it equals -log y_hat_o, the naive-softmax loss.
    Terms with y_w = 0 count as 0 (the limit of y log y_hat), so a predicted 0 only matters where
    ``true_dist`` puts mass; there the result is +inf.

    Args:
        true_dist: y, shape (|V|,) (the paper's |V| x 1 column), entries >= 0.
        predicted_dist: y_hat, shape (|V|,), entries in [0, 1].
    """
    true_dist = _validate.vector(true_dist, "true_dist")
    predicted_dist = _validate.vector(predicted_dist, "predicted_dist", size=true_dist.shape[0])
    if np.any(true_dist < 0):
        raise ValueError(f"true_dist must have entries >= 0, got {true_dist.min()}")
    if np.any((predicted_dist < 0) | (predicted_dist > 1)):
        raise ValueError(f"predicted_dist must have entries in [0, 1], got values in [{predicted_dist.min()}, {predicted_dist.max()}]")
    mass = true_dist > 0
    with np.errstate(divide="ignore"):
        return float(-np.sum(true_dist[mass] * np.log(predicted_dist[mass])))
