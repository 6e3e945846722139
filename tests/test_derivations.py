"""The SymPy derivations of parts (a)-(h): every step is checked, and the checks have teeth.

A check that cannot fail proves nothing, so most tests here break something on purpose (a step,
a NumPy function) and assert that verification notices.
"""
import dataclasses
import re

import numpy as np
import pytest
import sympy as sp

import w2v_core.activations
import w2v_core.losses
from w2v_core.derivations import PARTS, Derivation, Step, StepCheck, VerificationReport, derive
from w2v_core.derivations.notation import Dot, Entry, Tr, Vec, ZeroVec, matrix_symbol, plus, sigma, times
from w2v_core.views.derivation_view import show_derivation

STEPS = [(part, i) for part in PARTS for i in range(len(derive(part).steps))]


def light(d: Derivation, n_instances: int = 3) -> Derivation:
    """Fewer random instances: a wrong step must fail even then (more instances only add chances to fail)."""
    d.n_instances = n_instances
    return d


def mutated(part: str, i: int, expr) -> Derivation:
    d = light(derive(part))
    d.steps[i] = dataclasses.replace(d.steps[i], expr=expr)
    return d


@pytest.fixture(scope="module")
def reports():
    return {part: derive(part).verify() for part in PARTS}


# --- every part verifies ---------------------------------------------------------------------------

@pytest.mark.parametrize("part", PARTS)
def test_every_step_and_the_numpy_result_verify(part, reports):
    d, report = derive(part), reports[part]
    assert isinstance(report, VerificationReport)
    assert report.ok, str(report)
    assert report.failures == []
    # one check per step, then the comparison with NumPy
    assert [c.index for c in report.checks] == list(range(len(d.steps) + 1))
    assert all(isinstance(c, StepCheck) and c.ok and c.method for c in report.checks)
    for c in report.checks[:-1]:
        assert c.method.split(":")[0] in ("symbolic", "exact", "high precision"), c.method
    assert report.checks[-1].method.startswith("numeric: matches ") and "w2v_core." in report.checks[-1].method


@pytest.mark.parametrize("part", PARTS)
def test_derivation_has_the_documented_shape(part):
    d = derive(part)
    assert d.part == part and d.title
    assert len(d.steps) >= 4, "a derivation shows the moves, not only the answer"
    assert all(isinstance(s, Step) and isinstance(s.note, str) for s in d.steps)
    assert all(0 <= i < len(d.steps) for i in d.results)
    # every part except (a), an identity, differentiates somewhere, and SymPy takes that derivative
    if part != "a":
        assert any(s.relation.wrt is not None for s in d.steps)


def test_derive_returns_a_fresh_derivation_each_time():
    d = derive("b")
    d.steps[0] = dataclasses.replace(d.steps[0], expr=2 * d.steps[0].expr)
    assert derive("b").steps[0].expr != d.steps[0].expr


@pytest.mark.parametrize("bad", ["z", "", "ab", "B", 1, None])
def test_derive_rejects_an_unknown_part(bad):
    with pytest.raises(ValueError, match="part") as err:
        derive(bad)
    assert repr(bad) in str(err.value)


# --- the checks have teeth: a wrong step fails -----------------------------------------------------

def _wrong_versions(expr):
    if isinstance(expr, ZeroVec):
        return [Vec("v", sp.Symbol("c"))]  # "every center vector gets v_c's gradient": non-zero
    return [2 * expr, -expr]


@pytest.mark.parametrize("part,i", STEPS)
def test_a_mutated_step_fails_its_own_check(part, i):
    for wrong in _wrong_versions(derive(part).steps[i].expr):
        report = mutated(part, i, wrong).verify()
        assert not report.ok
        own = report.checks[i]
        assert not own.ok, f"step {i} of ({part}) replaced by {wrong} still passes: {own.method}"


def test_a_wrong_step_is_caught_by_the_next_step_too():
    d = derive("b")
    report = mutated("b", 3, 2 * d.steps[3].expr).verify()
    assert not report.checks[3].ok and not report.checks[4].ok
    assert report.checks[2].ok and report.checks[5].ok


def test_a_wrong_final_step_also_fails_against_numpy():
    d = derive("d")
    report = mutated("d", len(d.steps) - 1, -d.steps[-1].expr).verify()
    assert not report.checks[-1].ok
    assert "does NOT match" in report.checks[-1].method


c, o, w, k, x = sp.symbols("c o w k x")
U, y, y_hat = matrix_symbol("U"), matrix_symbol("y"), matrix_symbol(r"\hat{y}")
v_c = Vec("v", c)

