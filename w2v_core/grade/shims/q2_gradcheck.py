"""``gradcheck_naive(f, x)``, as the older version's ``q2_gradcheck.py`` provides it."""
from _grader_gradcheck import gradcheck_naive as _gradcheck


def gradcheck_naive(f, x):
    """Central-difference check of ``f(x) = (cost, grad)`` with Python's random state restored per call."""
    return _gradcheck(f, x)
