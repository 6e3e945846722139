"""Wrong implementations of the exercise's coding part, in the course's own signatures.

Each function below is deliberately wrong and its docstring names the mistake. They are what the
grader (:mod:`w2v_core.grade`) compares a failing student function with, on the same inputs: a
student function whose outputs equal one of these on every check is diagnosed with its name.
The mistakes are the ones found in students' code (design notes, "In students' code").

Signatures are those of :mod:`w2v_core.cs224n` (the current version of the exercise). The older
version's functions take the same arguments in the same positions (``softmaxCostAndGradient(predicted,
target, outputVectors, dataset)`` is ``naiveSoftmaxLossAndGradient``'s, and so on), so the same
functions serve both; ``cbow_*`` exist only in the older version.

Shapes: ``outsideVectors`` and ``centerWordVectors`` are (|V|, d), row w is u_w (v_w): the paper's
U and V (d x |V|, one column per word) transposed. ``centerWordVec`` is v_c, shape (d,).
Negatives are drawn from the course's ``dataset.sampleTokenIdx()``, in the course's order, unless the
mistake is in the drawing itself.
"""
from __future__ import annotations

import numpy as np

from .. import cs224n
from ..activations import sigmoid
from . import naive_softmax as _naive
from . import negative_sampling as _neg


def _floats(centerWordVec, outsideVectors):
    return np.asarray(centerWordVec, dtype=float), np.asarray(outsideVectors, dtype=float)


