"""The answer checker: correct forms accepted, every catalogued mistake named, wrong and shape errors told
apart, unreadable input refused safely, derivations marked at the right line. Inputs are in check_cases.py."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from check_cases import CORRECT, MISTAKES, UNREADABLE, WRONG
from w2v_core import check
from w2v_core.mistakes import catalogue


@pytest.mark.parametrize("part, latex, quantity", CORRECT)
def test_correct_forms_are_accepted(part, latex, quantity):
    report = check.answer(part, latex, quantity)
    assert report.verdict == "correct", [r.message for r in report.results]
    assert report.ok


def test_every_part_has_ten_correct_forms():
    for part in "abcdefgh":
        assert sum(1 for c in CORRECT if c[0] == part) >= 10, part


@pytest.mark.parametrize("part, latex, quantity, mistake", MISTAKES)
def test_known_mistakes_are_named(part, latex, quantity, mistake):
    result = check.answer(part, latex, quantity).results[0]
    assert (result.verdict, result.mistake) == ("mistake", mistake), result.message
    assert result.message and result.anchor == f"mistakes-{part}"


def test_every_catalogued_formula_is_diagnosed_by_the_tests():
    named = {m for *_, m in MISTAKES}
    assert set(catalogue.CATALOGUE) <= named


@pytest.mark.parametrize("part, latex, quantity, verdict", WRONG)
def test_wrong_and_shape(part, latex, quantity, verdict):
    result = check.answer(part, latex, quantity).results[0]
    assert result.verdict == verdict, result.message
    if verdict == "wrong":
        assert result.counterexample and result.counterexample["yours"] != result.counterexample["true"]


def test_shape_message_names_the_factors():
    message = check.answer("b", r"U^\top \hat y").results[0].message
    assert "U^\\top is |V| x d" in message and "undefined unless d = |V|" in message
    row = check.answer("b", r"v_c^\top U").results[0].message
    assert "a row, 1 x |V|" in row and "a column, d x 1" in row


@pytest.mark.parametrize("text", UNREADABLE, ids=lambda t: repr(t[:20]))
def test_unreadable_input_is_refused_quickly(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    start = time.monotonic()
    result = check.answer("b", text).results[0]
    assert result.verdict == "unreadable" and result.message
    assert time.monotonic() - start < 5
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing read


def test_check_json_never_raises():
    out = json.loads(check.check_json("z", "U", "answer"))
    assert out["results"][0]["verdict"] == "unreadable" and "part must be" in out["results"][0]["message"]
    out = json.loads(check.check_json("b", r"U(\hat y - y)", "answer"))
    assert set(out["results"][0]) >= {"quantity", "kind", "verdict", "mistake", "message", "first_wrong_line", "steps"}


DERIVATION_B = r"""We start from the loss.

$$
\begin{aligned}
J &= -\log \hat y_o \\
  &= -\log \frac{\exp(u_o^\top v_c)}{\sum_{w} \exp(u_w^\top v_c)} \\
  &= -u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)
\end{aligned}
$$

Differentiating:

