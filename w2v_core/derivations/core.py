"""Steps, derivations and their verification.

A :class:`Derivation` is a list of :class:`Step`. Each step says how it follows from an earlier one
(its :class:`Relation`): it is *equal* to it, or it is the *derivative* of it with respect to a
variable. :meth:`Derivation.verify` checks every step on concrete instances:

* symbolically, when SymPy reduces the difference to 0 on the first instance, where every entry of
  U and of the center vectors is a symbol (d = 3, |V| = 5 or 6);
* and always on 20 random instances (random o, c, negatives or window words; random rational
  entries): exactly when the difference is the rational 0, otherwise to 1e-40 at 50 digits;

and finally compares the result with the NumPy function of :mod:`w2v_core` that implements it.
Nothing is cached between calls: every call of ``verify()`` recomputes every check.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import mpmath
from .._lazy import numpy as np  # imported on first use: the checker runs without numpy
import sympy as sp

from .evaluate import Instance, evaluate, gradient, domain_values
from .notation import latex

N_INSTANCES = 20
TOLERANCE = mpmath.mpf("1e-40")
DIGITS = 50


@dataclass(frozen=True)
class Relation:
    """How a step follows from the step ``ref`` (the previous one when None; step 0 from the definition).

    ``wrt`` is None for "equal to", or the variable (e.g. ``Vec("v", c)``) for "the derivative of".
    """

    ref: Optional[int] = None
    wrt: object = None
    wrt_latex: str = ""


EQUAL = Relation()


def derivative_of(ref: int | None, wrt, wrt_latex: str) -> Relation:
    return Relation(ref=ref, wrt=wrt, wrt_latex=wrt_latex)


@dataclass(frozen=True)
class Step:
    """One line of a derivation: ``lhs = expr``, with a sentence saying how it follows.

    ``free`` is (index, Domain) when the step holds for every value of a free index, e.g. for every
    word w in (c); the checks then run over every value.
    """

    lhs: str
    expr: object
    note: str = ""
    relation: Relation = EQUAL
    free: tuple | None = None

    @property
    def latex(self) -> str:
        """The step as displayed, without $ delimiters."""
        text = f"{self.lhs} = {latex(self.expr)}"
        if self.free is not None:
            index, domain = self.free
            i = latex(index)
            where = {"vocab": rf"\text{{for every word }} {i}",
                     "vocab_except": rf"\text{{for every }} {i} \neq {latex(domain.other)}",
                     "negatives": rf"{i} = 1, \dots, K"}.get(domain.kind)
            if where:
                text += rf" \quad {where}"
        return text


@dataclass(frozen=True)
class ResultForm:
    """How one result step looks outside the paper: its shape in both layouts and its form in code.

    ``shape`` names the paper's shape and the code's (e.g. "d x 1; code (d,)"); ``code`` is a NumPy
    expression in the names of :mod:`w2v_core` (``outside_vectors`` is U^T, one row per word).
    """

    shape: str
    code: str


@dataclass(frozen=True)
class StepCheck:
    """The outcome of one check. ``index`` is the step's index, or ``len(steps)`` for the NumPy check."""

    index: int
    ok: bool
    method: str
    detail: str = ""


@dataclass
class VerificationReport:
    part: str
    checks: list[StepCheck]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[StepCheck]:
        return [c for c in self.checks if not c.ok]

    def __str__(self) -> str:
        lines = [f"part ({self.part}): {'all checks passed' if self.ok else f'{len(self.failures)} check(s) FAILED'}"]
        for c in self.checks:
            lines.append(f"  [{c.index}] {'ok    ' if c.ok else 'FAILED'} {c.method}" + (f" -- {c.detail}" if c.detail else ""))
        return "\n".join(lines)


