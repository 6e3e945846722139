"""Parts (f) and (g): the negative-sampling loss and its gradients, with distinct and repeated negatives.

J = -log sigma(u_o^T v_c) - sum_k log sigma(-u_k^T v_c) over K negative words (never o).
In (f) the K negatives are distinct words w_1..w_K and u_k is short for u_{w_k}; in (g) the draws
may repeat a word, and a word x drawn n_x times contributes n_x terms (i counts draws, as k does in (f)).
"""
from __future__ import annotations

import importlib

from .._lazy import numpy as np  # imported on first use: the checker runs without numpy
import sympy as sp
from sympy import log

from .core import Derivation, ResultForm, Step, StepCheck, compare_with_numpy, derivative_of
from .evaluate import evaluate, negatives_instance
from .notation import Domain, Dot, Entry, IndexSum, Vec, plus, sigma, times

i, k, o, c, x = sp.symbols("i k o c x")
v_c = Vec("v", c)
u_o = Vec("u", o)
NEGATIVES = Domain("negatives")
DV = r"\frac{\partial J}{\partial v_c}"
DUO = r"\frac{\partial J}{\partial u_o}"
COST_VOCAB_SIZES = (6, 12, 24)  # |V| at which the cost claim of (f) is counted
DUK = r"\frac{\partial J}{\partial u_k}"
DUX = r"\frac{\partial J}{\partial u_x}"


def score(vec):
    return Dot(vec, v_c)


def log_sigma_factor(t):
    """sigma(t)(1 - sigma(t)) / sigma(t): the derivative of log sigma at t, before cancelling."""
    return times(sigma(t), plus(1, -sigma(t)), sp.Pow(sigma(t), -1))


def one_minus_sigma(t):
    return plus(1, -sigma(t))


def _losses():
    # Looked up at call time, so that the check compares with whatever the package holds now.
    return importlib.import_module("w2v_core.losses")


def _arrays(inst):
    env = inst.env(frozenset())
    U = np.array(env["U"].tolist(), dtype=float)
    v = np.array(env["V"][:, env["c"] - 1].tolist(), dtype=float).ravel()
    return v, env["o"] - 1, U.T, np.array(env["w"]) - 1


# --- (f) ------------------------------------------------------------------------------------------

