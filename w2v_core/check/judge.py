"""Compare a student's expression with what it should equal, and name the difference when there is one.

Equality is decided on the part's random instances (:mod:`.parts`) at 60 digits, for every value of a
free index. When an expression is not equal, the judge looks for a known mistake, in this order:
a catalogued wrong formula for the same quantity (:mod:`w2v_core.mistakes.catalogue`), the true value
of another quantity (the answer for the wrong variable), and a single local edit that would repair it
(a lost minus, sigma(x) for sigma(-x), a transpose, a missing v_c, ...). Only then is it "wrong",
with a counterexample.
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from ..derivations.core import _mp
from ..derivations.evaluate import evaluate
from ..derivations.notation import Derivative, Domain, Entry, IndexSum, Tr, Vec, sigma
from ..mistakes import catalogue
from .latex import parse_line
from .meaning import COLUMN, SCALAR, Y, Y_HAT, ZERO, Meaning, shape_words
from .parts import QUANTITY_WORDS, PartContext

TOLERANCE = mpmath.mpf("1e-35")


class Mismatch(Exception):
    """Two values of different shapes."""


def _numbers(value) -> list:
    if isinstance(value, sp.MatrixBase):
        return list(value)
    return [value]


def same_value(a, b) -> bool:
    """a == b to 35 digits, entry by entry; a scalar 0 stands for a zero vector of the other's shape."""
    a_mat, b_mat = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_mat and b_mat and a.shape != b.shape:
        raise Mismatch(f"{a.shape} against {b.shape}")
    if a_mat != b_mat:
        scalar = b if a_mat else a
        if scalar != 0:
            mat = a if a_mat else b
            if mat.shape == (1, 1):
                a, b = (a[0, 0] if a_mat else a), (b[0, 0] if b_mat else b)
            else:
                raise Mismatch("a scalar against a matrix")
        else:
            return all(abs(_mp(x)) < TOLERANCE for x in _numbers(a if a_mat else b))
    for x, y in zip(_numbers(a), _numbers(b)):
        xv, yv = _mp(x), _mp(y)
        if not abs(xv - yv) <= TOLERANCE * max(1, abs(yv)):
            return False
    return True


@dataclass
class Verdict:
    verdict: str                 # correct | mistake | shape | wrong | unreadable
    message: str
    mistake: str | None = None
    anchor: str | None = None
    counterexample: dict | None = None


