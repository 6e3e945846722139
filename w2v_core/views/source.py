"""Show the real source of a w2v_core function in a page: read from the package, never retyped."""
from __future__ import annotations

import inspect

from IPython.display import Code


def show_source(obj) -> Code:
    """The source of a function, class or module, syntax-highlighted for a notebook or the book."""
    return Code(inspect.getsource(obj), language="python")
