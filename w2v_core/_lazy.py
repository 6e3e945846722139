"""A module imported on first use, so that importing the package's pure-Python parts never pulls in numpy.

The answer checker (:mod:`w2v_core.check`) and the derivations' notation run in the reader's browser,
where Python has no numpy; only the NumPy comparisons of the derivations need it, and they run in
Jupyter, the book build and the tests.
"""
from __future__ import annotations

import importlib


class LazyModule:
    """Stands for the module ``name``; the first attribute looked up imports it."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


numpy = LazyModule("numpy")