class Judge:
    def __init__(self, ctx: PartContext):
        self.ctx = ctx
        self._memo: dict = {}

    # -- values --------------------------------------------------------------------------------------
    def value(self, expr, k: int, binding: dict, square: bool = False):
        key = (expr, k, tuple(sorted(binding.items())), square)
        if key not in self._memo:
            case = (self.ctx.square_cases if square else self.ctx.cases)[k]
            self._memo[key] = evaluate(expr, {**case.env, **binding})
        return self._memo[key]

    def equal(self, expr, other, quantity: str, square: bool = False, condition=None) -> tuple[bool, tuple | None]:
        """Is ``expr`` equal to ``other`` (an expression, or ("truth", q)) on every instance and index value?

        Returns (equal, first difference as (case index, binding, mine, theirs)). Raises ValueError or
        Mismatch when ``expr`` cannot be evaluated or has another shape.
        """
        cases = self.ctx.square_cases if square else self.ctx.cases
        for k, case in enumerate(cases):
            for binding in case.bindings(quantity):
                if condition is not None and not self._holds(condition, k, binding, square):
                    continue  # the student stated the formula only where the condition holds
                mine = self.value(expr, k, binding, square)
                if isinstance(other, tuple):
                    theirs = self.ctx.true_value(other[1], k, binding, square)
                else:
                    theirs = self.value(other, k, binding, square)
                if not same_value(mine, theirs):
                    return False, (k, binding, mine, theirs)
        return True, None

    def _holds(self, condition, k: int, binding: dict, square: bool) -> bool:
        case = (self.ctx.square_cases if square else self.ctx.cases)[k]
        env = {**case.env, **binding}
        return bool(condition.func(*(evaluate(a, env) for a in condition.args)))

    def safe_equal(self, expr, other, quantity: str, square: bool = False, condition=None) -> bool:
        try:
            return self.equal(expr, other, quantity, square, condition)[0]
        except (ValueError, Mismatch, TypeError, AttributeError, ZeroDivisionError, KeyError, IndexError):
            return False

    # -- verdicts ------------------------------------------------------------------------------------
    def judge(self, meaning: Meaning, quantity: str, reference=None) -> Verdict:
        """The verdict on ``meaning`` as the value of ``quantity``; ``reference`` defaults to the truth."""
        reference = ("truth", quantity) if reference is None else reference
        expected = self.ctx.expected_shape(quantity)
        problem = None
        if meaning.shape_errors:
            problem = meaning.shape_errors[0]
        elif meaning.shape not in (expected, ZERO):
            problem = (f"{meaning.src} is {shape_words(meaning.shape)}, where {QUANTITY_WORDS[quantity]} "
                       f"{'is' if quantity in ('J', 'sigma', 'sigma_prime') else 'has the shape of its variable,'} "
                       f"{shape_words(expected)}")
        difference = None
        if problem is None:
            try:
                ok, difference = self.equal(meaning.expr, reference, quantity, condition=meaning.condition)
            except (ValueError, Mismatch, TypeError, ZeroDivisionError) as exc:
                problem = f"{meaning.src} cannot be evaluated: {exc}"
                ok = False
            if ok:
                return Verdict("correct", f"equal to {self._what(reference, quantity)} on "
                                          f"{self._instances_said(quantity)}")
        named = self.known_mistake(meaning, quantity, reference)
        if named is not None:
            entry, where = named
            message = entry.explanation + (f" ({where})" if where else "")
            if problem:
                message += f" Shapes: {problem}."
            return Verdict("mistake", message, entry.name, entry.anchor_for(self.ctx.part))
        if problem is not None:
            return Verdict("shape", problem[0].upper() + problem[1:] + ".")
        return Verdict("wrong", self._counterexample_text(difference, quantity, reference),
                       counterexample=self._counterexample(difference))

    def _what(self, reference, quantity: str) -> str:
        if isinstance(reference, tuple):
            if quantity in ("J", "sigma"):
                return f"the definition of {QUANTITY_WORDS[quantity]}"
            return f"the true {QUANTITY_WORDS[quantity]}"
        return "the line before"

    def _instances_said(self, quantity: str) -> str:
        n = len(self.ctx.cases)
        return f"{n} random instances ({self.ctx.describe_sizes()})"

    # -- known mistakes ------------------------------------------------------------------------------
    def known_mistake(self, meaning: Meaning, quantity: str, reference):
        """(catalogue entry, where) for the first known mistake that ``meaning`` matches, or None."""
        if meaning.expr is None:
            return None
        truth_like = isinstance(reference, tuple) or self._reference_is_truth(reference, quantity)
        if truth_like:
            for entry in catalogue.formulas_for(self.ctx.part, quantity):
                wrong = self.formula(entry, quantity)
                if wrong is None:
                    continue
                if self.safe_equal(meaning.expr, wrong, quantity, condition=meaning.condition) or (
                        self.ctx.square_cases and self.safe_equal(meaning.expr, wrong, quantity, square=True,
                                                                  condition=meaning.condition)):
                    return entry, ""
            for other in self.ctx.quantities:
                if other != quantity and self.ctx.expected_shape(other) == meaning.shape and other not in (
                        "J", "sigma") and self.safe_equal(meaning.expr, ("truth", other), quantity,
                                                          condition=meaning.condition):
                    return catalogue.get("quantity_switched"), f"it is {QUANTITY_WORDS[other]}"
        for kind, where, repaired in edits(meaning.expr, meaning.shape, self.ctx.expected_shape(quantity)):
            if self.ctx.part not in catalogue.get(kind).parts:
                continue  # a slip of another part (an averaged window in part b) is no diagnosis here
            if self.safe_equal(repaired, reference, quantity, condition=meaning.condition):
                return catalogue.get(kind), where
        return None

    def _reference_is_truth(self, reference, quantity: str) -> bool:
        return self.safe_equal(reference, ("truth", quantity), quantity)

    def formula(self, entry, quantity: str):
        key = (entry.name, quantity)
        if key not in self._memo:
            try:
                pieces, _ = parse_line(entry.latex[f"{self.ctx.part}:{quantity}"])
                self._memo[key] = self.ctx.reader(quantity).piece(pieces[-1]).expr
            except ValueError:
                self._memo[key] = None
        return self._memo[key]

    # -- counterexamples ---------------------------------------------------------------------------
    def _counterexample(self, difference) -> dict | None:
        if difference is None:
            return None
        k, binding, mine, theirs = difference
        inst = self.ctx.cases[k].instance
        out = {"instance": inst.description, "indices": {}, "yours": _short(mine), "true": _short(theirs)}
        for name in ("o", "c", "w", "window", "t"):
            if name in inst.structure:
                out["indices"][name] = inst.structure[name]
        for name, value in binding.items():
            out["indices"][name.removeprefix("idx_")] = value
        for name, matrix in inst.base.items():
            out[name] = _short(matrix.xreplace(inst.values))
        return out

    def _counterexample_text(self, difference, quantity: str, reference) -> str:
        if difference is None:
            return "not equal"
        example = self._counterexample(difference)
        shown = {k: v for k, v in example["indices"].items() if k not in ("window", "w")}
        if "x" in example:  # part (e): the point itself
            shown["x"] = example["x"]
        where = ", ".join(f"{k} = {v}" for k, v in shown.items())
        target = self._what(reference, quantity)
        return (f"Not equal to {target}: on the instance {example['instance']} ({where}) it gives "
                f"{example['yours']} where {target} is {example['true']}.")


