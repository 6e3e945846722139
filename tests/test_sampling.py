"""Where negatives come from: unigram^0.75, draws that avoid the outside word, subsampling."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from w2v_core import draw_negatives, keep_probabilities, unigram_distribution

FAST = settings(deadline=None, max_examples=30)


def test_unigram_three_quarter_power_hand_computed():
    # 1, 16, 81 and 0 raised to 3/4 are 1, 8, 27 and 0; they sum to 36.
    p = unigram_distribution([1, 16, 81, 0])
    np.testing.assert_allclose(p, [1 / 36, 8 / 36, 27 / 36, 0.0], rtol=1e-14)


def test_unigram_power_one_is_relative_frequency_and_zero_is_uniform_over_seen_words():
    np.testing.assert_allclose(unigram_distribution([2, 3, 5], power=1.0), [0.2, 0.3, 0.5])
    np.testing.assert_allclose(unigram_distribution([2, 0, 5], power=0.0), [0.5, 0.0, 0.5])


def test_unigram_flattens_the_distribution():
    # The 3/4 power moves mass from frequent to rare words.
    counts = np.array([1000.0, 10.0, 1.0])
    p, raw = unigram_distribution(counts), counts / counts.sum()
    assert p[0] < raw[0] and p[2] > raw[2]


@FAST
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=20).filter(lambda c: sum(c) > 0))
def test_unigram_is_a_distribution(counts):
    p = unigram_distribution(counts)
    assert p.shape == (len(counts),)
    assert np.all(p >= 0)
    assert p.sum() == pytest.approx(1.0)
    assert np.all((p == 0) == (np.array(counts) == 0))


@FAST
@given(st.integers(0, 5), st.integers(1, 50), st.integers(0, 2**32 - 1), st.booleans())
def test_draws_never_equal_the_outside_word(outside_idx, k, seed, distinct):
    # The outside word holds most of the mass, so a sampler that forgot to exclude it would show it.
    probabilities = np.full(6, 0.02)
    probabilities[outside_idx] = 0.9
    k = min(k, 5) if distinct else k
    draws = draw_negatives(outside_idx, probabilities, k, np.random.default_rng(seed), distinct=distinct)
    assert draws.shape == (k,)
    assert np.issubdtype(draws.dtype, np.integer)
    assert not np.any(draws == outside_idx)
    assert np.all((draws >= 0) & (draws < 6))


@FAST
@given(st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_distinct_draws_are_distinct(k, seed):
    probabilities = unigram_distribution([50, 1, 7, 3, 20, 9, 2, 4])
    draws = draw_negatives(0, probabilities, k, np.random.default_rng(seed), distinct=True)
    assert len(set(draws.tolist())) == k
    assert 0 not in draws


def test_distinct_draws_can_take_every_other_word_but_no_more():
    probabilities = np.array([0.25, 0.25, 0.0, 0.5])
    draws = draw_negatives(3, probabilities, 2, np.random.default_rng(0), distinct=True)
    assert sorted(draws.tolist()) == [0, 1]  # word 2 has probability 0, word 3 is o
    with pytest.raises(ValueError, match="k"):
        draw_negatives(3, probabilities, 3, np.random.default_rng(0), distinct=True)


def test_empirical_frequencies_match_the_renormalised_distribution():
    probabilities = unigram_distribution([40, 5, 100, 12, 1, 30])
    o = 2
    renormalised = probabilities.copy()
    renormalised[o] = 0.0
    renormalised /= renormalised.sum()

    n = 60_000
    draws = draw_negatives(o, probabilities, n, np.random.default_rng(20240607))
    observed = np.bincount(draws, minlength=6)
    assert observed[o] == 0
    others = [w for w in range(6) if w != o]
    result = stats.chisquare(observed[others], n * renormalised[others])
    assert result.pvalue > 1e-3, result
    # And each frequency within 5 standard errors of its probability.
    se = np.sqrt(renormalised * (1 - renormalised) / n)
    assert np.all(np.abs(observed / n - renormalised) <= 5 * se + 1e-12)


def test_same_seed_same_draws_and_other_seed_other_draws():
    probabilities = unigram_distribution(np.arange(1, 21))
    first = draw_negatives(3, probabilities, 30, np.random.default_rng(7))
    again = draw_negatives(3, probabilities, 30, np.random.default_rng(7))
    other = draw_negatives(3, probabilities, 30, np.random.default_rng(8))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_draws_do_not_touch_numpy_global_random_state():
    state = np.random.get_state()
    draw_negatives(0, unigram_distribution([1, 2, 3]), 10, np.random.default_rng(0))
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]


def test_keep_probabilities_hand_computed():
    # total 100, sample 0.02: threshold t = 2. keep(w) = (sqrt(c/t) + 1) t / c, capped at 1.
    #   c = 8:  (2 + 1) * 2 / 8  = 0.75        c = 2:  (1 + 1) * 2 / 2 = 2 -> 1
    #   c = 50: (5 + 1) * 2 / 50 = 0.24        c = 32: (4 + 1) * 2 / 32 = 0.3125
    keep = keep_probabilities([8, 2, 50, 32, 8], sample=0.02)
    np.testing.assert_allclose(keep, [0.75, 1.0, 0.24, 0.3125, 0.75], rtol=1e-14)


def test_keep_probabilities_refuses_a_sample_of_one_or_more():
    # gensim would read sample=5 as a count of 5 occurrences; a fraction of 5 would keep every word silently.
    with pytest.raises(ValueError, match=r"sample must be in \[0, 1\)"):
        keep_probabilities([1, 1000, 5], sample=5)


def test_keep_probabilities_sample_zero_keeps_everything():
    np.testing.assert_array_equal(keep_probabilities([1, 1000, 5], sample=0), [1.0, 1.0, 1.0])


@FAST
@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=20), st.floats(1e-6, 1e-1))
def test_keep_probabilities_are_probabilities_and_fall_with_frequency(counts, sample):
    keep = keep_probabilities(counts, sample=sample)
    assert np.all((keep > 0) & (keep <= 1))
    order = np.argsort(counts, kind="stable")
    # A more frequent word is never kept more often.
    assert np.all(np.diff(keep[order]) <= 1e-12)
