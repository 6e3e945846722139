"""Part (h): the skip-gram loss of a window is the sum of its pair losses; windows at sentence ends."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from w2v_core import (
    draw_negatives, gradcheck, naive_softmax_loss_and_gradient, neg_sampling_loss, neg_sampling_loss_and_gradient, skipgram,
    unigram_distribution, window_pairs, window_positions,
)

FAST = settings(deadline=None, max_examples=15)


@st.composite
def windows(draw):
    """(center_idx, outside_indices, center_vectors, outside_vectors), both (|V|, d)."""
    n_words = draw(st.integers(2, 7))
    dim = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    center_idx = draw(st.integers(0, n_words - 1))
    outside = draw(st.lists(st.integers(0, n_words - 1), min_size=1, max_size=6))
    return center_idx, outside, rng.normal(size=(n_words, dim)), rng.normal(size=(n_words, dim))


def _loss_functions(n_words, seed):
    """Naive softmax, and negative sampling whose draws repeat identically on every call."""
    probabilities = unigram_distribution(np.arange(1, n_words + 1))
    return [
        lambda: naive_softmax_loss_and_gradient,
        # A fresh generator per evaluation: every call to f sees the same negatives, so the
        # central differences differentiate one fixed loss.
        lambda: neg_sampling_loss(probabilities, 4, np.random.default_rng(seed)),
    ]


@FAST
@given(windows(), st.integers(0, 2**32 - 1), st.sampled_from([0, 1]))
def test_skipgram_gradients_agree_with_central_differences(case, seed, which):
    center_idx, outside, center_vectors, outside_vectors = case
    make_loss = _loss_functions(center_vectors.shape[0], seed)[which]

    def f_center(v):
        loss, grad_center, _ = skipgram(center_idx, outside, v, outside_vectors, make_loss())
        return loss, grad_center

    def f_outside(u):
        loss, _, grad_outside = skipgram(center_idx, outside, center_vectors, u, make_loss())
        return loss, grad_outside

    for f, x in ((f_center, center_vectors), (f_outside, outside_vectors)):
        report = gradcheck(f, x)
        assert report.ok, str(report)


@FAST
@given(windows())
def test_only_the_center_row_has_a_gradient_and_it_is_the_sum_over_pairs(case):
    center_idx, outside, center_vectors, outside_vectors = case
    loss, grad_center, grad_outside = skipgram(center_idx, outside, center_vectors, outside_vectors)
    assert grad_center.shape == center_vectors.shape and grad_outside.shape == outside_vectors.shape

    other_rows = [w for w in range(center_vectors.shape[0]) if w != center_idx]
    assert not np.any(grad_center[other_rows])

    pairs = [naive_softmax_loss_and_gradient(center_vectors[center_idx], o, outside_vectors) for o in outside]
    assert loss == pytest.approx(sum(p[0] for p in pairs), rel=1e-12)
    np.testing.assert_allclose(grad_center[center_idx], sum(p[1] for p in pairs), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad_outside, sum(p[2] for p in pairs), rtol=1e-12, atol=1e-14)


def test_skipgram_with_negative_sampling_sums_pairs_with_their_own_draws():
    rng = np.random.default_rng(3)
    center_vectors, outside_vectors = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    probabilities = unigram_distribution([5, 1, 4, 2, 8, 3])
    outside = [1, 4, 1]
    loss, grad_center, grad_outside = skipgram(
        2, outside, center_vectors, outside_vectors, neg_sampling_loss(probabilities, 5, np.random.default_rng(11))
    )
    # Replay the same generator: draws happen pair by pair, in window order.
    replay = np.random.default_rng(11)
    ref_loss, ref_center, ref_outside = 0.0, np.zeros(3), np.zeros_like(outside_vectors)
    for o in outside:
        negatives = draw_negatives(o, probabilities, 5, replay)
        pair = neg_sampling_loss_and_gradient(center_vectors[2], o, outside_vectors, negatives)
        ref_loss, ref_center, ref_outside = ref_loss + pair[0], ref_center + pair[1], ref_outside + pair[2]
    assert loss == pytest.approx(ref_loss)
    np.testing.assert_allclose(grad_center[2], ref_center)
    np.testing.assert_allclose(grad_outside, ref_outside)


def test_a_repeated_outside_word_counts_once_per_occurrence():
    rng = np.random.default_rng(0)
    center_vectors, outside_vectors = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    once = skipgram(0, [3], center_vectors, outside_vectors)
    twice = skipgram(0, [3, 3], center_vectors, outside_vectors)
    assert twice[0] == pytest.approx(2 * once[0])
    np.testing.assert_allclose(twice[1], 2 * once[1])
    np.testing.assert_allclose(twice[2], 2 * once[2])


def test_skipgram_does_not_modify_its_inputs():
    rng = np.random.default_rng(1)
    center_vectors, outside_vectors = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    saved = center_vectors.copy(), outside_vectors.copy()
    skipgram(1, [0, 2, 3], center_vectors, outside_vectors)
    np.testing.assert_array_equal(center_vectors, saved[0])
    np.testing.assert_array_equal(outside_vectors, saved[1])


@pytest.mark.parametrize("n_tokens, center_pos, window, expected", [
    (5, 2, 1, [1, 3]),
    (5, 2, 2, [0, 1, 3, 4]),
    (5, 0, 2, [1, 2]),            # clipped on the left
    (5, 4, 3, [1, 2, 3]),         # clipped on the right
    (3, 1, 10, [0, 2]),           # a window wider than the sentence
    (1, 0, 2, []),                # a one-word sentence has no outside words
])
def test_window_positions_hand_written(n_tokens, center_pos, window, expected):
    assert window_positions(n_tokens, center_pos, window) == expected


def test_window_pairs_hand_written():
    assert window_pairs(["the", "cat", "sat"], 1) == [(0, 1), (1, 0), (1, 2), (2, 1)]
    assert window_pairs(["the", "cat", "sat", "down"], 2) == [
        (0, 1), (0, 2), (1, 0), (1, 2), (1, 3), (2, 0), (2, 1), (2, 3), (3, 1), (3, 2),
    ]
    assert window_pairs(["alone"], 3) == []
