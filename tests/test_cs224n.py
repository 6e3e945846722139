"""The course-compatible layer: CS224n's starter code and sanity checks, rebuilt here, run on it.

The course (Stanford CS224n, assignment 2, ``word2vec.py`` and ``utils/gradcheck.py``) checks a
student's functions with a five-word dummy dataset drawn from Python's ``random`` after
``random.seed(31415)`` and ``np.random.seed(9265)``, a mini-batch SGD wrapper, a central-difference
checker that restores Python's random state before every evaluation, and fixed expected outputs.
This file re-creates that harness in its own code and runs it on ``w2v_core.cs224n``.
"""
import random

import numpy as np
import pytest

from w2v_core import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from w2v_core.cs224n import (
    getNegativeSamples, naiveSoftmaxLossAndGradient, negSamplingLossAndGradient, sigmoid, skipgram,
)

TOKENS = ["a", "b", "c", "d", "e"]
WORD2IND = {word: i for i, word in enumerate(TOKENS)}


# ------------------------------------------------------------------ the course's harness, rebuilt

def course_dummy_objects():
    """The course's fixture: an ad-hoc dataset object, seeded generators, 10 unit-length rows of d = 3."""
    dataset = type("dummy", (), {})()
    dataset.sampleTokenIdx = lambda: random.randint(0, 4)

    def get_random_context(C):
        center = TOKENS[random.randint(0, 4)]
        return center, [TOKENS[random.randint(0, 4)] for _ in range(2 * C)]

    dataset.getRandomContext = get_random_context
    random.seed(31415)
    np.random.seed(9265)
    vectors = np.random.randn(10, 3)
    vectors = vectors / np.sqrt(np.sum(vectors**2, axis=1, keepdims=True))
    return dataset, vectors, dict(WORD2IND)


