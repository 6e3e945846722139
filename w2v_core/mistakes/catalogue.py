"""The catalogue: every known mistake once, with a name, a short explanation and where the book discusses it.

An entry with ``latex`` carries the wrong formula in the checker's notation (read by
:mod:`w2v_core.check`, per quantity); an entry with ``numpy`` names the function of
:mod:`w2v_core.mistakes` that computes the same wrong result in code, and ``tests/test_catalogue.py``
proves that the two agree on random instances. Entries without a formula are single slips the checker
recognises by undoing them (a lost minus, a transpose, sigma(x) for sigma(-x)).

Pure Python: it runs in the reader's browser with the checker.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mistake:
    name: str
    summary: str                                  # a few words: what was written
    explanation: str                              # one or two sentences: why it is wrong
    parts: str = "abcdefgh"                       # the parts where it occurs
    latex: dict = field(default_factory=dict)     # (part, quantity) -> the wrong formula, "part:quantity" keys
    numpy: str | None = None                      # "module.function" in w2v_core.mistakes
    section: str = "mistakes"                     # the label prefix of the section that discusses it

    def anchor_for(self, part: str) -> str:
        return f"{self.section}-{part}"


_ENTRIES = [
    # -- formulas: (b)-(d) --------------------------------------------------------------------------------
    Mistake("grad_center_with_U_transposed", "U^T (y_hat - y) for U (y_hat - y)",
            "U^T is |V| x d and cannot multiply the |V|-vector y_hat - y unless |V| = d: the paper's U is "
            "d x |V|, so the gradient is U (y_hat - y). In code the paper's U^T is outside_vectors.",
            parts="b", latex={"b:v_c": r"U^\top(\hat y - y)"}, numpy="naive_softmax.grad_center_with_U_transposed"),
    Mistake("grad_center_as_outer_product", "v_c (y_hat - y)^T, part (d)'s answer, for dJ/dv_c",
            "v_c (y_hat - y)^T is the gradient with respect to U, a d x |V| matrix; the gradient with respect to "
            "the d-vector v_c is a d-vector.",
            parts="b", latex={"b:v_c": r"v_c(\hat y - y)^\top"}, numpy="naive_softmax.grad_center_as_outer_product"),
    Mistake("residual_reversed", "y - y_hat for y_hat - y",
            "The residual is reversed: the derivative of -log y_hat_o brings y_hat - y, the prediction minus the "
            "one-hot truth. With y - y_hat every gradient step would climb the loss.",
            parts="bcdh", latex={"b:v_c": r"U(y - \hat y)", "c:u_w": r"(y_w - \hat y_w) v_c",
                                  "c:u_o": r"(1 - \hat y_o) v_c", "d:U": r"v_c (y - \hat y)^\top"}),
    Mistake("grad_outside_without_center", "y_hat_w - y_w without the factor v_c",
            "The gradient with respect to the d-vector u_w must be a d-vector: the chain rule through the score "
            "u_w^T v_c multiplies the scalar y_hat_w - y_w by v_c.",
            parts="c", latex={"c:u_w": r"\hat y_w - y_w", "c:u_o": r"\hat y_o - 1"},
            numpy="naive_softmax.grad_outside_without_center"),
    Mistake("grad_outside_ignoring_observed_case", "y_hat_w v_c for every word, the observed one included",
            "For w = o the loss has a second term, -u_o^T v_c, so dJ/du_o = (y_hat_o - 1) v_c; y_hat_w v_c holds "
            "only for w != o.",
            parts="c", latex={"c:u_w": r"\hat y_w v_c", "c:u_o": r"\hat y_o v_c"},
            numpy="naive_softmax.grad_outside_ignoring_observed_case"),
    Mistake("one_hot_for_prediction", "the one-hot y_o where y_hat_o belongs",
            "y_o is 1 by definition, so (y_o - 1) v_c is zero; the gradient has the model's probability y_hat_o, "
            "which is below 1 until the prediction is perfect.",
            parts="c", latex={"c:u_o": r"(y_o - 1) v_c"}),
    Mistake("grad_outside_matrix_transposed", "(y_hat - y) v_c^T, the code's layout, on paper",
            "(y_hat - y) v_c^T is |V| x d, the layout of the code's outside_vectors; the paper's U is d x |V| and "
            "so is its gradient, v_c (y_hat - y)^T. In code the mistake is the reverse: returning the paper's "
            "d x |V| matrix.",
            parts="d", latex={"d:U": r"(\hat y - y) v_c^\top"}, numpy="naive_softmax.grad_outside_in_paper_layout"),
    # -- formulas: (e) ------------------------------------------------------------------------------------
    Mistake("sigmoid_exponent_sign_lost", "sigma(x) = 1/(1 + e^x)",
            "1/(1 + e^x) is sigma(-x), a decreasing curve; the sigmoid is 1/(1 + e^{-x}).",
            parts="e", latex={"e:sigma": r"\frac{1}{1+e^{x}}"}, numpy="negative_sampling.sigmoid_exponent_sign_lost"),
    Mistake("derivative_of_lost_sign_sigmoid", "the derivative of 1/(1 + e^x)",
            "This is the derivative of 1/(1 + e^x), which decreases: -e^x/(1 + e^x)^2. The sigmoid 1/(1 + e^{-x}) "
            "increases, and its derivative sigma(x)(1 - sigma(x)) is positive.",
            parts="e", latex={"e:sigma_prime": r"-\frac{e^{x}}{(1+e^{x})^2}"},
            numpy="negative_sampling.sigmoid_grad_of_lost_sign"),
    Mistake("sigma_applied_twice", "sigma(x) sigma(1 - sigma(x)) for sigma(x)(1 - sigma(x))",
            "The second factor is the number 1 - sigma(x), not the sigmoid applied to it.",
            parts="e", latex={"e:sigma_prime": r"\sigma(x)\sigma(1-\sigma(x))"},
            numpy="negative_sampling.sigmoid_grad_sigma_applied_twice"),
    # -- formulas: (f), (g) -----------------------------------------------------------------------------
    Mistake("neg_sampling_sigma_flipped", "1 - sigma(u_k^T v_c) for 1 - sigma(-u_k^T v_c)",
            "sigma(-x) = 1 - sigma(x) used the wrong way round: the derivative of -log sigma(-s) is "
            "1 - sigma(-s) = sigma(s). The sign stays, the size is swapped, so the negatives the model already "
            "scores high are pushed least.",
            parts="fg", latex={"f:u_k": r"(1-\sigma(u_k^\top v_c)) v_c",
                               "f:v_c": r"-(1-\sigma(u_o^\top v_c)) u_o + \sum_{k=1}^{K}(1-\sigma(u_k^\top v_c)) u_k"},
            numpy="negative_sampling.neg_sampling_gradient_sigma_flipped"),
    Mistake("neg_sampling_outside_sign_flipped", "+(1 - sigma(u_o^T v_c)) v_c for dJ/du_o",
            "The derivative of -log sigma(s_o) is -(1 - sigma(s_o)): without the minus, a gradient step pushes "
            "u_o away from v_c, the opposite of what the observed pair should do.",
            parts="fg", latex={"f:u_o": r"(1-\sigma(u_o^\top v_c)) v_c", "g:u_o": r"(1-\sigma(u_o^\top v_c)) v_c",
                               "f:v_c": r"(1-\sigma(u_o^\top v_c)) u_o + \sum_{k=1}^{K}(1-\sigma(-u_k^\top v_c)) u_k"},
            numpy="negative_sampling.neg_sampling_gradient_outside_sign_flipped"),
    Mistake("negated_score_chain_dropped", "the minus of -u_k^T v_c lost in the chain rule",
            "d/du_k of -log sigma(-u_k^T v_c) is -(1 - sigma(-u_k^T v_c)) times the derivative of -u_k^T v_c, "
            "which is -v_c: the two minus signs make (1 - sigma(-u_k^T v_c)) v_c. Dropping the inner one flips "
            "the sign of every negative's term.",
            parts="fg", latex={"f:u_k": r"-(1-\sigma(-u_k^\top v_c)) v_c",
                               "f:v_c": r"-(1-\sigma(u_o^\top v_c)) u_o - \sum_{k=1}^{K}(1-\sigma(-u_k^\top v_c)) u_k"},
            numpy="negative_sampling.neg_sampling_gradient_negated_score_chain_dropped"),
    Mistake("sigma_minus_one_inside", "sigma(u_o^T v_c - 1) for sigma(u_o^T v_c) - 1",
            "The 1 belongs outside the sigmoid: d/ds of -log sigma(s) is sigma(s) - 1.",
            parts="fg", latex={"f:u_o": r"\sigma(u_o^\top v_c - 1) v_c", "g:u_o": r"\sigma(u_o^\top v_c - 1) v_c"}),
    Mistake("repeats_dropped", "one term for a word drawn several times",
            "A word drawn n_k times contributes n_k equal terms to the loss, so its gradient is "
            "n_k (1 - sigma(-u_k^T v_c)) v_c: a sum over the draws equal to w_k, not over the vocabulary (where "
            "w_k occurs once). In code, grad[idx] += g keeps one of the updates; np.add.at counts each draw.",
            parts="g", latex={"g:u_k": r"(1-\sigma(-u_k^\top v_c)) v_c"},
            numpy="negative_sampling.neg_sampling_gradient_repeats_dropped"),
    # -- formulas: (h) ------------------------------------------------------------------------------------
    Mistake("center_gradient_everywhere", "a non-zero gradient for v_w, w != c",
            "The window's loss involves only the center word's vector v_c; every other center vector v_w gets "
            "a zero gradient.",
            parts="h", latex={"h:v_w": r"\sum_{j \neq 0} U(\hat y - y^{(t+j)})"}),
    # -- single slips, recognised by undoing them ------------------------------------------------------------
    Mistake("sign_flipped", "the sign of the whole expression flipped",
            "The expression is the exact negative of what it should be: a minus sign lost or added "
            "(for a gradient, the step would climb the loss)."),
    Mistake("sign_dropped", "a minus sign lost in one term",
            "One term has the wrong sign; everything else is right."),
    Mistake("sigma_argument_sign", "sigma(x) for sigma(-x), or the reverse",
            "The argument of one sigmoid has the wrong sign, or, which is the same, sigma(-x) = 1 - sigma(x) was used "
            "the wrong way round: one factor is sigma where 1 - sigma belongs.", parts="efgh"),
    Mistake("transpose_slip", "a transpose added or lost",
            "A factor is transposed where it should not be (or the reverse): mixing the paper's convention "
            "(U is d x |V|) and the code's (outside_vectors is |V| x d).", parts="bcdh"),
    Mistake("y_for_y_hat", "y where y_hat belongs, or the reverse",
            "The one-hot truth y and the prediction y_hat are swapped in one place.", parts="abcdh"),
    Mistake("exp_dropped", "an exp lost",
            "A score u_w^T v_c stands where its exponential e^{u_w^T v_c} belongs.", parts="abcdh"),
    Mistake("center_vector_missing", "the factor v_c missing",
            "The answer is a number where the gradient with respect to a d-vector is a d-vector: the chain rule "
            "through u^T v_c brings the factor v_c.", parts="cfgh"),
    Mistake("window_averaged", "the window's sum averaged",
            "The skip-gram loss of a window is the sum of its pair losses, not their average, and so are its "
            "gradients.", parts="h"),
    Mistake("window_includes_center", "the window sum including j = 0",
            "The sum runs over -m <= j <= m with j != 0: the center word is not its own outside word.", parts="h"),
    Mistake("quantity_switched", "the answer for another quantity",
            "This is the right answer to a different question: the left side and the right side name different "
            "variables."),
]

CATALOGUE: dict[str, Mistake] = {m.name: m for m in _ENTRIES}


def get(name: str) -> Mistake:
    if name not in CATALOGUE:
        raise ValueError(f"no mistake named {name!r} in the catalogue")
    return CATALOGUE[name]


def formulas_for(part: str, quantity: str) -> list[Mistake]:
    """The entries that carry a wrong formula for ``quantity`` in ``part``, in catalogue order."""
    key = f"{part}:{quantity}"
    return [m for m in _ENTRIES if key in m.latex]


def formula(name: str, part: str, quantity: str) -> str:
    return get(name).latex[f"{part}:{quantity}"]
