"""sigmoid, its derivative (part e), log-sigmoid and softmax: values, identities, stability."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from w2v_core import gradcheck, log_sigmoid, log_softmax, sigmoid, sigmoid_grad, softmax

FAST = settings(deadline=None, max_examples=40)
moderate = st.floats(-30, 30, allow_nan=False)
moderate_arrays = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6),
                             elements=moderate)


class no_warnings:
    """Turn every Python warning and every NumPy overflow / divide / invalid event into an error."""

    def __enter__(self):
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("error")
        self._errstate = np.errstate(over="raise", divide="raise", invalid="raise")
        self._errstate.__enter__()

    def __exit__(self, *exc):
        self._errstate.__exit__(*exc)
        return self._warnings.__exit__(*exc)


def test_sigmoid_of_zero_is_exactly_one_half():
    assert sigmoid(0) == 0.5
    assert sigmoid(0.0) == 0.5
    assert isinstance(sigmoid(0), float)
    np.testing.assert_array_equal(sigmoid(np.zeros((2, 3))), np.full((2, 3), 0.5))


def test_sigmoid_matches_published_course_values():
    # The values the CS224n assignment-2 starter code asserts in its test_sigmoid.
    np.testing.assert_allclose(sigmoid(np.array([1, 2, 3])), [0.73105858, 0.88079708, 0.95257413], atol=1e-8)


@FAST
@given(moderate)
def test_sigmoid_matches_textbook_formula(x):
    assert sigmoid(x) == pytest.approx(1.0 / (1.0 + math.exp(-x)), rel=1e-12, abs=1e-300)


@FAST
@given(moderate_arrays)
def test_sigmoid_is_symmetric(x):
    np.testing.assert_allclose(sigmoid(-x), 1.0 - sigmoid(x), rtol=0, atol=1e-15)


@FAST
@given(moderate_arrays)
def test_sigmoid_keeps_shape_and_range(x):
    s = sigmoid(x)
    assert s.shape == x.shape
    assert np.all((s >= 0) & (s <= 1))


@FAST
@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-20, 20)))
def test_sigmoid_grad_agrees_with_central_differences(x):
    # The sum of sigmoids has gradient sigma'(x_i) in entry i.
    report = gradcheck(lambda z: (float(np.sum(sigmoid(z))), sigmoid_grad(z)), x)
    assert report.ok, str(report)


@FAST
@given(moderate)
def test_sigmoid_grad_matches_quotient_rule(x):
    # d/dx (1 + e^-x)^-1 = e^-x / (1 + e^-x)^2, written out independently.
    e = math.exp(-x)
    assert sigmoid_grad(x) == pytest.approx(e / (1.0 + e) ** 2, rel=1e-9, abs=1e-300)


def test_sigmoid_grad_at_zero_is_one_quarter():
    assert sigmoid_grad(0.0) == 0.25


@FAST
@given(moderate_arrays)
def test_log_sigmoid_is_log_of_sigmoid(x):
    np.testing.assert_allclose(log_sigmoid(x), np.log(1.0 / (1.0 + np.exp(-x))), rtol=1e-12, atol=1e-12)


def test_log_sigmoid_is_finite_far_in_the_tail():
    with no_warnings():
        value = log_sigmoid(-1e5)
    assert math.isfinite(value)
    # log sigma(x) = x - log(1 + e^x), and e^(-1e5) vanishes beside 1.
    assert value == pytest.approx(-1e5, rel=1e-15)
    assert log_sigmoid(1e5) == 0.0


def test_no_overflow_and_no_warning_up_to_1e4():
    x = np.array([-1e4, -710.0, -50.0, 0.0, 50.0, 710.0, 1e4])
    with no_warnings():
        s = sigmoid(x)
        ds = sigmoid_grad(x)
        ls = log_sigmoid(x)
        p = softmax(x)
        lp = log_softmax(x)
        p2 = softmax(np.stack([x, -x]))
    for out in (s, ds, ls, p, lp, p2):
        assert np.all(np.isfinite(out))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert np.all(ds >= 0) and ds[3] == 0.25
    np.testing.assert_allclose(ls[[0, -1]], [-1e4, 0.0])
    np.testing.assert_allclose(p, [0, 0, 0, 0, 0, 0, 1], atol=1e-300)
    np.testing.assert_allclose(p2.sum(axis=1), 1.0)


@FAST
@given(moderate_arrays)
def test_softmax_rows_sum_to_one_and_are_positive(x):
    p = softmax(x)
    assert p.shape == x.shape
    assert np.all(p > 0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)


@FAST
@given(moderate_arrays, st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(x, shift):
    np.testing.assert_allclose(softmax(x + shift), softmax(x), rtol=1e-9, atol=1e-15)


@FAST
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5)), elements=moderate))
def test_softmax_2d_is_row_by_row(x):
    # Independent reference: exponentiate and normalise each row with plain Python.
    expected = np.array([[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in x])
    np.testing.assert_allclose(softmax(x), expected, rtol=1e-12)
    for row_in, row_out in zip(x, softmax(x)):
        np.testing.assert_allclose(softmax(row_in), row_out, rtol=1e-14)


def test_softmax_hand_computed():
    # scores log 1, log 2, log 5 give probabilities 1/8, 2/8, 5/8.
    np.testing.assert_allclose(softmax(np.log([1.0, 2.0, 5.0])), [0.125, 0.25, 0.625], rtol=1e-14)


@FAST
@given(moderate_arrays)
def test_log_softmax_is_log_of_softmax(x):
    np.testing.assert_allclose(log_softmax(x), np.log(softmax(x)), rtol=1e-10, atol=1e-12)