@dataclass
class Derivation:
    """One part of the exercise: a definition, the steps from it, and how to check the result in NumPy.

    ``make_instance(rng)`` builds a random :class:`Instance`; ``numpy_check(derivation, instances,
    value)`` returns the final :class:`StepCheck`, where ``value(step_index, instance_index, binding)``
    is the float value of a step. ``results`` are the indices of the steps that state the answer.
    """

    part: str
    title: str
    definition: Step
    steps: list[Step]
    make_instance: Callable[[np.random.Generator], Instance]
    numpy_check: Callable
    results: list[int]
    result_note: str = ""
    result_forms: tuple = ()  # one ResultForm per index of ``results``: the summary of results reads them
    n_instances: int = N_INSTANCES
    seed: int = 0

    @property
    def result_latex(self) -> list[str]:
        return [self.steps[i].latex for i in self.results]

    def instances(self) -> list[Instance]:
        """The instances every check runs on; the first keeps real symbols for the symbolic check."""
        rng = np.random.default_rng(self.seed)
        made = [self.make_instance(rng) for _ in range(self.n_instances)]
        return made[:1] + [inst.without_assumptions() for inst in made[1:]]

    def verify(self) -> VerificationReport:
        """Check every step and the final result now; nothing is reused from an earlier call."""
        instances = self.instances()
        memo: dict = {}

        def value(expr, k: int, binding: tuple, symbolic: bool = False):
            """expr on instance k: every entry a symbol, or (default) the instance's rationals.

            ``expr`` may also be ("gradient", loss, variable): SymPy's derivative of the loss with respect
            to every entry of the variable, taken with every entry a symbol.
            """
            exprs = expr[1:] if isinstance(expr, tuple) else (expr,)
            names = {s.name for e in exprs for s in e.free_symbols}
            binding = tuple((n, v) for n, v in binding if n in names)  # a value that ignores w is shared
            key = (expr, k, binding, symbolic)
            if key not in memo:
                if isinstance(expr, tuple):
                    memo[key] = gradient(value(expr[1], k, binding, True), value(expr[2], k, binding, True))
                else:
                    env = instances[k].env(None if symbolic else frozenset())
                    memo[key] = evaluate(expr, {**env, **dict(binding)})
            return memo[key]

        checks = [self._check_step(i, instances, value) for i in range(len(self.steps))]

        def float_value(i: int, k: int, binding: tuple = ()):
            v = value(self.steps[i].expr, k, binding)
            if isinstance(v, sp.MatrixBase):
                return np.array([[float(_mp(e)) for e in row] for row in v.tolist()], dtype=float)
            return float(_mp(v))

        try:
            checks.append(self.numpy_check(self, instances, float_value))
        except Exception as exc:  # a broken NumPy function must show as a failed check, not a crash
            checks.append(StepCheck(len(self.steps), False, "numeric: comparison with NumPy could not run",
                                    f"{type(exc).__name__}: {exc}"))
        return VerificationReport(self.part, checks)

    # -- one step ---------------------------------------------------------------------------------

    def _reference(self, i: int) -> tuple[object, str]:
        rel = self.steps[i].relation
        if rel.ref is None:
            if i == 0:
                return self.definition.expr, "the definition"
            return self.steps[i - 1].expr, f"step {i - 1}"
        return self.steps[rel.ref].expr, f"step {rel.ref}"

    def _bindings(self, step: Step, env: dict) -> list[tuple]:
        if step.free is None:
            return [()]
        index, domain = step.free
        return [((index.name, v),) for v in domain_values(domain, env)]

    def _differences(self, i: int, k: int, inst: Instance, value, symbolic: bool) -> list:
        """step i minus its reference on instance k, entry by entry, over every value of a free index.

        ``symbolic``: every entry stays a symbol. Otherwise the instance's rationals are used; for a
        derivative, SymPy differentiates with every entry a symbol and the rationals go in after.
        """
        step = self.steps[i]
        ref_expr, _ = self._reference(i)
        wrt = step.relation.wrt
        out = []
        for binding in self._bindings(step, inst.env(frozenset())):
            mine = value(step.expr, k, binding, symbolic)
            if wrt is None:
                theirs = value(ref_expr, k, binding, symbolic)
            else:
                theirs = value(("gradient", ref_expr, wrt), k, binding, True)
                if not symbolic:
                    theirs = theirs.xreplace(inst.values)
            out.extend(_difference(mine, theirs))
        return out

    def _check_step(self, i: int, instances: list[Instance], value) -> StepCheck:
        step = self.steps[i]
        _, ref_name = self._reference(i)
        what = (f"SymPy's derivative of {ref_name} with respect to ${step.relation.wrt_latex}$"
                if step.relation.wrt is not None else ref_name)
        sizes = instances[0].description
        try:
            exact = True
            for k, inst in enumerate(instances):
                for x in self._differences(i, k, inst, value, False):
                    if x == 0:
                        continue
                    exact = False
                    if not abs(_mp(x)) < TOLERANCE:
                        return StepCheck(i, False, f"differs from {what}",
                                         f"on random instance {k} ({inst.description}): difference {sp.N(x, 6)}")
            # only now the (slower) symbolic attempt: a wrong step has usually failed above already
            symbolic = all(_reduces_to_zero(x) for x in self._differences(i, 0, instances[0], value, True))
        except Exception as exc:
            return StepCheck(i, False, f"could not be evaluated against {what}", f"{type(exc).__name__}: {exc}")
        n = len(instances)
        if symbolic:
            method = (f"symbolic: SymPy reduces the difference from {what} to 0 "
                      f"({instances[0].symbolic_description}); also "
                      f"{'exactly equal' if exact else f'agrees to within 1e-40 ({DIGITS} digits)'} "
                      f"on {n} random rational instances")
        elif exact:
            method = f"exact: equal to {what} on {n} random rational instances ({sizes})"
        else:
            method = (f"high precision: agrees with {what} to 1e-40 ({DIGITS} digits) "
                      f"on {n} random rational instances ({sizes})")
        return StepCheck(i, True, method)


