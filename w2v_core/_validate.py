"""Input checks shared by every public function.

Each check raises ValueError (IndexError for an index out of range) with a message that names the
argument, what was given and what was expected, so that a reader never meets a bare NumPy
broadcast error from deep inside a formula.
"""
from __future__ import annotations

import numbers

import numpy as np


def _describe(x: np.ndarray) -> str:
    return f"an array of shape {x.shape}"


def finite_array(x, name: str) -> np.ndarray:
    """`x` as a float array; ValueError if it holds NaN or infinity."""
    if x is None:  # np.asarray(None, dtype=float) would silently give NaN
        raise ValueError(f"{name} must be numeric, got None")
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {type(x).__name__}: {exc}") from None
    if not np.isfinite(arr).all():  # the method skips np.all's dispatch: this runs on every call
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad) if arr.ndim else ()
        raise ValueError(f"{name} must be finite, got {arr[where] if arr.ndim else arr} at index {where}")
    return arr


def vector(x, name: str, size: int | None = None) -> np.ndarray:
    """A finite 1-D float array, of length `size` when given."""
    arr = finite_array(x, name)
    if arr.ndim != 1:
        expected = f"({size},)" if size is not None else "(d,)"
        raise ValueError(f"{name} must be a 1-D vector of shape {expected}, got {_describe(arr)}")
    if size is not None and arr.shape[0] != size:
        raise ValueError(f"{name} must have shape ({size},) to match the word vectors, got {_describe(arr)}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must not be empty, got {_describe(arr)}")
    return arr


def matrix(x, name: str, cols: int | None = None, rows: int | None = None) -> np.ndarray:
    """A finite 2-D float array, rows = words; `cols` (d) and `rows` (|V|) checked when given."""
    arr = finite_array(x, name)
    expected = f"({rows if rows is not None else '|V|'}, {cols if cols is not None else 'd'})"
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape {expected} (one row per word), got {_describe(arr)}")
    if (cols is not None and arr.shape[1] != cols) or (rows is not None and arr.shape[0] != rows):
        raise ValueError(f"{name} must have shape {expected}, got {_describe(arr)}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got {_describe(arr)}")
    return arr


def index(i, name: str, size: int) -> int:
    """A single word index in [0, size)."""
    if isinstance(i, (bool, np.bool_)) or not isinstance(i, (numbers.Integral, np.integer)):
        raise ValueError(f"{name} must be an integer word index, got {i!r} ({type(i).__name__})")
    i = int(i)
    if not 0 <= i < size:
        raise IndexError(f"{name} must be a word index in [0, {size}), got {i}")
    return i


def indices(idx, name: str, size: int) -> np.ndarray:
    """A non-empty 1-D integer array of word indices, each in [0, size)."""
    try:
        arr = np.asarray(idx)
    except ValueError as exc:  # a ragged nested list
        raise ValueError(f"{name} must be a 1-D sequence of word indices: {exc}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of word indices, got {_describe(arr)}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty; expected at least one word index (K >= 1)")
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise ValueError(f"{name} must hold integer word indices, got dtype {arr.dtype}")
    bad = (arr < 0) | (arr >= size)
    if bad.any():
        raise IndexError(f"{name} must hold word indices in [0, {size}), got {int(arr[bad][0])}")
    return arr.astype(np.intp, copy=False)


def positive_int(k, name: str) -> int:
    """An integer >= 1 (K negatives, a window size, a vector size)."""
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (numbers.Integral, np.integer)):
        raise ValueError(f"{name} must be an integer >= 1, got {k!r} ({type(k).__name__})")
    if k < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {k}")
    return int(k)


def nonnegative_number(x, name: str) -> float:
    """A finite real number >= 0 (an exponent, a threshold)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Real, np.floating, np.integer)):
        raise ValueError(f"{name} must be a finite number >= 0, got {x!r} ({type(x).__name__})")
    if not np.isfinite(x) or x < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {x}")
    return float(x)


def generator(rng, name: str = "rng") -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"{name} must be a numpy.random.Generator (e.g. numpy.random.default_rng(0)), got {type(rng).__name__}"
        )
    return rng
