"""Three editions of the book from one source: the reader's, the student's and the instructor's.

The edition is the config value ``w2v_edition`` (``reader`` by default; the environment variable
``W2V_EDITION`` sets the default, and ``make book EDITION=...`` sets both through
``tools/build_edition.py``).

* **reader** (``make book``, ``_build/html``): every chapter as written.
* **student** (``_build/student/html``): each part's chapter keeps its question, why it matters, the
  hints, the notation, the figure and the answer checker, and loses what gives the answer away.
* **instructor** (``_build/instructor/html``): the reader's edition plus the "For instructors"
  section at the end of each part's chapter.

What an edition drops is removed from the *source text* before anything reads it, so it is absent,
not hidden: not in the HTML, nor the executed notebook, the search index, ``objects.inv``, the copy
of the source under ``_sources``, or the notebook to download and launch (``_ext/w2v_site.py`` asks
this extension for the page's text through the ``w2v-edition-source`` event). The markers, in a
chapter's MyST source:

* a MyST label right before a heading names the section: ``(derivation-b)=`` then ``## The derivation``.
  The student edition drops every section whose label starts with one of :data:`STUDENT_DROPS`
  (the heading, its label, and everything up to the next heading of the same or a higher level);
  sections labelled ``instructors-X`` appear in the instructor edition only.
* prose outside those sections that states the result goes in a four-colon fence::

      ::::{reader-only}
      The gradient is ...
      ::::

  The student edition drops it; the others keep its content, without the fence lines. A
  ``student-only`` fence is the converse: its content is in the student's edition alone.

A cross-reference to a label that an edition dropped becomes plain text there instead of a broken
link (a warning, hence an error under ``-W``). A ``reader-only`` fence that reaches the parser (the
filter missed it) is a warning too.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

EDITIONS = ("reader", "student", "instructor")
#: Label prefixes of the sections the student edition drops: they derive, compute or state the answer.
STUDENT_DROPS = ("derivation", "example", "code", "solution", "mistakes")
#: Label prefix of the sections that only the instructor edition keeps.
INSTRUCTOR_ONLY = "instructors"
READER_ONLY = "reader-only"
#: Prose for the student's edition alone, e.g. where the intro describes what a chapter holds.
STUDENT_ONLY = "student-only"

_LABEL = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=\s*$")
_HEADING = re.compile(r"^(#{1,6})\s")
_FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})")
_ONLY_OPEN = re.compile(r"^(:{4,})\{(" + re.escape(READER_ONLY) + "|" + re.escape(STUDENT_ONLY) + r")\}\s*$")
_DIRECTIVE_LABEL = re.compile(r"^:label:\s*(\S+)\s*$")


@dataclass
class Filtered:
    """An edition's text of one source, and the labels it dropped (for cross-references)."""

    text: str
    dropped_labels: set[str] = field(default_factory=set)


def _dropped_prefixes(edition: str) -> tuple[str, ...]:
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    drops = STUDENT_DROPS if edition == "student" else ()
    return drops + (() if edition == "instructor" else (INSTRUCTOR_ONLY,))


def _scan(lines: list[str]) -> tuple[list[bool], list[tuple[int, int, str]]]:
    """For each line, whether it is outside every fenced block (code cells, directives, code); and
    the (opening, closing) line numbers and the name of each top-level ``reader-only`` or
    ``student-only`` fence.

    A fence line itself counts as inside. A fence closes at a bare fence of the same character, at
    least as long. Inside a backtick or tilde fence nothing else opens (CommonMark); inside a colon
    fence, whose content is MyST, fences nest.
    """
    outside: list[bool] = []
    spans: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []  # (fence, line it opened on)
    only: tuple[int, str] | None = None  # the open reader-only or student-only fence: line, name
    for i, line in enumerate(lines):
        stripped = line.strip()
        fence = _FENCE.match(stripped)
        if not fence:
            outside.append(not stack)
            continue
        mark = fence.group(1)
        if stack and stripped == mark and mark[0] == stack[-1][0][0] and len(mark) >= len(stack[-1][0]):
            _, opened = stack.pop()
            if not stack and only and opened == only[0]:
                spans.append((opened, i, only[1]))
                only = None
        elif not stack or stack[-1][0][0] == ":":
            if not stack and (named := _ONLY_OPEN.match(stripped)):
                only = (i, named.group(2))
            stack.append((mark, i))
        outside.append(False)
    if only is not None:
        raise ValueError(f"line {only[0] + 1}: the {{{only[1]}}} fence is never closed")
    return outside, spans


