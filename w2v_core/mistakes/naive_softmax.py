"""Wrong answers to parts (a)-(d), each kept as a named function so a chapter can show it failing.

Each function mirrors the signature of the correct one it imitates, and keeps the correct loss
(from :func:`w2v_core.losses.naive_softmax_loss_and_gradient`) so that only the gradient is wrong:
a central-difference check of the loss then exposes the wrong gradient.

Shapes of the correct results, for comparison: paper U is d x |V| (columns u_w), code
``outside_vectors`` is (|V|, d) (rows u_w); dJ/dv_c is U (y_hat - y) = ``outside_vectors.T @ delta``
with shape (d,); dJ/dU is v_c (y_hat - y)^T (d x |V|), and in code its transpose,
``np.outer(delta, center_vec)``, has shape (|V|, d). Here ``delta`` = y_hat - y.

Where a docstring says "seen in write-ups" the mistake is one that design notes record in real
student answers; the others are slips the chapter rules out on purpose.
"""
from __future__ import annotations

import numpy as np

from ..activations import softmax
from ..losses import naive_softmax_loss_and_gradient


def _loss_and_delta(center_vec, outside_idx, outside_vectors):
    """The correct loss and y_hat - y, shape (|V|,), with the correct function's input checks."""
    loss, _, _ = naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    delta = softmax(outside_vectors @ np.asarray(center_vec, dtype=float))
    delta[outside_idx] -= 1.0
    return loss, delta


# -- part (a) -------------------------------------------------------------------------------------
def cross_entropy_arguments_swapped(true_dist, predicted_dist) -> float:
    """Part (a), a slip ruled out on purpose: H(y_hat, y) = -sum_w y_hat_w log y_w instead of H(y, y_hat).

    Cross-entropy is not symmetric. With y one-hot, every word w != o has log y_w = log 0, so the
    swapped form is +inf for any prediction, where the right one is -log y_hat_o.
    Shapes: both arguments (|V|,).
    """
    true_dist = np.asarray(true_dist, dtype=float)
    predicted_dist = np.asarray(predicted_dist, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = predicted_dist * np.log(true_dist)
    return float(-np.sum(terms))


# -- part (b) -------------------------------------------------------------------------------------
def grad_center_with_U_transposed(center_vec, outside_idx, outside_vectors):
    """Part (b), seen in write-ups: dJ/dv_c written U^T (y_hat - y) instead of U (y_hat - y).

    U^T is |V| x d, so U^T (y_hat - y) only makes sense when |V| = d: on paper the shapes do not
    fit. In code the paper's U^T is ``outside_vectors`` itself, so the slip becomes
    ``outside_vectors @ (y_hat - y)``; NumPy refuses it (ValueError) unless |V| = d, and when
    |V| = d it runs and returns wrong numbers. Returns ``(loss, wrong_grad_center_vec)``, shape (d,).
    """
    loss, delta = _loss_and_delta(center_vec, outside_idx, outside_vectors)
    return loss, np.asarray(outside_vectors, dtype=float) @ delta


def grad_center_as_outer_product(center_vec, outside_idx, outside_vectors):
    """Part (b), seen in write-ups: dJ/dv_c written v_c (y_hat - y)^T, which is part (d)'s dJ/dU.

    The result is a d x |V| matrix where a gradient with respect to the d-vector v_c must be a
    d-vector. Returns ``(loss, wrong_grad_center_vec)`` with shape (d, |V|).
    """
    loss, delta = _loss_and_delta(center_vec, outside_idx, outside_vectors)
    return loss, np.outer(np.asarray(center_vec, dtype=float), delta)


# -- part (c) -------------------------------------------------------------------------------------
def grad_outside_without_center(center_vec, outside_idx, outside_vectors):
    """Part (c), seen in write-ups: dJ/du_w answered as y_hat_w (y_hat_o - 1 for o), the factor v_c forgotten.

    A scalar cannot be the gradient with respect to a d-vector; to give it the shape a gradient
    check expects, the scalar is repeated in each of the d entries of row w. Returns
    ``(loss, wrong_grad_outside_vectors)`` with shape (|V|, d).
    """
    loss, delta = _loss_and_delta(center_vec, outside_idx, outside_vectors)
    d = np.asarray(outside_vectors).shape[1]
    return loss, np.repeat(delta[:, None], d, axis=1)


def grad_outside_ignoring_observed_case(center_vec, outside_idx, outside_vectors):
    """Part (c), a slip ruled out on purpose: y_hat_w v_c for every w, the observed word included.

    It drops the -1 of the case w = o, i.e. the y in y_hat - y. Returns
    ``(loss, wrong_grad_outside_vectors)`` with shape (|V|, d).
    """
    loss, _ = _loss_and_delta(center_vec, outside_idx, outside_vectors)
    center_vec = np.asarray(center_vec, dtype=float)
    y_hat = softmax(np.asarray(outside_vectors, dtype=float) @ center_vec)
    return loss, np.outer(y_hat, center_vec)


# -- part (d) -------------------------------------------------------------------------------------
def grad_outside_in_paper_layout(center_vec, outside_idx, outside_vectors):
    """Part (d), a slip that mixes the conventions: the paper's v_c (y_hat - y)^T returned as it is.

    Right on paper, but it has the paper's shape d x |V|, while the code's ``outside_vectors`` and
    its gradient are (|V|, d). Returns ``(loss, wrong_grad_outside_vectors)`` with shape (d, |V|).
    """
    loss, delta = _loss_and_delta(center_vec, outside_idx, outside_vectors)
    return loss, np.outer(np.asarray(center_vec, dtype=float), delta)


def grad_outside_reshaped_not_transposed(center_vec, outside_idx, outside_vectors):
    """Part (d), a slip that mixes the conventions, in its quiet form: the paper's d x |V|
    matrix forced into (|V|, d) with ``reshape`` instead of a transpose.

    The shape is then right, so nothing complains, but reshape re-reads the entries in memory
    order: row w is no longer dJ/du_w. Returns ``(loss, wrong_grad_outside_vectors)``, (|V|, d).
    """
    loss, delta = _loss_and_delta(center_vec, outside_idx, outside_vectors)
    paper = np.outer(np.asarray(center_vec, dtype=float), delta)
    return loss, paper.reshape(np.asarray(outside_vectors).shape)