def compare_with_numpy(derivation, fn_name: str, pairs_for_instance, instances) -> StepCheck:
    """Compare (name, ours, numpy) pairs on every instance; ``ours`` and ``numpy`` in the paper's shapes."""
    worst, worst_where = 0.0, ""
    for k, inst in enumerate(instances):
        for name, ours, theirs in pairs_for_instance(k, inst):
            ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
            if ours.shape != theirs.shape:
                # a d x 1 column against a NumPy vector of shape (d,) is the same thing; any other mismatch
                # (a transposed matrix, a missing row) is an error, never silently reshaped
                if _is_vector(ours) and _is_vector(theirs) and ours.size == theirs.size:
                    ours = ours.reshape(theirs.shape)
                else:
                    return StepCheck(len(derivation.steps), False, f"numeric: does NOT match {fn_name}",
                                     f"{name} on random instance {k}: shape {theirs.shape} from NumPy, "
                                     f"{ours.shape} from the derivation")
            err = float(np.max(np.abs(ours - theirs))) if np.size(theirs) else 0.0
            if not np.isfinite(err) or err > worst:
                worst, worst_where = err, f"{name} on random instance {k} ({inst.description})"
    ok = worst <= 1e-10
    method = (f"numeric: {'matches' if ok else 'does NOT match'} {fn_name} on {len(instances)} random instances "
              f"(max abs error {worst:.1e})")
    return StepCheck(len(derivation.steps), ok, method, "" if ok else f"largest error in {worst_where}")


def _is_vector(x: np.ndarray) -> bool:
    return x.ndim <= 1 or sum(n > 1 for n in x.shape) <= 1


def _difference(a, b) -> list:
    # An empty sum evaluates to the scalar 0, which stands for a zero vector of the other side's shape.
    if isinstance(a, sp.MatrixBase) and not isinstance(b, sp.MatrixBase) and b == 0:
        b = sp.zeros(*a.shape)
    if isinstance(b, sp.MatrixBase) and not isinstance(a, sp.MatrixBase) and a == 0:
        a = sp.zeros(*b.shape)
    a_mat, b_mat = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_mat != b_mat or (a_mat and a.shape != b.shape):
        shape = lambda x: f"a {x.shape[0]} x {x.shape[1]} matrix" if isinstance(x, sp.MatrixBase) else "a scalar"
        raise ValueError(f"the step is {shape(a)} but the reference is {shape(b)}")
    return list(a - b) if a_mat else [a - b]


def _mp(x):
    """A SymPy number (rationals, exp, log, sums and products of them) as an mpmath number, 50 digits.

    Much faster than SymPy's evalf on the many small sums of exponentials these checks produce.
    """
    with mpmath.workdps(DIGITS + 10):
        return _mp_rec(sp.sympify(x))


def _mp_rec(x):
    if isinstance(x, sp.Rational):
        return mpmath.mpf(x.p) / x.q
    if isinstance(x, sp.Float):
        return mpmath.mpf(x)
    if isinstance(x, sp.Add):
        return mpmath.fsum(_mp_rec(a) for a in x.args)
    if isinstance(x, sp.Mul):
        out = mpmath.mpf(1)
        for a in x.args:
            out *= _mp_rec(a)
        return out
    if isinstance(x, sp.Pow):
        return mpmath.power(_mp_rec(x.base), _mp_rec(x.exp))
    if isinstance(x, sp.exp):
        return mpmath.exp(_mp_rec(x.args[0]))
    if isinstance(x, sp.log):
        return mpmath.log(_mp_rec(x.args[0]))
    if x.is_number:
        return mpmath.mpmathify(sp.N(x, DIGITS + 10))
    raise ValueError(f"expected a number, got {x} (free symbols {sorted(map(str, x.free_symbols))})")


def _reduces_to_zero(x) -> bool:
    if x == 0:
        return True
    # A rational function of exponentials (the sigmoid steps): cancel brings it over one denominator,
    # with each e^{score} as one generator (expanding first would split it into many).
    if sp.cancel(x) == 0:
        return True
    # Sums, products and logs of quotients (the softmax steps).
    if sp.expand(x) == 0:
        return True
    # simplify is slow on large expressions; the scalar derivation (the sigmoid, one symbol) is where it is needed.
    return len(x.free_symbols) <= 1 and sp.simplify(x) == 0
