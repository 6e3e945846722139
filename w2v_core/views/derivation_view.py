"""Show a derivation in a notebook or in the book, each step with the check that verified it.

:func:`show_derivation` runs :meth:`Derivation.verify` every time it is called (it never reuses an
earlier result), and writes under each step what verified it. The word "verified" appears only for
checks that passed in this run; a failed check is shown as FAILED, with what went wrong.

The object it returns carries two forms of the same content: Markdown (``.data``, display math in
``$$ ... $$``) and HTML (math in the elements MathJax is told to typeset, which is what the book
shows, since myst-nb reads Markdown outputs as plain CommonMark, without dollar math).
"""
from __future__ import annotations

import html
import re

from IPython.display import Markdown

from ..derivations import Derivation, StepCheck, VerificationReport, derive

_INLINE_MATH = re.compile(r"\$([^$]+)\$")
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_START_NOTE = "The starting point: every later step is checked against the one it follows from."


class DerivationDisplay(Markdown):
    """Markdown of a verified derivation (``.data``), with an HTML form for the book (``_repr_html_``)."""

    def __init__(self, markdown: str, html_text: str, report: VerificationReport):
        super().__init__(markdown)
        self.html = html_text
        self.report = report

    def _repr_html_(self) -> str:
        return self.html


def _status_markdown(check: StepCheck) -> str:
    if check.ok:
        return f"*✓ verified: {check.method}*"
    detail = f" ({check.detail})" if check.detail else ""
    return f"**✗ FAILED: {check.method}{detail}**"


def _inline_html(text: str) -> str:
    """Prose with $math$ and `code` as HTML; the math in spans that MathJax typesets."""
    out = html.escape(text, quote=False)
    out = _INLINE_MATH.sub(lambda m: rf'<span class="math notranslate nohighlight">\({m.group(1)}\)</span>', out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _CODE.sub(r"<code>\1</code>", out)


# The status lines' classes must not include the answer box's "w2v-check" (_ext/w2v_checker_static/checker.css
# would draw each line as a box, on the dark theme's surface colour). Colours: 4.5:1 or more on white and on
# the light panel the dark theme puts behind HTML outputs (#ced6dd): #555 5.1:1, #245f27 5.2:1, #b00020 5.0:1.
def _start_html() -> str:
    return f'<p class="w2v-check-start" style="font-size:85%;color:#555;margin-top:0">{_START_NOTE}</p>'


def _math_html(latex: str) -> str:
    return f'<div class="math notranslate nohighlight">\\[{html.escape(latex, quote=False)}\\]</div>'


def _status_html(check: StepCheck) -> str:
    if check.ok:
        return (f'<p class="w2v-check-ok" style="font-size:85%;color:#245f27;margin-top:0">'
                f"✓ verified: {_inline_html(check.method)}</p>")
    detail = f" ({_inline_html(check.detail)})" if check.detail else ""
    return (f'<p class="w2v-check-failed" style="font-weight:bold;color:#b00020;margin-top:0">'
            f"✗ FAILED: {_inline_html(check.method)}{detail}</p>")


def show_derivation(part_or_derivation: str | Derivation) -> DerivationDisplay:
    """Every step of a derivation as display math, with its note and the check that verified it.

    Args:
        part_or_derivation: a part, "a" to "h", or a :class:`Derivation` (for instance one whose step
            was edited: its checks are run as it stands).

    Returns:
        A display object: Markdown in ``.data``, HTML for the book; ``.report`` is this run's report.
    """
    d = derive(part_or_derivation) if isinstance(part_or_derivation, str) else part_or_derivation
    if not isinstance(d, Derivation):
        raise ValueError(f"part_or_derivation must be a part 'a'-'h' or a Derivation, got {type(d).__name__}")
    report = d.verify()
    by_index = {c.index: c for c in report.checks}
    final = by_index[len(d.steps)]

    md = [f"**Part ({d.part}): {d.title}**", ""]
    hs = [f'<div class="w2v-derivation"><p><strong>Part ({d.part}): {html.escape(d.title)}</strong></p>']
    # Steps are numbered as the checks name them ("derivative of step 1"). Where step 0 is the
    # definition itself, its check could only pass, so it is labelled as the starting point instead.
    starts_at_definition = d.definition.expr == d.steps[0].expr
    if not starts_at_definition:
        text = f"**Definition.** {d.definition.note}".strip()
        md += [text, "", "$$", d.definition.latex, "$$", ""]
        hs += [f"<p>{_inline_html(text)}</p>", _math_html(d.definition.latex)]
    for i, step in enumerate(d.steps):
        if i == 0 and starts_at_definition:
            label, status_md, status_html = "Step 0 (the definition).", f"*{_START_NOTE}*", _start_html()
        else:
            label, status_md, status_html = f"Step {i}.", _status_markdown(by_index[i]), _status_html(by_index[i])
        text = f"**{label}** {step.note}".strip()
        md += [text, "", "$$", step.latex, "$$", "", status_md, ""]
        hs += [f"<p>{_inline_html(text)}</p>", _math_html(step.latex), status_html]

    md += ["**Result.**", ""]
    hs.append("<p><strong>Result.</strong></p>")
    for line in d.result_latex:
        md += ["$$", line, "$$", ""]
        hs.append(_math_html(line))
    if d.result_note:
        md += [d.result_note, ""]
        hs.append(f"<p>{_inline_html(d.result_note)}</p>")
    md += [_status_markdown(final)]
    hs += [_status_html(final), "</div>"]
    if not report.ok:
        summary = f"{len(report.failures)} check(s) FAILED in this derivation."
        md[:0] = [f"**{summary}**", ""]
        hs.insert(1, f'<p style="font-weight:bold;color:#b00020">{summary}</p>')
    return DerivationDisplay("\n".join(md), "\n".join(hs), report)
