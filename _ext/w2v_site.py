"""The website's own Sphinx extension: a book that works with no kernel and no network.

* MathJax 3 is served from the site. The part of MathJax that a page can load (the TeX-to-HTML
  bundle, its TeX extensions, fonts, menu and accessibility modules) is copied from the
  ``sphinx-mathjax-offline`` wheel into ``_static/mathjax``. Only files that are missing or differ
  are copied, so a rebuild with nothing changed copies nothing (that package's own extension
  copies all 24 MB of MathJax after every build).
* No script from a CDN reaches a page: sphinx-thebe's loader (thebe would come from unpkg.com; the
  launch buttons replace it) and the ipywidgets state (the site has no widget manager; each widget's
  web form shows instead) are dropped, and any other off-site script or stylesheet is a build warning,
  hence an error under ``-W``.
* Each MyST notebook page offers ``_sources/<page>.ipynb`` for download, converted from the ``.md``
  source with jupytext, with a first cell that installs ``w2v_core`` from the repository where it is
  not importable (Colab, a download). The Colab button opens that same notebook on the branch the site
  is published to (``w2v_published_branch``, ``gh-pages`` by default), because Colab cannot open a
  ``.md``. Binder and JupyterHub open the ``.md`` itself on the repository's branch: jupytext (in
  requirements.txt) lets Jupyter open it as a notebook.
* A change to ``w2v_core`` alone re-executes every chapter, since the pages show what it computes.
"""
from __future__ import annotations

import re

import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any, Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What a page may load from MathJax, relative to its root: the bundle that the page loads, and what
#: that bundle fetches on demand (TeX extensions through autoload, fonts, the menu, speech).
MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "input/mml.js", "input/mml", "output/chtml/fonts/woff-v2", "ui", "a11y", "sre")
MATHJAX_PATH = "mathjax/tex-chtml.js"

WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"
SETUP_CELL_TAG = "w2v-setup"


# -- MathJax from the site -----------------------------------------------------------------------
def mathjax_source_dir() -> Path:
    """MathJax 3 as shipped in the sphinx-mathjax-offline wheel."""
    return Path(metadata.distribution("sphinx-mathjax-offline").locate_file("sphinx-mathjax-offline/static/mathjax"))