def part_f() -> Derivation:
    u_k = Vec("u", k, via="w")  # the vector of the k-th negative word w_k
    s_o, s_k = score(u_o), score(u_k)
    definition = Step("J", plus(-log(sigma(s_o)), -IndexSum(log(sigma(-s_k)), k, NEGATIVES)),
                      "The negative-sampling loss with K distinct negative words.")
    each_negative = (k, NEGATIVES)
    steps = [
        Step("J", definition.expr,
             r"The negative-sampling loss: the observed pair should score high, each of the $K$ negative words "
             r"$w_1, \dots, w_K$ (distinct, none equal to $o$) should score low; $u_k$ is short for $u_{w_k}$."),
        Step(DV, plus(times(-1, log_sigma_factor(s_o), u_o),
                      -IndexSum(times(log_sigma_factor(-s_k), -u_k), k, NEGATIVES)),
             r"The chain rule with (e): $\frac{d}{dt} \log \sigma(t) = \frac{\sigma(t)(1 - \sigma(t))}{\sigma(t)}$; "
             r"the gradient of $u_o^\top v_c$ with respect to $v_c$ is $u_o$, and that of $-u_k^\top v_c$ is $-u_k$.",
             derivative_of(0, v_c, "v_c")),
        Step(DV, plus(times(-1, one_minus_sigma(s_o), u_o), IndexSum(times(one_minus_sigma(-s_k), u_k), k, NEGATIVES)),
             r"Cancel $\sigma$; in the sum, the minus sign of the loss and the minus sign of $-u_k$ make a plus."),
        Step(DUO, times(-1, log_sigma_factor(s_o), v_c),
             r"Back to $J$, now with respect to $u_o$: only the first term depends on $u_o$, because $o$ is not "
             r"among the negatives.",
             derivative_of(0, u_o, "u_o")),
        Step(DUO, times(-1, one_minus_sigma(s_o), v_c),
             r"Cancel $\sigma$."),
        Step(DUK, times(-1, log_sigma_factor(-s_k), -v_c),
             r"With respect to one negative $u_k$: the negatives are distinct, so $u_k$ appears in exactly one "
             r"term of the sum, through $-u_k^\top v_c$, whose gradient is $-v_c$.",
             derivative_of(0, u_k, "u_k"), free=each_negative),
        Step(DUK, times(one_minus_sigma(-s_k), v_c),
             r"Cancel $\sigma$ and the two minus signs.", free=each_negative),
        Step(DUK, times(sigma(s_k), v_c),
             r"Since $\sigma(-t) = 1 - \sigma(t)$, the factor is $\sigma(u_k^\top v_c)$: the form the code computes. "
             r"Used the wrong way round, the identity gives $1 - \sigma(u_k^\top v_c) = \sigma(-u_k^\top v_c)$ "
             r"instead: the right sign but the wrong size, so the negatives the model already scores high "
             r"are pushed least.", free=each_negative),
    ]

    def numpy_check(derivation, instances, value):
        fn = _losses().neg_sampling_loss_and_gradient

        def pairs(kk, inst):
            v, o_idx, outside, negs = _arrays(inst)
            loss, grad_center, grad_outside = fn(v, o_idx, outside, negs)
            out = [("the loss", value(0, kk), loss), ("dJ/dv_c", value(2, kk), grad_center),
                   ("dJ/du_o", value(4, kk), grad_outside[o_idx])]
            for j, word in enumerate(negs, start=1):
                out.append((f"dJ/du_k for k={j}", value(6, kk, (("k", j),)), grad_outside[word]))
            untouched = [r for r in range(outside.shape[0]) if r != o_idx and r not in set(negs)]
            out.append(("the rows of words neither o nor sampled (zero)", np.zeros((len(untouched), v.size)),
                        grad_outside[untouched]))
            return out

        check = compare_with_numpy(derivation, "w2v_core.losses.neg_sampling_loss_and_gradient", pairs, instances)
        # The cost claim: J involves only the K + 1 columns u_o, u_{w_1}, ..., u_{w_K} of U. A count
        # at one |V| cannot show that it does not grow with |V|, so it is made at several sizes.
        inst = instances[0]
        d, n_neg = inst.env(None)["d"], inst.env(None)["K"]
        rng = np.random.default_rng(derivation.seed)
        counts = {}
        for n_words in COST_VOCAB_SIZES:
            env = negatives_instance(rng, distinct=True, n_words=n_words, k=n_neg, d=d).env(None)
            counts[n_words] = len(evaluate(derivation.steps[0].expr, env).free_symbols & set(env["U"]))
        cost_ok = all(used == (n_neg + 1) * d for used in counts.values())
        sizes = ", ".join(f"{used} of {n * d} at |V| = {n}" for n, used in counts.items())
        if check.ok and cost_ok:
            method = (f"{check.method}; its gradient rows are zero except for o and the negatives, and J involves "
                      f"exactly the (K+1)d = {(n_neg + 1) * d} entries of the K + 1 columns it uses, at every "
                      f"vocabulary size tried (d = {d}, K = {n_neg}: {sizes} entries of U): O(Kd) work, not O(|V|d)")
            return StepCheck(check.index, True, method)
        cost = "" if cost_ok else f"J involves {sizes} entries of U, not (K+1)d = {(n_neg + 1) * d} at each size"
        return StepCheck(check.index, False, check.method, "; ".join(x for x in (check.detail, cost) if x))

    return Derivation(
        "f", "Negative sampling", definition, steps, lambda rng: negatives_instance(rng, distinct=True),
        numpy_check, results=[2, 4, 6],
        result_forms=(ResultForm("d x 1; code (d,)",
                                 "-sigmoid(-s_o) * outside_vectors[o] + sigmoid(s_neg) @ outside_vectors[negatives]"),
                      ResultForm("d x 1; code (d,), row o of grad_outside_vectors", "-sigmoid(-s_o) * center_vec"),
                      ResultForm("d x 1 each; code rows negatives of grad_outside_vectors",
                                 "np.outer(sigmoid(s_neg), center_vec)")),
        result_note=(r"Cost: $J$ and its gradients involve only the $K + 1$ columns $u_o, u_{w_1}, \dots, u_{w_K}$ "
                     r"of $U$, so one update takes $O(Kd)$ operations, against $O(|V|d)$ for the naive softmax, "
                     r"whose normalizer sums over the whole vocabulary."))


