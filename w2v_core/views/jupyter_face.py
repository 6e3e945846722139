"""The Jupyter face of a chapter's figure: the website's own drawing, as an ipywidget (anywidget).

One drawing for both faces. On the website, ``_static/w2v_figures.js`` (an ES module, with its
siblings ``w2v_sampled.js`` for parts f/g and ``w2v_window.js`` for part h) turns the packed payload
of :meth:`LiveFigure.web_payload` into an SVG figure. Here :class:`FigureWidget` hands that same
payload to those same files, read from ``_static/`` at run time (never a copy checked in), through
anywidget: its ``_esm`` is :func:`esm_source`, the module with its siblings inlined, and its
``render({model, el})`` (w2v_figures.js's default export, as anywidget 0.9+ expects) draws into
the notebook's output.

Why a bundle: anywidget imports ``_esm`` from a Blob URL, against which ``./w2v_sampled.js`` does not
resolve. :func:`bundle` is a build-free step: each ``import {names} from "./file.js";`` of the main
module is replaced by that file's text in a function scope returning the names (so its top-level
constants cannot clash with the main module's). It accepts only what the three files use and raises
ValueError, naming the file, on anything else, so a change to the files that the bundle could not
carry fails the tests rather than the reader's notebook.

Why the precomputed grid, not a state computed on demand: the payload is computed in the kernel by
the very code that writes it into the page (``web_payload()``, i.e. the state functions of
``web_state.py`` on their grid of v_c), so the notebook shows the website's figure number for number
and the drawing needs a single data contract. Asking the kernel for every exact state would add a
second path through the drawing and a comm round trip to each pointer move (the site redraws in
about 1 ms; a round trip costs more than that, and the handle would lag while the kernel is busy),
for positions 0.03 apart at most. The data files of parts (f)/(g), which the site fetches by URL,
come from the kernel instead: the figure sends ``{"type": "w2v-data", "name": NAME}`` and
:meth:`FigureWidget.answer` replies with the file's bytes from the view's ``web_files()``, the same
``web_data()`` that ``_ext/w2v_site.py`` writes into the site (``write_figure_data``).

Where the drawing modules are not found (w2v_core installed without the repository's ``_static``),
:func:`drawing_available` is False and the view keeps its matplotlib widget.
"""
from __future__ import annotations

import re
from pathlib import Path

import anywidget
import traitlets

#: The drawing module that anywidget loads; it imports its siblings by relative URL.
MAIN_MODULE = "w2v_figures.js"
#: The repository's _static folder, beside the package.
STATIC_DIR = Path(__file__).resolve().parents[2] / "_static"
#: The custom message of a data-file request and of its answer.
DATA_REQUEST = "w2v-data"

_IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w.-]+\.js)";[ \t]*$', re.M)
_ANY_IMPORT = re.compile(r"^\s*import\b(?!\.meta|\()", re.M)
_EXPORT = re.compile(r"^export\s+(?:(?:async\s+)?function|const|let|class)\s+(\w+)", re.M)
_ANY_EXPORT = re.compile(r"^\s*export\b", re.M)


def drawing_available(static_dir: Path | None = None) -> bool:
    """Whether the site's drawing module is there to be read (the repository's ``_static``)."""
    return (Path(static_dir or STATIC_DIR) / MAIN_MODULE).is_file()


def _inline(name: str, source: str, wanted: list[str]) -> str:
    """A sibling module as a function scope that returns the names the main module imports."""
    if _ANY_IMPORT.search(source):
        raise ValueError(f"{name}: a module inlined into the bundle must import nothing, got "
                         f"{_ANY_IMPORT.search(source).group(0).strip()!r}...")
    exported = _EXPORT.findall(source)
    if len(exported) != len(_ANY_EXPORT.findall(source)):
        raise ValueError(f"{name}: only 'export function/const/let/class NAME' can be inlined; "
                         f"it has {len(_ANY_EXPORT.findall(source))} exports, {len(exported)} of those forms")
    missing = [n for n in wanted if n not in exported]
    if missing:
        raise ValueError(f"{name}: imported names {missing} are not exported; it exports {exported}")
    body = re.sub(r"^export\s+", "", source, flags=re.M)
    return (f"// ---- ./{name}, inlined by w2v_core/views/jupyter_face.py ----\n"
            f"const {{{', '.join(wanted)}}} = (() => {{\n{body}\nreturn {{{', '.join(wanted)}}};\n}})();\n"
            f"// ---- end of ./{name} ----")


