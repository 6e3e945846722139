"""``python -m w2v_core grade SUBMISSION... [--json] [--gradescope results.json] [--summary report.html]``."""
from __future__ import annotations

import json
from pathlib import Path


def add_parser(commands) -> None:
    grade = commands.add_parser(
        "grade", help="grade students' word2vec.py / q3_word2vec.py, naming each mistake",
        description="Grade the coding part of the word2vec exercise (current version: word2vec.py; older: "
                    "q3_word2vec.py). Each submission runs in its own sandboxed process; each function is checked "
                    "on its own, and a failure is matched against the catalogue of known mistakes.")
    grade.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                       help="a submission file, or a folder holding them (one per subfolder)")
    grade.add_argument("--json", action="store_true", help="print a JSON array, one object per submission")
    grade.add_argument("--gradescope", metavar="RESULTS_JSON",
                       help="write Gradescope's results.json (one submission only)")
    grade.add_argument("--summary", metavar="REPORT_HTML", help="write a class report (self-contained HTML)")
    grade.add_argument("--config", metavar="TOML", help="points per function and limits (see w2v_core/grade/points.toml)")
    grade.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: one per core)")


def run(args) -> int:
    from .config import load_config
    from .discover import find_submissions
    from .grader import grade_paths
    from .report import gradescope_results, json_report, text_report
    from .summary import summary_html

    if args.jobs is not None and args.jobs < 1:
        raise ValueError(f"--jobs must be at least 1, got {args.jobs}")
    config = load_config(args.config)
    if args.gradescope and len(find_submissions(args.submissions)) != 1:
        raise ValueError("--gradescope writes one student's results.json: give exactly one SUBMISSION, got "
                         f"{len(find_submissions(args.submissions))}")
    results = grade_paths(args.submissions, config, jobs=args.jobs)
    if args.json:
        print(json_report(results))
    else:
        print("\n\n".join(text_report(r) for r in results))
    if args.gradescope:
        Path(args.gradescope).write_text(json.dumps(gradescope_results(results[0]), indent=2), encoding="utf-8")
    if args.summary:
        Path(args.summary).write_text(summary_html(results), encoding="utf-8")
    return 0
