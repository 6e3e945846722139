"""The central-difference checker must pass right gradients and catch wrong ones."""
import numpy as np
import pytest

from w2v_core import GradcheckReport, gradcheck


def cubic(x):
    """sum(x^3) / 3, whose gradient is x^2: written here, independent of the package."""
    return float(np.sum(x**3) / 3.0), x**2


def test_a_right_gradient_passes():
    x = np.array([[0.5, -1.0, 2.0], [3.0, 0.0, -0.25]])
    report = gradcheck(cubic, x)
    assert isinstance(report, GradcheckReport)
    assert report.ok and bool(report)
    assert report.max_rel_error < 1e-8
    np.testing.assert_allclose(report.numeric, x**2, rtol=1e-8, atol=1e-10)
    np.testing.assert_array_equal(report.analytic, x**2)
    assert "passed" in str(report)


def test_a_wrong_gradient_fails_at_the_right_index():
    x = np.array([[0.5, -1.0, 2.0], [3.0, 0.0, -0.25]])

    def wrong(z):
        value, grad = cubic(z)
        grad = grad.copy()
        grad[1, 2] += 0.5  # a deliberate error in one entry
        return value, grad

    report = gradcheck(wrong, x)
    assert not report.ok and not bool(report)
    assert report.worst_index == (1, 2)
    # |analytic - numeric| = 0.5; the scale is max(1, |0.5625|, |0.0625|) = 1.
    assert report.max_rel_error == pytest.approx(0.5, rel=1e-6)
    assert "FAILED" in str(report) and "(1, 2)" in str(report)


def test_a_sign_error_fails():
    x = np.array([0.25, -2.0, 0.1])
    report = gradcheck(lambda z: (float(np.sum(z**2)), -2 * z), x)
    assert not report.ok
    # Relative errors 4|x| / max(1, 2|x|): 1, 2 and 0.4; the worst is entry 1.
    assert report.worst_index == (1,)
    assert report.max_rel_error == pytest.approx(2.0, rel=1e-6)


def test_relative_error_uses_absolute_error_near_zero():
    # A true gradient of 2e-7 reported as 0: a relative error of 100%, an absolute error of 2e-7.
    x = np.array([1e-7])
    report = gradcheck(lambda z: (float(np.sum(z**2)), np.zeros_like(z)), x, tol=1e-6)
    assert report.ok
    assert report.max_rel_error == pytest.approx(2e-7, rel=1e-3)


def test_does_not_mutate_x_even_when_f_does():
    x = np.array([1.0, 2.0, 3.0])
    saved = x.copy()

    def vandal(z):
        value, grad = cubic(z)
        z[:] = 99.0  # f scribbles over its argument after using it
        return value, grad

    report = gradcheck(vandal, x)
    np.testing.assert_array_equal(x, saved)
    assert report.ok


def test_tolerance_is_respected():
    x = np.array([1.0])
    slightly_off = lambda z: (float(z[0] ** 2), np.array([2 * z[0] + 1e-4]))  # noqa: E731
    assert not gradcheck(slightly_off, x, tol=1e-6).ok
    assert gradcheck(slightly_off, x, tol=1e-3).ok


def test_bad_gradient_shape_empty_x_and_non_finite_gradient_are_reported():
    with pytest.raises(ValueError, match="shape"):
        gradcheck(lambda z: (0.0, np.zeros(3)), np.ones(2))
    with pytest.raises(ValueError, match="x"):
        gradcheck(cubic, np.array([]))
    with pytest.raises(ValueError, match="gradient"):
        gradcheck(lambda z: (0.0, np.full_like(z, np.nan)), np.ones(2))
    with pytest.raises(ValueError, match="x"):
        gradcheck(cubic, np.array([1.0, np.inf]))


def test_every_entry_is_differentiated_at_x_itself():
    # A coupled quadratic: a checker that forgot to restore one entry before moving to the next
    # would differentiate at a shifted point and be off by about h times an off-diagonal A_ij.
    a = np.array([[2.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 1.0]])
    x = np.array([0.3, -0.7, 1.1])
    report = gradcheck(lambda z: (float(0.5 * z @ a @ z), a @ z), x)
    assert report.ok, str(report)
    np.testing.assert_allclose(report.numeric, a @ x, rtol=0, atol=1e-8)


def test_report_is_two_short_lines_naming_the_index_and_both_values():
    # A page shows about 80 characters of an output line; a chapter prefixes a report with "v_c: ".
    x = np.array([[0.25, 0.75, -1.5], [2.0, 0.5, 3.0]])
    report = gradcheck(lambda m: (float(np.sum(m**3)), 3 * m**2 + 0.5 * (m > 2.5)), x)
    lines = str(report).splitlines()
    assert len(lines) == 2 and all(len(line) <= 72 for line in lines), lines
    assert "FAILED" in lines[0] and "(1, 2)" in lines[1]
    a, n = report.analytic[1, 2], report.numeric[1, 2]
    assert f"{a:.8g}" in lines[1] and f"{n:.8g}" in lines[1] and f"{n:.8g}" != f"{a:.8g}"
