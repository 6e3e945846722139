"""Wrong formulas of parts (e)-(h), each a mistake seen in real write-ups.

Every function here is deliberately wrong; its docstring names the mistake. The chapters run a
gradient check (or an exact comparison with the correct w2v_core function) on each and show it
failing. Shapes follow the package: ``outside_vectors`` is (|V|, d), row w is u_w (the paper's U,
d x |V|, transposed); ``center_vec`` is v_c, shape (d,).
"""
from __future__ import annotations

import numpy as np

from .. import _validate
from ..activations import sigmoid
from ..losses import neg_sampling_loss_and_gradient, neg_sampling_loss_and_gradient_batch


def sigmoid_exponent_sign_lost(x):
    """MISTAKE (e): sigma written 1 / (1 + e^x), the minus sign of the exponent lost.

    This is sigma(-x) = 1 - sigma(x), a decreasing curve, while the result quoted for it,
    sigma(1 - sigma), is the derivative of the increasing 1 / (1 + e^-x).
    """
    x = _validate.finite_array(x, "x")
    return sigmoid(-x)  # 1 / (1 + e^x), evaluated without overflow


def sigmoid_grad_quoted_with_lost_sign(x):
    """MISTAKE (e): the quoted derivative s (1 - s), with s from :func:`sigmoid_exponent_sign_lost`.

    The true derivative of 1 / (1 + e^x) is -s (1 - s): the two differ in sign everywhere.
    """
    s = np.asarray(sigmoid_exponent_sign_lost(x))
    out = s * (1.0 - s)
    return float(out) if out.ndim == 0 else out


def _scores(center_vec, outside_idx, outside_vectors, neg_indices):
    # The correct function validates the arguments (and refuses o among the negatives) and
    # gives the true loss, against which every wrong gradient below is checked.
    loss, _, _ = neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices)
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    center_vec = np.asarray(center_vec, dtype=float)
    neg_indices = np.asarray(neg_indices, dtype=np.intp)
    return loss, outside_vectors, center_vec, neg_indices, float(outside_vectors[outside_idx] @ center_vec), \
        outside_vectors[neg_indices] @ center_vec


def neg_sampling_gradient_sigma_flipped(center_vec, outside_idx, outside_vectors, neg_indices):
    """MISTAKE (f): sigma(-x) = 1 - sigma(x) used the wrong way round for the negatives.

    The derivative of -log sigma(-s_k) is 1 - sigma(-s_k) = sigma(s_k); this version writes
    1 - sigma(s_k) = sigma(-s_k) instead. Returns ``(loss, grad_center_vec, grad_outside_vectors)``
    like :func:`w2v_core.neg_sampling_loss_and_gradient`, with the true loss and wrong gradients.
    """
    loss, U, v_c, neg, s_o, s_neg = _scores(center_vec, outside_idx, outside_vectors, neg_indices)
    coef_outside = -(1.0 - sigmoid(s_o))
    coef_neg = 1.0 - np.asarray(sigmoid(s_neg))  # should be 1 - sigmoid(-s_neg)
    grad_center_vec = coef_outside * U[outside_idx] + coef_neg @ U[neg]
    grad_outside_vectors = np.zeros_like(U)
    grad_outside_vectors[outside_idx] = coef_outside * v_c
    np.add.at(grad_outside_vectors, neg, np.outer(coef_neg, v_c))
    return loss, grad_center_vec, grad_outside_vectors


def neg_sampling_gradient_outside_sign_flipped(center_vec, outside_idx, outside_vectors, neg_indices):
    """MISTAKE (f): the minus sign of dJ/du_o dropped, +(1 - sigma(u_o.v_c)) v_c.

    The derivative of -log sigma(s_o) is -(1 - sigma(s_o)); losing the leading minus makes a
    gradient step push u_o away from v_c, the opposite of what the observed pair should do.
    """
    loss, U, v_c, neg, s_o, s_neg = _scores(center_vec, outside_idx, outside_vectors, neg_indices)
    coef_outside = 1.0 - sigmoid(s_o)  # should be -(1 - sigmoid(s_o))
    coef_neg = np.asarray(sigmoid(s_neg))
    grad_center_vec = coef_outside * U[outside_idx] + coef_neg @ U[neg]
    grad_outside_vectors = np.zeros_like(U)
    grad_outside_vectors[outside_idx] = coef_outside * v_c
    np.add.at(grad_outside_vectors, neg, np.outer(coef_neg, v_c))
    return loss, grad_center_vec, grad_outside_vectors


def add_rows_dropping_repeats(grad, idx, rows) -> np.ndarray:
    """MISTAKE (g): ``grad[idx] += rows``, which keeps only one update per repeated index.

    NumPy evaluates ``grad[idx] + rows`` into a temporary and then assigns it back row by row, so
    a word drawn n times receives one of its n updates, not their sum. Works on a copy of ``grad``
    and returns it.
    """
    grad = np.array(grad, dtype=float)
    grad[np.asarray(idx, dtype=np.intp)] += np.asarray(rows, dtype=float)
    return grad


