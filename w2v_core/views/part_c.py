"""Part (c): the gradient of the naive-softmax loss with respect to each outside vector u_w.

dJ/du_w = (y_hat_w - y_w) v_c: (y_hat_o - 1) v_c for the observed word, y_hat_w v_c for every
other word. Every gradient is a multiple of the same vector v_c; only the coefficient differs.
The plane draws each gradient as an arrow starting at the tip of its u_w (u_o's in its own colour);
the bars show the coefficients y_hat_w - y_w.

Shapes: the paper's dJ/du_w is a d x 1 column of dJ/dU (d x |V|); in code it is row w of
``grad_outside_vectors``, shape (|V|, d).
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .live import LiveFigure
from .web_state import plane_payload, state_c
from .plotting import (COLORS, TOY_OUTSIDE_VECTORS, TOY_WORDS, angle_control, arrow, center_vector,
                       draw_outside_vectors, fit_arrow_head, length_control, move_arrow, outside_word_control, setup_plane)

# u_o + dJ/du_o reaches about 4.5 from the origin on the control grid: the plane shows it all.
PLANE_LIMIT_C = 4.7


class PartCView(LiveFigure):
    """The gradient arrow dJ/du_w = (y_hat_w - y_w) v_c on every outside vector."""

    controls = (angle_control(web_step=60, default=60.0), length_control(web_values=(1.0, 2.5)),
                outside_word_control(default=0))
    figsize = (8.0, 4.0)
    alt = "The toy plane with the gradient arrow on each outside vector, next to bars of the coefficients y_hat_w - y_w"

    def __init__(self, outside_vectors=TOY_OUTSIDE_VECTORS, words=TOY_WORDS):
        self.outside_vectors = np.asarray(outside_vectors, dtype=float)
        self.words = tuple(words)
        super().__init__()

    def build(self, fig: Figure) -> None:
        ax_plane, ax_coef = fig.subplots(1, 2, width_ratios=[1.45, 1])
        self.ax_plane = ax_plane
        setup_plane(ax_plane, limit=PLANE_LIMIT_C, title=self.stated(
            r"$\partial J/\partial u_w = (\hat y_w - y_w)\,v_c$, drawn at the tip of $u_w$",
            r"$\partial J/\partial u_w$, drawn at the tip of $u_w$"))
        draw_outside_vectors(ax_plane, self.outside_vectors, self.words)
        self.observed_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["observed"], lw=2.0, zorder=3)
        self.center_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["center"], lw=2.4, zorder=5)
        self.gradient_arrows = [arrow(ax_plane, u, u + 1, COLORS["gradient_other"], lw=2.0, zorder=4)
                                for u in self.outside_vectors]
        self.dynamic(self.observed_arrow, self.center_arrow, *self.gradient_arrows)
        ax_plane.legend(handles=[Line2D([], [], color=COLORS["center"], lw=2.4, label="$v_c$"),
                                 Line2D([], [], color=COLORS["outside"], lw=1.4, label="$u_w$"),
                                 Line2D([], [], color=COLORS["gradient_other"], lw=2.0, label=self.stated(
                                     r"$\hat y_w v_c$ ($w \neq o$)", r"$\partial J/\partial u_w$ ($w \neq o$)")),
                                 Line2D([], [], color=COLORS["observed"], lw=2.0, label=self.stated(
                                     r"$u_o$ and $(\hat y_o - 1) v_c$", r"$u_o$ and $\partial J/\partial u_o$"))],
                        loc="lower left", fontsize=6.5, framealpha=0.9, handlelength=1.4)

        n = len(self.words)
        x = np.arange(n)
        self.coef_bars = self.dynamic(*ax_coef.bar(x, np.zeros(n), width=0.6, color=COLORS["gradient_other"]))
        ax_coef.axhline(0, color="black", lw=0.8)
        ax_coef.set_xticks(x, self.words, fontsize=8)
        ax_coef.set_ylim(-1.05, 1.6)
        ax_coef.set_yticks([-1, -0.5, 0, 0.5, 1])
        ax_coef.tick_params(labelsize=7)
        ax_coef.set_title(self.stated(r"the coefficient $\hat y_w - y_w$ of $v_c$", "the length of each arrow, signed"),
                          fontsize=9)
        self.note, = self.dynamic(ax_coef.text(0.03, 0.97, "", transform=ax_coef.transAxes, fontsize=8, va="top"))

    def quantities(self, angle: float, length: float, o: int) -> dict:
        """Everything the figure draws: v_c from the controls, and the numbers of ``state_c`` (the
        coefficients y_hat - y, the rows dJ/du_w), the website's figure's source too."""
        center_vec = center_vector(angle, length)
        return {"center_vec": center_vec, **state_c(center_vec, o, self.outside_vectors)}

    def update(self, angle: float, length: float, o: int) -> None:
        q = self.current = self.quantities(angle, length, o)
        move_arrow(self.center_arrow, (0, 0), q["center_vec"])
        move_arrow(self.observed_arrow, (0, 0), self.outside_vectors[o])
        for w, (u, grad_arrow) in enumerate(zip(self.outside_vectors, self.gradient_arrows)):
            move_arrow(grad_arrow, u, u + q["grad_outside_vectors"][w])
            fit_arrow_head(grad_arrow, self.ax_plane)
            grad_arrow.set_color(COLORS["observed"] if w == o else COLORS["gradient_other"])
        for w, bar in enumerate(self.coef_bars):
            bar.set_height(q["coefficients"][w])
            bar.set_color(COLORS["observed"] if w == o else COLORS["gradient_other"])
        self.note.set_text(f"o = {self.words[o]}: coefficient {q['coefficients'][o]:+.3f}\n"
                           f"the others sum to {q['coefficients'].sum() - q['coefficients'][o]:+.3f}")


    def web_payload(self) -> dict:
        """The website's figure: drag v_c; every dJ/du_w and its coefficient follow (state_c)."""
        scene = {
            "title": "∂J/∂u_w = (ŷ_w − y_w) v_c, drawn at the tip of u_w",
            "arrows": [{"tail": "origin", "tip": "u_o", "color": COLORS["observed"], "width": 2.4},
                       {"tail": "origin", "tip": "center_vec", "color": COLORS["center"], "width": 3}],
            "word_arrows": {"field": "grad_outside_vectors", "color": COLORS["gradient"],
                            "observed_color": COLORS["observed"], "width": 2.4},
            "panel": {"type": "bars", "field": "coefficients", "title": "the coefficient ŷ_w − y_w of v_c",
                      "min": -1.05, "max": 1.05, "color": COLORS["gradient"], "observed_color": COLORS["observed"]},
            "readout": [{"label": "J", "field": "loss", "digits": 4},
                        {"label": "coefficients ŷ − y", "field": "coefficients", "digits": 3},
                        {"label": "∂J/∂v_c", "field": "grad_center_vec", "digits": 3}],
            "legend": [{"color": COLORS["center"], "label": "v_c"},
                       {"color": COLORS["outside"], "label": "u_w"},
                       {"color": COLORS["gradient"], "label": "ŷ_w v_c (w ≠ o)"},
                       {"color": COLORS["observed"], "label": "u_o and (ŷ_o − 1) v_c"}],
        }
        return plane_payload("c", state_c, self.outside_vectors, self.words, self.params["o"],
                             self.quantities(**self.params)["center_vec"], scene, reach=("+grad_outside_vectors",))

def view() -> PartCView:
    """The view shown in chapter (c)."""
    return PartCView()
