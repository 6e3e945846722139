"""Inputs and the verdicts they must get, shared by the checker's two doors (issue 10).

test_check_cases.py passes each case to ``w2v_core.check.check_json`` in Python; test_checker_browser.py
types the same text into the answer box of the built site and reads the verdict from the page. Both
assert the verdicts written here, by hand, from the mathematics of each part (design.md, section 1):
nothing here is computed by the checker.

A case: the part, the mode ("answer" or "derivation"), the student's LaTeX, the verdict (correct, mistake,
shape, wrong, unreadable), the catalogue name of the mistake (None: none, or not asserted), the first wrong
line of a derivation (1-based, None: not asserted), and the quantity picked in the box (None: from the
left side).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckCase:
    id: str
    part: str
    mode: str
    text: str
    verdict: str
    mistake: str | None = None
    first_wrong_line: int | None = None
    quantity: str | None = None


CASES: list[CheckCase] = [
    # (b): equivalent forms of U(y_hat - y) must all be accepted.
    CheckCase("b-matrix-form", "b", "answer", r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y)", "correct"),
    CheckCase("b-sum-form", "b", "answer", r"\frac{\partial J}{\partial v_c} = -u_o + \sum_{w} \hat y_w u_w",
              "correct"),
    CheckCase("b-minus-outside", "b", "answer", r"\frac{\partial J}{\partial v_c} = -U\left(y - \hat y\right)",
              "correct"),
    CheckCase("b-no-left-side", "b", "answer", r"U\hat{y} - Uy", "correct"),
    # (b): the sign of the whole gradient flipped.
    CheckCase("b-sign-flipped", "b", "answer", r"\frac{\partial J}{\partial v_c} = U(y - \hat y)", "mistake"),
    # (b): the code's convention on paper: U^T is |V| x d, y_hat - y is |V| x 1.
    CheckCase("b-transposed", "b", "answer", r"\frac{\partial J}{\partial v_c} = U^\top(\hat y - y)", "shape"),
    # (b): not equal, and no known mistake.
    CheckCase("b-wrong", "b", "answer", r"\frac{\partial J}{\partial v_c} = 2U\hat y", "wrong"),
    # Unreadable, never wrong.
    CheckCase("b-empty", "b", "answer", "", "unreadable"),
    CheckCase("b-input-command", "b", "answer", r"\input{/etc/passwd}", "unreadable"),
    CheckCase("b-python-code", "b", "answer", "import os; os.system('ls')", "unreadable"),
    # (b), a derivation whose third line drops the minus of -log: the first wrong line is 3.
    CheckCase("b-derivation-correct", "b", "derivation", "\n".join([
        r"$$\frac{\partial J}{\partial v_c} = \frac{\partial}{\partial v_c}\left(-\log \hat y_o\right)$$",
        r"$$= -u_o + \sum_{w} \hat y_w u_w$$",
        r"$$= U(\hat y - y)$$",
    ]), "correct"),
    CheckCase("b-derivation-wrong-line-3", "b", "derivation", "\n".join([
        r"$$\frac{\partial J}{\partial v_c} = \frac{\partial}{\partial v_c}\left(-\log \hat y_o\right)$$",
        r"$$= -u_o + \sum_{w} \hat y_w u_w$$",
        r"$$= u_o - \sum_{w} \hat y_w u_w$$",
    ]), "mistake", first_wrong_line=3),
]
