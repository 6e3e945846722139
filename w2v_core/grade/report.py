"""Reports on graded submissions: readable text, the JSON of ``--json``, Gradescope's results.json."""
from __future__ import annotations

import json
import textwrap

from .grader import SubmissionResult


def _points(x: float) -> str:
    return f"{x:g}"


def text_report(result: SubmissionResult) -> str:
    """One submission: a line per function (points, verdict, mistake), then the details of every failure."""
    lines = [f"{result.submission} ({result.version} version): {_points(result.score)} / {_points(result.max_score)}"]
    width = max([len(t.name) for t in result.tests] + [8])
    for t in result.tests:
        first = t.output.split("\n", 1)[0].split(": ", 1)[-1].rstrip(".")
        verdict = t.status + (f": {t.mistake}" if t.mistake else f": {first}" if t.status == "fail" else "")
        lines.append(f"  {t.name:<{width}}  {_points(t.score):>3} / {_points(t.max_score):<3} {verdict}")
    if result.import_output.strip():
        lines.append("")
        lines.append(textwrap.indent("While being imported it printed:\n" + result.import_output.rstrip(), "    "))
    for t in result.tests:
        if t.status != "pass":
            lines.append("")
            lines.append(textwrap.indent(t.output.rstrip(), "    "))
    return "\n".join(lines)


def json_report(results: list[SubmissionResult]) -> str:
    """The issue's shape: one object per submission with its tests."""
    return json.dumps([
        {"submission": r.submission, "version": r.version, "score": r.score, "max_score": r.max_score,
         "tests": [{"name": t.name, "status": t.status, "score": t.score, "max_score": t.max_score,
                    "mistake": t.mistake, "output": t.output} for t in r.tests]}
        for r in results], indent=2)


def gradescope_results(result: SubmissionResult) -> dict:
    """Gradescope's autograder results.json for one submission (its top-level score is the total)."""
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 2),
        "output": f"Graded as the {result.version} version of the exercise.",
        "tests": [{"name": t.name, "score": t.score, "max_score": t.max_score,
                   "status": "passed" if t.status == "pass" else "failed",
                   "output": (f"{t.status}: {t.mistake}\n" if t.mistake else f"{t.status}\n") + t.output}
                  for t in result.tests],
    }