def _section_start(lines: list[str], outside: list[bool], heading: int) -> int:
    """The first line of the section whose heading is at ``heading``: its label lines come first."""
    start = heading
    i = heading - 1
    while i >= 0 and outside[i] and (_LABEL.match(lines[i]) or not lines[i].strip()):
        if _LABEL.match(lines[i]):
            start = i
        i -= 1
    return start


def edition_source(text: str, edition: str, where: str = "<source>") -> Filtered:
    """The text of a MyST source as ``edition`` shows it (see the module docstring for the markers).

    Raises ValueError, naming the line, for a dropped label that does not stand before a heading,
    or a ``reader-only`` fence that is never closed.
    """
    drops = _dropped_prefixes(edition)
    lines = text.split("\n")
    try:
        outside, spans = _scan(lines)
    except ValueError as error:
        raise ValueError(f"{where}, {error}") from None
    keep = [True] * len(lines)
    dropped: set[str] = set()
    headings = [(i, len(m.group(1))) for i, line in enumerate(lines) if outside[i] and (m := _HEADING.match(line))]

    for i, line in enumerate(lines):
        label = _LABEL.match(line) if outside[i] else None
        if not label or not label.group(1).startswith(tuple(p + "-" for p in drops)):
            continue
        following = next(((h, level) for h, level in headings if h > i), None)
        between = lines[i + 1:following[0]] if following else lines[i + 1:]
        if following is None or any(s.strip() and not _LABEL.match(s) for s in between):
            raise ValueError(f"{where}, line {i + 1}: the label ({label.group(1)})= must stand right before "
                             "a heading, since the section it names is dropped in some edition")
        heading, level = following
        end = next((_section_start(lines, outside, h) for h, lv in headings if h > heading and lv <= level), len(lines))
        for j in range(i, end):
            keep[j] = False

    for opened, closed, name in spans:
        shown = (edition == "student") == (name == STUDENT_ONLY)
        for j in range(opened, closed + 1):
            if not shown or j in (opened, closed):
                keep[j] = False

    for i, line in enumerate(lines):
        if not keep[i]:
            label = _LABEL.match(line) or _DIRECTIVE_LABEL.match(line.strip())
            if label:
                dropped.add(label.group(1))
    kept = [line for i, line in enumerate(lines) if keep[i]]
    return Filtered(_squeeze_blank_lines("\n".join(kept)), dropped)


def _squeeze_blank_lines(text: str) -> str:
    """Runs of blank lines left where a section was cut, down to one (outside code nothing else changes)."""
    return re.sub(r"\n{3,}", "\n\n", text)


# -- Sphinx ---------------------------------------------------------------------------------------
def edition_of(app: Sphinx) -> str:
    return app.config.w2v_edition


def check_edition(app: Sphinx, config) -> None:
    if config.w2v_edition not in EDITIONS:
        raise ConfigError(f"w2v_edition must be one of {EDITIONS}, got {config.w2v_edition!r} "
                          "(set by `make book EDITION=...` or the environment variable W2V_EDITION)")
    if config.w2v_edition != "reader":
        # Each edition is published on its own branch; the Colab button and the set-up cell use it.
        branches = dict(config.w2v_published_branches or {})
        config.w2v_published_branch = branches.get(config.w2v_edition,
                                                    f"{config.w2v_published_branch}-{config.w2v_edition}")


def _filtered(app: Sphinx, docname: str, text: str) -> Filtered:
    try:
        return edition_source(text, edition_of(app), where=app.env.doc2path(docname))
    except ValueError as error:
        logger.warning(f"[w2v_editions] {error}", location=docname)
        return Filtered(text)