def course_sgd_wrapper(model, word2ind, word_vectors, dataset, window_size, loss_and_gradient, batch=50):
    """Average loss and gradient over 50 random windows; rows [:N/2] are center, [N/2:] outside vectors."""
    n = word_vectors.shape[0]
    loss, grad = 0.0, np.zeros(word_vectors.shape)
    for _ in range(batch):
        size = random.randint(1, window_size)
        center, context = dataset.getRandomContext(size)
        c, g_center, g_outside = model(center, size, context, word2ind, word_vectors[: n // 2],
                                       word_vectors[n // 2:], dataset, loss_and_gradient)
        loss += c / batch
        grad[: n // 2] += g_center / batch
        grad[n // 2:] += g_outside / batch
    return loss, grad


def course_gradcheck(f, x, h=1e-4, tol=1e-5):
    """The course's checker: perturb x in place, restoring Python's random state before each call,
    so a stochastic f sees the same draws at x + h and x - h. Returns the worst relative error."""
    state = random.getstate()
    _, grad = f(x)
    worst = 0.0
    for ix in np.ndindex(x.shape):
        original = x[ix]
        x[ix] = original + h
        random.setstate(state)
        plus, _ = f(x)
        x[ix] = original - h
        random.setstate(state)
        minus, _ = f(x)
        x[ix] = original
        numeric = (plus - minus) / (2 * h)
        worst = max(worst, abs(numeric - grad[ix]) / max(1.0, abs(numeric), abs(grad[ix])))
    assert worst <= tol, f"course gradcheck failed: relative error {worst:.2e}"
    return worst


# ------------------------------------------------------------------ the course's own sanity checks

def test_course_sigmoid_check():
    assert sigmoid(0) == 0.5
    np.testing.assert_allclose(sigmoid(np.array([0])), [0.5])
    np.testing.assert_allclose(sigmoid(np.array([1, 2, 3])), [0.73105858, 0.88079708, 0.95257413])


@pytest.mark.parametrize("loss_and_gradient", [naiveSoftmaxLossAndGradient, negSamplingLossAndGradient])
def test_course_pair_gradchecks(loss_and_gradient):
    dataset, vectors, _ = course_dummy_objects()

    def center_only(vec):
        loss, grad_center, _ = loss_and_gradient(vec, 1, vectors, dataset)
        return loss, grad_center

    course_gradcheck(center_only, np.random.randn(3))
    center = np.random.randn(3)

    def outside_only(vec):
        loss, _, grad_outside = loss_and_gradient(center, 1, vec, dataset)
        return loss, grad_outside

    course_gradcheck(outside_only, vectors.copy())


# Expected values published by the course in utils/gradcheck.py (grad_tests_softmax and
# grad_tests_negsamp, CS224n assignment 2, Winter 2020 and 2021 editions): outputs of the course's
# reference solution, not of this package. Each entry: center word, window size, outside words,
# loss, the non-zero row of gradCenterVecs, gradOutsideVectors.
COURSE_SOFTMAX = [
    ("c", 3, ["a", "b", "e", "d", "b", "c"], 11.16610900153398, [-1.26947339, -1.36873189, 2.45158957],
     [[-0.41045956, 0.18834851, 1.43272264], [0.38202831, -0.17530219, -1.33348241],
      [0.07009355, -0.03216399, -0.24466386], [0.09472154, -0.04346509, -0.33062865],
      [-0.13638384, 0.06258276, 0.47605228]]),
    ("b", 3, ["a", "b", "e", "d", "b", "c"], 9.87714910003414, [-0.14586705, -1.34158321, -0.29291951],
     [[-0.30342672, 0.19808298, 0.19587419], [-0.41359958, 0.27000601, 0.26699522],
      [-0.08192272, 0.05348078, 0.05288442], [0.6981188, -0.4557458, -0.45066387],
      [0.10083022, -0.06582396, -0.06508997]]),
    ("a", 3, ["a", "b", "e", "d", "b", "c"], 10.810758628593335, [-1.1790274, -1.35861865, 1.53590492],
     [[-7.96035953e-01, -1.79609012e-02, 2.07761330e-01], [1.40175316e+00, 3.16276545e-02, -3.65850437e-01],
      [-1.99691259e-01, -4.50561933e-03, 5.21184016e-02], [2.02560028e-02, 4.57034715e-04, -5.28671357e-03],
      [-4.26281954e-01, -9.61816867e-03, 1.11257419e-01]]),
]
COURSE_NEGSAMP = [
    ("c", 1, ["a", "b"], 16.15119285363322, [-4.54650789, -1.85942252, 0.76397441],
     [[-0.69148188, 0.31730185, 2.41364029], [-0.22716495, 0.10423969, 0.79292674],
      [-0.45528438, 0.20891737, 1.58918512], [-0.31602611, 0.14501561, 1.10309954],
      [-0.80620296, 0.36994417, 2.81407799]]),
    ("c", 2, ["a", "b", "c", "a"], 28.653567707668795, [-6.42994865, -2.16396482, -1.89240934],
     [[-0.80413277, 0.36899421, 2.80685192], [-0.9277269, 0.42570813, 3.23826131],
      [-0.7511534, 0.34468345, 2.62192569], [-0.94807832, 0.43504684, 3.30929863],
      [-1.12868414, 0.51792184, 3.93970919]]),
    ("a", 3, ["a", "b", "e", "d", "b", "c"], 60.648705494891914, [-17.89425315, -7.36940626, -1.23364121],
     [[-6.4780819, -0.14616449, 1.69074639], [-0.86337952, -0.01948037, 0.22533766],
      [-9.59525734, -0.21649709, 2.5043133], [-6.02261515, -0.13588783, 1.57187189],
      [-9.69010072, -0.21863704, 2.52906694]]),
]


def _check_course_case(case, dataset, vectors, tokens, loss_and_gradient):
    center, window, outside, loss, center_row, outside_grad = case
    out_loss, grad_center, grad_outside = skipgram(center, window, outside, tokens, vectors[:5], vectors[5:],
                                                   dataset, loss_and_gradient)
    expected_center = np.zeros((5, 3))
    expected_center[tokens[center]] = center_row
    assert np.allclose(out_loss, loss), (center, outside, out_loss, loss)
    assert np.allclose(grad_center, expected_center)
    assert np.allclose(grad_outside, outside_grad)


def test_course_skipgram_checks_in_course_order():
    """The course's test_skipgram, step by step: the negative-sampling expectations hold only if every
    earlier step consumed Python's random numbers exactly as the course's reference solution does."""
    dataset, vectors, tokens = course_dummy_objects()

    course_gradcheck(lambda v: course_sgd_wrapper(skipgram, tokens, v, dataset, 5, naiveSoftmaxLossAndGradient),
                     vectors)
    for case in COURSE_SOFTMAX:
        _check_course_case(case, dataset, vectors, tokens, naiveSoftmaxLossAndGradient)

    course_gradcheck(lambda v: course_sgd_wrapper(skipgram, tokens, v, dataset, 5, negSamplingLossAndGradient),
                     vectors)
    for case in COURSE_NEGSAMP:
        _check_course_case(case, dataset, vectors, tokens, negSamplingLossAndGradient)


# ------------------------------------------------------------------ exact sampling protocol

class RecordingDataset:
    """Returns a scripted sequence from sampleTokenIdx and records every call."""

    def __init__(self, script):
        self.script = list(script)
        self.calls = []

    def sampleTokenIdx(self):
        value = self.script[len(self.calls)]
        self.calls.append(value)
        return value


def test_get_negative_samples_draws_in_order_and_redraws_the_outside_word():
    dataset = RecordingDataset([1, 3, 1, 1, 0, 3, 2, 4])
    negatives = getNegativeSamples(1, dataset, 4)
    # 1 is redrawn each time it comes up; repeats of other words (3) are kept.
    assert negatives == [3, 0, 3, 2]
    assert dataset.calls == [1, 3, 1, 1, 0, 3, 2]  # K = 4 samples plus 3 redraws, and no more


def test_neg_sampling_uses_exactly_the_k_samples_as_negatives():
    rng = np.random.default_rng(4)
    center_vec, outside_vectors = rng.normal(size=3), rng.normal(size=(5, 3))
    dataset = RecordingDataset([2, 0, 2, 2, 4, 0])
    loss, grad_center, grad_outside = negSamplingLossAndGradient(center_vec, 2, outside_vectors, dataset, K=3)
    assert dataset.calls == [2, 0, 2, 2, 4, 0]
    expected = neg_sampling_loss_and_gradient(center_vec, 2, outside_vectors, [0, 4, 0])
    assert loss == expected[0]
    np.testing.assert_array_equal(grad_center, expected[1])
    np.testing.assert_array_equal(grad_outside, expected[2])


def test_default_k_is_ten():
    dataset = RecordingDataset([0] * 10 + [1])
    negSamplingLossAndGradient(np.ones(2), 3, np.ones((4, 2)), dataset)
    assert len(dataset.calls) == 10


def test_skipgram_walks_outside_words_in_order():
    rng = np.random.default_rng(8)
    center_vectors, outside_vectors = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    # outside "b" (1) then "d" (3), K = 2 each: b gets [0, 3] (after redrawing 1), d gets [1, 1].
    dataset = RecordingDataset([1, 0, 3, 3, 1, 1])

    def k2(vec, idx, vectors, ds):
        return negSamplingLossAndGradient(vec, idx, vectors, ds, K=2)

    loss, grad_center, grad_outside = skipgram("c", 1, ["b", "d"], WORD2IND, center_vectors, outside_vectors,
                                               dataset, k2)
    assert dataset.calls == [1, 0, 3, 3, 1, 1]
    first = neg_sampling_loss_and_gradient(center_vectors[2], 1, outside_vectors, [0, 3])
    second = neg_sampling_loss_and_gradient(center_vectors[2], 3, outside_vectors, [1, 1])
    assert loss == pytest.approx(first[0] + second[0], rel=1e-15)
    np.testing.assert_allclose(grad_center[2], first[1] + second[1], rtol=1e-15)
    assert not np.any(np.delete(grad_center, 2, axis=0))
    np.testing.assert_allclose(grad_outside, first[2] + second[2], rtol=1e-15)


def test_naive_softmax_layer_equals_snake_case_and_never_samples():
    rng = np.random.default_rng(2)
    center_vectors, outside_vectors = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    dataset = RecordingDataset([])
    pair = naiveSoftmaxLossAndGradient(center_vectors[0], 4, outside_vectors, dataset)
    expected = naive_softmax_loss_and_gradient(center_vectors[0], 4, outside_vectors)
    assert pair[0] == expected[0]
    np.testing.assert_array_equal(pair[1], expected[1])
    np.testing.assert_array_equal(pair[2], expected[2])

    loss, grad_center, grad_outside = skipgram("a", 2, ["e", "b", "e"], WORD2IND, center_vectors,
                                               outside_vectors, dataset)
    pairs = [naive_softmax_loss_and_gradient(center_vectors[0], o, outside_vectors) for o in (4, 1, 4)]
    assert loss == pytest.approx(sum(p[0] for p in pairs), rel=1e-15)
    np.testing.assert_allclose(grad_center[0], sum(p[1] for p in pairs), rtol=1e-15)
    np.testing.assert_allclose(grad_outside, sum(p[2] for p in pairs), rtol=1e-15)
    assert dataset.calls == []


def test_outputs_do_not_depend_on_numpy_global_random_state():
    def run(numpy_seed):
        dataset, vectors, tokens = course_dummy_objects()
        np.random.seed(numpy_seed)  # scramble numpy's global state after the fixture is built
        before = np.random.get_state()
        results = [
            skipgram("c", 2, ["a", "b", "c", "a"], tokens, vectors[:5], vectors[5:], dataset, loss)
            for loss in (naiveSoftmaxLossAndGradient, negSamplingLossAndGradient)
        ]
        after = np.random.get_state()
        assert np.array_equal(before[1], after[1]) and before[2:] == after[2:], "numpy's global state was used"
        return results

    for first, second in zip(run(0), run(12345)):
        assert first[0] == second[0]
        np.testing.assert_array_equal(first[1], second[1])
        np.testing.assert_array_equal(first[2], second[2])


def test_center_vector_as_a_column_keeps_its_shape():
    rng = np.random.default_rng(6)
    center_vec, outside_vectors = rng.normal(size=3), rng.normal(size=(4, 3))
    flat = naiveSoftmaxLossAndGradient(center_vec, 2, outside_vectors, None)
    column = naiveSoftmaxLossAndGradient(center_vec.reshape(3, 1), 2, outside_vectors, None)
    assert column[1].shape == (3, 1)
    assert column[0] == flat[0]
    np.testing.assert_array_equal(column[1].ravel(), flat[1])
    np.testing.assert_array_equal(column[2], flat[2])


# ------------------------------------------------------------------ bad input, under the course's names

def test_unknown_words_raise_value_error_naming_the_word():
    vectors = np.ones((5, 2))
    with pytest.raises(ValueError, match="'zebra'"):
        skipgram("zebra", 1, ["a"], WORD2IND, vectors, vectors, None)
    with pytest.raises(ValueError, match="'yak'"):
        skipgram("a", 2, ["b", "yak"], WORD2IND, vectors, vectors, None)
    with pytest.raises(ValueError, match=r"\['b'\]"):
        skipgram("a", 1, [["b"]], WORD2IND, vectors, vectors, None)  # unhashable: still a ValueError


@pytest.mark.parametrize("call, name", [
    (lambda: getNegativeSamples(0, RecordingDataset([1]), 0), "K"),
    (lambda: negSamplingLossAndGradient(np.ones(2), 0, np.ones((3, 2)), RecordingDataset([1]), K=-1), "K"),
    (lambda: getNegativeSamples(0, object(), 2), "dataset"),
    (lambda: negSamplingLossAndGradient(np.ones(2), 0, np.ones((3, 2)), RecordingDataset([7]), K=1), "sampleTokenIdx"),
    (lambda: naiveSoftmaxLossAndGradient(np.ones(3), 0, np.ones((3, 2)), None), "centerWordVec"),
    (lambda: naiveSoftmaxLossAndGradient(np.ones((2, 2)), 0, np.ones((4, 2)), None), "centerWordVec"),
    (lambda: naiveSoftmaxLossAndGradient(np.array([np.nan, 1.0]), 0, np.ones((3, 2)), None), "centerWordVec"),
    (lambda: naiveSoftmaxLossAndGradient(np.ones(2), 3, np.ones((3, 2)), None), "outsideWordIdx"),
    (lambda: naiveSoftmaxLossAndGradient(np.ones(2), -1, np.ones((3, 2)), None), "outsideWordIdx"),
    (lambda: naiveSoftmaxLossAndGradient(np.ones(2), 1, np.ones(3), None), "outsideVectors"),
    (lambda: skipgram("a", 0, ["b"], WORD2IND, np.ones((5, 2)), np.ones((5, 2)), None), "windowSize"),
    (lambda: skipgram("a", 1, ["b", "c", "d"], WORD2IND, np.ones((5, 2)), np.ones((5, 2)), None), "outsideWords"),
    (lambda: skipgram("a", 1, [], WORD2IND, np.ones((5, 2)), np.ones((5, 2)), None), "outsideWords"),
    (lambda: skipgram("a", 1, ["b"], WORD2IND, np.ones((5, 2)), np.ones((5, 3)), None), "outsideVectors"),
    (lambda: skipgram("a", 1, ["b"], WORD2IND, np.ones((5, 2)), np.ones((4, 2)), None), "outsideVectors"),
    (lambda: skipgram("e", 1, ["b"], WORD2IND, np.ones((3, 2)), np.ones((3, 2)), None), "word2Ind"),
    (lambda: skipgram("a", 1, ["e"], WORD2IND, np.ones((3, 2)), np.ones((3, 2)), None), "word2Ind"),
    (lambda: skipgram("a", 1, ["b"], WORD2IND, np.full((5, 2), np.inf), np.ones((5, 2)), None), "centerWordVectors"),
])
def test_bad_input_names_the_course_argument(call, name):
    with pytest.raises((ValueError, IndexError)) as info:
        call()
    assert name in str(info.value), str(info.value)


def test_a_sampler_stuck_on_the_outside_word_stops_with_an_error():
    class Stuck:
        def sampleTokenIdx(self):
            return 2

    with pytest.raises(ValueError, match="outsideWordIdx=2"):
        getNegativeSamples(2, Stuck(), 1)
