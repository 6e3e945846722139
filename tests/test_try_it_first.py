"""Try it first (issue 13): nothing a learner reads before a part's hints states or implies its answer.

For every part X the answer is taken from the code, never typed here: the result steps of
``derive(X)`` (their LaTeX, each side of a case, the right-hand side alone) and the code forms of
``derive(X).result_forms``. Text is compared after a normalisation that forgets how the same formula
can be typed (``\\hat y`` or ``\\hat{y}``, ``\\left(`` or ``(``, ``\\dfrac`` or ``\\frac``, spaces,
braces and parentheses), so a chapter cannot hide an answer behind a different spelling.

Checked, in the sources (fast) and in the built HTML (slow, one build per session): the part's own
chapter above its ``(hints-X)=`` label, every earlier part's chapter, the notation chapter and the
landing page. Also: every part chapter carries the section labels, in the agreed order, with three
folded hints and a "Check your answer" section that gives nothing away.
"""
from __future__ import annotations

import html
import re

import pytest

from conftest_book import ROOT, chapter_files, source_of
from w2v_core.derivations import PARTS, derive

#: The sections of a part chapter, in reading order: each heading is preceded by the label ``(name-X)=``.
SECTIONS = ["question", "hints", "check", "derivation", "example", "code", "figure", "solution", "mistakes"]
#: What a learner may read before part X: these pages, whole.
FRONT_PAGES = ["intro", "chapters/00_notation"]
#: The shortest signature worth looking for: shorter pieces (a lone "v_c") occur everywhere.
MIN_SIGNATURE = 7


def part_chapter(letter: str) -> str:
    matches = [c for c in chapter_files() if c.split("/")[-1].startswith(f"{letter}_")]
    assert len(matches) == 1, f"part ({letter}): expected one chapter chapters/{letter}_*.md, got {matches}"
    return matches[0]


_DROP = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|displaystyle|,|;|!|quad|qquad)(?![a-zA-Z])")


def normalize(tex: str) -> str:
    """One spelling for the many ways of typing a formula (see the module docstring)."""
    out = html.unescape(tex)
    out = _DROP.sub("", out)
    out = re.sub(r"\\[dt]frac", r"\\frac", out)
    out = re.sub(r"\\text\{[^{}]*\}", "", out)
    out = out.replace("\\cdot", "")
    return re.sub(r"[\s{}()\[\]$]", "", out)


def _split_cases(rhs: str) -> list[str]:
    body = re.sub(r"\\(?:begin|end)\{cases\}", "", rhs)
    return [piece for row in body.split(r"\\") for piece in row.split("&")]


def signatures(letter: str) -> set[str]:
    """Normalised strings any of which, found before the hints, gives part X's answer away."""
    d = derive(letter)
    found: set[str] = set()
    for latex in d.result_latex:
        found.add(normalize(latex))
        rhs = latex.split("=", 1)[1]
        rhs = re.split(r"\\quad", rhs)[0]  # "\quad for every word w": a qualifier, not the answer
        found.add(normalize(rhs))
        if r"\begin{cases}" in rhs:
            found.update(normalize(piece) for piece in _split_cases(rhs))
    for form in d.result_forms:
        found.add(normalize(form.code))
    if letter == "a":
        # (a) is a "show that": its result, -log y_hat_o, is in the question itself. What must not
        # come before the hints is the argument: the one term y_o log y_hat_o that the one-hot y keeps
        # (step 1 of the derivation, checked to be there so that this stays tied to the code).
        key = normalize(r"y_o \log \hat y_o")
        assert key in normalize(d.steps[1].latex), d.steps[1].latex
        found = {key}
    # An answer a part shares with an earlier one ((g) keeps (f)'s dJ/du_o) is the earlier part's: it is
    # not given away by the earlier chapter.
    for earlier in PARTS[:PARTS.index(letter)]:
        found -= signatures(earlier)
    return {s for s in found if len(s) >= MIN_SIGNATURE}


def earlier_parts(letter: str) -> str:
    return PARTS[:PARTS.index(letter)]


def before_hints_source(letter: str) -> str:
    text = source_of(part_chapter(letter)).read_text(encoding="utf-8")
    label = f"(hints-{letter})="
    assert label in text, f"part ({letter}): no label {label} in {part_chapter(letter)}"
    return text[:text.index(label)]


def leaks(text: str, letter: str) -> list[str]:
    flat = normalize(text)
    return sorted(s for s in signatures(letter) if s in flat)


# -- structure ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("letter", PARTS)
def test_part_chapter_has_the_sections_in_order(letter):
    text = source_of(part_chapter(letter)).read_text(encoding="utf-8")
    positions = []
    for name in SECTIONS:
        found = [m.start() for m in re.finditer(rf"^\({name}-{letter}\)=\n## ", text, re.MULTILINE)]
        assert len(found) == 1, f"part ({letter}): label ({name}-{letter})= before a ## heading found {len(found)} times"
        positions.append(found[0])
    assert positions == sorted(positions), (
        f"part ({letter}): sections out of order: {[n for _, n in sorted(zip(positions, SECTIONS))]}")
    title = re.search(r"^# .*$", text, re.MULTILINE).group(0)
    assert "answer" not in title.lower() and "=" not in title, f"part ({letter}): the title gives the answer: {title}"