# -- sigmoid ----------------------------------------------------------------------------------------
def sigmoid_as_exp_ratio(x):
    """sigma(x) written exp(x) / (1 + exp(x)): right in exact arithmetic, nan in floating point for
    x beyond about 709.78, where exp(x) overflows to inf and inf / inf is nan.

    (1 / (1 + exp(-x)) overflows the other way, to 1 / inf = 0, which is the right limit.)
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        out = e / (1.0 + e)
    return float(out) if out.ndim == 0 else out


# -- naiveSoftmaxLossAndGradient ---------------------------------------------------------------------
def naive_softmax_without_max_shift(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """softmax computed as exp(s) / sum(exp(s)) without subtracting max(s) first.

    Right for small scores; for a score above about 709.78 exp overflows to inf, y_hat holds
    inf / inf = nan, and the loss and both gradients become nan. Returns the course's triple
    ``(loss, gradCenterVec (d,), gradOutsideVecs (|V|, d))``.
    """
    v_c, U = _floats(centerWordVec, outsideVectors)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(U @ v_c)
        y_hat = e / e.sum()
        loss = -np.log(y_hat[outsideWordIdx])
        delta = y_hat.copy()
        delta[outsideWordIdx] -= 1.0
        return float(loss), U.T @ delta, np.outer(delta, v_c)


def _naive_reference(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    return cs224n.naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset)


def naive_softmax_outside_gradient_in_paper_layout(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """gradOutsideVecs returned as the paper's dJ/dU = v_c (y_hat - y)^T, shape (d, |V|), where the
    code's ``outsideVectors`` and its gradient are (|V|, d): the transpose of the right answer.

    The formula from part (d) is right on paper; the layout is not. See
    :func:`w2v_core.mistakes.naive_softmax.grad_outside_in_paper_layout`.
    """
    loss, grad_center, _ = _naive_reference(centerWordVec, outsideWordIdx, outsideVectors, dataset)
    _, paper = _naive.grad_outside_in_paper_layout(centerWordVec, outsideWordIdx, outsideVectors)
    return loss, grad_center, paper


def naive_softmax_outside_gradient_reshaped(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """gradOutsideVecs: the paper's d x |V| matrix forced into (|V|, d) by ``reshape``, not ``.T``.

    The shape is right, so nothing complains, but row w is no longer dJ/du_w. See
    :func:`w2v_core.mistakes.naive_softmax.grad_outside_reshaped_not_transposed`.
    """
    loss, grad_center, _ = _naive_reference(centerWordVec, outsideWordIdx, outsideVectors, dataset)
    _, wrong = _naive.grad_outside_reshaped_not_transposed(centerWordVec, outsideWordIdx, outsideVectors)
    return loss, grad_center, wrong


def naive_softmax_center_gradient_as_outer_product(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """gradCenterVec written v_c (y_hat - y)^T, part (d)'s dJ/dU, shape (d, |V|) instead of (d,).

    See :func:`w2v_core.mistakes.naive_softmax.grad_center_as_outer_product`.
    """
    loss, _, grad_outside = _naive_reference(centerWordVec, outsideWordIdx, outsideVectors, dataset)
    _, wrong = _naive.grad_center_as_outer_product(centerWordVec, outsideWordIdx, outsideVectors)
    return loss, wrong, grad_outside


def naive_softmax_outside_gradient_without_y(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """gradOutsideVecs = y_hat v_c^T for every row: the -1 of the observed word (the y of y_hat - y)
    dropped. See :func:`w2v_core.mistakes.naive_softmax.grad_outside_ignoring_observed_case`.
    """
    loss, grad_center, _ = _naive_reference(centerWordVec, outsideWordIdx, outsideVectors, dataset)
    _, wrong = _naive.grad_outside_ignoring_observed_case(centerWordVec, outsideWordIdx, outsideVectors)
    return loss, grad_center, wrong


def naive_softmax_gradients_sign_flipped(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """Both gradients with the wrong sign, from y - y_hat written for y_hat - y (the loss is right).

    A gradient step with them climbs the loss instead of descending it.
    """
    loss, grad_center, grad_outside = _naive_reference(centerWordVec, outsideWordIdx, outsideVectors, dataset)
    return loss, -grad_center, -grad_outside


# -- getNegativeSamples -------------------------------------------------------------------------------
def get_negative_samples_outside_allowed(outsideWordIdx, dataset, K):
    """The first K draws of ``dataset.sampleTokenIdx()`` kept as they come: the outside word itself
    is not redrawn, so it can be sampled as its own negative."""
    return [dataset.sampleTokenIdx() for _ in range(K)]


def get_negative_samples_distinct(outsideWordIdx, dataset, K, max_draws: int = 100_000):
    """A word drawn a second time is redrawn as well as the outside word, so the K negatives are
    distinct: the course keeps repeats (part g), and its checks count them."""
    negatives: list[int] = []
    for _ in range(max_draws):
        if len(negatives) == K:
            break
        idx = dataset.sampleTokenIdx()
        if idx != outsideWordIdx and idx not in negatives:
            negatives.append(idx)
    return negatives


# -- negSamplingLossAndGradient -----------------------------------------------------------------------
def _negatives(outsideWordIdx, dataset, K):
    return cs224n.getNegativeSamples(outsideWordIdx, dataset, K)


def _neg_sampling_any_negatives(v_c, outside_idx, U, negatives, sigma):
    """The negative-sampling loss and gradients with any sigmoid and any negatives, o among them
    allowed (the correct function refuses that): the common body of the two mistakes below."""
    negatives = np.asarray(negatives, dtype=np.intp)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        p_outside = sigma(U[outside_idx] @ v_c)
        p_neg = np.asarray(sigma(-(U[negatives] @ v_c)))
        loss = -np.log(p_outside) - np.sum(np.log(p_neg))
        coef_outside, coef_neg = -(1.0 - p_outside), 1.0 - p_neg
        grad_center = coef_outside * U[outside_idx] + coef_neg @ U[negatives]
        grad_outside = np.zeros_like(U)
        grad_outside[outside_idx] += coef_outside * v_c
        np.add.at(grad_outside, negatives, np.outer(coef_neg, v_c))
    return float(loss), grad_center, grad_outside


def neg_sampling_outside_drawn_as_negative(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """Negatives taken as the first K draws, the outside word not redrawn: o can be its own negative,
    pushed away from v_c in the same step that pulls it towards v_c."""
    v_c, U = _floats(centerWordVec, outsideVectors)
    negatives = get_negative_samples_outside_allowed(outsideWordIdx, dataset, K)
    return _neg_sampling_any_negatives(v_c, outsideWordIdx, U, negatives, sigmoid)


def neg_sampling_sigmoid_as_exp_ratio(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """The loss written with sigma(x) = exp(x) / (1 + exp(x)) inline: nan once a score passes about
    709.78 in size (see :func:`sigmoid_as_exp_ratio`); right otherwise."""
    v_c, U = _floats(centerWordVec, outsideVectors)
    negatives = _negatives(outsideWordIdx, dataset, K)
    return _neg_sampling_any_negatives(v_c, outsideWordIdx, U, negatives, sigmoid_as_exp_ratio)


def neg_sampling_sigma_flipped(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """sigma(x) written for sigma(-x) in the negatives' gradients: 1 - sigma(u_k.v_c) where
    1 - sigma(-u_k.v_c) belongs. See :func:`w2v_core.mistakes.negative_sampling.neg_sampling_gradient_sigma_flipped`."""
    negatives = _negatives(outsideWordIdx, dataset, K)
    return _neg.neg_sampling_gradient_sigma_flipped(centerWordVec, outsideWordIdx, outsideVectors, negatives)


def neg_sampling_outside_sign_flipped(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """The minus sign of the outside word's term dropped: +(1 - sigma(u_o.v_c)) where -(1 - sigma(u_o.v_c))
    belongs. See :func:`w2v_core.mistakes.negative_sampling.neg_sampling_gradient_outside_sign_flipped`."""
    negatives = _negatives(outsideWordIdx, dataset, K)
    return _neg.neg_sampling_gradient_outside_sign_flipped(centerWordVec, outsideWordIdx, outsideVectors, negatives)


def neg_sampling_repeats_dropped(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """``gradOutsideVecs[negatives] += g`` with repeated negatives: NumPy keeps one update per
    repeated row, so a word drawn n times gets one share of its gradient instead of n.
    See :func:`w2v_core.mistakes.negative_sampling.neg_sampling_gradient_repeats_dropped`."""
    negatives = _negatives(outsideWordIdx, dataset, K)
    return _neg.neg_sampling_gradient_repeats_dropped(centerWordVec, outsideWordIdx, outsideVectors, negatives)


def neg_sampling_unique_counts_first_as_outside(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """Repeats counted with ``np.unique([o] + negatives, return_counts=True)``, then the first unique
    index taken as the outside word. np.unique sorts, so the first index is the smallest word
    index, not o: that word gets the outside term (times its count) and o a negative one.

    The loss is wrong but is the exact loss of these wrong gradients, so a gradient check passes;
    only a comparison with the right values shows it (right whenever o is the smallest index).
    """
    v_c, U = _floats(centerWordVec, outsideVectors)
    negatives = _negatives(outsideWordIdx, dataset, K)
    words, counts = np.unique([outsideWordIdx, *negatives], return_counts=True)
    signs = -np.ones(len(words))
    signs[0] = 1.0  # the mistake: words[0] assumed to be o
    p = np.asarray(sigmoid(signs * (U[words] @ v_c)))
    loss = -np.sum(counts * np.log(p))
    coef = -counts * (1.0 - p) * signs
    grad_outside = np.zeros_like(U)
    grad_outside[words] = np.outer(coef, v_c)  # words are distinct here, so plain assignment is safe
    return float(loss), coef @ U[words], grad_outside


def neg_sampling_gradients_sign_flipped(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    """Both gradients with the wrong sign (the loss is right)."""
    loss, grad_center, grad_outside = cs224n.negSamplingLossAndGradient(
        centerWordVec, outsideWordIdx, outsideVectors, dataset, K)
    return loss, -grad_center, -grad_outside


# -- skipgram -----------------------------------------------------------------------------------------
def _window_terms(currentCenterWord, outsideWords, word2Ind, centerWordVectors, outsideVectors, dataset, loss_fn):
    """The center row c and one (loss, gradCenterVec, gradOutsideVecs) term per outside word, in order."""
    centerWordVectors = np.asarray(centerWordVectors, dtype=float)
    c = word2Ind[currentCenterWord]
    terms = [loss_fn(centerWordVectors[c], word2Ind[w], outsideVectors, dataset) for w in outsideWords]
    return c, terms, np.zeros_like(centerWordVectors)


def skipgram_window_averaged(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors,
                             outsideVectors, dataset, word2vecLossAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """The window's loss and gradients averaged over the outside words instead of summed (part h:
    J_sg is the sum of one term per outside word). Everything comes out 1/len(outsideWords) too small.
    The same mistake in ``cbow`` is :func:`cbow_context_averaged`."""
    c, terms, grad_center = _window_terms(currentCenterWord, outsideWords, word2Ind, centerWordVectors,
                                          outsideVectors, dataset, word2vecLossAndGradient)
    n = len(terms)
    grad_center[c] = sum(t[1] for t in terms) / n
    return sum(t[0] for t in terms) / n, grad_center, sum(t[2] for t in terms) / n


def skipgram_center_gradient_in_every_row(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors,
                                          outsideVectors, dataset,
                                          word2vecLossAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """The center gradient added to every row of gradCenterVecs (``gradCenterVecs += g`` broadcasts a
    (d,) vector over all |V| rows), where only row c may be non-zero (dJ/dv_w = 0 for w != c)."""
    c, terms, grad_center = _window_terms(currentCenterWord, outsideWords, word2Ind, centerWordVectors,
                                          outsideVectors, dataset, word2vecLossAndGradient)
    grad_center += sum(t[1] for t in terms)
    return sum(t[0] for t in terms), grad_center, sum(t[2] for t in terms)


def skipgram_center_gradient_in_outside_rows(currentCenterWord, windowSize, outsideWords, word2Ind,
                                             centerWordVectors, outsideVectors, dataset,
                                             word2vecLossAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """Each term's center gradient written into the outside word's row of gradCenterVecs (indexed by
    the outside word's index) instead of the center word's row c."""
    c, terms, grad_center = _window_terms(currentCenterWord, outsideWords, word2Ind, centerWordVectors,
                                          outsideVectors, dataset, word2vecLossAndGradient)
    for word, term in zip(outsideWords, terms):
        grad_center[word2Ind[word]] += term[1]
    return sum(t[0] for t in terms), grad_center, sum(t[2] for t in terms)


def skipgram_center_gradient_in_first_row(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors,
                                          outsideVectors, dataset,
                                          word2vecLossAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """The center gradient written into a fixed row, row 0, instead of the center word's row c
    (right only when the center word happens to be word 0)."""
    c, terms, grad_center = _window_terms(currentCenterWord, outsideWords, word2Ind, centerWordVectors,
                                          outsideVectors, dataset, word2vecLossAndGradient)
    grad_center[0] = sum(t[1] for t in terms)
    return sum(t[0] for t in terms), grad_center, sum(t[2] for t in terms)


def skipgram_gradients_assigned_not_summed(currentCenterWord, windowSize, outsideWords, word2Ind,
                                           centerWordVectors, outsideVectors, dataset,
                                           word2vecLossAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """Gradients assigned in the loop over outside words (``grad = g``) instead of accumulated
    (``grad += g``): only the last outside word's gradients survive, while the loss is summed."""
    c, terms, grad_center = _window_terms(currentCenterWord, outsideWords, word2Ind, centerWordVectors,
                                          outsideVectors, dataset, word2vecLossAndGradient)
    grad_center[c] = terms[-1][1]
    return sum(t[0] for t in terms), grad_center, np.asarray(terms[-1][2], dtype=float)


def skipgram_ignores_loss_argument(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors,
                                   outsideVectors, dataset, word2vecLossAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """The loss function called by name (always naive softmax) instead of through the
    ``word2vecLossAndGradient`` argument: right for naive softmax, wrong when negative sampling is
    passed in."""
    return cs224n.skipgram(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors, outsideVectors,
                           dataset, cs224n.naiveSoftmaxLossAndGradient)


# -- cbow (older version only) --------------------------------------------------------------------------
def _cbow_parts(currentWord, contextWords, tokens, inputVectors, outputVectors, dataset, cost_fn, average):
    inputVectors = np.asarray(inputVectors, dtype=float)
    context = [tokens[w] for w in contextWords]
    predicted = inputVectors[context].sum(axis=0)
    if average:
        predicted = predicted / len(context)
    cost, grad_pred, grad_out = cost_fn(predicted, tokens[currentWord], outputVectors, dataset)
    return context, cost, np.asarray(grad_pred, dtype=float), grad_out, np.zeros_like(inputVectors)


def cbow_context_averaged(currentWord, C, contextWords, tokens, inputVectors, outputVectors, dataset,
                          word2vecCostAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """CBOW's predicted vector taken as the mean of the context vectors instead of their sum (the
    exercise's CBOW sums them); each context row then gets gradPred / len(contextWords)."""
    context, cost, grad_pred, grad_out, grad_in = _cbow_parts(currentWord, contextWords, tokens, inputVectors,
                                                              outputVectors, dataset, word2vecCostAndGradient, True)
    np.add.at(grad_in, context, grad_pred / len(context))
    return cost, grad_in, grad_out


def cbow_repeats_dropped(currentWord, C, contextWords, tokens, inputVectors, outputVectors, dataset,
                         word2vecCostAndGradient=cs224n.naiveSoftmaxLossAndGradient):
    """``gradIn[context] += gradPred`` with a context word that occurs twice: NumPy keeps one update
    per repeated row, so that word's input vector gets one share of the gradient instead of two."""
    context, cost, grad_pred, grad_out, grad_in = _cbow_parts(currentWord, contextWords, tokens, inputVectors,
                                                              outputVectors, dataset, word2vecCostAndGradient, False)
    grad_in[context] += grad_pred
    return cost, grad_in, grad_out
