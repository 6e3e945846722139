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
"""
from __future__ import annotations

import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

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


def setup_cell_source(repo_url: str, branch: str) -> str:
    return (
        "# Set-up for running this notebook outside the book's repository (Colab, a download):\n"
        "# install the book's package, w2v_core, from its repository if it is not importable.\n"
        "import importlib.util, subprocess, sys\n"
        "\n"
        "if importlib.util.find_spec(\"w2v_core\") is None:\n"
        f"    subprocess.check_call([sys.executable, \"-m\", \"pip\", \"install\", \"--quiet\", \"git+{repo_url}@{branch}\"])\n"
    )


def notebook_for_download(app: Sphinx, pagename: str) -> str:
    """The page's MyST source as an .ipynb (no outputs), the set-up cell first."""
    import jupytext
    import nbformat

    notebook = jupytext.read(app.env.doc2path(pagename))
    notebook.metadata.pop("jupytext", None)  # a standalone notebook, not paired with a .md
    setup = nbformat.v4.new_code_cell(setup_cell_source(*_repository(app)), metadata={"tags": [SETUP_CELL_TAG]},
                                      id=SETUP_CELL_TAG)
    notebook.cells.insert(0, setup)
    for i, cell in enumerate(notebook.cells[1:], start=1):
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("w2v_published_branch", "gh-pages", "html")
    # Derivations are displayed as HTML outputs whose $$...$$ Sphinx cannot see; load MathJax on every
    # page rather than only on pages whose own Markdown holds math.
    app.set_html_assets_policy("always")
    app.connect("builder-inited", copy_mathjax)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", offer_notebook, priority=499)
    app.connect("html-page-context", write_notebook_and_point_colab, priority=502)
    app.connect("html-page-context", keep_assets_on_site, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
