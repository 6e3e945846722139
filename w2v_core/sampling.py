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
    if sample >= 1:  # gensim reads sample >= 1 as a word count; here it is always a fraction
        raise ValueError(f"sample must be in [0, 1), a fraction of the corpus, got {sample}")
    if sample == 0:
        return np.ones_like(counts)
    threshold = sample * counts.sum()
    return np.minimum(1.0, (np.sqrt(counts / threshold) + 1.0) * threshold / counts)



class NegativeSampler:
    """Draws K negatives for each of P pairs at once, from ``probabilities`` without each pair's outside word.

    Walker's alias method: after an O(|V|) set-up, a draw costs one uniform word index i and one
    uniform number u, and returns i if u < accept[i], else alias[i]; that law is exactly
    ``probabilities``. A draw that hits its own pair's outside word is drawn again, which gives the
    law of :func:`draw_negatives` (o's mass removed, the rest renormalised), repeats allowed (part g).

    Args:
        probabilities: shape (|V|,), non-negative, summing to 1, with mass on at least two words.
    """

    def __init__(self, probabilities):
        probabilities = _validate.vector(probabilities, "probabilities")
        if np.any(probabilities < 0) or not np.isclose(probabilities.sum(), 1.0):
            raise ValueError(f"probabilities must be non-negative and sum to 1, got sum {probabilities.sum():.6g}")
        if np.count_nonzero(probabilities) < 2:
            raise ValueError("probabilities must put mass on at least two words, so that a word other than "
                             f"the outside word can be drawn; got {np.count_nonzero(probabilities)}")
        n = probabilities.shape[0]
        scaled = probabilities / probabilities.sum() * n  # mean 1: each bucket holds mass 1/n
        accept = np.ones(n)
        alias = np.arange(n)
        small = [i for i in range(n) if scaled[i] < 1.0]
        large = [i for i in range(n) if scaled[i] >= 1.0]
        while small and large:  # fill the bucket of a light word with mass from a heavy one
            s, big = small.pop(), large.pop()
            accept[s], alias[s] = scaled[s], big
            scaled[big] -= 1.0 - scaled[s]
            (small if scaled[big] < 1.0 else large).append(big)
        self.probabilities = probabilities
        self.accept = accept  # rounding leftovers in small/large keep accept 1: they are full buckets
        self.alias = alias.astype(np.int32)

    def draw(self, outside_indices, k: int, rng: np.random.Generator) -> np.ndarray:
        """Negatives of shape (P, K), row p free of ``outside_indices[p]``."""
        n = self.probabilities.shape[0]
        outside_indices = _validate.indices(outside_indices, "outside_indices", n)
        k = _validate.positive_int(k, "k")
        rng = _validate.generator(rng)
        if np.any(self.probabilities[outside_indices] >= 1.0 - 1e-12):
            raise ValueError("probabilities puts all its mass on an outside word: no word is left to draw as a negative")
        return self.draw_valid(outside_indices, k, rng)

    def draw_valid(self, outside_indices: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
        """:meth:`draw` without checking its arguments, for a caller whose indices are valid by construction.

        The trainer draws a minibatch's negatives thousands of times per epoch; the checks of
        :meth:`draw` cost about as much as a draw of a few thousand words.
        """
        negatives = self._draw((outside_indices.shape[0], k), rng)
        clash = negatives == outside_indices[:, None]
        while clash.any():  # ends: the constructor saw mass on two words at least
            negatives[clash] = self._draw(int(clash.sum()), rng)
            clash = negatives == outside_indices[:, None]
        return negatives

    def _draw(self, size, rng):
        i = rng.integers(0, self.probabilities.shape[0], size=size, dtype=np.int32)
        return np.where(rng.random(size) < np.take(self.accept, i), i, np.take(self.alias, i))
