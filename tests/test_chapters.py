"""Each chapter of _toc.yml, on its own: a MyST notebook that runs top to bottom in a fresh kernel
(jupytext reads the .md, nbclient executes it in the chapter's directory, as the book does), and that
imports its mathematics instead of defining it.
"""
from __future__ import annotations

import re

import jupytext
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest_book import ROOT, chapter_files, source_of

CHAPTERS = chapter_files()
#: A chapter explains; a formula lives in w2v_core. A def (or a lambda bound to a name) whose name says
#: sigmoid, softmax, loss, gradient or derivative is a formula defined in a chapter.
FORMULA_DEF = re.compile(r"^\s*(?:def\s+(\w*(?:sigmoid|softmax|loss|grad|deriv)\w*)\s*\("
                         r"|(\w*(?:sigmoid|softmax|loss|grad|deriv)\w*)\s*=\s*lambda\b)",
                         re.IGNORECASE | re.MULTILINE)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_is_a_myst_notebook(docname):
    notebook = jupytext.read(source_of(docname))
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{docname}: no python3 kernelspec in the front matter: the book would not execute it")
    assert notebook.metadata.get("jupytext", {}).get("text_representation", {}).get("format_name") == "myst", (
        f"{docname}: the front matter does not say jupytext format_name: myst")
    assert any(c.cell_type == "code" for c in notebook.cells), f"{docname}: no code cell"


@pytest.mark.slow
@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_executes_without_error(docname):
    source = source_of(docname)
    notebook = jupytext.read(source)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(source.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{source.relative_to(ROOT)} fails to execute:\n{error}")


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_defines_no_formula(docname):
    notebook = jupytext.read(source_of(docname))
    defined = [m.group(1) or m.group(2) for cell in notebook.cells if cell.cell_type == "code"
               for m in FORMULA_DEF.finditer(cell.source)]
    assert defined == [], f"{docname} defines {defined}: a formula belongs in w2v_core, the chapter imports it"
