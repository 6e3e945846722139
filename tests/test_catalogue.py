"""The catalogue's two forms of each mistake agree: the wrong formula the checker reads, evaluated by the
checker's engine, equals the NumPy function the chapters and the grader run, on the checker's instances."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

from w2v_core.check import _context
from w2v_core.check.judge import Judge
from w2v_core.derivations.core import _mp
from w2v_core.mistakes import catalogue

PAIRS = [(m, key) for m in catalogue.CATALOGUE.values() if m.numpy for key in m.latex]


def _as_array(value) -> np.ndarray:
    if hasattr(value, "tolist"):
        return np.array([[float(_mp(x)) for x in row] for row in value.tolist()], dtype=float)
    return np.array(float(_mp(value)))


def _numpy_value(fn, part: str, quantity: str, env: dict, binding: dict):
    """The NumPy mistake's output for ``quantity``, in the paper's layout (code rows transposed back)."""
    U = np.array(env["U"].tolist(), dtype=float) if "U" in env else None
    if part == "e":
        return np.array(fn(float(env["x"])))
    v = np.array(env["V"][:, env["c"] - 1].tolist(), dtype=float).ravel()
    o = env["o"] - 1
    if part in "fg":
        negs = np.array(env["w"]) - 1
        _, grad_center, grad_outside = fn(v, o, U.T, negs)
        if quantity == "v_c":
            return grad_center[:, None]
        if quantity == "u_o":
            return grad_outside[o][:, None]
        return grad_outside[negs[binding["idx_k"] - 1]][:, None]
    _, grad = fn(v, o, U.T)
    if quantity == "v_c":
        return grad[:, None] if grad.ndim == 1 else grad
    if quantity == "U":
        return grad.T  # the code's rows are the paper's columns
    row = binding.get("idx_w", env["o"]) - 1
    return grad[row][:, None]


@pytest.mark.parametrize("mistake, key", PAIRS, ids=[f"{m.name}-{k}" for m, k in PAIRS])
def test_formula_and_numpy_function_agree(mistake, key):
    part, quantity = key.split(":")
    ctx = _context(part)
    judge = Judge(ctx)
    formula = judge.formula(mistake, quantity)
    assert formula is not None, f"the checker cannot read {mistake.latex[key]!r}"
    module, name = mistake.numpy.split(".")
    fn = getattr(importlib.import_module(f"w2v_core.mistakes.{module}"), name)
    # a formula whose shapes only fit when d = |V| (U^T (y_hat - y)) is compared where it is defined
    square = mistake.name == "grad_center_with_U_transposed"
    cases = ctx.square_cases if square else ctx.cases
    compared = 0
    for k, case in enumerate(cases):
        for binding in case.bindings(quantity):
            ours = _as_array(judge.value(formula, k, binding, square))
            theirs = _numpy_value(fn, part, quantity, case.instance.env(frozenset()), binding)
            if ours.size == 1 and theirs.size > 1:  # a scalar the NumPy form repeats across the row
                ours = np.full(theirs.shape, float(ours.ravel()[0]))
            np.testing.assert_allclose(ours.reshape(theirs.shape), theirs, rtol=1e-9, atol=1e-12)
            compared += 1
    assert compared >= len(cases)


def test_the_numpy_mistakes_really_differ_from_the_right_answers():
    # the agreement above is worthless if a "mistake" were the right answer: check that the checker rejects it
    from w2v_core import check
    for mistake, key in PAIRS:
        part, quantity = key.split(":")
        assert check.answer(part, mistake.latex[key], quantity).verdict != "correct", mistake.name
