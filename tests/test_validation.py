"""Bad input raises ValueError (IndexError for an index out of range) naming the argument.

Every case asserts that the argument's name appears in the message, which a bare NumPy broadcast or
indexing error from deep inside a formula would not contain.
"""
import numpy as np
import pytest

from w2v_core import (
    draw_negatives, gradcheck, keep_probabilities, log_sigmoid, log_softmax, naive_softmax_loss_and_gradient,
    neg_sampling_loss, neg_sampling_loss_and_gradient, sigmoid, sigmoid_grad, skipgram, softmax,
    unigram_distribution, window_pairs, window_positions,
)

V, D = 5, 3
RNG = np.random.default_rng(0)
CENTER = RNG.normal(size=D)
OUTSIDE = RNG.normal(size=(V, D))
CENTERS = RNG.normal(size=(V, D))
PROBS = np.full(V, 1.0 / V)


def with_value(array, where, value):
    out = np.array(array, dtype=float)
    out[where] = value
    return out


def naive(center=CENTER, o=1, outside=OUTSIDE):
    return naive_softmax_loss_and_gradient(center, o, outside)


def negsamp(center=CENTER, o=1, outside=OUTSIDE, negatives=(0, 2, 2)):
    return neg_sampling_loss_and_gradient(center, o, outside, negatives)


def sg(c=0, outside_indices=(1, 2), centers=CENTERS, outside=OUTSIDE):
    return skipgram(c, outside_indices, centers, outside)


def draw(o=0, probabilities=PROBS, k=3, rng=None, distinct=False):
    return draw_negatives(o, probabilities, k, np.random.default_rng(0) if rng is None else rng, distinct=distinct)