# The frequent mistakes of design.md, section 1, each written as the step it would replace.
STUDENT_MISTAKES = {
    "(b) U^T instead of U": ("b", 5, times(Tr(U), plus(y_hat, -y))),
    "(b) the code's outer product on paper": ("b", 5, times(v_c, Tr(plus(y_hat, -y)))),
    "(b) y - y_hat": ("b", 5, times(U, plus(y, -y_hat))),
    "(c) forgetting the factor v_c": ("c", 3, plus(Entry(r"\hat{y}", w), -Entry("y", w))),
    "(d) (y_hat - y) v_c^T, the code's layout": ("d", 3, times(plus(y_hat, -y), Tr(v_c))),
    "(e) sigma'(x) = sigma(x)": ("e", 5, 1 / (1 + sp.exp(-x))),
    "(e) the sign of the exponent lost": ("e", 0, 1 / (1 + sp.exp(x))),
    "(f) sigma(-x) = 1 - sigma(x) the wrong way round": (
        "f", 7, times(plus(1, -sigma(Dot(Vec("u", k, via="w"), v_c))), v_c)),
    "(g) a repeated negative counted once": (
        "g", 3, times(plus(1, -sigma(-Dot(Vec("u", k), v_c))), v_c)),
}


@pytest.mark.parametrize("name", sorted(STUDENT_MISTAKES))
def test_a_frequent_student_mistake_fails(name):
    part, i, wrong = STUDENT_MISTAKES[name]
    report = mutated(part, i, wrong).verify()
    assert not report.checks[i].ok, name


# --- the last check really compares with NumPy ------------------------------------------------------

def test_the_numpy_check_calls_the_naive_softmax_function(monkeypatch):
    real = w2v_core.losses.naive_softmax_loss_and_gradient

    def off_by_one_percent(*args):
        loss, grad_center, grad_outside = real(*args)
        return loss, 1.01 * grad_center, grad_outside

    monkeypatch.setattr(w2v_core.losses, "naive_softmax_loss_and_gradient", off_by_one_percent)
    report = light(derive("b")).verify()
    assert [c.ok for c in report.checks[:-1]] == [True] * (len(report.checks) - 1)
    assert not report.checks[-1].ok and "does NOT match" in report.checks[-1].method
    assert light(derive("d")).verify().ok  # (d) checks grad_outside_vectors, which is untouched


def test_parts_c_and_d_compare_the_outside_gradient(monkeypatch):
    real = w2v_core.losses.naive_softmax_loss_and_gradient

    def one_row_sign_flipped(*args):
        loss, grad_center, grad_outside = real(*args)
        wrong = grad_outside.copy()
        wrong[0] *= -1.0  # one row with the wrong sign
        return loss, grad_center, wrong

    monkeypatch.setattr(w2v_core.losses, "naive_softmax_loss_and_gradient", one_row_sign_flipped)
    assert not light(derive("c")).verify().checks[-1].ok
    assert not light(derive("d")).verify().checks[-1].ok
    assert light(derive("b")).verify().ok


def test_part_f_compares_the_outside_word_row(monkeypatch):
    real = w2v_core.losses.neg_sampling_loss_and_gradient

    def sign_error_on_u_o(center_vec, outside_idx, outside_vectors, neg_indices):
        loss, grad_center, grad_outside = real(center_vec, outside_idx, outside_vectors, neg_indices)
        grad_outside = grad_outside.copy()
        grad_outside[outside_idx] *= -1.0
        return loss, grad_center, grad_outside

    monkeypatch.setattr(w2v_core.losses, "neg_sampling_loss_and_gradient", sign_error_on_u_o)
    report = light(derive("f")).verify()
    assert not report.checks[-1].ok and all(c.ok for c in report.checks[:-1])


def test_repeated_negatives_catch_the_fancy_indexing_bug(monkeypatch):
    """`grad[idx] += g` keeps one update per repeated index: (f) cannot see it, (g) must."""
    sigmoid = w2v_core.activations.sigmoid

    def buggy(center_vec, outside_idx, outside_vectors, neg_indices):
        loss, grad_center, grad_outside = real(center_vec, outside_idx, outside_vectors, neg_indices)
        coef = np.asarray(sigmoid(outside_vectors[neg_indices] @ center_vec))
        grad_outside = grad_outside.copy()
        grad_outside[neg_indices] = 0.0
        grad_outside[neg_indices] += np.outer(coef, center_vec)  # the bug
        return loss, grad_center, grad_outside

    real = w2v_core.losses.neg_sampling_loss_and_gradient
    monkeypatch.setattr(w2v_core.losses, "neg_sampling_loss_and_gradient", buggy)
    assert light(derive("f"), 5).verify().ok
    report = light(derive("g"), 5).verify()
    assert not report.checks[-1].ok
    assert all(c.ok for c in report.checks[:-1])


def test_the_numpy_check_calls_sigmoid_grad(monkeypatch):
    monkeypatch.setattr(w2v_core.activations, "sigmoid_grad", lambda x: np.full(np.shape(x), 0.25))
    assert not light(derive("e")).verify().checks[-1].ok


