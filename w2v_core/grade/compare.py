"""Reading an answer into named parts, and saying where and by how much two answers differ.

Tolerances: an entry agrees when |got - expected| <= ATOL + RTOL |expected| (nan agrees only with
nan): loose enough for a different but right order of floating-point operations, far tighter than
any catalogued mistake.
"""
from __future__ import annotations

import numbers

import numpy as np

from .codec import Other

RTOL, ATOL = 1e-5, 1e-8

PARTS = {
    "sigmoid": ("sigmoid(x)",),
    "samples": ("the list of negatives",),
    "pair": ("loss", "gradCenterVec", "gradOutsideVecs"),
    "window": ("loss", "gradCenterVecs", "gradOutsideVectors"),
}


class WrongAnswer(ValueError):
    """An answer of the wrong type or structure, with a sentence saying what was expected."""


def _kind_of(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, Other):
        return f"a {value.type_name}" + (f" of shape {value.shape}" if value.shape else "")
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return "None" if value is None else f"a {type(value).__name__}"


def _array(value, part: str) -> np.ndarray:
    if isinstance(value, bool) or value is None or isinstance(value, (str, Other)):
        raise WrongAnswer(f"{part} is {_kind_of(value)}; expected a number or a NumPy array")
    if isinstance(value, numbers.Real):
        return np.asarray(float(value))
    if isinstance(value, np.ndarray):
        return value.astype(float)
    if isinstance(value, (list, tuple)):
        try:
            return np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise WrongAnswer(f"{part} is {_kind_of(value)} that is not a numeric array") from None
    raise WrongAnswer(f"{part} is {_kind_of(value)}; expected a number or a NumPy array")


def parts(value, kind: str) -> list[np.ndarray]:
    """The answer as float arrays, one per part of ``PARTS[kind]``; WrongAnswer if it cannot be read."""
    names = PARTS[kind]
    if kind in ("sigmoid", "samples"):
        arr = _array(value, names[0])
        if kind == "samples" and arr.ndim != 1:
            raise WrongAnswer(f"the negative samples are {_kind_of(value)}; expected a list of K word indices")
        if kind == "samples" and not np.all(arr == np.round(arr)):
            raise WrongAnswer("the negative samples are not whole numbers; expected word indices")
        return [arr]
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise WrongAnswer(f"returned {_kind_of(value)}; expected a tuple ({', '.join(names)})")
    out = [_array(v, n) for v, n in zip(value, names)]
    if out[0].size == 1:  # a loss of shape (1,) or (1, 1) is still one number
        out[0] = out[0].reshape(())
    return out


def fit_to(got: list[np.ndarray], expected: list[np.ndarray], kind: str) -> list[np.ndarray]:
    """Forgive one harmless layout: a center gradient as a (1, d) or (d, 1) array where (d,) is expected."""
    if kind == "pair":
        g, e = got[1], expected[1]
        if g.shape != e.shape and g.size == e.size and g.ndim == 2 and 1 in g.shape and e.ndim == 1:
            got = [got[0], g.reshape(e.shape), got[2]]
    return got


def agree(got: np.ndarray, expected: np.ndarray) -> bool:
    return got.shape == expected.shape and bool(np.all(
        np.isclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=True)))


def all_agree(got: list[np.ndarray], expected: list[np.ndarray]) -> bool:
    return len(got) == len(expected) and all(agree(g, e) for g, e in zip(got, expected))


def _index(ix) -> str:
    if len(ix) == 0:
        return ""
    if len(ix) == 2:
        return f" at row {ix[0]}, column {ix[1]}"
    return f" at index {ix[0]}" if len(ix) == 1 else f" at index {tuple(int(i) for i in ix)}"


def difference(got: np.ndarray, expected: np.ndarray, name: str) -> str:
    """One sentence: where ``got`` differs from ``expected`` most and by how much."""
    if got.shape != expected.shape:
        return f"{name} has shape {got.shape}; expected {expected.shape}"
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    if not bad.any():
        return f"{name} agrees"
    nonfinite = bad & ~np.isfinite(got)
    if nonfinite.any():
        ix = tuple(int(i) for i in np.argwhere(nonfinite)[0])
        return (f"{name} is {got[ix]}{_index(ix)} where {expected[ix]:.6g} is expected "
                f"({int(nonfinite.sum())} of {got.size} entries not finite: an overflow?)")
    err = np.where(bad, np.abs(got - expected), 0.0)
    ix = tuple(int(i) for i in np.unravel_index(np.argmax(err), got.shape))
    count = f"; {int(bad.sum())} of {got.size} entries differ" if got.size > 1 else ""
    scale = max(float(np.max(np.abs(expected[np.isfinite(expected)]), initial=0.0)), 1e-300)
    share = f", {err[ix] / scale:.0%} of the largest expected entry" if scale > 1e-9 else ""
    return (f"{name} differs most{_index(ix)}: expected {expected[ix]:.6g}, got {got[ix]:.6g} "
            f"(difference {err[ix]:.3g}{share}{count})")