# --- (g) ------------------------------------------------------------------------------------------

def part_g() -> Derivation:
    u_draw = Vec("u", Entry("w", i))  # the vector of the i-th draw
    u_x = Vec("u", x)
    s_o = score(u_o)
    definition = Step("J", plus(-log(sigma(s_o)), -IndexSum(log(sigma(-score(u_draw))), i, NEGATIVES)),
                      "The negative-sampling loss with K draws that may repeat a word.")
    every_other_word = (x, Domain("vocab_except", o))
    steps = [
        Step("J", definition.expr,
             r"The same loss as in (f), but the $K$ draws $w_1, \dots, w_K$ may repeat a word (none is $o$)."),
        Step("J", plus(-log(sigma(s_o)),
                       -IndexSum(times(Entry("n", x), log(sigma(-score(u_x)))), x, Domain("vocab_except", o))),
             r"Group equal draws: a word $x$ drawn $n_x$ times contributes $n_x$ equal terms ($n_x = 0$ if it was "
             r"never drawn)."),
        Step(DUX, times(-1, Entry("n", x), log_sigma_factor(-score(u_x)), -v_c),
             r"Differentiate with respect to the vector $u_x$ of one word $x \neq o$ of the vocabulary (the $w$ "
             r"of the question; $i$ counts draws, as $k$ did in (f)): only the term of $x$ depends on it; the "
             r"chain rule is the one of (f).",
             derivative_of(1, u_x, "u_x"), free=every_other_word),
        Step(DUX, times(Entry("n", x), one_minus_sigma(-score(u_x)), v_c),
             r"Cancel $\sigma$ and the two minus signs: the gradient of (f), counted $n_x$ times.",
             free=every_other_word),
        Step(DUX, IndexSum(times(one_minus_sigma(-score(u_x)), v_c), i, Domain("draws_of", x)),
             r"The same as a sum over the draws of $x$: each draw adds its own term. This is why code must "
             r"accumulate repeated rows (`np.add.at`); `grad[idx] += g` keeps one update only.",
             free=every_other_word),
        Step(DV, plus(times(-1, one_minus_sigma(s_o), u_o),
                      IndexSum(times(one_minus_sigma(-score(u_draw)), u_draw), i, NEGATIVES)),
             r"The gradient with respect to $v_c$ is that of (f), term by term: a repeated word simply contributes "
             r"one term per draw.",
             derivative_of(0, v_c, "v_c")),
        Step(DUO, times(-1, one_minus_sigma(s_o), v_c),
             r"The gradient with respect to $u_o$ is unchanged from (f): $o$ is never drawn, so only the first "
             r"term depends on $u_o$.",
             derivative_of(0, u_o, "u_o")),
    ]

    def numpy_check(derivation, instances, value):
        fn = _losses().neg_sampling_loss_and_gradient

        def pairs(kk, inst):
            v, o_idx, outside, negs = _arrays(inst)
            loss, grad_center, grad_outside = fn(v, o_idx, outside, negs)
            out = [("the loss", value(0, kk), loss), ("dJ/dv_c", value(5, kk), grad_center),
                   ("dJ/du_o", value(6, kk), grad_outside[o_idx])]
            for word in range(1, outside.shape[0] + 1):
                if word - 1 != o_idx:
                    out.append((f"dJ/du_x for x={word}", value(3, kk, (("x", word),)), grad_outside[word - 1]))
            return out

        return compare_with_numpy(derivation, "w2v_core.losses.neg_sampling_loss_and_gradient with repeated negatives",
                                  pairs, instances)

    return Derivation("g", "Negative sampling with repeated negatives", definition, steps,
                      lambda rng: negatives_instance(rng, distinct=False, n_words=5), numpy_check, results=[3, 5, 6],
                      result_forms=(ResultForm("d x 1; code (d,), row x of grad_outside_vectors",
                                               "n[x] * sigmoid(outside_vectors[x] @ center_vec) * center_vec"),
                                    ResultForm("d x 1; code (d,)",
                                               "-sigmoid(-s_o) * outside_vectors[o] + sigmoid(s_draws) @ outside_vectors[draws]"),
                                    ResultForm("d x 1; code (d,), row o of grad_outside_vectors",
                                               "-sigmoid(-s_o) * center_vec")))