def test_the_numpy_check_calls_skipgram(monkeypatch):
    import importlib

    module = importlib.import_module("w2v_core.skipgram")
    real = module.skipgram

    def center_gradient_everywhere(*args, **kwargs):
        loss, grad_center, grad_outside = real(*args, **kwargs)
        return loss, grad_center + grad_center.sum(axis=0), grad_outside

    monkeypatch.setattr(module, "skipgram", center_gradient_everywhere)
    assert not light(derive("h")).verify().checks[-1].ok


def test_a_numpy_function_that_raises_is_a_failed_check(monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(w2v_core.losses, "naive_softmax_loss_and_gradient", broken)
    report = light(derive("a")).verify()
    assert not report.ok and "boom" in report.checks[-1].detail


# --- the LaTeX -----------------------------------------------------------------------------------

def _balanced(latex: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\[{}]", "", latex):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("part,i", STEPS)
def test_each_step_has_plausible_latex(part, i):
    step = derive(part).steps[i]
    latex = step.latex
    assert latex.strip() and " = " in latex and "$" not in latex
    assert _balanced(latex), latex
    assert latex.count(r"\left") == latex.count(r"\right"), latex
    assert re.findall(r"\\begin\{(\w+)\}", latex) == re.findall(r"\\end\{(\w+)\}", latex)
    assert _balanced(step.note) and step.note.count("$") % 2 == 0, step.note
    # only standard MathJax 3 macros (no SymPy-specific ones such as \mathtt{\text{...}})
    assert "mathtt" not in latex and "operatorname" not in latex


def test_the_results_are_written_in_the_paper_convention():
    assert derive("b").steps[-1].latex.endswith(r"= U \left(\hat{y} - y\right)")
    assert derive("d").steps[-1].latex.endswith(r"= v_{c} \left(\hat{y} - y\right)^{\top}")
    assert derive("e").steps[-1].latex.endswith(r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)")
    assert r"\text{if } w = o" in derive("c").steps[-1].latex


# --- the display ----------------------------------------------------------------------------------

def test_show_derivation_says_verified_for_each_passing_check():
    out = show_derivation("b")
    d = derive("b")
    assert out.data.count("verified") == len(d.steps) + 1
    assert "FAILED" not in out.data and "FAILED" not in out._repr_html_()
    shown_definition = 1  # (b) starts from J = -log y_hat_o, then writes the softmax out in step 0
    assert out.data.count("$$") == 2 * (shown_definition + len(d.steps) + len(d.results))
    assert d.definition.latex in out.data
    for step in d.steps:
        assert step.latex in out.data
    assert out.report.ok


def test_show_derivation_shows_a_failed_step_loudly_and_never_as_verified():
    d = derive("c")
    d.steps[2] = dataclasses.replace(d.steps[2], expr=-d.steps[2].expr)
    out = show_derivation(d)
    assert "FAILED" in out.data and "FAILED" in out._repr_html_()
    passed = sum(c.ok for c in out.report.checks)
    assert passed < len(out.report.checks)
    assert out.data.count("verified") == passed
    assert out._repr_html_().count("verified") == passed
    # the status line right under the mutated step is the failure
    after = out.data.split(d.steps[2].latex, 1)[1]
    assert after.lstrip().startswith("$$\n\n**✗ FAILED")


@pytest.mark.parametrize("part", ["e", "h"])
def test_a_derivation_that_starts_at_its_definition_does_not_call_that_start_verified(part):
    # Step 0 of (e) is the definition itself; its check can only pass, so the page must not present
    # it as a verified step. Every later step is numbered as the checks name it ("from step 1").
    d = derive(part)
    assert d.steps[0].expr == d.definition.expr
    out = show_derivation(part)
    for text in (out.data, out._repr_html_()):
        assert text.count("verified") == len(d.steps)  # steps 1.. and the final comparison
        assert "Step 0 (the definition)." in text and "The starting point" in text
        assert all(f"Step {i}." in text for i in range(1, len(d.steps)))
    first_status = out.data.split(d.steps[0].latex, 1)[1].lstrip()
    assert first_status.startswith("$$\n\n*The starting point")


def test_show_derivation_html_puts_math_where_mathjax_looks():
    html = show_derivation("e")._repr_html_()
    assert html.count('<div class="math notranslate nohighlight">\\[') == len(derive("e").steps) + 1
    assert "$$" not in html


def test_show_derivation_rejects_other_arguments():
    with pytest.raises(ValueError, match="part"):
        show_derivation("q")
    with pytest.raises(ValueError, match="part_or_derivation"):
        show_derivation(3.5)


def test_a_transposed_numpy_gradient_is_a_shape_error_not_a_reshape(monkeypatch):
    real = w2v_core.losses.naive_softmax_loss_and_gradient

    def paper_layout(*args):  # returns dJ/dU as d x |V| instead of the code's (|V|, d)
        loss, grad_center, grad_outside = real(*args)
        return loss, grad_center, grad_outside.T

    monkeypatch.setattr(w2v_core.losses, "naive_softmax_loss_and_gradient", paper_layout)
    final = light(derive("d")).verify().checks[-1]
    assert not final.ok and "shape" in final.detail