def neg_sampling_gradient_repeats_dropped(center_vec, outside_idx, outside_vectors, neg_indices):
    """MISTAKE (g): the negative-sampling gradient accumulated with ``grad[idx] += g``.

    Correct when the K negatives are distinct; with a repeated word w_k drawn n_k > 1 times,
    dJ/du_k should be n_k (1 - sigma(-u_k.v_c)) v_c but this version gives one copy of it.
    (dJ/dv_c is a sum over the draws and stays right: only the scattered rows go wrong.)
    This is :func:`neg_sampling_gradient_repeats_dropped_batch` on a batch of one v_c.
    """
    outside_vectors = _validate.matrix(outside_vectors, "outside_vectors")
    center_vec = _validate.vector(center_vec, "center_vec", size=outside_vectors.shape[1])
    loss, grad_center_vec, grad_outside_vectors = neg_sampling_gradient_repeats_dropped_batch(
        center_vec[None, :], outside_idx, outside_vectors, neg_indices)
    return float(loss[0]), grad_center_vec[0], grad_outside_vectors[0]


def neg_sampling_gradient_repeats_dropped_batch(center_vecs, outside_idx, outside_vectors, neg_indices):
    """MISTAKE (g), :func:`neg_sampling_gradient_repeats_dropped` for N center vectors at once.

    ``center_vecs`` is (N, d); returns the loss (N,), dJ/dv_c (N, d) and the rows (N, |V|, d), entry n
    the single-vector result for ``center_vecs[n]`` (elementwise along the batch, terms in order).
    """
    # The correct function validates the arguments (and refuses o among the negatives) and gives
    # the true loss, against which the wrong rows are checked.
    loss, _, _ = neg_sampling_loss_and_gradient_batch(center_vecs, outside_idx, outside_vectors, neg_indices)
    U = np.asarray(outside_vectors, dtype=float)
    V = np.asarray(center_vecs, dtype=float)
    neg = np.asarray(neg_indices, dtype=np.intp)
    coef_outside = -(1.0 - np.asarray(sigmoid((V * U[outside_idx]).sum(axis=1))).reshape(-1, 1))  # (N, 1)
    coef_neg = np.stack([np.asarray(sigmoid((V * U[w]).sum(axis=1))).reshape(-1) for w in neg], axis=1)  # (N, K)
    grad_center_vec = coef_outside * U[outside_idx]
    for j, w in enumerate(neg):
        grad_center_vec = grad_center_vec + coef_neg[:, j:j + 1] * U[w]
    by_word = np.zeros((U.shape[0], V.shape[0], U.shape[1]))  # (|V|, N, d): the word axis first
    by_word[outside_idx] = coef_outside * V
    updates = coef_neg.T[:, :, None] * V[None, :, :]  # (K, N, d): update k for each v_c
    by_word = add_rows_dropping_repeats(by_word, neg, updates)
    return loss, grad_center_vec, by_word.transpose(1, 0, 2)


def draw_negatives_including_outside(probabilities, k: int, rng: np.random.Generator) -> np.ndarray:
    """MISTAKE (f, g): K negatives drawn from the full distribution, so o itself can come up.

    A negative sample is meant to be a word that was *not* observed; drawing o as a negative asks
    the model to push u_o away from v_c in the same step that pulls it towards v_c.
    :func:`w2v_core.neg_sampling_loss_and_gradient` refuses such a sample with a ValueError.
    """
    probabilities = _validate.vector(probabilities, "probabilities")
    k = _validate.positive_int(k, "k")
    rng = _validate.generator(rng)
    return rng.choice(probabilities.shape[0], size=k, replace=True, p=probabilities / probabilities.sum())


def sigmoid_grad_of_lost_sign(x):
    """MISTAKE (e): the true derivative of 1 / (1 + e^x), -e^x / (1 + e^x)^2, quoted as sigma'(x).

    With s = 1 / (1 + e^x) = sigma(-x) this is -s (1 - s): negative everywhere, where sigma'(x) > 0.
    """
    s = np.asarray(sigmoid_exponent_sign_lost(x))
    out = -s * (1.0 - s)
    return float(out) if out.ndim == 0 else out


def sigmoid_grad_sigma_applied_twice(x):
    """MISTAKE (e): sigma(x) sigma(1 - sigma(x)) for sigma(x) (1 - sigma(x)): sigma applied to the second factor."""
    x = _validate.finite_array(x, "x")
    s = np.asarray(sigmoid(x))
    out = s * np.asarray(sigmoid(1.0 - s))
    return float(out) if out.ndim == 0 else out


def neg_sampling_gradient_negated_score_chain_dropped(center_vec, outside_idx, outside_vectors, neg_indices):
    """MISTAKE (f): the derivative of -u_k^T v_c taken as +v_c (or +u_k), the inner minus of the chain rule lost.

    d/du_k of -log sigma(-s_k) is -(1 - sigma(-s_k)) * (-v_c) = sigma(s_k) v_c; losing the inner minus gives
    -sigma(s_k) v_c for the negatives' rows and -sigma(s_k) u_k for their terms of dJ/dv_c.
    """
    loss, U, v_c, neg, s_o, s_neg = _scores(center_vec, outside_idx, outside_vectors, neg_indices)
    coef_outside = -(1.0 - sigmoid(s_o))
    coef_neg = -np.asarray(sigmoid(s_neg))  # should be +sigmoid(s_neg)
    grad_center_vec = coef_outside * U[outside_idx] + coef_neg @ U[neg]
    grad_outside_vectors = np.zeros_like(U)
    grad_outside_vectors[outside_idx] = coef_outside * v_c
    np.add.at(grad_outside_vectors, neg, np.outer(coef_neg, v_c))
    return loss, grad_center_vec, grad_outside_vectors
