"""Grade a folder of 50 generated submissions and print the seconds per submission.

The submissions are the test submissions of ``tests/grade_submissions`` (the correct ones of both
versions and one per catalogued mistake, plus the broken ones that end by themselves), cycled to 50.
The infinite loop is left out: it costs its time limit by design. Each submission starts its own
Python process (interpreter, NumPy, the reference), so start-up dominates; the grader runs one
submission per core. Target: at most 2 s per submission using both cores. Run with ``make bench-grade``.
"""
from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from grade_submissions.assemble import write_submission  # noqa: E402

from w2v_core.grade import grade_paths  # noqa: E402
from w2v_core.grade.config import load_config  # noqa: E402

COUNT = 50
SKIP = {"broken_infinite_loop"}


def generate(folder: Path) -> None:
    patches = [(p, v) for v in ("current", "older")
               for p in sorted((ROOT / "tests" / "grade_submissions" / v).glob("*.py")) if p.stem not in SKIP]
    patches = [(ROOT / "tests" / "grade_submissions" / "correct_current.py", "current")] + patches
    for i, (patch, version) in zip(range(COUNT), itertools.cycle(patches)):
        target = write_submission(patch, version, folder / f"{i:02d}")
        assert target.exists()


def main() -> None:
    config = load_config()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder)
        timings = {}
        for jobs in (1, os.cpu_count() or 1):
            start = time.perf_counter()
            results = grade_paths([folder], config, jobs=jobs)
            timings[jobs] = time.perf_counter() - start
            assert len(results) == COUNT
        statuses = [t.status for r in results for t in r.tests]
    per_one = timings[1] / COUNT
    for jobs, seconds in timings.items():
        print(f"{COUNT} submissions, {jobs} at a time: {seconds:.1f} s wall, {seconds / COUNT:.2f} s per submission "
              f"({per_one / (seconds / COUNT):.2f}x the one-at-a-time rate)")
    best = min(timings.values()) / COUNT
    print(f"verdicts: {', '.join(f'{s} {statuses.count(s)}' for s in sorted(set(statuses)))}")
    print(f"target <= 2 s per submission: {best:.2f} s ({best / 2.0:.2f} of the target)")


if __name__ == "__main__":
    main()