INDEX_ERRORS = (ValueError, IndexError)
CASES = {
    # wrong shapes
    "center_vec too long": (ValueError, "center_vec", lambda: naive(center=np.ones(D + 1))),
    "center_vec 2-D": (ValueError, "center_vec", lambda: naive(center=np.ones((D, 1)))),
    "outside_vectors with d = 0": (ValueError, "outside_vectors", lambda: naive(center=np.ones(0), outside=np.ones((V, 0)))),
    "outside_vectors 1-D": (ValueError, "outside_vectors", lambda: naive(outside=np.ones(V))),
    "outside_vectors 3-D": (ValueError, "outside_vectors", lambda: naive(outside=np.ones((V, D, 1)))),
    "outside_vectors wrong d (negsamp)": (ValueError, "center_vec", lambda: negsamp(outside=np.ones((V, D + 2)))),
    "skipgram outside_vectors wrong d": (ValueError, "outside_vectors", lambda: sg(outside=np.ones((V, D + 1)))),
    "skipgram outside_vectors wrong |V|": (ValueError, "outside_vectors", lambda: sg(outside=np.ones((V + 1, D)))),
    "skipgram center_vectors 1-D": (ValueError, "center_vectors", lambda: sg(centers=np.ones(D))),
    "softmax 3-D": (ValueError, "x", lambda: softmax(np.ones((2, 2, 2)))),
    "softmax empty": (ValueError, "x", lambda: softmax(np.ones(0))),
    "log_softmax 3-D": (ValueError, "x", lambda: log_softmax(np.ones((2, 2, 2)))),
    "neg_indices 2-D": (ValueError, "neg_indices", lambda: negsamp(negatives=[[0, 2]])),
    "neg_indices ragged": (ValueError, "neg_indices", lambda: negsamp(negatives=[[0], [2, 3]])),
    "probabilities 2-D": (ValueError, "probabilities", lambda: draw(probabilities=np.ones((V, 1)) / V)),
    # indices out of range, too big and negative
    "outside_idx too big": (INDEX_ERRORS, "outside_idx", lambda: naive(o=V)),
    "outside_idx negative": (INDEX_ERRORS, "outside_idx", lambda: naive(o=-1)),
    "outside_idx too big (negsamp)": (INDEX_ERRORS, "outside_idx", lambda: negsamp(o=V)),
    "outside_idx negative (negsamp)": (INDEX_ERRORS, "outside_idx", lambda: negsamp(o=-1)),
    "neg_indices too big": (INDEX_ERRORS, "neg_indices", lambda: negsamp(negatives=[0, V])),
    "neg_indices negative": (INDEX_ERRORS, "neg_indices", lambda: negsamp(negatives=[0, -1])),
    "center_idx too big": (INDEX_ERRORS, "center_idx", lambda: sg(c=V)),
    "center_idx negative": (INDEX_ERRORS, "center_idx", lambda: sg(c=-1)),
    "outside_indices too big": (INDEX_ERRORS, "outside_indices", lambda: sg(outside_indices=[1, V])),
    "outside_indices negative": (INDEX_ERRORS, "outside_indices", lambda: sg(outside_indices=[-2])),
    "draw outside_idx too big": (INDEX_ERRORS, "outside_idx", lambda: draw(o=V)),
    "draw outside_idx negative": (INDEX_ERRORS, "outside_idx", lambda: draw(o=-1)),
    "center_pos too big": (INDEX_ERRORS, "center_pos", lambda: window_positions(4, 4, 1)),
    "center_pos negative": (INDEX_ERRORS, "center_pos", lambda: window_positions(4, -1, 1)),
    # non-integer indices
    "outside_idx float": (ValueError, "outside_idx", lambda: naive(o=1.5)),
    "outside_idx integral float": (ValueError, "outside_idx", lambda: naive(o=1.0)),
    "outside_idx string": (ValueError, "outside_idx", lambda: naive(o="1")),
    "outside_idx bool": (ValueError, "outside_idx", lambda: naive(o=True)),
    "outside_idx None": (ValueError, "outside_idx", lambda: naive(o=None)),
    "neg_indices float": (ValueError, "neg_indices", lambda: negsamp(negatives=[0.5, 2])),
    "neg_indices strings": (ValueError, "neg_indices", lambda: negsamp(negatives=["a"])),
    "neg_indices bools": (ValueError, "neg_indices", lambda: negsamp(negatives=[True, False])),
    "center_idx float": (ValueError, "center_idx", lambda: sg(c=0.5)),
    "outside_indices float": (ValueError, "outside_indices", lambda: sg(outside_indices=[1.5])),
    # non-finite values in each array argument
    "center_vec nan": (ValueError, "center_vec", lambda: naive(center=with_value(CENTER, 0, np.nan))),
    "center_vec inf": (ValueError, "center_vec", lambda: naive(center=with_value(CENTER, 1, np.inf))),
    "outside_vectors nan": (ValueError, "outside_vectors", lambda: naive(outside=with_value(OUTSIDE, (2, 1), np.nan))),
    "outside_vectors -inf": (ValueError, "outside_vectors", lambda: naive(outside=with_value(OUTSIDE, (4, 0), -np.inf))),
    "negsamp center_vec nan": (ValueError, "center_vec", lambda: negsamp(center=with_value(CENTER, 2, np.nan))),
    "negsamp outside_vectors inf": (ValueError, "outside_vectors",
                                    lambda: negsamp(outside=with_value(OUTSIDE, (0, 0), np.inf))),
    "neg_indices nan": (ValueError, "neg_indices", lambda: negsamp(negatives=[0.0, np.nan])),
    "neg_indices inf": (ValueError, "neg_indices", lambda: negsamp(negatives=[0.0, np.inf])),
    "center_vectors nan": (ValueError, "center_vectors", lambda: sg(centers=with_value(CENTERS, (3, 1), np.nan))),
    "center_vectors inf": (ValueError, "center_vectors", lambda: sg(centers=with_value(CENTERS, (0, 2), np.inf))),
    "skipgram outside_vectors nan": (ValueError, "outside_vectors",
                                     lambda: sg(outside=with_value(OUTSIDE, (1, 1), np.nan))),
    "sigmoid nan": (ValueError, "x", lambda: sigmoid(np.array([0.0, np.nan]))),
    "sigmoid inf": (ValueError, "x", lambda: sigmoid(np.inf)),
    "sigmoid None": (ValueError, "x", lambda: sigmoid(None)),
    "sigmoid string": (ValueError, "x", lambda: sigmoid("one")),
    "sigmoid_grad nan": (ValueError, "x", lambda: sigmoid_grad(np.nan)),
    "log_sigmoid -inf": (ValueError, "x", lambda: log_sigmoid(-np.inf)),
    "softmax nan": (ValueError, "x", lambda: softmax(np.array([[1.0, np.nan]]))),
    "log_softmax inf": (ValueError, "x", lambda: log_softmax(np.array([np.inf, 1.0]))),
    "probabilities nan": (ValueError, "probabilities", lambda: draw(probabilities=with_value(PROBS, 0, np.nan))),
    "counts nan": (ValueError, "counts", lambda: unigram_distribution([1.0, np.nan])),
    "keep counts inf": (ValueError, "counts", lambda: keep_probabilities([1.0, np.inf])),
    "gradcheck x nan": (ValueError, "x", lambda: gradcheck(lambda z: (0.0, z), np.array([np.nan]))),
    # empty negatives, K < 1, window < 1, empty corpus
    "neg_indices empty": (ValueError, "neg_indices", lambda: negsamp(negatives=[])),
    "outside_indices empty": (ValueError, "outside_indices", lambda: sg(outside_indices=[])),
    "k zero": (ValueError, "k", lambda: draw(k=0)),
    "k negative": (ValueError, "k", lambda: draw(k=-3)),
    "k float": (ValueError, "k", lambda: draw(k=2.0)),
    "neg_sampling_loss k zero": (ValueError, "k", lambda: neg_sampling_loss(PROBS, 0, np.random.default_rng(0))),
    "window zero": (ValueError, "window", lambda: window_positions(5, 2, 0)),
    "window negative (pairs)": (ValueError, "window", lambda: window_pairs(["a", "b"], -1)),
    "n_tokens zero": (ValueError, "n_tokens", lambda: window_positions(0, 0, 1)),
    "sentence empty": (ValueError, "sentence", lambda: window_pairs([], 2)),
    "sentence not a sequence": (ValueError, "sentence", lambda: window_pairs(iter(["a"]), 2)),
    "counts empty": (ValueError, "counts", lambda: unigram_distribution([])),
    "counts all zero": (ValueError, "counts", lambda: unigram_distribution([0, 0])),
    "counts negative": (ValueError, "counts", lambda: unigram_distribution([3, -1])),
    "keep counts zero": (ValueError, "counts", lambda: keep_probabilities([3, 0])),
    # negatives containing the outside word, impossible draws, bad distributions
    "neg_indices contains outside_idx": (ValueError, "neg_indices", lambda: negsamp(o=2, negatives=[0, 2])),
    "all mass on outside_idx": (ValueError, "outside_idx", lambda: draw(o=1, probabilities=[0, 1.0, 0, 0, 0])),
    "distinct k too large": (ValueError, "k", lambda: draw(k=V, distinct=True)),
    "probabilities do not sum to 1": (ValueError, "probabilities", lambda: draw(probabilities=np.ones(V))),
    "probabilities negative": (ValueError, "probabilities", lambda: draw(probabilities=[0.5, 0.6, -0.1, 0, 0])),
    "power negative": (ValueError, "power", lambda: unigram_distribution([1, 2], power=-0.75)),
    "power nan": (ValueError, "power", lambda: unigram_distribution([1, 2], power=np.nan)),
    "power string": (ValueError, "power", lambda: unigram_distribution([1, 2], power="3/4")),
    "sample negative": (ValueError, "sample", lambda: keep_probabilities([1, 2], sample=-1e-3)),
    "sample string": (ValueError, "sample", lambda: keep_probabilities([1, 2], sample="1e-3")),
    # wrong rng type
    "rng legacy RandomState": (ValueError, "rng", lambda: draw(rng=np.random.RandomState(0))),
    "rng int seed": (ValueError, "rng", lambda: draw(rng=0)),
    "rng numpy.random module": (ValueError, "rng", lambda: draw(rng=np.random)),
    "neg_sampling_loss rng": (ValueError, "rng", lambda: neg_sampling_loss(PROBS, 2, 42)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_raises_an_error_that_names_the_argument(case):
    errors, name, call = CASES[case]
    with pytest.raises(errors) as info:
        call()
    assert name in str(info.value), f"{case}: message {str(info.value)!r} does not name {name!r}"


def test_index_errors_say_what_range_was_expected():
    with pytest.raises(IndexError) as info:
        naive(o=V + 3)
    assert f"[0, {V})" in str(info.value) and str(V + 3) in str(info.value)


def test_shape_errors_say_what_was_given_and_what_was_expected():
    with pytest.raises(ValueError) as info:
        naive(center=np.ones(D + 1))
    message = str(info.value)
    assert f"({D},)" in message and f"({D + 1},)" in message


def test_validation_happens_before_any_draw():
    # A bad argument must not consume randomness: the generator's next draw is unchanged.
    rng = np.random.default_rng(9)
    with pytest.raises(ValueError):
        draw(k=0, rng=rng)
    assert rng.random() == np.random.default_rng(9).random()


def test_integral_floats_are_accepted_as_indices_and_mean_the_same_words():
    as_floats = negsamp(negatives=np.array([0.0, 2.0, 2.0]))
    as_ints = negsamp(negatives=[0, 2, 2])
    assert as_floats[0] == as_ints[0]
    np.testing.assert_array_equal(as_floats[2], as_ints[2])
