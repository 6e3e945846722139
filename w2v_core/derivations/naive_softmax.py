"""Parts (a)-(d): the naive-softmax loss and its gradients, step by step.

Paper convention throughout: U is d x |V| with columns u_w, v_c is d x 1, y is one-hot at o and
y_hat = softmax(U^T v_c). The NumPy comparison translates to the code's rows: ``outside_vectors`` is
U^T and ``grad_outside_vectors`` is (dJ/dU)^T.
"""
from __future__ import annotations

import importlib

from .._lazy import numpy as np  # imported on first use: the checker runs without numpy
import sympy as sp
from sympy import exp, log

from .core import Derivation, ResultForm, Step, compare_with_numpy, derivative_of
from .evaluate import scores_instance, vocab_instance
from .notation import (Cases, Columns, Domain, Dot, Entry, IndexSum, Times, Tr, Vec, matrix_symbol, plus,
                       times)

w, x, o, c = sp.symbols("w x o c")
U = matrix_symbol("U")
y = matrix_symbol("y")
y_hat = matrix_symbol(r"\hat{y}")
v_c = Vec("v", c)
u_o = Vec("u", o)
VOCAB = Domain("vocab")


def u(i):
    return Vec("u", i)


def score(i):
    """The score u_i^T v_c of word i."""
    return Dot(u(i), v_c)


def y_(i):
    return Entry("y", i)


def y_hat_(i):
    return Entry(r"\hat{y}", i)


def normalizer():
    """Sum over x of e^{u_x^T v_c}, the softmax denominator."""
    return IndexSum(exp(score(x)), x, VOCAB)


LOSS = Step("J", -log(y_hat_(o)),
            r"The naive-softmax loss is minus the log of the probability that $\hat{y} = \mathrm{softmax}(U^\top v_c)$ "
            r"gives to the observed outside word $o$.")
LOSS_EXPANDED = plus(-score(o), log(normalizer()))


def _losses():
    # Looked up at call time, so that the check compares with whatever the package holds now.
    return importlib.import_module("w2v_core.losses")


def _pair_arrays(inst):
    """The instance's values as the code stores them: v_c of shape (d,), outside_vectors (|V|, d)."""
    env = inst.env(frozenset())
    U_num = np.array(env["U"].tolist(), dtype=float)
    v_num = np.array(env["V"][:, env["c"] - 1].tolist(), dtype=float).ravel()
    return v_num, env["o"] - 1, U_num.T


# --- the key lemma: the gradient of the loss with respect to the scores --------------------------------

THETA = matrix_symbol(r"\theta")
LEMMA_LATEX = r"\frac{\partial J}{\partial \theta} = \hat{y} - y"


def softmax_lemma() -> Derivation:
    """dJ/dtheta = y_hat - y for J = -log softmax(theta)_o: the one fact (b), (c) and (d) build on."""
    dtheta = r"\frac{\partial J}{\partial \theta}"
    theta_ = lambda i: Entry(r"\theta", i)
    definition = Step("J", -log(y_hat_(o)),
                      r"The loss as a function of the scores $\theta = U^\top v_c$: "
                      r"$J = -\log \hat{y}_o$ with $\hat{y} = \mathrm{softmax}(\theta)$.")
    steps = [
        Step("J", -log(y_hat_(o)), definition.note),
        Step("J", plus(-theta_(o), log(IndexSum(exp(theta_(x)), x, VOCAB))),
             r"Write the softmax out and split the log of the quotient: $J = -\theta_o + \log \sum_x e^{\theta_x}$."),
        Step(dtheta, plus(y_hat, -y),
             r"Differentiate with respect to each score $\theta_w$: the first term gives $-1$ exactly when $w = o$, "
             r"that is $-y_w$; the log-sum gives $e^{\theta_w} / \sum_x e^{\theta_x} = \hat{y}_w$. As a column "
             r"with the shape of $\theta$: $\hat{y} - y$.",
             derivative_of(1, THETA, r"\theta")),
    ]

    def numpy_check(derivation, instances, value):
        activations = importlib.import_module("w2v_core.activations")

        def pairs(k, inst):
            env = inst.env(frozenset())
            theta = np.array(env[r"\theta"].tolist(), dtype=float).ravel()
            y_num = np.eye(theta.size)[env["o"] - 1]
            return [("the loss", value(0, k), float(-activations.log_softmax(theta)[env["o"] - 1])),
                    ("dJ/dtheta", value(2, k), activations.softmax(theta) - y_num)]

        return compare_with_numpy(derivation, "w2v_core.activations.softmax - y (and log_softmax)", pairs, instances)

    return Derivation("softmax", "The key lemma: the gradient with respect to the scores", definition, steps,
                      scores_instance, numpy_check, results=[2],
                      result_forms=(ResultForm("|V| x 1; code (|V|,)", "softmax(outside_vectors @ center_vec) - y"),))


# --- (a) ------------------------------------------------------------------------------------------

