"""SymPy derivations of parts (a)-(h), every step verified: ``derive("b").verify()``.

>>> d = derive("b")
>>> d.steps[-1].latex
'\\\\frac{\\\\partial J}{\\\\partial v_c} = U \\\\left(\\\\hat{y} - y\\\\right)'
"""
from __future__ import annotations

from .core import Derivation, Relation, Step, StepCheck, VerificationReport
from .naive_softmax import part_a, part_b, part_c, part_d
from .negative_sampling import part_f, part_g
from .sigmoid import part_e
from .window import part_h

PARTS = "abcdefgh"
_BUILDERS = {"a": part_a, "b": part_b, "c": part_c, "d": part_d, "e": part_e, "f": part_f, "g": part_g,
             "h": part_h}


def derive(part: str) -> Derivation:
    """A fresh Derivation of ``part`` (one of "a" to "h"); editing it never affects the next call."""
    if not isinstance(part, str) or part not in _BUILDERS:
        raise ValueError(f"part must be one of {', '.join(repr(p) for p in PARTS)}, got {part!r}")
    return _BUILDERS[part]()


__all__ = ["PARTS", "Derivation", "Relation", "Step", "StepCheck", "VerificationReport", "derive"]
