"""Naive softmax (parts a-d) and negative sampling (parts f, g): gradients against central
differences, and every result against a reference written here in the paper's convention."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2v_core import gradcheck, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from w2v_core.losses import cross_entropy

FAST = settings(deadline=None, max_examples=25)


@st.composite
def word_vectors(draw, min_words=2):
    """(center_vec (d,), outside_idx, outside_vectors (|V|, d), rng) for a random small vocabulary."""
    n_words = draw(st.integers(min_words, 8))
    dim = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    outside_idx = draw(st.integers(0, n_words - 1))
    return rng.normal(size=dim), outside_idx, rng.normal(size=(n_words, dim)), rng


@st.composite
def with_negatives(draw, force_repeat=False):
    center_vec, o, outside_vectors, rng = draw(word_vectors())
    others = [w for w in range(outside_vectors.shape[0]) if w != o]
    negatives = draw(st.lists(st.sampled_from(others), min_size=1, max_size=7))
    if force_repeat:
        negatives = negatives + [negatives[0]]
    return center_vec, o, outside_vectors, negatives


def _sigma(x):
    return 1.0 / (1.0 + math.exp(-x))


# ---------------------------------------------------------------- naive softmax, parts (a)-(d)

@FAST
@given(word_vectors())
def test_naive_softmax_center_gradient_agrees_with_central_differences(case):
    center_vec, o, outside_vectors, _ = case
    report = gradcheck(lambda v: naive_softmax_loss_and_gradient(v, o, outside_vectors)[:2], center_vec)
    assert report.ok, str(report)


@FAST
@given(word_vectors())
def test_naive_softmax_outside_gradient_agrees_with_central_differences(case):
    center_vec, o, outside_vectors, _ = case

    def f(u):
        loss, _, grad_outside = naive_softmax_loss_and_gradient(center_vec, o, u)
        return loss, grad_outside

    report = gradcheck(f, outside_vectors)
    assert report.ok, str(report)


@FAST
@given(word_vectors())
def test_naive_softmax_matches_paper_formulas(case):
    center_vec, o, outside_vectors, _ = case
    U = outside_vectors.T  # the paper's d x |V| matrix, one column per word
    scores = [float(U[:, w] @ center_vec) for w in range(U.shape[1])]
    total = sum(math.exp(s) for s in scores)
    y_hat = np.array([math.exp(s) / total for s in scores])
    y = np.zeros(U.shape[1])
    y[o] = 1.0

    loss, grad_center, grad_outside = naive_softmax_loss_and_gradient(center_vec, o, outside_vectors)

    # (a) cross-entropy with a one-hot y is -log y_hat_o.
    assert loss == pytest.approx(-float(np.sum(y * np.log(y_hat))), rel=1e-10)
    assert loss >= 0
    # (b) dJ/dv_c = U (y_hat - y), shape (d,).
    assert grad_center.shape == center_vec.shape
    np.testing.assert_allclose(grad_center, U @ (y_hat - y), rtol=1e-9, atol=1e-12)
    # (d) dJ/dU = v_c (y_hat - y)^T is d x |V|; the code returns its transpose, rows = words.
    assert grad_outside.shape == outside_vectors.shape
    np.testing.assert_allclose(grad_outside.T, np.outer(center_vec, y_hat - y), rtol=1e-9, atol=1e-12)
    # (c) the two cases, column by column.
    for w in range(U.shape[1]):
        expected = (y_hat[w] - 1.0) * center_vec if w == o else y_hat[w] * center_vec
        np.testing.assert_allclose(grad_outside[w], expected, rtol=1e-9, atol=1e-12)


@FAST
@given(word_vectors())
def test_naive_softmax_does_not_modify_its_inputs(case):
    center_vec, o, outside_vectors, _ = case
    before = center_vec.copy(), outside_vectors.copy()
    naive_softmax_loss_and_gradient(center_vec, o, outside_vectors)
    np.testing.assert_array_equal(center_vec, before[0])
    np.testing.assert_array_equal(outside_vectors, before[1])


def test_naive_softmax_hand_computed():
    # Three words, d = 1, v_c = 1, scores = log 1, log 2, log 5: y_hat = (1, 2, 5) / 8.
    outside_vectors = np.log([[1.0], [2.0], [5.0]])
    loss, grad_center, grad_outside = naive_softmax_loss_and_gradient(np.array([1.0]), 1, outside_vectors)
    assert loss == pytest.approx(math.log(4.0))
    np.testing.assert_allclose(grad_outside[:, 0], [1 / 8, 2 / 8 - 1, 5 / 8])
    expected_center = 1 / 8 * math.log(1) + (2 / 8 - 1) * math.log(2) + 5 / 8 * math.log(5)
    assert grad_center[0] == pytest.approx(expected_center)


def test_naive_softmax_stays_finite_without_warning_for_huge_scores():
    outside_vectors = np.array([[1e4], [-1e4], [0.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        loss, grad_center, grad_outside = naive_softmax_loss_and_gradient(np.array([1.0]), 1, outside_vectors)
    # y_hat_o underflows to 0, yet -log y_hat_o = 2e4 exactly: the score gap.
    assert loss == pytest.approx(2e4)
    assert np.all(np.isfinite(grad_center)) and np.all(np.isfinite(grad_outside))


# ---------------------------------------------------------------- negative sampling, parts (f), (g)

def _brute_force_neg_sampling(center_vec, o, outside_vectors, negatives):
    """The loss and gradients of part (f)/(g), one draw at a time, straight from the formulas."""
    u = outside_vectors
    s_o = float(u[o] @ center_vec)
    loss = -math.log(_sigma(s_o))
    grad_center = -(1.0 - _sigma(s_o)) * u[o]
    grad_outside = np.zeros_like(u)
    grad_outside[o] = -(1.0 - _sigma(s_o)) * center_vec
    for k in negatives:  # one term per draw, so a word drawn twice is counted twice
        s_k = float(u[k] @ center_vec)
        loss -= math.log(_sigma(-s_k))
        grad_center = grad_center + (1.0 - _sigma(-s_k)) * u[k]
        grad_outside[k] = grad_outside[k] + (1.0 - _sigma(-s_k)) * center_vec
    return loss, grad_center, grad_outside


@FAST
@given(with_negatives(force_repeat=True))
def test_neg_sampling_center_gradient_agrees_with_central_differences(case):
    center_vec, o, outside_vectors, negatives = case
    report = gradcheck(lambda v: neg_sampling_loss_and_gradient(v, o, outside_vectors, negatives)[:2], center_vec)
    assert report.ok, str(report)


@FAST
@given(with_negatives(force_repeat=True))
def test_neg_sampling_outside_gradient_agrees_with_central_differences(case):
    center_vec, o, outside_vectors, negatives = case

    def f(u):
        loss, _, grad_outside = neg_sampling_loss_and_gradient(center_vec, o, u, negatives)
        return loss, grad_outside

    report = gradcheck(f, outside_vectors)
    assert report.ok, str(report)


@FAST
@given(with_negatives())
def test_neg_sampling_matches_brute_force_loop(case):
    center_vec, o, outside_vectors, negatives = case
    loss, grad_center, grad_outside = neg_sampling_loss_and_gradient(center_vec, o, outside_vectors, negatives)
    ref_loss, ref_center, ref_outside = _brute_force_neg_sampling(center_vec, o, outside_vectors, negatives)
    assert loss == pytest.approx(ref_loss, rel=1e-10)
    assert loss >= 0
    np.testing.assert_allclose(grad_center, ref_center, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grad_outside, ref_outside, rtol=1e-9, atol=1e-12)
    # Words that were neither o nor drawn get no gradient at all.
    untouched = sorted(set(range(outside_vectors.shape[0])) - set(negatives) - {o})
    assert not np.any(grad_outside[untouched])


@FAST
@given(with_negatives(force_repeat=True))
def test_repeated_negative_is_counted_once_per_draw(case):
    """Part (g): a word drawn n times gets n times the single-draw gradient; `grad[idx] += g` keeps one."""
    center_vec, o, outside_vectors, negatives = case
    _, _, grad_outside = neg_sampling_loss_and_gradient(center_vec, o, outside_vectors, negatives)

    # The tempting one-liner: fancy-index assignment with repeated indices applies only one update.
    single = np.array([(1.0 - _sigma(-float(outside_vectors[k] @ center_vec))) * center_vec for k in negatives])
    buggy = np.zeros_like(outside_vectors)
    buggy[negatives] += single

    for w in set(negatives):
        n_w = negatives.count(w)
        np.testing.assert_allclose(grad_outside[w], n_w * buggy[w], rtol=1e-9, atol=1e-12)
        if n_w > 1 and np.any(np.abs(buggy[w]) > 1e-12):
            assert not np.allclose(grad_outside[w], buggy[w])


def test_distinct_negatives_give_the_part_f_formulas():
    rng = np.random.default_rng(5)
    center_vec, outside_vectors = rng.normal(size=3), rng.normal(size=(6, 3))
    o, negatives = 2, [0, 4, 5]
    loss, grad_center, grad_outside = neg_sampling_loss_and_gradient(center_vec, o, outside_vectors, negatives)
    u_o, v_c = outside_vectors[o], center_vec
    assert loss == pytest.approx(-math.log(_sigma(u_o @ v_c)) - sum(math.log(_sigma(-outside_vectors[k] @ v_c))
                                                                     for k in negatives))
    np.testing.assert_allclose(grad_outside[o], -(1 - _sigma(u_o @ v_c)) * v_c)
    for k in negatives:
        np.testing.assert_allclose(grad_outside[k], (1 - _sigma(-outside_vectors[k] @ v_c)) * v_c)
    np.testing.assert_allclose(grad_outside[[1, 3]], 0.0)
    expected_center = -(1 - _sigma(u_o @ v_c)) * u_o + sum((1 - _sigma(-outside_vectors[k] @ v_c)) * outside_vectors[k]
                                                          for k in negatives)
    np.testing.assert_allclose(grad_center, expected_center)


def test_neg_sampling_finite_without_warning_when_dot_products_reach_1e5():
    # u_o . v_c = -1e5 (the observed word scored as impossible) and u_k . v_c = +1e5 (a negative
    # scored as certain): the worst case for both log-sigmoid terms.
    center_vec = np.array([1.0, 0.0])
    outside_vectors = np.array([[-1e5, 0.0], [1e5, 0.0], [0.0, 1.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        loss, grad_center, grad_outside = neg_sampling_loss_and_gradient(center_vec, 0, outside_vectors, [1, 1])
    assert math.isfinite(loss)
    assert loss == pytest.approx(3e5)  # 1e5 for o, 1e5 for each of the two draws
    np.testing.assert_allclose(grad_outside[0], [-1.0, 0.0])
    np.testing.assert_allclose(grad_outside[1], [2.0, 0.0])
    np.testing.assert_allclose(grad_center, [-1.0 * -1e5 + 2 * 1e5, 0.0])


# ---------------------------------------------------------------- cross-entropy, part (a)

@FAST
@given(word_vectors())
def test_cross_entropy_with_one_hot_y_is_the_naive_softmax_loss(case):
    center_vec, o, outside_vectors, _ = case
    scores = outside_vectors @ center_vec
    y_hat = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    y = np.zeros_like(y_hat)
    y[o] = 1.0
    assert cross_entropy(y, y_hat) == pytest.approx(-math.log(y_hat[o]), rel=1e-12)
    assert cross_entropy(y, y_hat) == pytest.approx(naive_softmax_loss_and_gradient(center_vec, o, outside_vectors)[0],
                                                    rel=1e-9)


def test_cross_entropy_hand_computed_and_edge_cases():
    # H((1/2, 1/2, 0), (1/4, 1/2, 1/4)) = -(1/2 log 1/4 + 1/2 log 1/2) = 1.5 log 2.
    assert cross_entropy([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]) == pytest.approx(1.5 * math.log(2))
    # A zero prediction costs nothing where y is 0, and is infinitely wrong where y has mass.
    assert cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0
    assert cross_entropy([1.0, 0.0], [0.0, 1.0]) == math.inf
    with pytest.raises(ValueError, match="predicted_dist"):
        cross_entropy([1.0, 0.0], [0.5, 0.5, 0.0])
    with pytest.raises(ValueError, match="predicted_dist"):
        cross_entropy([1.0, 0.0], [1.5, -0.5])
    with pytest.raises(ValueError, match="true_dist"):
        cross_entropy([-1.0, 2.0], [0.5, 0.5])


# ---- the batched form (the website's grid of v_c at once) ------------------------------------------
@FAST
@given(with_negatives(force_repeat=True), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_neg_sampling_batch_is_the_single_vector_function_bit_for_bit(case, n, seed):
    """Entry n of the batch equals the single-vector result exactly, whatever the batch size: the
    website's data (computed in batches) is then the number a reader's Jupyter kernel computes."""
    from w2v_core.losses import neg_sampling_loss_and_gradient_batch
    from w2v_core.mistakes.negative_sampling import (neg_sampling_gradient_repeats_dropped,
                                                     neg_sampling_gradient_repeats_dropped_batch)

    _, o, outside_vectors, negatives = case
    center_vecs = np.random.default_rng(seed).normal(scale=3.0, size=(n, outside_vectors.shape[1]))
    for batch, single in ((neg_sampling_loss_and_gradient_batch, neg_sampling_loss_and_gradient),
                          (neg_sampling_gradient_repeats_dropped_batch, neg_sampling_gradient_repeats_dropped)):
        loss, grad_center, grad_outside = batch(center_vecs, o, outside_vectors, negatives)
        assert loss.shape == (n,) and grad_center.shape == center_vecs.shape
        assert grad_outside.shape == (n,) + outside_vectors.shape
        for i in (0, n // 2, n - 1):
            one = single(center_vecs[i], o, outside_vectors, negatives)
            assert loss[i] == one[0] and np.array_equal(grad_center[i], one[1]) and np.array_equal(grad_outside[i], one[2])
    # And the batch is the exercise's result, written out here (the single function has its own tests).
    _, grad_center, grad_outside = neg_sampling_loss_and_gradient_batch(center_vecs, o, outside_vectors, negatives)
    v = center_vecs[-1]
    want_rows = np.zeros_like(outside_vectors)
    want_rows[o] = -(1 - _sigma(outside_vectors[o] @ v)) * v
    want_center = -(1 - _sigma(outside_vectors[o] @ v)) * outside_vectors[o]
    for w in negatives:
        want_rows[w] += (1 - _sigma(-(outside_vectors[w] @ v))) * v
        want_center += (1 - _sigma(-(outside_vectors[w] @ v))) * outside_vectors[w]
    np.testing.assert_allclose(grad_outside[-1], want_rows, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grad_center[-1], want_center, rtol=1e-9, atol=1e-12)


def test_neg_sampling_batch_refuses_bad_input_and_names_it():
    from w2v_core.losses import neg_sampling_loss_and_gradient_batch

    u = np.eye(3)
    with pytest.raises(ValueError, match=r"center_vecs must have shape \(\|V\|, 3\)"):
        neg_sampling_loss_and_gradient_batch(np.zeros((4, 2)), 0, u, [1])
    with pytest.raises(ValueError, match="center_vecs must be a 2-D array"):
        neg_sampling_loss_and_gradient_batch(np.zeros(3), 0, u, [1])
    with pytest.raises(ValueError, match="center_vecs must be finite"):
        neg_sampling_loss_and_gradient_batch(np.array([[0.0, np.nan, 0.0]]), 0, u, [1])
    with pytest.raises(ValueError, match="neg_indices must not contain the outside word"):
        neg_sampling_loss_and_gradient_batch(np.zeros((2, 3)), 1, u, [1, 2])
