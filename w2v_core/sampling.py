"""Where negative samples come from: the unigram^0.75 distribution, draws that exclude the outside
word (with repeats, part g, or distinct, part f), and gensim-style frequent-word subsampling.

All randomness comes from an explicit ``numpy.random.Generator``.
"""
from __future__ import annotations

import numpy as np

from . import _validate


def unigram_distribution(counts, power: float = 0.75) -> np.ndarray:
    """P(w) proportional to count(w)**power (Mikolov et al. 2013b use 3/4), shape (|V|,)."""
    counts = _validate.vector(counts, "counts")
    if np.any(counts < 0) or counts.sum() <= 0:
        raise ValueError("counts must be non-negative with a positive total, got " f"min {counts.min()}, total {counts.sum()}")
    power = _validate.nonnegative_number(power, "power")
    weights = counts**power
    weights[counts == 0] = 0.0  # 0**0 would give an unseen word mass
    return weights / weights.sum()


def draw_negatives(outside_idx: int, probabilities, k: int, rng: np.random.Generator, *, distinct: bool = False) -> np.ndarray:
    """K word indices drawn from ``probabilities``, never equal to ``outside_idx``.

    Drawing from the distribution with o's mass removed and renormalised gives the same law as
    drawing from the full distribution and drawing again whenever o comes up.

    Args:
        outside_idx: o, the observed outside word, never returned.
        probabilities: shape (|V|,), non-negative, summing to 1.
        k: K >= 1, the number of negatives.
        rng: the source of randomness.
        distinct: False for independent draws that may repeat (part g); True for K distinct words
            (the assumption of part f), which needs at least K other words of positive probability.

    Returns:
        Integer array of shape (K,).
    """
    probabilities = _validate.vector(probabilities, "probabilities")
    if np.any(probabilities < 0) or not np.isclose(probabilities.sum(), 1.0):
        raise ValueError(f"probabilities must be non-negative and sum to 1, got sum {probabilities.sum():.6g}")
    outside_idx = _validate.index(outside_idx, "outside_idx", probabilities.shape[0])
    k = _validate.positive_int(k, "k")
    rng = _validate.generator(rng)
    p = probabilities.copy()
    p[outside_idx] = 0.0
    available = int(np.count_nonzero(p))
    if available == 0:
        raise ValueError("probabilities puts all its mass on outside_idx: no word is left to draw as a negative")
    if distinct and k > available:
        raise ValueError(f"k must be at most {available} (the words other than outside_idx) for distinct draws, got {k}")
    return rng.choice(p.shape[0], size=k, replace=not distinct, p=p / p.sum())


def keep_probabilities(counts, sample: float = 1e-3) -> np.ndarray:
    """Probability of keeping each occurrence of a word under frequent-word subsampling.

    The formula of word2vec's C code and gensim: with threshold t = sample * total count,
    keep(w) = (sqrt(count(w) / t) + 1) * t / count(w), capped at 1. ``sample=0`` keeps every word.
    """
    counts = _validate.vector(counts, "counts")
    if np.any(counts <= 0):
        raise ValueError("counts must be positive for every vocabulary word")
    sample = _validate.nonnegative_number(sample, "sample")
    if sample == 0:
        return np.ones_like(counts)
    threshold = sample * counts.sum()
    return np.minimum(1.0, (np.sqrt(counts / threshold) + 1.0) * threshold / counts)


def draw_negatives_batch(outside_indices, probabilities, k: int, rng: np.random.Generator) -> np.ndarray:
    """K negatives for each of P pairs at once: row p has the law of ``draw_negatives(o_p, ...)`` (repeats allowed).

    Each draw inverts the cumulative distribution at a uniform number; a draw that hits its own
    outside word is drawn again, which is the same as drawing from the distribution without o.

    Args:
        outside_indices: the P outside words o_p, shape (P,).
        probabilities: shape (|V|,), non-negative, summing to 1.
        k: K >= 1.
        rng: the source of randomness.

    Returns:
        Integer array of shape (P, K) (int32), with no row p containing o_p.
    """
    probabilities = _validate.vector(probabilities, "probabilities")
    if np.any(probabilities < 0) or not np.isclose(probabilities.sum(), 1.0):
        raise ValueError(f"probabilities must be non-negative and sum to 1, got sum {probabilities.sum():.6g}")
    outside_indices = _validate.indices(outside_indices, "outside_indices", probabilities.shape[0])
    k = _validate.positive_int(k, "k")
    rng = _validate.generator(rng)
    if np.any(probabilities[outside_indices] >= 1.0 - 1e-12):
        raise ValueError("probabilities puts all its mass on an outside word: no word is left to draw as a negative")
    cumulative = np.cumsum(probabilities)
    cumulative /= cumulative[-1]
    last = np.flatnonzero(probabilities)[-1]  # never return a word of zero probability, even at u ~ 1

    def draw(size):
        return np.minimum(np.searchsorted(cumulative, rng.random(size), side="right"), last).astype(np.int32)

    negatives = draw((outside_indices.shape[0], k))
    clash = negatives == outside_indices[:, None]
    while clash.any():
        negatives[clash] = draw(int(clash.sum()))
        clash = negatives == outside_indices[:, None]
    return negatives