def part_a() -> Derivation:
    H = r"H(y, \hat{y})"
    definition = Step(H, -IndexSum(y_(w) * log(y_hat_(w)), w, VOCAB), "The cross-entropy between y and y_hat.")
    rest = lambda body: IndexSum(body, w, Domain("vocab_except", o))
    steps = [
        Step(H, definition.expr,
             r"The cross-entropy of the prediction $\hat{y}$ against the true distribution $y$, a sum over the vocabulary."),
        Step(H, plus(-y_(o) * log(y_hat_(o)), -rest(y_(w) * log(y_hat_(w)))),
             r"Take the term $w = o$ out of the sum."),
        Step(H, plus(-Times(1, log(y_hat_(o))), -rest(Times(0, log(y_hat_(w))))),
             r"$y$ is one-hot at $o$: $y_o = 1$, and $y_w = 0$ for every other word."),
        Step(H, -log(y_hat_(o)),
             r"Every term of the remaining sum is 0. What is left is $-\log \hat{y}_o = -\log P(O = o \mid C = c)$, "
             r"the naive-softmax loss $J$."),
    ]

    def numpy_check(derivation, instances, value):
        fn = _losses().naive_softmax_loss_and_gradient

        def pairs(k, inst):
            loss, _, _ = fn(*_pair_arrays(inst))
            return [("the loss", value(3, k), loss)]

        return compare_with_numpy(derivation, "the loss of w2v_core.losses.naive_softmax_loss_and_gradient", pairs, instances)

    return Derivation("a", "The naive-softmax loss is a cross-entropy", definition, steps, vocab_instance,
                      numpy_check, results=[3],
                      result_forms=(ResultForm("a scalar", "-log_softmax(outside_vectors @ center_vec)[o]"),),
                      result_note=r"The cross-entropy equals the naive-softmax loss $J = -\log \hat{y}_o$.")


# --- (b) ------------------------------------------------------------------------------------------

def part_b() -> Derivation:
    dv = r"\frac{\partial J}{\partial v_c}"
    steps = [
        Step("J", -log(exp(score(o)) / normalizer()),
             r"Write $\hat{y}_o$ out: the softmax of the scores $u_w^\top v_c$, taken at $o$."),
        Step("J", LOSS_EXPANDED,
             r"The log of a quotient is a difference of logs, and $\log e^{s} = s$."),
        Step(dv, plus(-u_o, times(IndexSum(exp(score(w)) * u(w), w, VOCAB), sp.Pow(normalizer(), -1))),
             r"Differentiate: the gradient of $u_o^\top v_c$ with respect to $v_c$ is $u_o$ (a gradient has the "
             r"shape of its variable); for the log-sum, the chain rule through $\log$ and then $\exp$, where each "
             r"score $u_w^\top v_c$ contributes $u_w$.",
             derivative_of(1, v_c, "v_c")),
        Step(dv, plus(-u_o, IndexSum(y_hat_(w) * u(w), w, VOCAB)),
             r"Each weight $e^{u_w^\top v_c} / \sum_x e^{u_x^\top v_c}$ is the softmax output $\hat{y}_w$."),
        Step(dv, plus(-times(U, y), times(U, y_hat)),
             r"A weighted sum of the columns of $U$ is a matrix-vector product: $\sum_w \hat{y}_w u_w = U\hat{y}$; "
             r"and $u_o = U y$ because $y$ is one-hot at $o$."),
        Step(dv, times(U, plus(y_hat, -y)),
             r"Factor $U$ out on the left. $U$ is $d \times |V|$ and $\hat{y} - y$ is $|V| \times 1$: "
             r"the gradient is $d \times 1$, like $v_c$. (In code, with $U$ stored as rows: "
             r"`outside_vectors.T @ (y_hat - y)`.)"),
        Step(dv, times(U, plus(y_hat, -y)),
             r"The same in one chain rule from the key lemma $\partial J / \partial \theta = \hat{y} - y$ for the "
             r"scores $\theta = U^\top v_c$: each score $\theta_w = u_w^\top v_c$ has gradient $u_w$ with respect to "
             r"$v_c$, so $\partial J / \partial v_c = \sum_w (\hat{y}_w - y_w)\, u_w = U\,\partial J/\partial \theta$.",
             derivative_of(1, v_c, "v_c")),
    ]

    def numpy_check(derivation, instances, value):
        fn = _losses().naive_softmax_loss_and_gradient

        def pairs(k, inst):
            loss, grad_center, _ = fn(*_pair_arrays(inst))
            return [("the loss", value(0, k), loss), ("dJ/dv_c", value(len(derivation.steps) - 1, k), grad_center)]

        return compare_with_numpy(derivation, "w2v_core.losses.naive_softmax_loss_and_gradient (loss, grad_center_vec)",
                        pairs, instances)

    return Derivation("b", "Gradient with respect to the center vector", LOSS, steps, vocab_instance, numpy_check,
                      results=[6], result_forms=(ResultForm("d x 1; code (d,)", "outside_vectors.T @ (y_hat - y)"),))


# --- (c) ------------------------------------------------------------------------------------------

