"""Grading submissions: find them, run each in the sandbox, judge every function, total the points."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import Config, load_config
from .discover import detect_version, find_submissions
from .functions import MODULE_NAMES, graded_functions
from .judge import Verdict, expected_answers, judge
from .sandbox import run_submission


@dataclass
class TestResult:
    name: str
    status: str  # "pass", "fail", "error", "missing", "timeout"
    score: float
    max_score: float
    mistake: str | None
    output: str


@dataclass
class SubmissionResult:
    submission: str
    version: str
    tests: list = field(default_factory=list)
    seconds: float = 0.0
    import_output: str = ""

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tests)

    @property
    def max_score(self) -> float:
        return sum(t.max_score for t in self.tests)


@lru_cache(maxsize=None)
def _expected(version: str):
    # The reference answers do not depend on the submission: computed once per version.
    return [expected_answers(g) for g in graded_functions(version)]


def _import_failure(run) -> str:
    err = run.import_error
    where = f" ({err.get('where')})" if err.get("where") else ""
    printed = f"\nIt printed:\n{run.import_output.rstrip()}" if run.import_output.strip() else ""
    return f"the submission could not be imported: {err.get('error')}{where}.{printed}"


def grade_submission(path: str | Path, config: Config | None = None) -> SubmissionResult:
    """Grade one submission file; never raises for anything the submission does."""
    config = config or load_config()
    path = Path(path)
    start = time.perf_counter()
    source = path.read_text(encoding="utf-8", errors="replace")
    version = detect_version(path, source)
    graded = graded_functions(version)
    specs = [{"name": g.name, "inject": list(g.inject), "cases": [c.encoded() for c in g.cases]} for g in graded]
    run = run_submission(path, MODULE_NAMES[version], specs, config.limits)
    result = SubmissionResult(str(path), version, import_output=run.import_output)
    for g, expected in zip(graded, _expected(version)):
        points = config.points[version][g.name]
        if not run.import_ok:
            verdict = Verdict("error", None, f"{g.name}: {_import_failure(run)}")
        else:
            verdict = judge(g, run.functions.get(g.name), expected)
        if g.optional and verdict.status == "missing":
            continue  # cbow is extra: not defined, not graded
        score = points if verdict.status == "pass" else 0
        result.tests.append(TestResult(g.name, verdict.status, score, points, verdict.mistake, verdict.output))
    result.seconds = time.perf_counter() - start
    return result


def grade_paths(paths, config: Config | None = None, jobs: int | None = None) -> list[SubmissionResult]:
    """Grade every submission under ``paths`` (files or folders), ``jobs`` at a time (default: one per core)."""
    import os

    config = config or load_config()
    files = find_submissions(paths)
    for version in ("current", "older"):
        _expected(version)  # once, before the threads start
    jobs = jobs or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda p: _grade_or_report(p, config), files))


def _grade_or_report(path: Path, config: Config) -> SubmissionResult:
    """Grade one submission; if the grader itself fails on it, say so in its result and go on."""
    try:
        return grade_submission(path, config)
    except OSError as exc:  # an unreadable file, a full disk: not a verdict on the student's code
        source = ""
        try:
            source = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass
        version = detect_version(path, source)
        result = SubmissionResult(str(path), version)
        for g in graded_functions(version):
            result.tests.append(TestResult(g.name, "error", 0, config.points[version][g.name], None,
                                           f"{g.name}: not graded: {exc}"))
        return result
