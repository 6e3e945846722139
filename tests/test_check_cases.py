"""The shared cases of tests/check_cases.py through ``w2v_core.check.check_json`` in Python: the verdicts
that the browser test (test_checker_browser.py) must find on the page are first the Python checker's."""
from __future__ import annotations

import json

import pytest

from check_cases import CASES, CheckCase
from w2v_core import check

VERDICTS = {"correct", "mistake", "shape", "wrong", "unreadable"}


def first_non_correct(results: list[dict]) -> dict:
    """The result the page's verdict shows: the first that is not correct, else the first."""
    return next((r for r in results if r["verdict"] != "correct"), results[0])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_python_gives_the_verdict_of_the_shared_case(case: CheckCase):
    answer = json.loads(check.check_json(case.part, case.text, mode=case.mode, quantity=case.quantity))
    assert answer["part"] == case.part
    assert answer["results"], f"{case.id}: no result"
    assert {r["verdict"] for r in answer["results"]} <= VERDICTS
    shown = first_non_correct(answer["results"])
    assert shown["verdict"] == case.verdict, f"{case.id}: {shown['verdict']!r}: {shown['message']}"
    if case.mistake is not None:
        assert shown["mistake"] == case.mistake, f"{case.id}: {shown['mistake']!r}: {shown['message']}"
    if case.first_wrong_line is not None:
        assert shown["first_wrong_line"] == case.first_wrong_line, f"{case.id}: {shown}"


def test_the_cases_cover_every_verdict_and_both_modes():
    assert {c.verdict for c in CASES} == VERDICTS
    assert {c.mode for c in CASES} == {"answer", "derivation"}
    assert len({c.id for c in CASES}) == len(CASES), "two cases share an id"
