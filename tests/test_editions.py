"""The three editions from one source (issue 14): the reader's (``make book``), the student's and the
instructor's (``make book EDITION=student|instructor``), each built once per session (conftest_book).

* Nothing of a part's solution or derivation reaches any file of the student's site: not its pages,
  its search index, its copies of the sources or its notebooks to download and launch. The
  derivation steps come from ``w2v_core.derivations``; the solution's text from the reader's build.
* The student's site keeps each part's question and figure.
* The "For instructors" sections are in every part's chapter of the instructor's site, and in no
  file of the other two.
* The unit tests of the source filter (_ext/w2v_editions.py) need no build.
"""
from __future__ import annotations

import html
import json
import re
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest_book import chapter_files
from w2v_editions import edition_source

PART_DOCS = {Path(d).name[0]: d for d in chapter_files() if re.fullmatch(r"chapters/[a-h]_\w+", d)}
PARTS = "abcdefgh"
NOTATION = "chapters/00_notation"
MIN_TEXT = 25  # a run of prose shorter than this may be common words ("with respect to")
MIN_MATH = 16  # likewise for inline math ("\partial J/\partial v_c" is the question's own notation)


def _squash(text: str) -> str:
    return " ".join(text.split())


# -- what a site holds, in the forms a fragment could take there ---------------------------------------
class SiteText:
    """Every file of a built site that decodes as text, each as it is and as what a reader sees in it:
    an HTML page's text and its unescaped source, a notebook's cell sources, objects.inv inflated."""

    def __init__(self, html_dir: Path):
        self.root = html_dir
        self.files: dict[str, str] = {}
        for path in sorted(p for p in html_dir.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.name == "objects.inv":
                header_end = [m.end() for m in re.finditer(rb"\n", data)][3]
                text = zlib.decompress(data[header_end:]).decode("utf-8")
            else:
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    continue  # an image or a font
            forms = [text]
            if path.suffix == ".html":
                forms += [html.unescape(text), BeautifulSoup(text, "html.parser").get_text(" ")]
            elif path.suffix == ".ipynb":
                forms.append("\n".join("".join(c["source"]) for c in json.loads(text)["cells"]))
            elif path.suffix == ".js":
                forms.append(text.replace("\\\\", "\\"))  # JSON strings double each backslash
            self.files[path.relative_to(html_dir).as_posix()] = _squash("\n".join(forms))
        self.everything = "\n".join(self.files.values())

    def where(self, fragment: str) -> list[str]:
        fragment = _squash(fragment)
        if fragment not in self.everything:
            return []
        return [name for name, text in self.files.items() if fragment in text]


@pytest.fixture(scope="session")
def reader_text(built_site) -> SiteText:
    assert built_site.returncode == 0, f"the reader's edition did not build:\n{built_site.log[-3000:]}"
    return SiteText(built_site.html)


@pytest.fixture(scope="session")
def student(edition_site):
    site = edition_site("student")
    assert site.returncode == 0, f"the student's edition did not build with -W:\n{site.log[-3000:]}"
    return site


@pytest.fixture(scope="session")
def instructor(edition_site):
    site = edition_site("instructor")
    assert site.returncode == 0, f"the instructor's edition did not build with -W:\n{site.log[-3000:]}"
    return site


@pytest.fixture(scope="session")
def student_text(student) -> SiteText:
    return SiteText(student.html)


def _page(site_html: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site_html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def _fragments(element, math: bool = True) -> list[str]:
    """What an element of a page says, as pieces that would survive into any copy of it: its display
    and longer inline math (the TeX; only with ``math``), and its runs of prose between math (the words)."""
    pieces = []
    for math_element in element.select(".math"):
        tex = math_element.get_text().strip()
        tex = re.sub(r"^\\[\[(]|\\[\])]$", "", tex).strip()
        if math and ("div" == math_element.name or len(tex) >= MIN_MATH):
            pieces.append(tex)
        math_element.replace_with(" \0 ")
    for block in element.find_all(["p", "li"]):
        pieces += [run.strip() for run in block.get_text().split("\0") if len(run.strip()) >= MIN_TEXT]
    return pieces


# -- the student's edition ---------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("part", PARTS)
def test_no_derivation_step_reaches_the_student_site(part, reader_text, student_text):
    from w2v_core.derivations import derive

    steps = [step.latex for step in derive(part).steps]
    for i, latex in enumerate(steps):
        # Shown in the reader's edition (so the search below looks for the right form of it) ...
        assert reader_text.where(latex), f"({part}) step {i} is not in the reader's site as written: {latex}"
        # ... and in no file of the student's.
        assert student_text.where(latex) == [], f"({part}) step {i} reaches the student's site: {student_text.where(latex)}"


@pytest.mark.slow
@pytest.mark.parametrize("part", PARTS)
def test_no_part_of_the_solution_reaches_the_student_site(part, built_site, reader_text, student_text):
    docname = PART_DOCS[part]
    page = _page(built_site.html, docname)
    solution = page.find(id=f"sol-{part}")
    assert solution is not None, f"the reader's {docname} has no solution sol-{part}"
    # What the questions and the notation chapter state is not an answer: the student's edition keeps them.
    questions = [_page(built_site.html, d).find(id=f"ex-{p}").get_text(" ") for p, d in PART_DOCS.items()]
    stated = _squash(" ".join(questions) + " " + _page(built_site.html, NOTATION).get_text(" "))
    stated = stated.replace(" ", "")  # TeX spacing varies: "\\partial J / \\partial v_c" is the same notation
    fragments = [f for f in _fragments(solution.find(id="solution-content") or solution) if f.replace(" ", "") not in stated]
    assert len(fragments) >= 3, f"({part}) too little of the solution to look for: {fragments}"
    leaked = {f: student_text.where(f) for f in fragments if student_text.where(f)}
    assert leaked == {}, f"({part}) the solution reaches the student's site: {leaked}"


@pytest.mark.slow
@pytest.mark.parametrize("part", PARTS)
def test_student_search_index_holds_no_word_of_the_dropped_sections(part, built_site, student):
    """The search index lists words, not sentences: a word that only the solution and derivation use
    in the reader's edition is a leak if the student's index lists it for the chapter."""
    from sphinx.search.en import SearchEnglish

    docname = PART_DOCS[part]
    stem = SearchEnglish({}).stem

    def index_terms(html_dir: Path) -> set[str]:
        data = json.loads(re.search(r"Search\.setIndex\((.*)\)\s*$", (html_dir / "searchindex.js").read_text(), re.S).group(1))
        doc = data["docnames"].index(docname)
        return {term for term, docs in data["terms"].items() if doc == docs or (isinstance(docs, list) and doc in docs)}

    def words(text: str) -> set[str]:
        return {stem(w.lower()) for w in re.findall(r"[A-Za-z]{3,}", text)}

    reader_page = _page(built_site.html, docname)
    dropped = " ".join(reader_page.find(id=f"sol-{part}").get_text(" ").split())
    student_page = _squash(_page(student.html, docname).get_text(" "))
    only_in_dropped = words(dropped) - words(student_page)
    in_reader_index = only_in_dropped & index_terms(built_site.html)
    assert in_reader_index, f"({part}) no word of the solution is in the reader's index: the test would see nothing"
    assert in_reader_index & index_terms(student.html) == set(), (
        f"({part}) the student's index lists words of the solution: {sorted(in_reader_index & index_terms(student.html))}")


@pytest.mark.slow
@pytest.mark.parametrize("part", PARTS)
def test_student_chapter_keeps_the_question_and_the_figure(part, built_site, student):
    docname = PART_DOCS[part]
    page = _page(student.html, docname)
    reader = _page(built_site.html, docname)
    assert page.find(id=f"ex-{part}") is not None, f"({part}) the student's chapter lost its question"
    assert _squash(page.find(id=f"ex-{part}").get_text(" ")) == _squash(reader.find(id=f"ex-{part}").get_text(" "))
    assert page.select("div.w2v-live") or page.select(f'[data-w2v-figure="{part}"]'), (
        f"({part}) the student's chapter lost its figure")
    assert page.select(f'[data-w2v-check="{part}"]'), f"({part}) the student's chapter lost its answer box"
    for gone in ("solution", "derivation", "example", "code", "mistakes", "instructors"):
        assert page.find(id=f"{gone}-{part}") is None and page.find(id=re.compile(f"^sol-{part}$")) is None, (
            f"({part}) the student's chapter still has the section {gone}-{part}")
    assert "This part's answer is" not in page.get_text()


@pytest.mark.slow
def test_student_launch_buttons_open_the_student_notebook(student):
    """Binder (and Colab) must open the student's notebook, not the repository's .md (every edition's text)."""
    page = _page(student.html, PART_DOCS["b"])
    links = [a.get("href", "") for a in page.find_all("a")]
    binder = [h for h in links if "mybinder.org" in h]
    colab = [h for h in links if "colab.research.google.com" in h]
    assert binder and all("/gh-pages-student?" in h and h.endswith(f"_sources/{PART_DOCS['b']}.ipynb") for h in binder), binder
    assert colab and all("/blob/gh-pages-student/_sources/" in h for h in colab), colab
    notebook = json.loads((student.html / "_sources" / f"{PART_DOCS['b']}.ipynb").read_text())
    assert "gh-pages-student" not in "".join(notebook["cells"][0]["source"])  # installs w2v_core from the repository


# -- the instructor's edition ------------------------------------------------------------------------
@pytest.mark.slow
def test_instructor_sections_are_in_the_instructor_site_only(built_site, reader_text, student_text, instructor):
    for part, docname in PART_DOCS.items():
        page = _page(instructor.html, docname)
        section = page.find(id="for-instructors")
        assert section is not None, f"({part}) the instructor's chapter has no 'For instructors' section"
        assert section.find("table", class_="w2v-instructor-table") is not None, f"({part}) no course-function table"
        assert page.find(id=f"sol-{part}") is not None, f"({part}) the instructor's chapter lost its solution"
        # Its prose, written for instructors; its math is the book's notation, used everywhere.
        fragments = [f for f in _fragments(section, math=False) if "w2v_core" not in f]
        assert len(fragments) >= 5, f"({part}) too little of the instructor section to look for: {fragments}"
        for site, text in (("reader", reader_text), ("student", student_text)):
            leaked = {f: text.where(f) for f in fragments if text.where(f)}
            assert leaked == {}, f"({part}) the instructor section reaches the {site}'s site: {leaked}"


# -- the source filter, without a build --------------------------------------------------------------
CHAPTER = """# (z) Title

::::{reader-only}
**The answer is 42.**
::::

::::{student-only}
Try it on paper first.
::::

(question-z)=
## The question

```{exercise} Part (z)
:label: ex-z
What is it?
```

(derivation-z)=
## The derivation

```{code-cell} ipython3
# a comment in a cell, not a heading
derive()
```

### A step

(figure-z)=
## Move it

::::{reader-only}
The curve is flat.
```{code-cell} ipython3
uses_the_derivation()
```
::::

```{code-cell} ipython3
view()
```

(solution-z)=
## Solution

```{solution} ex-z
:label: sol-z
42
```

(instructors-z)=
## For instructors

Ask first.
"""


def test_student_text_drops_the_marked_sections_and_prose():
    out = edition_source(CHAPTER, "student")
    for gone in ("The answer is 42", "derive()", "A step", "The curve is flat", "uses_the_derivation",
                 "sol-z", "Ask first", "reader-only"):
        assert gone not in out.text, gone
    for kept in ("What is it?", "view()", "## Move it", "(figure-z)=", "Try it on paper first."):
        assert kept in out.text, kept
    assert {"derivation-z", "solution-z", "sol-z", "instructors-z"} <= out.dropped_labels


def test_reader_text_unwraps_reader_only_and_drops_instructor_sections():
    out = edition_source(CHAPTER, "reader")
    assert "reader-only" not in out.text and "::::" not in out.text
    for kept in ("The answer is 42", "derive()", "uses_the_derivation", "sol-z"):
        assert kept in out.text, kept
    assert "Ask first" not in out.text and "For instructors" not in out.text and "Try it on paper" not in out.text


def test_instructor_text_is_the_reader_text_plus_instructor_sections():
    out = edition_source(CHAPTER, "instructor")
    assert out.text.startswith(edition_source(CHAPTER, "reader").text.rstrip("\n"))
    assert "## For instructors\n\nAsk first." in out.text and out.dropped_labels == set()


def test_a_dropped_label_must_name_a_heading_and_a_fence_must_close():
    with pytest.raises(ValueError, match=r"line 1: the label \(solution-z\)= must stand right before a heading"):
        edition_source("(solution-z)=\nsome text\n## Solution\n", "student")
    with pytest.raises(ValueError, match="line 2: the {reader-only} fence is never closed"):
        edition_source("text\n::::{reader-only}\nforever\n", "reader")
    with pytest.raises(ValueError, match="edition must be one of"):
        edition_source("text", "teacher")


def test_every_part_chapter_labels_its_sections_as_the_editions_expect():
    for part, docname in PART_DOCS.items():
        text = (Path(__file__).resolve().parents[1] / f"{docname}.md").read_text(encoding="utf-8")
        for label in ("question", "derivation", "example", "code", "figure", "solution", "instructors"):
            assert f"({label}-{part})=" in text, f"{docname}: no ({label}-{part})= label"
        assert text.rstrip().rfind(f"({'instructors'}-{part})=") > text.rfind(f"(solution-{part})="), (
            f"{docname}: the instructor section is not at the end")
        student = edition_source(text, "student").text
        assert "{solution}" not in student and "show_derivation" not in student, docname


# -- the figures' words ------------------------------------------------------------------------------
#: How each figure writes its part's result in a title, legend or caption (as in w2v_core/views).
RESULT_TEXTS = {
    "b": [r"U(\hat y - y)"],
    "c": [r"(\hat y_w - y_w)", r"\hat y_w v_c", r"(\hat y_o - 1) v_c"],
    "d": ["v_c (y_hat - y)^T", r"np.outer(y\_hat - y"],
    "e": [r"\sigma(x)\,(1-\sigma(x))", "σ(1 − σ)"],
}


def _figure_texts(part: str) -> str:
    import importlib

    from matplotlib.text import Text

    figure = importlib.import_module(f"w2v_core.views.part_{part}").view()
    return "\n".join(t.get_text() for t in figure.fig.findobj(Text))


@pytest.mark.parametrize("part", sorted(RESULT_TEXTS))
def test_figures_state_the_result_except_in_the_student_edition(part, monkeypatch):
    monkeypatch.setenv("W2V_EDITION", "reader")
    reader = _figure_texts(part)
    assert all(text in reader for text in RESULT_TEXTS[part]), f"({part}) the reader's figure lost its result"
    monkeypatch.setenv("W2V_EDITION", "student")
    student = _figure_texts(part)
    assert [text for text in RESULT_TEXTS[part] if text in student] == [], f"({part}) the student's figure states the result"
    assert student.strip(), f"({part}) the student's figure has no words at all"