def _short(value):
    """A value rounded to 4 significant digits, as nested lists."""
    if isinstance(value, sp.MatrixBase):
        rows = [[float(f"{float(_mp(x)):.4g}") for x in value.row(i)] for i in range(value.rows)]
        return [r[0] for r in rows] if value.cols == 1 else rows
    return float(f"{float(_mp(value)):.4g}")


# -- single edits ----------------------------------------------------------------------------------------
def edits(expr, shape: tuple, expected: tuple):
    """(mistake name, where, repaired expression) for single local edits of ``expr``.

    Each edit undoes one known slip; if the repaired expression equals what the line should be, the
    slip is the mistake. ``where`` quotes the part of the expression the edit touched.
    """
    from ..derivations.notation import latex as to_latex

    def where(node) -> str:
        try:
            return f"in ${_clean(to_latex(node))}$"
        except Exception:  # printing never decides a verdict
            return ""

    yield "sign_flipped", "the whole expression", sp.Mul(-1, expr, evaluate=False)
    if shape == SCALAR and expected == COLUMN:
        yield "center_vector_missing", "", sp.Mul(expr, Vec("v", sp.Symbol("c")), evaluate=False)
    for node, replacement, kind in _local_edits(expr):
        yield kind, where(node), _replace(expr, node, replacement)


def _clean(text: str) -> str:
    return text.replace("idx_", "")


def _local_edits(expr):
    seen = set()
    for node in sp.preorder_traversal(expr):
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, sigma):
            arg = node.args[0]
            yield node, sigma(sp.Mul(-1, arg, evaluate=False)), "sigma_argument_sign"
            if isinstance(arg, sp.Add) and any(a == -1 for a in arg.args):
                rest = sp.Add(*[a for a in arg.args if a != -1], evaluate=False)
                yield node, sp.Add(sigma(rest), -1, evaluate=False), "sigma_minus_one_inside"
            if isinstance(arg, sp.Add) and len(arg.args) == 2 and any(isinstance(a, sp.Mul) and sigma in
                                                                        {type(x) for x in a.args} for a in arg.args):
                yield node, arg, "sigma_applied_twice"
        if isinstance(node, sp.Add):
            for term in node.args:
                yield term, sp.Mul(-1, term, evaluate=False), "sign_dropped"
        if isinstance(node, Tr):
            yield node, node.args[0], "transpose_slip"
        if node == Y:
            yield node, Y_HAT, "y_for_y_hat"
        if node == Y_HAT:
            yield node, Y, "y_for_y_hat"
        if isinstance(node, Entry) and node.key in ("y", r"\hat{y}"):
            other = r"\hat{y}" if node.key == "y" else "y"
            yield node, Entry(other, node.index), "y_for_y_hat"
        if isinstance(node, sp.Symbol) and node.name == "U":
            yield node, Tr(node), "transpose_slip"
        if isinstance(node, sp.Mul) and len(node.args) == 2 and isinstance(node.args[0], Tr) \
                and isinstance(node.args[1], Vec):
            yield node, sp.exp(node, evaluate=False), "exp_dropped"
        if isinstance(node, sp.Mul):
            factors = node.args
            for f in factors:
                if isinstance(f, sp.Pow) and f.exp == -1:
                    rest = [g for g in factors if g is not f]
                    yield node, sp.Mul(*rest, evaluate=False), "window_averaged"
        if isinstance(node, IndexSum) and node.args[2].kind == "window_all":
            yield node, IndexSum(node.args[0], node.args[1], Domain("window")), "window_includes_center"
        if isinstance(node, Derivative):
            yield node, sp.Mul(-1, node, evaluate=False), "sign_flipped"


def _replace(expr, node, replacement):
    """``expr`` with every occurrence of ``node`` replaced, the tree otherwise kept as written."""
    if expr == node:
        return replacement
    if not expr.args:
        return expr
    args = tuple(_replace(a, node, replacement) if isinstance(a, sp.Basic) else a for a in expr.args)
    if args == expr.args:
        return expr
    if isinstance(expr, (sp.Add, sp.Mul, sp.Pow)):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)
