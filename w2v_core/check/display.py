"""The rich display of a check report in Jupyter: each step rendered with its mark, the first wrong line highlighted."""
from __future__ import annotations

import html

_MARKS = {"start": ("&#9679;", "#0072B2", "agrees with the definition"), "ok": ("&#10003;", "#009E73", "follows"),
          "wrong": ("&#10007;", "#D55E00", "does not follow"), "unreadable": ("?", "#6a6a6a", "could not be read")}
_VERDICTS = {"correct": "#009E73", "mistake": "#D55E00", "shape": "#D55E00", "wrong": "#D55E00",
             "unreadable": "#6a6a6a"}


def report_html(report) -> str:
    parts = [f'<div class="w2v-check-report" data-part="{report.part}">']
    for r in report.results:
        colour = _VERDICTS[r.verdict]
        label = html.escape(r.verdict + (f": {r.mistake}" if r.mistake else ""))
        parts.append(f'<p><strong style="color:{colour}">{label}</strong> '
                     f'<span>{html.escape(r.quantity or "")}</span> {html.escape(r.message)}</p>')
        if r.steps:
            parts.append('<ol style="list-style:none;padding-left:0">')
            for s in r.steps:
                mark, mark_colour, title = _MARKS[s.status]
                first = s.line == r.first_wrong_line and s.status == "wrong"
                style = "background:rgba(213,94,0,0.12);" if first else ""
                note = html.escape(s.message) if s.status != "ok" else ""
                parts.append(f'<li style="{style}"><span title="{title}" style="color:{mark_colour}">{mark}</span> '
                             f'line {s.line}: ${html.escape(s.latex)}$ <small>{note}</small></li>')
            parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)
