"""Part (e): the derivative of the sigmoid, sigma'(x) = sigma(x) (1 - sigma(x)).

A scalar derivation, so SymPy checks every step symbolically in x.
"""
from __future__ import annotations

import importlib

from .._lazy import numpy as np  # imported on first use: the checker runs without numpy
import sympy as sp
from sympy import exp

from .core import Derivation, ResultForm, Step, compare_with_numpy, derivative_of
from .evaluate import scalar_instance
from .notation import Times, plus, sigma, times

x = sp.Symbol("x")
DENOMINATOR = plus(1, exp(-x))


def part_e() -> Derivation:
    s = r"\sigma(x)"
    ds = r"\sigma'(x)"
    definition = Step(s, 1 / DENOMINATOR, "The logistic sigmoid.")
    steps = [
        Step(s, 1 / DENOMINATOR,
             r"The sigmoid, with a minus sign in the exponent: $1/(1 + e^{x})$ would be $\sigma(-x)$, not $\sigma(x)$."),
        Step(ds, Times(-sp.Pow(DENOMINATOR, -2), -exp(-x)),
             r"The chain rule: the derivative of $t^{-1}$ is $-t^{-2}$, and the derivative of $t = 1 + e^{-x}$ "
             r"is $-e^{-x}$.",
             derivative_of(0, x, "x")),
        Step(ds, exp(-x) / DENOMINATOR**2,
             r"The two minus signs cancel."),
        Step(ds, Times(1 / DENOMINATOR, exp(-x) / DENOMINATOR),
             r"Split the square in the denominator into two factors."),
        Step(ds, Times(1 / DENOMINATOR, plus(1, -1 / DENOMINATOR)),
             r"Add and subtract 1 in the numerator: $\frac{e^{-x}}{1 + e^{-x}} = \frac{(1 + e^{-x}) - 1}{1 + e^{-x}} "
             r"= 1 - \frac{1}{1 + e^{-x}}$."),
        Step(ds, times(sigma(x), plus(1, -sigma(x))),
             r"Both fractions are $\sigma(x)$: the derivative needs no new exponential, only $\sigma(x)$ itself."),
    ]

    def numpy_check(derivation, instances, value):
        activations = importlib.import_module("w2v_core.activations")
        xs = np.array([float(inst.values[inst.base["x"]]) for inst in instances])
        grads = np.asarray(activations.sigmoid_grad(xs), dtype=float)
        sigmas = np.asarray(activations.sigmoid(xs), dtype=float)

        def pairs(k, inst):
            return [("sigma'(x)", value(5, k), grads[k]), ("sigma(x)", value(0, k), sigmas[k])]

        return compare_with_numpy(derivation, "w2v_core.activations.sigmoid_grad (and sigmoid)", pairs, instances)

    return Derivation("e", "The derivative of the sigmoid", definition, steps, scalar_instance, numpy_check,
                      results=[5], result_forms=(ResultForm("a scalar, or elementwise on an array of any shape",
                                                            "sigmoid(x) * sigmoid(-x)"),))