@pytest.mark.parametrize("letter", PARTS)
def test_three_folded_hints_and_then_the_answer_box(letter):
    text = source_of(part_chapter(letter)).read_text(encoding="utf-8")
    hints = text[text.index(f"(hints-{letter})="):text.index(f"(check-{letter})=")]
    folded = re.findall(r"^```\{dropdown\} Hint (\d)", hints, re.MULTILINE)
    assert folded == ["1", "2", "3"], f"part ({letter}): hints should be three folded dropdowns Hint 1-3, got {folded}"
    assert "{code-cell}" not in hints and "$$" not in hints, f"part ({letter}): a hint holds code or display math"
    check = text[text.index(f"(check-{letter})="):text.index(f"(derivation-{letter})=")]
    body = check.split("\n", 2)[2].strip()
    # the section holds how to answer and the answer box, and no formula of the answer (leaks() checks that too)
    assert f"```{{answer-check}} {letter}\n```" in body, f"part ({letter}): 'Check your answer' has no answer box"
    assert "$$" not in body and "{code-cell}" not in body, f"part ({letter}): 'Check your answer' shows mathematics"


# -- no answer before the hints: sources ------------------------------------------------------------

def test_the_normalisation_sees_through_spelling():
    assert normalize(r"U \left(\hat{y} - y\right)") == normalize(r"U(\hat y - y)")
    assert normalize(r"\dfrac{\partial J}{\partial v_c}") == normalize(r"\frac{\partial J}{\partial v_{c}}")
    assert normalize(r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)") == normalize(r"\sigma(x)\,(1 - \sigma(x))")
    # and a signature of (b) is found in a chapter's way of writing it, which a plain search would miss
    assert leaks(r"the answer is $U(\hat y - y)$ on paper", "b")
    assert leaks("in code `outside_vectors.T @ (y_hat - y)`", "b")
    assert leaks(r"$\sigma(x)\,\bigl(1 - \sigma(x)\bigr)$", "e")
    assert leaks(r"$(\hat y_o - 1)\, v_c$ if $w = o$", "c")
    assert not leaks(r"$\hat y = \operatorname{softmax}(U^\top v_c)$", "b")


@pytest.mark.parametrize("letter", PARTS)
def test_no_answer_above_the_hints_in_the_source(letter):
    found = leaks(before_hints_source(letter), letter)
    assert not found, f"part ({letter}): {part_chapter(letter)} states the answer above its hints: {found}"


@pytest.mark.parametrize("letter", PARTS)
def test_no_answer_on_the_pages_read_before_the_part(letter):
    pages = FRONT_PAGES + [part_chapter(p) for p in earlier_parts(letter)]
    for page in pages:
        found = leaks(source_of(page).read_text(encoding="utf-8"), letter)
        assert not found, f"part ({letter}): {page}, read before the part, gives its answer: {found}"


# -- no answer before the hints: the built site --------------------------------------------------

def _page_text(built_site, docname: str, stop_id: str | None = None) -> str:
    page = built_site.page(docname)
    assert page.exists(), f"{docname}: no page {page} (see test-artifacts/book-build.log)"
    text = page.read_text(encoding="utf-8")
    text = text[text.index("<article"):] if "<article" in text else text
    if stop_id is not None:
        match = re.search(rf'id="{re.escape(stop_id)}"', text)
        assert match, f"{docname}: no element with id {stop_id!r}: the label (hints-X)= is not on the page"
        text = text[:match.start()]
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.slow
@pytest.mark.parametrize("letter", PARTS)
def test_no_answer_above_the_hints_on_the_built_page(built_site, letter):
    found = leaks(_page_text(built_site, part_chapter(letter), f"hints-{letter}"), letter)
    assert not found, f"part ({letter}): the page shows the answer above its hints: {found}"
    for page in FRONT_PAGES + [part_chapter(p) for p in earlier_parts(letter)]:
        found = leaks(_page_text(built_site, page), letter)
        assert not found, f"part ({letter}): the page {page}, read before the part, gives its answer: {found}"


@pytest.mark.slow
def test_summary_page_shows_every_result_after_the_parts(built_site):
    toc = chapter_files()
    summary = "chapters/summary_of_results"
    assert summary in toc and toc.index(summary) > max(toc.index(part_chapter(p)) for p in PARTS), (
        "the summary of results must come after the eight parts in _toc.yml")
    text = normalize(_page_text(built_site, summary))
    for letter in PARTS:
        d = derive(letter)
        for latex, form in zip(d.result_latex, d.result_forms):
            assert normalize(latex) in text, f"summary: ({letter}) result {latex!r} missing"
            assert normalize(form.code) in text, f"summary: ({letter}) code form {form.code!r} missing"
    assert "summary_of_results.html" in built_site.page("intro").read_text(encoding="utf-8"), (
        "the landing page does not link the summary of results")
