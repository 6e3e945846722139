"""Central-difference gradient check: compare an analytic gradient with (f(x+h) - f(x-h)) / 2h."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate


@dataclass(frozen=True)
class GradcheckReport:
    """What a gradient check found. ``bool(report)`` is ``report.ok``."""

    ok: bool
    max_rel_error: float
    worst_index: tuple[int, ...]
    analytic: np.ndarray
    numeric: np.ndarray
    tol: float

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        verdict = "passed" if self.ok else "FAILED"
        a, n = self.analytic[self.worst_index], self.numeric[self.worst_index]
        # Two short lines, so that a page shows them whole: the verdict with how the error is scaled
        # (for entries below 1 in size it is an absolute error, and a reader who computes |a - n| / |n|
        # by hand would otherwise get a different number), then where and with which two values.
        within = "<=" if self.max_rel_error <= self.tol else ">"
        return (f"gradcheck {verdict}: max |a-n|/max(1,|a|,|n|) = {self.max_rel_error:.1e} {within} {self.tol:.0e}\n"
                f"  at index {self.worst_index}: analytic a = {a:.8g}, numeric n = {n:.8g}")


def gradcheck(f: Callable[[np.ndarray], tuple[float, np.ndarray]], x, *, h: float = 1e-5, tol: float = 1e-6) -> GradcheckReport:
    """Check ``f(x) -> (value, grad)`` at ``x`` by central differences on every entry of x.

    The relative error of an entry is |analytic - numeric| / max(1, |analytic|, |numeric|), so
    that entries near zero are judged by their absolute error. Central differences err by O(h^2).
    ``f`` is called on copies of ``x``; ``x`` itself is never modified.
    """
    x = _validate.finite_array(x, "x").copy()
    if x.size == 0:
        raise ValueError("x is empty; expected at least one entry to check")
    value, analytic = f(x.copy())
    analytic = _validate.finite_array(analytic, "the gradient returned by f")
    if analytic.shape != x.shape:
        raise ValueError(f"f must return a gradient of the shape of x, {x.shape}, got {analytic.shape}")
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = float(f(x.copy())[0])
        x[i] = old - h
        minus = float(f(x.copy())[0])
        x[i] = old
        numeric[i] = (plus - minus) / (2 * h)
    rel = np.abs(analytic - numeric) / np.maximum(1.0, np.maximum(np.abs(analytic), np.abs(numeric)))
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(rel)), rel.shape))
    max_rel = float(rel[worst])
    return GradcheckReport(ok=max_rel <= tol, max_rel_error=max_rel, worst_index=worst, analytic=analytic, numeric=numeric, tol=tol)