def bundle(static_dir: Path | None = None) -> str:
    """``w2v_figures.js`` with each sibling it imports (``./NAME.js``) inlined: one ES module that
    needs no URL of its own. Raises ValueError naming the file when a file is missing or has an
    import or export that the bundle cannot carry."""
    folder = Path(static_dir or STATIC_DIR)
    main = folder / MAIN_MODULE
    if not main.is_file():
        raise ValueError(f"static_dir: no {MAIN_MODULE} in {folder}; expected the repository's _static folder")
    source = main.read_text(encoding="utf-8")

    def replace(match: re.Match) -> str:
        names = [n.strip() for n in match.group(1).split(",") if n.strip()]
        if any(not re.fullmatch(r"\w+", n) for n in names):
            raise ValueError(f"{MAIN_MODULE}: cannot inline the import {match.group(0)!r} (only plain names)")
        sibling = folder / match.group(2)
        if not sibling.is_file():
            raise ValueError(f"{MAIN_MODULE} imports ./{match.group(2)}, which is not in {folder}")
        return _inline(match.group(2), sibling.read_text(encoding="utf-8"), names)

    out = _IMPORT.sub(replace, source)
    left = _ANY_IMPORT.search(out)
    if left:
        line = out[left.start():out.find("\n", left.start())]
        raise ValueError(f"{MAIN_MODULE}: an import the bundle cannot carry: {line.strip()!r}; "
                         'expected import {names} from "./file.js";')
    return out


def esm_source(static_dir: Path | None = None) -> str:
    """The widget's ``_esm``: :func:`bundle` of the files as they are now (read on every call)."""
    return bundle(static_dir)


class FigureWidget(anywidget.AnyWidget):
    """A chapter's figure in Jupyter, drawn by the website's module from ``payload``.

    ``payload`` is the view's ``web_payload()`` (the same dict the page holds); ``files`` its data
    files by name (parts f/g: ``web_files()``), served to the figure on request."""

    payload = traitlets.Dict().tag(sync=True)

    def __init__(self, payload: dict, files: dict[str, bytes] | None = None, static_dir: Path | None = None):
        if not isinstance(payload, dict) or "part" not in payload:
            raise ValueError(f"payload must be a view's web_payload() dict with a 'part', got {type(payload).__name__}")
        self._esm = esm_source(static_dir)
        super().__init__(payload=payload)
        self._files = dict(files or {})
        self.on_msg(self._on_msg)

    def answer(self, content) -> tuple[dict, list[bytes]]:
        """The kernel's answer to a message of the figure: for ``{"type": "w2v-data", "name": NAME}``
        the file's bytes as a buffer; for anything else an answer with an ``error`` naming what is wrong."""
        if not isinstance(content, dict) or content.get("type") != DATA_REQUEST:
            got = content.get("type") if isinstance(content, dict) else type(content).__name__
            return {"type": DATA_REQUEST, "name": None, "error": f"unknown message {got!r}; expected type {DATA_REQUEST!r}"}, []
        name = content.get("name")
        if not isinstance(name, str) or name not in self._files:
            return {"type": DATA_REQUEST, "name": name,
                    "error": f"no data file {name!r} for part {self.payload['part']} ({len(self._files)} files)"}, []
        return {"type": DATA_REQUEST, "name": name}, [self._files[name]]

    def _on_msg(self, _widget, content, _buffers) -> None:
        reply, buffers = self.answer(content)
        self.send(reply, buffers)
