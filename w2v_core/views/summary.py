"""The summary of results: every part's answer, in the paper's notation, with its shape and its code.

Nothing here is written by hand: each formula is ``derive(part).result_latex`` (the result steps of
the verified derivation) and each shape and code form is the derivation's ``result_forms``. The page
therefore changes when a derivation changes, and cannot disagree with the chapters.
"""
from __future__ import annotations

import html

from IPython.display import Markdown

from ..derivations import PARTS, derive
from .derivation_view import _inline_html

#: The chapter of each part, as the book's file names (the summary links to each part's solution).
CHAPTERS = {"a": "a_naive_softmax_loss", "b": "b_grad_center", "c": "c_grad_outside_word",
            "d": "d_grad_outside_matrix", "e": "e_sigmoid", "f": "f_negative_sampling",
            "g": "g_repeated_negatives", "h": "h_skipgram_window"}


class SummaryDisplay(Markdown):
    """Markdown in ``.data`` (for Jupyter), HTML with MathJax spans for the book."""

    def __init__(self, markdown: str, html_text: str):
        super().__init__(markdown)
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html


def show_summary(parts: str = PARTS) -> SummaryDisplay:
    """Every result of ``parts`` (default all eight): formula, shape in both layouts, NumPy form.

    Raises:
        ValueError: a part that is not one of "a" to "h".
    """
    md: list[str] = []
    hs: list[str] = ['<div class="w2v-summary">']
    for part in parts:
        d = derive(part)  # raises ValueError naming a bad part
        link = f"{CHAPTERS[part]}.html#solution-{part}"
        md += [f"**({part}) {d.title}** ([solution]({link}))", ""]
        hs.append(f'<h3 class="w2v-summary-part">({part}) {html.escape(d.title)} '
                  f'<a class="w2v-summary-link" href="{link}" style="font-size:70%">solution</a></h3>')
        for line, form in zip(d.result_latex, d.result_forms):
            shape = form.shape.replace(" x ", " × ")
            md += ["$$", line, "$$", "", f"Shape: {shape}. Code: `{form.code}`", ""]
            hs.append(f'<div class="math notranslate nohighlight">\\[{html.escape(line, quote=False)}\\]</div>')
            hs.append(f'<p class="w2v-summary-form" style="margin-top:0">Shape: {html.escape(shape)}. '
                      f'Code: <code style="white-space:pre-wrap">{html.escape(form.code)}</code></p>')
        if d.result_note:
            md += [d.result_note, ""]
            hs.append(f"<p>{_inline_html(d.result_note)}</p>")
    hs.append("</div>")
    return SummaryDisplay("\n".join(md), "\n".join(hs))
