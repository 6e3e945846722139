"""Views: figures and widgets built on the pure functions of w2v_core (never the other way round)."""
from .live import Control, LiveFigure

__all__ = ["Control", "LiveFigure"]
