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


# --- (h) with negative sampling: fresh negatives for every pair -------------------------------------

def part_h_negative_sampling() -> Derivation:
    """(h) with the negative-sampling pair loss of (f)/(g): each pair j draws its own K negatives w_{j,k}."""
    from .negative_sampling import one_minus_sigma
    from .notation import Dot, Draw, sigma

    k, x = sp.symbols("k x")
    u_out = Vec("u", outside)                 # u_{w_{t+j}}, the outside word of pair j
    u_neg = Vec("u", Draw(j, k))              # u_{w_{j,k}}, negative k of pair j
    u_x = Vec("u", x)
    s_out, s_neg = Dot(u_out, v_c), Dot(u_neg, v_c)
    negatives = Domain("negatives")
    j_neg = r"J_{\text{skip-gram}}"
    pair = plus(-sp.log(sigma(s_out)), -IndexSum(sp.log(sigma(-s_neg)), k, negatives))
    definition = Step(j_neg, _window_sum(pair),
                      "The skip-gram loss of one window with negative sampling: a sum of the pair losses of (g).")
    steps = [
        Step(j_neg, definition.expr,
             r"Each outside word $w_{t+j}$ of the window (cut at the ends of the sentence) makes one pair, and each pair "
             r"draws its own $K$ negatives $w_{j,1}, \dots, w_{j,K}$ (fresh for every pair, repeats allowed, never "
             r"that pair's outside word)."),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial v_c}",
             _window_sum(plus(times(-1, one_minus_sigma(s_out), u_out),
                              IndexSum(times(one_minus_sigma(-s_neg), u_neg), k, negatives))),
             r"The derivative of the sum is the sum of the pair gradients of (f) and (g), pair by pair.",
             derivative_of(0, v_c, "v_c")),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial u_x}",
             plus(times(-1, Entry("a", x), one_minus_sigma(Dot(u_x, v_c)), v_c),
                  times(Entry("b", x), one_minus_sigma(-Dot(u_x, v_c)), v_c)),
             r"With respect to the outside vector of one word $x$: $a_x$ counts the pairs whose outside word is $x$ "
             r"and $b_x$ the negative draws equal to $x$, over all pairs. A word can be both, the outside word of one "
             r"pair and a negative of another, and then both terms are there.",
             derivative_of(0, u_x, "u_x"), free=(x, Domain("vocab"))),
        Step(r"\frac{\partial J_{\text{skip-gram}}}{\partial v_w}", ZeroVec(),
             r"As with the naive softmax, no pair loss contains the center vector of any other word.",
             derivative_of(0, Vec("v", w), "v_w"), free=(w, Domain("vocab_except", c))),
    ]

    def numpy_check(derivation, instances, value):
        losses = importlib.import_module("w2v_core.losses")
        skipgram = importlib.import_module("w2v_core.skipgram").skipgram

        def pairs(kk, inst):
            env = inst.env(frozenset())
            U_num = np.array(env["U"].tolist(), dtype=float)
            V_num = np.array(env["V"].tolist(), dtype=float)
            c_idx, t_pos = env["c"] - 1, env["t"]
            positions = sorted(env["window"])
            draws = iter([[env["draws"][(p - t_pos, i)] - 1 for i in range(1, env["K"] + 1)] for p in positions])

            def pair_loss(center_vec, outside_idx, outside_vectors):  # the pairs come in window order
                return losses.neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, next(draws))

            loss, grad_center, grad_outside = skipgram(c_idx, [env["window"][p] - 1 for p in positions],
                                                       V_num.T, U_num.T, pair_loss)
            out = [("the loss", value(0, kk), loss), ("dJ/dv_c", value(1, kk), grad_center[c_idx])]
            for word in range(1, env["|V|"] + 1):
                out.append((f"dJ/du_x for x={word}", value(2, kk, (("x", word),)), grad_outside[word - 1]))
                if word - 1 != c_idx:
                    out.append((f"dJ/dv_w for w={word}", value(3, kk, (("w", word),)), grad_center[word - 1]))
            return out

        return compare_with_numpy(derivation, "w2v_core.skipgram.skipgram with negative-sampling pairs", pairs,
                                  instances)

    return Derivation("h_neg", "Skip-gram over a window, with negative sampling", definition, steps,
                      lambda rng: window_instance(rng, k=2), numpy_check, results=[1, 2, 3],
                      result_forms=(ResultForm("d x 1; code (d,), row c of grad_center_vectors",
                                               "sum of the pair gradients dJ/dv_c of (f)/(g) over the window"),
                                    ResultForm("d x 1; code (d,), row x of grad_outside_vectors",
                                               "-a[x] * sigmoid(-s_x) * center_vec + b[x] * sigmoid(s_x) * center_vec"),
                                    ResultForm("d x 1; code (d,), row w of grad_center_vectors",
                                               "np.zeros_like(center_vec)")))
