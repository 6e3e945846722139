"""SymPy derivations of parts (a)-(h), every step verified.

>>> from w2v_core.derivations import derive
>>> d = derive("b")                      # part in "abcdefgh"
>>> d.steps[-1].latex                    # the step as displayed, LaTeX without $ delimiters
'\\\\frac{\\\\partial J}{\\\\partial v_c} = U \\\\left(\\\\hat{y} - y\\\\right)'
>>> report = d.verify()                  # checks every step now, then the result against NumPy
>>> report.ok, len(report.checks) == len(d.steps) + 1
(True, True)

Each :class:`Step` has ``latex``, ``expr`` (the SymPy expression that is checked), ``note`` (how it
follows from the step before) and ``relation`` (equal to an earlier step, or SymPy's derivative of
it). The notation lives in :mod:`.notation`, the evaluation on concrete instances in
:mod:`.evaluate`, the checks in :mod:`.core`, and the parts in :mod:`.naive_softmax` (a-d),
:mod:`.sigmoid` (e), :mod:`.negative_sampling` (f, g) and :mod:`.window` (h).
"""
from __future__ import annotations

from .core import Derivation, Relation, ResultForm, Step, StepCheck, VerificationReport
from .naive_softmax import part_a, part_b, part_c, part_d, softmax_lemma
from .negative_sampling import part_f, part_g
from .sigmoid import part_e
from .window import part_h, part_h_negative_sampling

PARTS = "abcdefgh"
#: Derivations that are not parts of the exercise: "softmax", the key lemma dJ/dtheta = y_hat - y.
LEMMAS = ("softmax",)
#: Variants of a part: "h_neg" is (h) with negative sampling as the pair loss.
VARIANTS = ("h_neg",)
_BUILDERS = {"a": part_a, "b": part_b, "c": part_c, "d": part_d, "e": part_e, "f": part_f, "g": part_g,
             "h": part_h, "softmax": softmax_lemma, "h_neg": part_h_negative_sampling}


def derive(part: str) -> Derivation:
    """A fresh :class:`Derivation` of ``part`` ("a" to "h", or the lemma "softmax"); never shared."""
    if not isinstance(part, str) or part not in _BUILDERS:
        raise ValueError(f"part must be one of {', '.join(repr(p) for p in [*PARTS, *LEMMAS, *VARIANTS])}, got {part!r}")
    return _BUILDERS[part]()


__all__ = ["LEMMAS", "PARTS", "VARIANTS", "Derivation", "Relation", "ResultForm", "Step", "StepCheck", "VerificationReport", "derive"]
