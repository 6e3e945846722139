"""Show the real source of a w2v_core function in a page: read from the package, never retyped."""
from __future__ import annotations

import ast
import inspect
import textwrap

from IPython.display import Code


def show_source(obj, *, upto: str | None = None, docstring: bool = True) -> Code:
    """The source of a function, class or module, syntax-highlighted for a notebook or the book.

    Args:
        obj: what to show.
        upto: show the source only up to the first line containing this text (that line included),
            and mark the cut with a comment: a chapter shows the lines it explains, not the answers of
            the parts after it.
        docstring: False leaves out the docstring of a function (it may state later parts' answers).

    Raises:
        ValueError: ``upto`` occurs in no line of the source.
    """
    source = inspect.getsource(obj)
    if not docstring:
        source = _without_docstring(source)
    if upto is not None:
        lines = source.splitlines()
        hits = [i for i, line in enumerate(lines) if upto in line]
        if not hits:
            raise ValueError(f"upto={upto!r} occurs in no line of the source of {getattr(obj, '__name__', obj)!r}")
        kept = lines[:hits[0] + 1]
        indent = len(kept[-1]) - len(kept[-1].lstrip())
        source = "\n".join(kept + [" " * indent + "# ... (the rest belongs to the parts after this one)"]) + "\n"
    return Code(source, language="python")


def _without_docstring(source: str) -> str:
    tree = ast.parse(textwrap.dedent(source))
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or ast.get_docstring(node) is None:
        return source
    doc = node.body[0]
    lines = source.splitlines(keepends=True)
    return "".join(lines[:doc.lineno - 1] + lines[doc.end_lineno:])
