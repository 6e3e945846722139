"""The course's camelCase names and signatures, as thin wrappers over this package's functions.

Stanford CS224n's word2vec assignment hands out starter code that calls ``sigmoid``,
``naiveSoftmaxLossAndGradient``, ``getNegativeSamples``, ``negSamplingLossAndGradient`` and
``skipgram`` with its own argument names, and then checks them with its own harness. Importing
these five names from here lets that code run unchanged on our mathematics: nothing below derives a
formula, each function only renames arguments, validates them under the names the caller knows,
and calls the snake_case function.

Shapes: the course already stores vectors as rows, exactly as this package does.
``outsideVectors`` and ``centerWordVectors`` are (|V|, d), the transpose of the handout's U and V
(d x |V|, one column per word); ``centerWordVec`` is one row, shape (d,).

Randomness: the only source is the course's ``dataset`` object. Negatives are drawn by calling
``dataset.sampleTokenIdx()``, in the course's order; numpy's global random state is never read or
changed, so the course's seeded sanity checks see the same draws as its reference solution.
"""
from __future__ import annotations

import numpy as np

from . import _validate
from .activations import sigmoid as _sigmoid
from .losses import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from .skipgram import skipgram as _skipgram

__all__ = [
    "getNegativeSamples", "naiveSoftmaxLossAndGradient", "negSamplingLossAndGradient", "sigmoid", "skipgram",
]

# A dataset whose sampler returns the outside word this many times in a row cannot yield a negative;
# stopping beats looping forever (the course's loop would hang).
_MAX_REDRAWS = 100_000


def sigmoid(x):
    """sigma(x) = 1 / (1 + exp(-x)) for a scalar or an array; see :func:`w2v_core.sigmoid`."""
    return _sigmoid(x)


def _center_and_outside(centerWordVec, outsideWordIdx, outsideVectors):
    """Validate under the course's names; the center vector as shape (d,) plus its original shape."""
    outsideVectors = _validate.matrix(outsideVectors, "outsideVectors")
    vec = _validate.finite_array(centerWordVec, "centerWordVec")
    d = outsideVectors.shape[1]
    # The course passes a row of centerWordVectors, shape (d,); a (d, 1) column or (1, d) row is
    # accepted too and gets its gradient back in the same shape.
    if vec.size != d or (vec.ndim == 2 and 1 not in vec.shape) or vec.ndim > 2:
        raise ValueError(
            f"centerWordVec must have shape ({d},) to match outsideVectors of shape {outsideVectors.shape}, "
            f"got an array of shape {vec.shape}"
        )
    outsideWordIdx = _validate.index(outsideWordIdx, "outsideWordIdx", outsideVectors.shape[0])
    return vec.reshape(d), vec.shape, outsideWordIdx, outsideVectors


def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """Naive-softmax loss and gradients for one (center, outside) pair, in the course's signature.

    Args:
        centerWordVec: v_c, shape (d,).
        outsideWordIdx: o, an integer word index.
        outsideVectors: (|V|, d), row w is u_w: the handout's U transposed (our convention too).
        dataset: unused; accepted so both losses share one signature.

    Returns:
        ``(loss, gradCenterVec, gradOutsideVecs)``: a float, shape (d,), shape (|V|, d).
        See :func:`w2v_core.naive_softmax_loss_and_gradient`.
    """
    center_vec, shape, outside_idx, outside_vectors = _center_and_outside(centerWordVec, outsideWordIdx, outsideVectors)
    loss, grad_center_vec, grad_outside_vectors = naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)
    return loss, grad_center_vec.reshape(shape), grad_outside_vectors


def getNegativeSamples(outsideWordIdx, dataset, K):
    """K word indices, in draw order, none equal to ``outsideWordIdx``: the course's sampler.

    Each of the K samples comes from ``dataset.sampleTokenIdx()``; whenever it returns the outside
    word, it is called again. Repeats among the K are kept (part g). Returns a list of K ints.
    """
    K = _validate.positive_int(K, "K")
    sample = getattr(dataset, "sampleTokenIdx", None)
    if not callable(sample):
        raise ValueError(f"dataset must have a sampleTokenIdx() method, got {type(dataset).__name__}")
    negatives = []
    for _ in range(K):
        for _ in range(_MAX_REDRAWS):
            idx = sample()
            if idx != outsideWordIdx:
                break
        else:
            raise ValueError(
                f"dataset.sampleTokenIdx() returned outsideWordIdx={outsideWordIdx} {_MAX_REDRAWS} times in a row; "
                "expected a sampler that can return another word"
            )
        negatives.append(idx)
    return negatives


