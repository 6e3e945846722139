"""The class report (``--summary``): one self-contained HTML page, no request outside itself.

Pass rate per function (a table and an inline SVG bar chart), the most common mistakes with their
counts, and one row per student. Everything a student wrote is escaped.
"""
from __future__ import annotations

from collections import Counter
from html import escape

from .functions import VERSIONS, graded_functions
from .grader import SubmissionResult

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:80em}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f0f0f0}td.pass{background:#e3f4e3}td.fail{background:#fbe3e3}td.error,td.timeout{background:#fdf0d5}
td.missing{background:#eee}td.num{text-align:right}small{color:#555}
"""


def _function_columns(results) -> list[tuple[str, str]]:
    present = {r.version for r in results}
    return [(v, g.name) for v in VERSIONS if v in present for g in graded_functions(v)]


def _bar_chart(rates: list[tuple[str, float, int]]) -> str:
    """Horizontal bars, one per function: the share of submissions that passed it."""
    row, label_width, bar_width = 26, 300, 360  # pixels
    height = row * len(rates) + 30
    parts = [f'<svg role="img" aria-label="pass rate per function" width="{label_width + bar_width + 120}" '
             f'height="{height}" viewBox="0 0 {label_width + bar_width + 120} {height}">']
    for i, (label, rate, n) in enumerate(rates):
        y = 10 + i * row
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="13">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="{row - 8}" fill="#eee"/>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width * rate:.1f}" height="{row - 8}" fill="#4a8"/>')
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 15}" font-size="13">{rate:.0%} of {n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def summary_html(results: list[SubmissionResult], title: str = "word2vec coding part: class report") -> str:
    columns = _function_columns(results)
    rates, rate_rows = [], []
    for version, name in columns:
        tests = [t for r in results if r.version == version for t in r.tests if t.name == name]
        if not tests:
            continue
        passed = sum(t.status == "pass" for t in tests)
        label = f"{name} ({version})"
        rates.append((label, passed / len(tests), len(tests)))
        rate_rows.append(f"<tr><td>{escape(label)}</td><td class=num>{passed}</td><td class=num>{len(tests)}</td>"
                         f"<td class=num>{passed / len(tests):.0%}</td></tr>")
    mistakes = Counter()
    for r in results:
        for t in r.tests:
            if t.mistake:
                mistakes[(t.name, t.mistake)] += 1
            elif t.status == "fail":
                mistakes[(t.name, "wrong, not a known mistake")] += 1
            elif t.status != "pass":
                mistakes[(t.name, t.status)] += 1
    mistake_rows = [f"<tr><td class=num>{n}</td><td>{escape(fn)}</td><td>{escape(m)}</td></tr>"
                    for (fn, m), n in mistakes.most_common()]
    head = "".join(f"<th>{escape(name)}<br><small>{version}</small></th>" for version, name in columns)
    student_rows = []
    for r in results:
        by_name = {t.name: t for t in r.tests}
        cells = []
        for version, name in columns:
            t = by_name.get(name) if version == r.version else None
            if t is None:
                cells.append("<td></td>")
            else:
                what = t.mistake or ("wrong" if t.status == "fail" else "")
                cells.append(f'<td class="{t.status}">{t.status}' + (f"<br><small>{escape(what)}</small>" if what else "")
                             + "</td>")
        student_rows.append(f"<tr><td>{escape(r.submission)}</td><td>{r.version}</td>"
                            f"<td class=num>{r.score:g} / {r.max_score:g}</td>{''.join(cells)}</tr>")
    mean = sum(r.score / r.max_score for r in results if r.max_score) / max(len(results), 1)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{escape(title)}</h1>
<p>{len(results)} submissions; mean score {mean:.0%} of the maximum.</p>
<h2>Pass rate per function</h2>
{_bar_chart(rates)}
<table><tr><th>function</th><th>passed</th><th>graded</th><th>pass rate</th></tr>{''.join(rate_rows)}</table>
<h2>Most common mistakes</h2>
<table><tr><th>count</th><th>function</th><th>mistake</th></tr>{''.join(mistake_rows) or '<tr><td colspan=3>none</td></tr>'}</table>
<h2>Students</h2>
<table><tr><th>submission</th><th>version</th><th>score</th>{head}</tr>{''.join(student_rows)}</table>
</body></html>
"""
