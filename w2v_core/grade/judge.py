"""A verdict per function: pass, or what went wrong, named from the catalogue when it can be.

A function passes when its answer agrees with the reference on every case. When it does not, each
catalogued mistake for that function is run here on the same inputs (fresh datasets with the same
draws); the first whose answers agree with the student's on *every* case names the mistake. If
none does, the verdict says "wrong, not a known mistake" and where, and by how much, the first
failing case differs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import codec
from .compare import PARTS, WrongAnswer, agree, all_agree, difference, fit_to, parts
from .functions import GradedFunction
from .sandbox import FunctionRun


@dataclass
class Verdict:
    status: str  # "pass", "fail", "error", "missing", "timeout"
    mistake: str | None
    output: str


def _call(function, case):
    args, kwargs, datasets = case.materialize()
    value = function(*args, **kwargs)
    return value, sum(d.calls for d in datasets)


def expected_answers(graded: GradedFunction) -> list[tuple[list[np.ndarray], int]]:
    """The reference's answer to every case, read into parts, with how many draws it made."""
    answers = []
    for case in graded.cases:
        value, calls = _call(graded.reference, case)
        answers.append((parts(value, graded.kind), calls))
    return answers


def _mistake_answers(graded: GradedFunction, mistake) -> list[list[np.ndarray]] | None:
    out = []
    for case in graded.cases:
        try:
            with np.errstate(all="ignore"):
                value, _ = _call(mistake.function, case)
            out.append(parts(value, graded.kind))
        except (ValueError, IndexError, TypeError, ZeroDivisionError, FloatingPointError):
            return None  # a mistake that cannot even run on these inputs explains nothing here
    return out


def _printed(run: FunctionRun) -> str:
    if not run.output_chars:
        return ""
    cut = f" (first {len(run.output)} of {run.output_chars} characters)" if run.output_chars > len(run.output) else ""
    return f"\nIt printed{cut}:\n{run.output.rstrip()}"


def judge(graded: GradedFunction, run: FunctionRun | None, expected) -> Verdict:
    """The verdict on one function from what it did in the sandbox (``run``) and the reference answers."""
    if run is None or run.state == "missing":
        return Verdict("missing", None, f"{graded.name} is not defined in the submission.")
    if run.state == "timeout":
        return Verdict("timeout", None, f"{graded.name} {run.detail}; killed.{_printed(run)}")
    if run.state == "crashed":
        return Verdict("error", None, f"{graded.name}: {run.detail}.{_printed(run)}")
    if len(run.cases) != len(graded.cases):
        return Verdict("error", None, f"{graded.name}: answered {len(run.cases)} of {len(graded.cases)} checks.")
    lines, got_all, status, wrong_type = [], [], "pass", False
    names = PARTS[graded.kind]
    for case, event, (want, calls) in zip(graded.cases, run.cases, expected):
        if not event.get("ok"):
            if event.get("kind") == "not_implemented":
                return Verdict("missing", None, f"{graded.name} raises {event.get('error')} (not implemented).")
            where = f" ({event['where']})" if event.get("where") else ""
            lines.append(f"- {case.label}: raised {event.get('error')}{where}")
            status = "error"
            got_all.append(None)
            continue
        try:
            got = fit_to(parts(codec.decode(event.get("value")), graded.kind), want, graded.kind)
        except (WrongAnswer, ValueError) as exc:
            lines.append(f"- {case.label}: {exc}")
            status, wrong_type = ("fail" if status == "pass" else status), True
            got_all.append(None)
            continue
        got_all.append(got)
        if all_agree(got, want):
            lines.append(f"- {case.label}: right")
            continue
        status = "fail" if status == "pass" else status
        diffs = [difference(g, w, n) for g, w, n in zip(got, want, names) if not agree(g, w)]
        note = ""
        if calls and not event.get("calls"):
            note = " It never called dataset.sampleTokenIdx(): the negatives must come from the dataset."
        elif calls and event.get("calls") != calls:
            note = (f" It called dataset.sampleTokenIdx() {event.get('calls')} times where the course's "
                    f"order calls it {calls} times.")
        lines.append(f"- {case.label}: " + "; ".join(diffs) + "." + note)
    if status == "pass":
        return Verdict("pass", None, f"{graded.name}: right on all {len(graded.cases)} checks.\n" + "\n".join(lines)
                       + _printed(run))
    mistake = None
    if status == "fail" and all(g is not None for g in got_all):
        for candidate in graded.mistakes:
            theirs = _mistake_answers(graded, candidate)
            if theirs is not None and all(all_agree(g, t) for g, t in zip(got_all, theirs)):
                mistake = candidate
                break
    if mistake is not None:
        head = f"{graded.name}: {mistake.name}: {mistake.description}"
    elif status == "fail" and wrong_type:
        head = f"{graded.name}: returned an answer of the wrong type."
    elif status == "fail":
        head = f"{graded.name}: wrong, not a known mistake."
    else:
        head = f"{graded.name}: raised an error."
    return Verdict(status, mistake.name if mistake else None, head + "\n" + "\n".join(lines) + _printed(run))