def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """Negative-sampling loss and gradients for one pair, drawing K negatives from ``dataset``.

    The negatives are ``getNegativeSamples(outsideWordIdx, dataset, K)``; a word drawn n times counts
    n times in the loss and in its gradient row (part g).

    Args:
        centerWordVec: v_c, shape (d,).
        outsideWordIdx: o.
        outsideVectors: (|V|, d), row w is u_w (the handout's U transposed).
        dataset: an object with ``sampleTokenIdx()``.
        K: the number of negative samples, >= 1.

    Returns:
        ``(loss, gradCenterVec, gradOutsideVecs)``: a float, shape (d,), shape (|V|, d).
        See :func:`w2v_core.neg_sampling_loss_and_gradient`.
    """
    center_vec, shape, outside_idx, outside_vectors = _center_and_outside(centerWordVec, outsideWordIdx, outsideVectors)
    K = _validate.positive_int(K, "K")
    negatives = getNegativeSamples(outside_idx, dataset, K)
    negatives = _validate.indices(negatives, "dataset.sampleTokenIdx() results", outside_vectors.shape[0])
    loss, grad_center_vec, grad_outside_vectors = neg_sampling_loss_and_gradient(
        center_vec, outside_idx, outside_vectors, negatives
    )
    return loss, grad_center_vec.reshape(shape), grad_outside_vectors


def _word_index(word, word2Ind, role: str) -> int:
    try:
        return word2Ind[word]
    except (KeyError, TypeError):
        raise ValueError(f"{role} {word!r} is not in word2Ind (a vocabulary of {len(word2Ind)} words)") from None


def skipgram(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors, outsideVectors, dataset,
             word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    """Skip-gram loss of one window and its gradients, in the course's signature (part h).

    Args:
        currentCenterWord: the center word, a key of ``word2Ind``.
        windowSize: m >= 1; ``outsideWords`` holds at most 2m words.
        outsideWords: the outside words, in window order (one loss term each, repeats included).
        word2Ind: word -> row index.
        centerWordVectors: (|V|, d), row w is v_w (the handout's V transposed).
        outsideVectors: (|V|, d), row w is u_w (the handout's U transposed).
        dataset: passed on to ``word2vecLossAndGradient`` (negative sampling draws from it).
        word2vecLossAndGradient: one of the two losses above, or any function with their signature.

    Returns:
        ``(loss, gradCenterVecs, gradOutsideVectors)``, both gradients of shape (|V|, d); only the
        center word's row of ``gradCenterVecs`` can be non-zero.
    """
    windowSize = _validate.positive_int(windowSize, "windowSize")
    outsideWords = list(outsideWords)
    if not outsideWords:
        raise ValueError("outsideWords is empty; expected between 1 and 2 * windowSize outside words")
    if len(outsideWords) > 2 * windowSize:
        raise ValueError(
            f"outsideWords must hold at most 2 * windowSize = {2 * windowSize} words, got {len(outsideWords)}"
        )
    center_idx = _word_index(currentCenterWord, word2Ind, "currentCenterWord")
    outside_indices = [_word_index(word, word2Ind, "outside word") for word in outsideWords]
    centerWordVectors = _validate.matrix(centerWordVectors, "centerWordVectors")
    outsideVectors = _validate.matrix(outsideVectors, "outsideVectors", cols=centerWordVectors.shape[1],
                                      rows=centerWordVectors.shape[0])
    _validate.index(center_idx, f"word2Ind[{currentCenterWord!r}]", centerWordVectors.shape[0])
    _validate.indices(outside_indices, "word2Ind[outsideWords]", outsideVectors.shape[0])

    def pair_loss(center_vec, outside_idx, outside_vectors):
        return word2vecLossAndGradient(center_vec, outside_idx, outside_vectors, dataset)

    return _skipgram(center_idx, outside_indices, centerWordVectors, outsideVectors, pair_loss)
