"""Values to and from JSON between the grader and the submission's process.

The child's answers come from untrusted code, so they cross as JSON (never pickle) and are
rebuilt here only as numbers, strings, lists and float arrays. Tagged forms:
``{"t": "array", "shape": [...], "data": [...]}``, ``{"t": "tuple", "items": [...]}``,
``{"t": "other", "type": name, "repr": text}`` for anything else, and, in inputs only,
``{"t": "dataset", "sequence": [...]}`` and ``{"t": "ref", "name": function}``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

MAX_ELEMENTS = 100_000  # an answer larger than this is not a gradient of the graded inputs
MAX_DEPTH = 8


def _number(x):
    x = float(x)
    return x if math.isfinite(x) else repr(x)  # 'nan', 'inf', '-inf' survive strict JSON readers


def encode(value, depth: int = 0):
    """A JSON-ready form of ``value`` (arrays, tuples and lists, numbers, strings, None)."""
    if depth > MAX_DEPTH:
        return {"t": "other", "type": type(value).__name__, "repr": "(nested too deeply)"}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return {"t": "int", "v": int(value)}
    if isinstance(value, numbers.Real):
        return {"t": "float", "v": _number(value)}
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf" and value.size <= MAX_ELEMENTS:
        return {"t": "array", "shape": list(value.shape), "data": [_number(x) for x in value.ravel().tolist()]}
    if isinstance(value, dict) and len(value) <= MAX_ELEMENTS:
        return {"t": "dict", "items": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, (tuple, list)) and len(value) <= MAX_ELEMENTS:
        return {"t": "tuple" if isinstance(value, tuple) else "list",
                "items": [encode(v, depth + 1) for v in value]}
    try:
        text = repr(value)[:200]
    except Exception:  # a student's object whose __repr__ raises
        text = "(repr failed)"
    shape = getattr(value, "shape", None)
    return {"t": "other", "type": type(value).__name__, "repr": text,
            "shape": list(shape) if isinstance(shape, tuple) else None}


def _float(x) -> float:
    if isinstance(x, str):
        if x in ("nan", "inf", "-inf"):
            return float(x)
        raise ValueError(f"not a number: {x[:20]!r}")
    return float(x)


class Other:
    """A value of a type the grader does not expect, kept as its type name and repr."""

    def __init__(self, type_name: str, text: str, shape=None):
        self.type_name, self.text, self.shape = type_name, text, shape

    def __repr__(self) -> str:
        return f"{self.type_name} {self.text}"


def decode(obj, depth: int = 0, hook=None):
    """Rebuild a value written by :func:`encode`; anything malformed raises ValueError.

    ``hook(obj)`` rebuilds the input-only tags (datasets, reference functions) in the child.
    """
    if depth > MAX_DEPTH + 1:
        raise ValueError("answer nested too deeply")
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if not isinstance(obj, dict):
        raise ValueError(f"unexpected {type(obj).__name__} in the answer")
    tag = obj.get("t")
    if tag == "int":
        return int(obj["v"])
    if tag == "float":
        return _float(obj["v"])
    if tag == "array":
        shape = [int(n) for n in obj["shape"]]
        data = np.array([_float(x) for x in obj["data"]], dtype=float)
        if data.size != int(np.prod(shape, dtype=np.int64)):
            raise ValueError("array data does not match its shape")
        return data.reshape(shape)
    if tag in ("tuple", "list"):
        items = [decode(v, depth + 1, hook) for v in obj["items"]]
        return tuple(items) if tag == "tuple" else items
    if tag == "dict":
        return {decode(k, depth + 1, hook): decode(v, depth + 1, hook) for k, v in obj["items"]}
    if hook is not None and tag in ("dataset", "ref"):
        return hook(obj)
    if tag == "other":
        shape = obj.get("shape")
        return Other(str(obj.get("type"))[:80], str(obj.get("repr"))[:200],
                     tuple(int(n) for n in shape) if isinstance(shape, list) else None)
    raise ValueError(f"unknown tag {str(tag)[:20]!r} in the answer")