def part_c() -> Derivation:
    du = r"\frac{\partial J}{\partial u_w}"
    every_word = (w, VOCAB)
    steps = [
        Step("J", LOSS_EXPANDED,
             r"As in (b): $J = -\log \hat{y}_o$ with the softmax written out and the log of the quotient split."),
        Step(du, plus(-y_(w) * v_c, times(exp(score(w)), sp.Pow(normalizer(), -1), v_c)),
             r"Differentiate with respect to one column $u_w$. The first term depends on $u_w$ only when $w = o$, "
             r"which is exactly when $y_w = 1$; in the log-sum only the term $x = w$ depends on $u_w$, "
             r"and the gradient of $u_w^\top v_c$ with respect to $u_w$ is $v_c$.",
             derivative_of(0, u(w), "u_w"), free=every_word),
        Step(du, plus(-y_(w) * v_c, y_hat_(w) * v_c),
             r"The fraction is the softmax output $\hat{y}_w$.", free=every_word),
        Step(du, times(plus(y_hat_(w), -y_(w)), v_c),
             r"Factor out $v_c$. The answer is a $d \times 1$ vector: the scalar $\hat{y}_w - y_w$ alone is not "
             r"the gradient.", free=every_word),
        Step(du, times(plus(y_hat_(w), -y_(w)), v_c),
             r"The same in one chain rule from the key lemma: $u_w$ enters only the score $\theta_w = u_w^\top v_c$, "
             r"whose gradient with respect to $u_w$ is $v_c$, and $\partial J/\partial \theta_w = \hat{y}_w - y_w$.",
             derivative_of(0, u(w), "u_w"), free=every_word),
        Step(du, Cases((times(plus(y_hat_(o), -1), v_c), sp.Eq(w, o, evaluate=False)), (times(y_hat_(w), v_c), True)),
             r"Read off the two cases from $y_w$: 1 for the observed word $o$, 0 for every other word.",
             free=every_word),
    ]

    def numpy_check(derivation, instances, value):
        fn = _losses().naive_softmax_loss_and_gradient

        def pairs(k, inst):
            loss, _, grad_outside = fn(*_pair_arrays(inst))
            out = [("the loss", value(0, k), loss)]
            for word in range(1, inst.structure["|V|"] + 1):
                out.append((f"dJ/du_{word}", value(5, k, (("w", word),)), grad_outside[word - 1]))
            return out

        return compare_with_numpy(derivation, "the rows of grad_outside_vectors from w2v_core.losses.naive_softmax_loss_and_gradient",
                        pairs, instances)

    return Derivation("c", "Gradient with respect to one outside vector", LOSS, steps, vocab_instance, numpy_check,
                      results=[5], result_forms=(ResultForm("d x 1; code (d,), row w of grad_outside_vectors",
                                                            "(y_hat[w] - y[w]) * center_vec"),))


# --- (d) ------------------------------------------------------------------------------------------

def part_d() -> Derivation:
    dU = r"\frac{\partial J}{\partial U}"
    steps = [
        Step("J", LOSS_EXPANDED, r"The loss as in (b) and (c)."),
        Step(dU, Columns(times(plus(y_hat_(w), -y_(w)), v_c), w),
             r"The gradient with respect to $U$ has the shape of $U$: its column $w$ is the gradient with respect "
             r"to the column $u_w$, found in (c).",
             derivative_of(0, U, "U")),
        Step(dU, times(v_c, Columns(plus(y_hat_(w), -y_(w)), w)),
             r"Every column is $v_c$ times a scalar: take $v_c$ out on the left, which leaves a row of those scalars."),
        Step(dU, times(v_c, Tr(plus(y_hat, -y))),
             r"That row is $(\hat{y} - y)^\top$. A $d \times 1$ column times a $1 \times |V|$ row is $d \times |V|$, "
             r"the shape of $U$. In code, where $U$ is stored as its transpose, this is "
             r"`np.outer(y_hat - y, center_vec)`, of shape $(|V|, d)$."),
        Step(dU, times(v_c, Tr(plus(y_hat, -y))),
             r"The same in one chain rule from the key lemma: column $w$ of $U$ enters only $\theta_w = u_w^\top v_c$, "
             r"so column $w$ of the gradient is $v_c\,\partial J/\partial \theta_w$, and side by side "
             r"$v_c\,(\partial J/\partial \theta)^\top$.",
             derivative_of(0, U, "U")),
    ]

    def numpy_check(derivation, instances, value):
        fn = _losses().naive_softmax_loss_and_gradient

        def pairs(k, inst):
            loss, _, grad_outside = fn(*_pair_arrays(inst))
            return [("the loss", value(0, k), loss), ("dJ/dU", value(len(derivation.steps) - 1, k), grad_outside.T)]

        return compare_with_numpy(derivation, "grad_outside_vectors.T from w2v_core.losses.naive_softmax_loss_and_gradient",
                        pairs, instances)

    return Derivation("d", "Gradient with respect to the outside-vector matrix", LOSS, steps, vocab_instance,
                      numpy_check, results=[4],
                      result_forms=(ResultForm("d x |V|; code (|V|, d), the transpose", "np.outer(y_hat - y, center_vec)"),))
