"""Part (h): the skip-gram loss of a window is a sum of pair losses, and so are its gradients.

J_sg(v_c, w_{t-m}, ..., w_{t+m}, U) = sum over -m <= j <= m, j != 0, of J(v_c, w_{t+j}, U), with J
the naive-softmax loss of one pair. Its gradients are sums of the pair gradients of (b) and (d), and
no center vector other than v_c appears in it.
"""
from __future__ import annotations

import importlib

from .._lazy import numpy as np  # imported on first use: the checker runs without numpy
import sympy as sp

from .core import Derivation, ResultForm, Step, compare_with_numpy, derivative_of
from .evaluate import window_instance
from .notation import (Domain, Entry, IndexSum, OneHot, PairGrad, PairLoss, Tr, Vec, ZeroVec, matrix_symbol, plus,
                       times)

j, t, c, w = sp.symbols("j t c w")
U = matrix_symbol("U")
y_hat = matrix_symbol(r"\hat{y}")
v_c = Vec("v", c)
WINDOW = Domain("window")
outside = Entry("w", plus(t, j), key="window")  # the word at position t + j
one_hot = OneHot(outside, "y^{(t+j)}")
J_SG = r"J_{\text{skip-gram}}"


def _window_sum(term):
    return IndexSum(term, j, WINDOW)


def part_h() -> Derivation:
    definition = Step(J_SG, _window_sum(PairLoss(outside)),
                      "The skip-gram loss of one window: the sum of the pair losses.")
    steps = [
        Step(J_SG, definition.expr,
             r"The loss of the center word $c$ at position $t$ is the sum of the naive-softmax losses "
             r"$J(v_c, o, U) = -\log \hat{y}_o$ of its (up to) $2m$ outside words $w_{t+j}$, fewer where the "
             r"window meets the end of the sentence."),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial U}", _window_sum(PairGrad(outside, U)),
             r"The derivative of a sum is the sum of the derivatives.",
             derivative_of(0, U, "U")),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial U}",
             _window_sum(times(v_c, Tr(plus(y_hat, -one_hot)))),
             r"Each term is (d) with $o = w_{t+j}$; $y^{(t+j)}$ is the one-hot vector of $w_{t+j}$, while "
             r"$\hat{y} = \mathrm{softmax}(U^\top v_c)$ is the same for every $j$."),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial v_c}", _window_sum(PairGrad(outside, v_c)),
             r"Likewise with respect to the center vector.",
             derivative_of(0, v_c, "v_c")),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial v_c}", _window_sum(times(U, plus(y_hat, -one_hot))),
             r"Each term is (b) with $o = w_{t+j}$."),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial v_w}", ZeroVec(),
             r"No pair loss of this window involves the center vector of any other word, so its gradient is zero "
             r"(and in code, only row $c$ of the center-vector gradient is non-zero).",
             derivative_of(0, Vec("v", w), "v_w"), free=(w, Domain("vocab_except", c))),
    ]

    def numpy_check(derivation, instances, value):
        skipgram = importlib.import_module("w2v_core.skipgram").skipgram

        def pairs(k, inst):
            env = inst.env(frozenset())
            U_num = np.array(env["U"].tolist(), dtype=float)
            V_num = np.array(env["V"].tolist(), dtype=float)
            c_idx = env["c"] - 1
            window = [env["window"][p] - 1 for p in sorted(env["window"])]
            loss, grad_center, grad_outside = skipgram(c_idx, window, V_num.T, U_num.T)
            out = [("the loss", value(0, k), loss), ("dJ/dU", value(2, k), grad_outside.T),
                   ("dJ/dv_c", value(4, k), grad_center[c_idx])]
            for word in range(1, env["|V|"] + 1):
                if word - 1 != c_idx:
                    out.append((f"dJ/dv_w for w={word}", value(5, k, (("w", word),)), grad_center[word - 1]))
            return out

        return compare_with_numpy(derivation, "w2v_core.skipgram.skipgram (naive softmax)", pairs, instances)

    return Derivation("h", "Skip-gram over a window", definition, steps, window_instance, numpy_check,
                      results=[2, 4, 5],
                      result_forms=(ResultForm("d x |V|; code (|V|, d), the transpose",
                                               "sum(np.outer(y_hat - y_j, center_vec) for y_j in window_one_hots)"),
                                    ResultForm("d x 1; code (d,), row c of grad_center_vectors",
                                               "sum(outside_vectors.T @ (y_hat - y_j) for y_j in window_one_hots)"),
                                    ResultForm("d x 1; code (d,), row w of grad_center_vectors",
                                               "np.zeros_like(center_vec)")))