$$\frac{\partial J}{\partial v_c} = -u_o + \frac{\sum_w \exp(u_w^\top v_c) u_w}{\sum_x \exp(u_x^\top v_c)}$$
$$= -u_o + \sum_w \hat y_w u_w$$
$$= U(\hat y - y)$$
"""


def test_a_correct_derivation_is_marked_step_by_step():
    report = check.derivation("b", DERIVATION_B)
    loss, grad = report.results
    assert [s.line for s in loss.steps] == [5, 6, 7] and loss.steps[0].status == "start"
    assert [s.status for s in grad.steps] == ["ok", "ok", "ok"] and [s.line for s in grad.steps] == [13, 14, 15]
    assert grad.verdict == "correct" and grad.first_wrong_line is None and report.ok


def test_the_first_wrong_line_is_found_and_named():
    text = DERIVATION_B.replace(r"$$= U(\hat y - y)$$", r"$$= U^\top(\hat y - y)$$")
    grad = check.derivation("b", text).results[1]
    assert grad.first_wrong_line == 15 and grad.steps[-1].mistake == "grad_center_with_U_transposed"
    assert grad.verdict == "mistake"


def test_two_slips_that_cancel_are_both_seen():
    text = "\n".join([
        r"$$J = -\log \sigma(u_o^\top v_c) - \sum_{k=1}^{K} \log \sigma(-u_k^\top v_c)$$",
        r"$$\frac{\partial J}{\partial u_k} = -\frac{1}{\sigma(-u_k^\top v_c)} \sigma(-u_k^\top v_c)(1-\sigma(-u_k^\top v_c)) v_c$$",
        r"$$= -(1-\sigma(-u_k^\top v_c)) v_c$$",
        r"$$= (1-\sigma(-u_k^\top v_c)) v_c$$"])
    grad = check.derivation("f", text).results[1]
    assert [s.status for s in grad.steps] == ["wrong", "ok", "wrong"]
    assert grad.steps[0].mistake == "negated_score_chain_dropped" and grad.first_wrong_line == 2
    assert grad.verdict == "correct" and not check.derivation("f", text).ok


def test_a_wrong_definition_at_the_start_is_caught():
    text = "$$\\sigma(x) = \\frac{1}{1+e^{x}}$$\n$$\\sigma'(x) = \\frac{-e^{x}}{(1+e^{x})^2}$$\n" \
           "$$= \\sigma(x)(1-\\sigma(x))$$"
    report = check.derivation("e", text)
    sigma_chain, grad = report.results
    assert sigma_chain.steps[0].status == "wrong" and sigma_chain.first_wrong_line == 1
    assert sigma_chain.steps[0].mistake == "sigmoid_exponent_sign_lost"
    assert grad.steps[0].status == "ok"  # the derivative of the (wrong) line before
    assert grad.steps[1].status == "wrong" and grad.first_wrong_line == 3


def test_a_derivative_operator_line_is_differentiated():
    text = r"$$\frac{\partial J}{\partial v_c} = \frac{\partial}{\partial v_c}\left[-u_o^\top v_c + \log \sum_w \exp(u_w^\top v_c)\right] = U(\hat y - y)$$"
    grad = check.derivation("b", text).results[0]
    assert [s.status for s in grad.steps] == ["start", "ok"]


def test_an_unreadable_line_is_marked_and_reading_goes_on():
    text = "$$J = -\\log \\hat y_o$$\n$$= \\foo$$\n$$= -u_o^\\top v_c + \\log \\sum_w e^{u_w^\\top v_c}$$"
    loss = check.derivation("a", text).results[0]
    assert [s.status for s in loss.steps] == ["start", "unreadable", "ok"]


def test_the_checker_imports_without_numpy():
    code = "import sys; sys.modules['numpy'] = None; from w2v_core import check; " \
           "print(check.answer('b', r'U(\\hat y - y)').verdict)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "correct"


def test_command_line(tmp_path):
    good = tmp_path / "b.md"
    good.write_text(DERIVATION_B)
    run = lambda *args: subprocess.run([sys.executable, "-m", "w2v_core", "check", *args], capture_output=True,
                                       text=True, timeout=300)
    ok = run("b", str(good), "--json")
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["part"] == "b" and [r["quantity"] for r in data["results"]] == ["J", "v_c"]
    bad = tmp_path / "bad.tex"
    bad.write_text(r"U^\top(\hat y - y)")
    out = run("b", str(bad))
    assert out.returncode == 1 and "grad_center_with_U_transposed" in out.stdout
    assert run("z", str(bad)).returncode == 2
    assert run("b", str(tmp_path / "missing.md")).returncode == 2


@pytest.mark.parametrize("part", "abcdefgh")
def test_the_books_own_derivations_pass_the_checker(part):
    """One machine checks both: every step the book displays, pasted as a student would, follows."""
    from w2v_core.derivations import derive

    steps = derive(part).steps
    text = "\n".join(f"$${s.latex}$$" for s in steps)
    report = check.derivation(part, text)
    marks = [s for r in report.results for s in r.steps]
    assert len(marks) == len(steps)
    for mark in marks:
        # the book's matrix of columns, [a & ... & b], is notation of the book, not of answers
        assert mark.status in ("ok", "start") or (mark.status == "unreadable" and "bmatrix" in mark.message), mark
    assert all(r.verdict == "correct" for r in report.results if r.verdict != "unreadable")


def test_spacing_and_conditions_after_a_formula():
    assert check.answer("b", r"U \quad (\hat y - y)").verdict == "correct"
    assert check.answer("f", r"\frac{\partial J}{\partial u_k} = \sigma(u_k^T v_c) v_c \quad k = 1, \dots, K").verdict \
        == "correct"
    assert check.answer("c", r"\frac{\partial J}{\partial u_w} = \hat y_w v_c \qquad \text{for } w \neq o").verdict \
        == "correct"
