"""Part (h): the skip-gram loss of one center word is the sum of pair losses over its window."""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import _validate
from .losses import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from .sampling import draw_negatives

LossAndGradient = Callable[[np.ndarray, int, np.ndarray], tuple[float, np.ndarray, np.ndarray]]


def window_positions(n_tokens: int, center_pos: int, window: int) -> list[int]:
    """Positions t+j, -m <= j <= m, j != 0, that fall inside a sentence of ``n_tokens`` tokens."""
    n_tokens = _validate.positive_int(n_tokens, "n_tokens")
    center_pos = _validate.index(center_pos, "center_pos", n_tokens)
    window = _validate.positive_int(window, "window")
    return [p for p in range(center_pos - window, center_pos + window + 1) if p != center_pos and 0 <= p < n_tokens]


def window_pairs(sentence, window: int) -> list[tuple[int, int]]:
    """Every (center position, outside position) pair that enters the loss of a sentence."""
    try:
        n = len(sentence)
    except TypeError:
        raise ValueError(f"sentence must be a sequence of tokens, got {type(sentence).__name__}") from None
    if n == 0:
        raise ValueError("sentence is empty; expected at least one token")
    return [(t, p) for t in range(n) for p in window_positions(n, t, window)]


def skipgram(center_idx, outside_indices, center_vectors, outside_vectors,
             loss_and_gradient: LossAndGradient = naive_softmax_loss_and_gradient):
    """J_sg = sum_j J(v_c, w_{t+j}, U) over the outside words of one window, and its gradients.

    Args:
        center_idx: c, the center word's index.
        outside_indices: the indices of the outside words w_{t+j}, in window order (length >= 1).
        center_vectors: shape (|V|, d), row w is v_w (the paper's V transposed).
        outside_vectors: shape (|V|, d), row w is u_w (the paper's U transposed).
        loss_and_gradient: ``f(center_vec, outside_idx, outside_vectors) -> (loss, grad_center_vec,
            grad_outside_vectors)``; naive softmax by default, or ``neg_sampling_loss(...)``.

    Returns:
        ``(loss, grad_center_vectors, grad_outside_vectors)``, both gradients of shape (|V|, d).
        Only row c of ``grad_center_vectors`` can be non-zero: dJ_sg/dv_w = 0 for w != c.
    """
    center_vectors = _validate.matrix(center_vectors, "center_vectors")
    # Both matrices index the same vocabulary: same |V| rows, same d columns.
    outside_vectors = _validate.matrix(outside_vectors, "outside_vectors", cols=center_vectors.shape[1],
                                       rows=center_vectors.shape[0])
    center_idx = _validate.index(center_idx, "center_idx", center_vectors.shape[0])
    outside_indices = _validate.indices(outside_indices, "outside_indices", outside_vectors.shape[0])
    center_vec = center_vectors[center_idx]
    loss = 0.0
    grad_center_vectors = np.zeros_like(center_vectors)
    grad_outside_vectors = np.zeros_like(outside_vectors)
    for outside_idx in outside_indices:
        pair_loss, grad_center_vec, grad_outside = loss_and_gradient(center_vec, int(outside_idx), outside_vectors)
        loss += pair_loss
        grad_center_vectors[center_idx] += grad_center_vec
        grad_outside_vectors += grad_outside
    return loss, grad_center_vectors, grad_outside_vectors


def neg_sampling_loss(probabilities, k: int, rng: np.random.Generator, *, distinct: bool = False) -> LossAndGradient:
    """A ``loss_and_gradient`` for :func:`skipgram` that draws K fresh negatives for every pair."""
    k = _validate.positive_int(k, "k")
    rng = _validate.generator(rng)

    def loss_and_gradient(center_vec, outside_idx, outside_vectors):
        negatives = draw_negatives(outside_idx, probabilities, k, rng, distinct=distinct)
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, negatives)

    return loss_and_gradient