def _copy_if_changed(source: Path, target: Path) -> bool:
    """Copy with the modification time, skipping a target of the same size and time."""
    stat = source.stat()
    try:
        existing = target.stat()
        if existing.st_size == stat.st_size and existing.st_mtime_ns == stat.st_mtime_ns:
            return False
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def copy_mathjax(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    if "://" in app.config.mathjax_path or app.config.mathjax_path != MATHJAX_PATH:
        logger.warning(f"[w2v_site] mathjax_path is {app.config.mathjax_path!r}; expected {MATHJAX_PATH!r} "
                       "so that MathJax is served from the site")
    source = mathjax_source_dir()
    target = Path(app.outdir) / "_static" / "mathjax"
    copied = 0
    for part in MATHJAX_PARTS:
        path = source / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        if not files:
            logger.warning(f"[w2v_site] MathJax part {part!r} not found under {source}")
        for file in files:
            copied += _copy_if_changed(file, target / file.relative_to(source))
    if copied:
        logger.info(f"[w2v_site] copied {copied} MathJax file(s) into _static/mathjax")


# -- nothing from outside the site ---------------------------------------------------------------
def _is_thebe(asset) -> bool:
    name = os.fspath(asset.filename or "")
    return name.endswith(("sphinx-thebe.js", "sphinx-thebe.css")) or "THEBE_JS_URL" in asset.attributes.get("body", "")


def keep_assets_on_site(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    scripts = context.get("script_files")
    if scripts is not None:
        scripts[:] = [js for js in scripts
                      if not _is_thebe(js) and js.attributes.get("type") != WIDGET_STATE_MIMETYPE]
    styles = context.get("css_files")
    if styles is not None:
        styles[:] = [css for css in styles if not _is_thebe(css)]
    for asset in list(scripts or []) + list(styles or []):
        if "://" in os.fspath(asset.filename or "") or os.fspath(asset.filename or "").startswith("//"):
            logger.warning(f"[w2v_site] page {pagename!r} would load {asset.filename!r} from outside the site",
                           location=pagename)


def drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """sphinx-thebe appends its kernel configuration to every page; without thebe it is dead text."""
    for raw in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in raw.astext() or raw.astext().startswith("<script>kernelName"):
            raw.parent.remove(raw)


# -- notebooks to download and launch ------------------------------------------------------------
def _is_md_notebook(app: Sphinx, pagename: str) -> bool:
    return (pagename in app.env.all_docs and "kernelspec" in app.env.metadata.get(pagename, {})
            and app.env.doc2path(pagename).endswith(".md"))


def _repository(app: Sphinx) -> tuple[str, str]:
    theme = app.config.html_theme_options
    return theme.get("repository_url", "").rstrip("/"), theme.get("repository_branch", "") or "main"


#: The optional dependencies of w2v_core (pyproject.toml) and the modules each brings. A chapter that
#: needs one names it in its front matter, e.g. ``w2v_extras: [train]``.
EXTRAS = {"train": ("gensim", "nltk", "adjustText")}


def setup_cell_source(repo_url: str, branch: str, extras: Sequence[str] = (), edition: str = "reader") -> str:
    unknown = sorted(set(extras) - set(EXTRAS))
    if unknown:
        raise ValueError(f"w2v_extras names unknown extras {unknown}; expected some of {sorted(EXTRAS)}")
    modules = ["w2v_core", *(m for extra in extras for m in EXTRAS[extra])]
    requirement = f"w2v_core[{','.join(extras)}] @ git+{repo_url}@{branch}" if extras else f"git+{repo_url}@{branch}"
    # The student's edition (_ext/w2v_editions.py): its figures must not state the results here either.
    student = ("import os\n\nos.environ[\"W2V_EDITION\"] = \"student\"  # figures that do not state the answers\n"
               if edition == "student" else "")
    return (
        "# Set-up for running this notebook outside the book's repository (Colab, a download):\n"
        f"# install the book's package, w2v_core, from its repository if {' or '.join(modules)} is missing.\n"
        "import importlib.util, subprocess, sys\n"
        "\n"
        f"if any(importlib.util.find_spec(name) is None for name in {modules!r}):\n"
        f"    subprocess.check_call([sys.executable, \"-m\", \"pip\", \"install\", \"--quiet\", {requirement!r}])\n"
        + (f"\n{student}" if student else "")
    )



# -- the downloaded notebook in plain Markdown ------------------------------------------------------
# Colab and plain Jupyter know no MyST: a {solution} fence would show as a code block and a {doc} role
# as raw text. The .ipynb offered for download gets the same content in CommonMark and HTML instead.

_FENCE = re.compile(r"^(`{3,}|:{3,})\{([\w:-]+)\}\s*(.*)$")
_OPTION = re.compile(r"^:[\w-]+:")
_ROLE_WITH_TARGET = re.compile(r"\{(?:doc|ref|numref)\}`([^`<]+?)\s*<([^`>]+)>`")
_ROLE_BARE = re.compile(r"\{(doc|ref|numref|cite|cite:t|cite:p|eq|term)\}`([^`]+)`")
_LABEL = re.compile(r"^\([\w:.-]+\)=\s*$")


def _quote(lines: list[str]) -> list[str]:
    return [("> " + line).rstrip() for line in lines]


def _directive_as_markdown(name: str, argument: str, body: list[str]) -> list[str]:
    title = argument.strip()
    if name in ("solution", "dropdown") or name.endswith("dropdown"):
        summary = "Solution" if name == "solution" else (title or "Details")
        return [f"<details><summary>{summary}</summary>", ""] + body + ["", "</details>"]
    if name == "answer-check":  # the box checks in the browser; in a notebook the same checker is one call away
        return [f"> **Check your answer** with the book's checker: `from w2v_core import check`, then "
                f"`check.answer(\"{title}\", r\"...\")` or `check.derivation(\"{title}\", text)`."]
    if name == "exercise":
        head = f"**Exercise: {title}**" if title else "**Exercise**"
    elif name == "admonition":
        head = f"**{title}**"
    else:
        head = f"**{name.capitalize()}**" + (f" {title}" if title else "")
    return _quote([head, ""] + body)


def _roles_as_markdown(line: str) -> str:
    line = _ROLE_WITH_TARGET.sub(lambda m: m.group(1).strip(), line)

    def bare(m):
        role, text = m.group(1), m.group(2)
        if role.startswith("cite"):
            return f"({text})" if role != "cite:t" else text
        return text.rsplit("/", 1)[-1]
    return _ROLE_BARE.sub(bare, line)


def myst_as_markdown(source: str) -> str:
    """A MyST Markdown cell as CommonMark: directives become quotes or <details>, roles plain text."""
    lines, out, i = source.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        match = _FENCE.match(line)
        if match:
            fence, name, argument = match.groups()
            j = i + 1
            while j < len(lines) and _OPTION.match(lines[j]):
                j += 1
            body = []
            while j < len(lines) and lines[j].strip() != fence:
                body.append(lines[j])
                j += 1
            while body and not body[0].strip():
                body.pop(0)
            inner = myst_as_markdown("\n".join(body)).split("\n")
            out.extend(_directive_as_markdown(name, _roles_as_markdown(argument), inner))
            i = j + 1
            continue
        if not _LABEL.match(line):
            out.append(_roles_as_markdown(line))
        i += 1
    return "\n".join(out)


def page_text(app: Sphinx, pagename: str) -> str:
    """The page's MyST source as this edition of the book shows it (``_ext/w2v_editions.py`` drops
    what an edition leaves out, through its ``w2v-edition-source`` event)."""
    text = Path(app.env.doc2path(pagename)).read_text(encoding="utf-8")
    if "w2v_editions" in app.extensions:
        text = app.emit_firstresult("w2v-edition-source", pagename, text) or text
    return text


def notebook_for_download(app: Sphinx, pagename: str) -> str:
    """The page's MyST source as an .ipynb (no outputs), the set-up cell first."""
    import jupytext
    import nbformat

    notebook = jupytext.reads(page_text(app, pagename), fmt="md:myst")
    notebook.metadata.pop("jupytext", None)  # a standalone notebook, not paired with a .md
    extras = notebook.metadata.pop("w2v_extras", [])  # from the front matter (Sphinx's copy is a string)
    edition = getattr(app.config, "w2v_edition", "reader")
    setup = nbformat.v4.new_code_cell(setup_cell_source(*_repository(app), extras, edition), metadata={"tags": [SETUP_CELL_TAG]},
                                      id=SETUP_CELL_TAG)
    notebook.cells.insert(0, setup)
    for i, cell in enumerate(notebook.cells[1:], start=1):
        if cell.cell_type == "markdown":
            cell.source = myst_as_markdown(cell.source)
        cell["id"] = f"cell-{i}"  # jupytext draws random ids; stable ones keep the file reproducible
    return jupytext.writes(notebook, fmt="ipynb")


def offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Before the theme's header buttons: the download button offers the .ipynb."""
    if app.builder.format == "html" and _is_md_notebook(app, pagename):
        context["ipynb_source"] = pagename + ".ipynb"


def write_notebook_and_point_colab(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                                   doctree) -> None:
    """After the theme (which may have copied the executed notebook there): write our notebook, and
    point the Colab button at it on the published branch."""
    if app.builder.format != "html" or not _is_md_notebook(app, pagename):
        return
    target = Path(app.outdir) / "_sources" / (pagename + ".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(notebook_for_download(app, pagename), encoding="utf-8")

    repo_url, _ = _repository(app)
    org_repo = repo_url.split("github.com/")[-1] if "github.com/" in repo_url else None
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") == "Colab" and org_repo:
                colab = app.config.html_theme_options["launch_buttons"]["colab_url"].rstrip("/")
                button["url"] = (f"{colab}/github/{org_repo}/blob/{app.config.w2v_published_branch}"
                                 f"/_sources/{pagename}.ipynb")


# -- Re-execute the chapters when w2v_core changes ------------------------------------------------
# myst-nb's cache keys a notebook on its own code cells, and Sphinx re-reads a page only when its source
# changes. A chapter shows what w2v_core computes (a derivation and its checks, printed results), so an
# edit to the package alone would leave every page showing the old package's output. The package's
# source is therefore hashed; when the hash changes, the cache is emptied and every notebook re-read.
W2V_CORE_STAMP = "w2v_core.sha256"


def w2v_core_digest() -> str:
    import hashlib
    import importlib.util

    package = Path(importlib.util.find_spec("w2v_core").origin).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _stamp_path(app: Sphinx) -> Path:
    return Path(app.outdir).parent / W2V_CORE_STAMP


def check_w2v_core(app: Sphinx) -> None:
    app.w2v_core_digest = w2v_core_digest()
    stamp = _stamp_path(app)
    app.w2v_core_changed = not stamp.exists() or stamp.read_text().strip() != app.w2v_core_digest
    cache = Path(app.env.mystnb_config.execution_cache_path)
    if app.w2v_core_changed and cache.exists():
        logger.info("w2v_core changed since the last build: emptying the execution cache %s", cache)
        shutil.rmtree(cache)


def outdated_after_w2v_core(app: Sphinx, env, added, changed, removed) -> list[str]:
    if not getattr(app, "w2v_core_changed", False):
        return []
    return sorted(doc for doc in env.found_docs - added - changed
                  if "kernelspec" in env.metadata.get(doc, {}))


def stamp_w2v_core(app: Sphinx, exception) -> None:
    if exception is None and hasattr(app, "w2v_core_digest"):
        _stamp_path(app).write_text(app.w2v_core_digest + "\n")


FIGURES_MODULE = "w2v_figures.js"
#: Modules that w2v_figures.js imports itself ((f)/(g)'s and (h)'s drawings): copied with _static, never
#: listed as classic scripts (there their ``export`` would be a syntax error).
FIGURES_IMPORTS = ("w2v_sampled.js", "w2v_window.js")


def load_figures_as_a_module(app: Sphinx, config) -> None:
    """The interactive figures' drawing module (_static/w2v_figures.js, issue 12) is an ES module: it
    mounts every [data-w2v-figure] element of a page and does nothing on a page without one. Jupyter
    Book lists every .js file of _static as a classic script; load this one as a module instead, and
    the modules it imports not at all."""
    skip = {FIGURES_MODULE, *FIGURES_IMPORTS}
    files = [f for f in config.html_js_files if (f[0] if isinstance(f, (tuple, list)) else f) not in skip]
    config.html_js_files = files + [(FIGURES_MODULE, {"type": "module"})]


def write_figure_data(app: Sphinx, exception) -> None:
    """The data files of the figures of parts (f) and (g) (w2v_core/views/web_sampled.py), fetched by
    their pages, into the site's _static/w2v_data/: in every edition, whether or not the chapters
    were executed in this build (the numbers come from a cache that the chapters' kernel shares)."""
    if exception is not None or app.builder.format != "html":
        return
    from w2v_core.views import part_f, part_g
    from w2v_core.views.web_coding import compact_files
    from w2v_core.views.web_sampled import DATA_DIR, write_files

    # Coded as the pages name them (delta coded and deflated, .w2vz): the cache keeps the raw integers.
    static = Path(app.outdir) / "_static"
    files = {name: blob for part in (part_f, part_g) for name, blob in compact_files(*part.web_data()).items()}
    written = write_files(files, static)
    # Files of an earlier build that no page names any more (other numbers, the raw .bin of old) go.
    for stale in sorted(p for p in (static / DATA_DIR).rglob("*") if p.is_file()
                        and p.relative_to(static / DATA_DIR).as_posix() not in files):
        stale.unlink()
    if written:
        logger.info(f"[w2v_site] wrote {written / 1e6:.1f} MB of figure data into _static/w2v_data")


# -- the theme's icons without its 1.5 MB script ---------------------------------------------------
#: The tag by which pydata-sphinx-theme loads Font Awesome's JavaScript (1.49 MB, every page). The
#: theme's stylesheet already draws every icon it uses from Font Awesome's webfont (fa-solid-900.woff2,
#: 156 KB, which each page loads anyway), so the script only turned those <i> into inline SVGs.
FONTAWESOME_SCRIPT = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js(?:\?[^"]*)?"></script>\n?')
FONTAWESOME_FILES = ("scripts/fontawesome.js", "scripts/fontawesome.js.map")
#: An empty icon element of the theme. Font Awesome's script hid the SVG it drew from assistive
#: technology (aria-hidden); drawn by the stylesheet, the element itself is marked so: the icon's
#: private-use character is decoration, and the control around it carries its own name.
ICON_ELEMENT = re.compile(r'<(i|span) (class="[^"]*\b(?:fa-solid|fas|fa-regular|far|fa-brands|fab)\b[^"]*")'
                          r'(?![^>]*aria-hidden)([^>]*)></\1>')


def drop_fontawesome_script(app: Sphinx) -> None:
    """Render every HTML page without the theme's Font Awesome script (the icons stay: CSS and font),
    its icon elements hidden from assistive technology as the script hid them. A page that still names the script after this (the theme changed its tag) is a build warning."""
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def render_without_fontawesome_js(template: str, context: dict) -> str:
        page = FONTAWESOME_SCRIPT.sub("", render(template, context))
        page = ICON_ELEMENT.sub(r'<\1 \2\3 aria-hidden="true"></\1>', page)
        if "scripts/fontawesome.js" in page:
            logger.warning(f"[w2v_site] {context.get('pagename', template)}: the theme's fontawesome.js is still "
                           "loaded (its <script> tag changed?); see FONTAWESOME_SCRIPT in _ext/w2v_site.py")
        return page

    templates.render = render_without_fontawesome_js


def remove_fontawesome_files(app: Sphinx, exception) -> None:
    """No page loads the script any more: leave it (and its 1.7 MB source map) out of the site."""
    if exception is None and app.builder.format == "html":
        for name in FONTAWESOME_FILES:
            (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("w2v_published_branch", "gh-pages", "html")
    # Derivations are displayed as HTML outputs whose $$...$$ Sphinx cannot see; load MathJax on every
    # page rather than only on pages whose own Markdown holds math.
    app.set_html_assets_policy("always")
    app.connect("config-inited", load_figures_as_a_module)
    app.connect("builder-inited", copy_mathjax)
    app.connect("builder-inited", check_w2v_core, priority=900)  # after myst-nb has set its cache path
    app.connect("env-get-outdated", outdated_after_w2v_core)
    app.connect("build-finished", stamp_w2v_core)
    app.connect("build-finished", write_figure_data)
    app.connect("builder-inited", drop_fontawesome_script)
    app.connect("build-finished", remove_fontawesome_files)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", offer_notebook, priority=499)
    app.connect("html-page-context", write_notebook_and_point_colab, priority=502)
    app.connect("html-page-context", keep_assets_on_site, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