def filter_source(app: Sphinx, docname: str, source: list[str]) -> None:
    filtered = _filtered(app, docname, source[0])
    source[0] = filtered.text
    dropped = getattr(app.env, "w2v_dropped_labels", {})
    dropped[docname] = filtered.dropped_labels
    app.env.w2v_dropped_labels = dropped


def source_for(app: Sphinx, docname: str, text: str) -> str:
    """The ``w2v-edition-source`` event: the edition's text of a page, for the notebook to download."""
    return _filtered(app, docname, text).text


def purge_doc(app: Sphinx, env, docname: str) -> None:
    getattr(env, "w2v_dropped_labels", {}).pop(docname, None)


def merge_info(app: Sphinx, env, docnames, other) -> None:
    env.w2v_dropped_labels = {**getattr(env, "w2v_dropped_labels", {}),
                              **{d: v for d, v in getattr(other, "w2v_dropped_labels", {}).items() if d in docnames}}


def dropped_reference(app: Sphinx, env, node, contnode):
    """A reference to what this edition dropped: its text, without a link (a broken link would warn)."""
    target = node.get("reftarget", "")
    if any(target in labels for labels in getattr(env, "w2v_dropped_labels", {}).values()):
        return contnode
    return None


class ReaderOnly(SphinxDirective):
    """Only reached when the source filter missed a fence (it removes every one): say so."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        logger.warning(f"[w2v_editions] a {{{self.name}}} block reached the parser; its fence must have "
                       "four or more colons, alone on its line, closed by the same number", location=self.get_location())
        return []


def copy_sources(app: Sphinx, exception) -> None:
    """Sphinx copies each page's source file as it is on disk; write the edition's text over it."""
    if exception is not None or app.builder.format != "html" or not app.config.html_copy_source:
        return
    sources = Path(app.outdir) / "_sources"
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        suffix = path.suffix
        name = docname + suffix
        if not name.endswith(app.config.html_sourcelink_suffix):
            name += app.config.html_sourcelink_suffix
        target = sources / name
        if not target.exists() or suffix == ".ipynb":  # an .ipynb source is a notebook, not text to filter
            continue
        text = _filtered(app, docname, path.read_text(encoding="utf-8")).text
        if target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def launch_from_edition(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Binder and JupyterHub open the chapter's .md from the repository, which holds every edition's
    content; outside the reader's edition they open the edition's own notebook instead, from the
    branch the edition is published to (``_sources/<page>.ipynb``, written by w2v_site)."""
    if edition_of(app) == "reader" or app.builder.format != "html":
        return
    branch = app.config.w2v_published_branch
    notebook = f"_sources/{pagename}.ipynb"
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            url = button.get("url", "")
            if button.get("text") == "Binder" and "?urlpath=" in url:
                base, query = url.split("?", 1)
                ui = parse_qs(query)["urlpath"][0].split("/", 2)
                base = base.rsplit("/", 1)[0] + "/" + branch
                button["url"] = f"{base}?urlpath={ui[0]}/{ui[1]}/{notebook}"
            elif button.get("text") == "JupyterHub":
                parts = urlsplit(url)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                repo = query["repo"].rstrip("/").rsplit("/", 1)[-1]
                ui = query["urlpath"].split("/", 2)
                query.update(branch=branch, urlpath=f"{ui[0]}/{ui[1]}/{repo}/{notebook}")
                button["url"] = parts._replace(query=urlencode(query, safe="/")).geturl()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("w2v_edition", os.environ.get("W2V_EDITION", "reader") or "reader", "env", [str])
    app.add_config_value("w2v_published_branches", {}, "html", [dict])
    app.add_event("w2v-edition-source")
    app.connect("config-inited", check_edition, priority=600)  # after w2v_site has added its values
    app.connect("source-read", filter_source)
    app.connect("w2v-edition-source", source_for)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("missing-reference", dropped_reference)
    app.connect("html-page-context", launch_from_edition, priority=503)  # after w2v_site points Colab
    app.connect("build-finished", copy_sources)
    app.add_directive(READER_ONLY, ReaderOnly)
    app.add_directive(STUDENT_ONLY, ReaderOnly)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
