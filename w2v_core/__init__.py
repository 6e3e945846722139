"""word2vec, derived: the mathematics of skip-gram word2vec as small, pure, tested functions.

Code convention: vectors are rows. ``outside_vectors`` has shape (|V|, d) and is the transpose of
the paper's U (d x |V|, columns u_w); ``center_vectors`` likewise transposes the paper's V.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

# Where each public name lives. They are imported on first use (PEP 562), so that ``import w2v_core.check``
# (which runs in the reader's browser, with no numpy) does not import numpy through this file.
_HOMES = {
    "log_sigmoid": "activations", "log_softmax": "activations", "sigmoid": "activations",
    "sigmoid_grad": "activations", "softmax": "activations",
    "GradcheckReport": "gradcheck", "gradcheck": "gradcheck",
    "naive_softmax_loss_and_gradient": "losses", "neg_sampling_loss_and_gradient": "losses",
    "draw_negatives": "sampling", "keep_probabilities": "sampling", "unigram_distribution": "sampling",
    "neg_sampling_loss": "skipgram", "skipgram": "skipgram", "window_pairs": "skipgram",
    "window_positions": "skipgram",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        # ``import w2v_core; w2v_core.losses`` worked when this file imported every module eagerly
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    """Two public functions share their module's name (``skipgram``, ``gradcheck``). Importing that module
    would bind the package attribute to the module; keep the function there, as an eager import did."""

    def __setattr__(self, name, value):
        if name in _HOMES and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__():
    return sorted(set(globals()) | set(_HOMES))
