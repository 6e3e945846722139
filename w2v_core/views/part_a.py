"""Part (a): the naive-softmax loss is the cross-entropy between the one-hot y and y_hat.

The reader turns v_c (angle and length) and picks the observed word o. Left: the toy plane, with
the outside vectors u_w, u_o highlighted and v_c. Right: the bars of y_hat = softmax(U^T v_c)
against the one-hot y, and the loss computed both ways, -sum_w y_w log y_hat_w and -log y_hat_o.

Shapes: the paper's U is d x |V| (columns u_w); here ``TOY_OUTSIDE_VECTORS`` is its transpose,
(|V|, d) = (5, 2), so the scores U^T v_c are ``outside_vectors @ center_vec``, shape (5,).
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .live import LiveFigure
from .web_state import plane_payload, state_a
from .plotting import (COLORS, TOY_OUTSIDE_VECTORS, TOY_WORDS, angle_control, arrow, center_vector,
                       draw_outside_vectors, length_control, move_arrow, outside_word_control, setup_plane)


class PartAView(LiveFigure):
    """y_hat against the one-hot y for a movable v_c, and the loss both ways."""

    controls = (angle_control(web_step=60, default=60.0), length_control(web_values=(1.0, 2.5)),
                outside_word_control(default=1))
    figsize = (8.0, 3.6)
    alt = "The toy plane with v_c and the outside vectors, next to bars of y_hat against the one-hot y and the loss"

    def __init__(self, outside_vectors=TOY_OUTSIDE_VECTORS, words=TOY_WORDS):
        self.outside_vectors = np.asarray(outside_vectors, dtype=float)
        self.words = tuple(words)
        super().__init__()

    def build(self, fig: Figure) -> None:
        ax_plane, ax_bars = fig.subplots(1, 2, width_ratios=[1, 1.35])
        setup_plane(ax_plane, title="the toy plane")
        draw_outside_vectors(ax_plane, self.outside_vectors, self.words)
        self.observed_arrow, self.center_arrow = self.dynamic(
            arrow(ax_plane, (0, 0), (1, 0), COLORS["observed"], lw=2.2, zorder=4),
            arrow(ax_plane, (0, 0), (1, 0), COLORS["center"], lw=2.4, zorder=5))
        ax_plane.legend(handles=[Line2D([], [], color=COLORS["center"], lw=2.4, label="$v_c$"),
                                 Line2D([], [], color=COLORS["observed"], lw=2.2, label="$u_o$"),
                                 Line2D([], [], color=COLORS["outside"], lw=1.4, label="$u_w$")],
                        loc="lower left", fontsize=7, framealpha=0.9, handlelength=1.2)

        n = len(self.words)
        x = np.arange(n)
        self.pred_bars = self.dynamic(*ax_bars.bar(x, np.zeros(n), width=0.6, color=COLORS["center"],
                                                   label=r"$\hat y$ = softmax$(U^\top v_c)$; $\hat y_o$ in red"))
        self.onehot_bars = self.dynamic(*ax_bars.bar(x, np.zeros(n), width=0.8, fill=False,
                                                     edgecolor="black", lw=1.4, ls="--", label="$y$ (one-hot at $o$)"))
        ax_bars.set_xticks(x, self.words, fontsize=8)
        ax_bars.set_ylim(0, 1.55)
        ax_bars.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax_bars.tick_params(labelsize=7)
        ax_bars.set_title(r"prediction $\hat y$ against the truth $y$", fontsize=9)
        ax_bars.legend(loc="upper right", fontsize=7, framealpha=0.9)
        self.loss_text, = self.dynamic(ax_bars.text(0.02, 0.97, "", transform=ax_bars.transAxes, fontsize=8,
                                                    va="top", ha="left", family="monospace"))

    def quantities(self, angle: float, length: float, o: int) -> dict:
        """Everything the figure draws: v_c from the controls, and the numbers of ``state_a`` (y_hat,
        the loss -log y_hat_o, the cross-entropy, dJ/dv_c), the website's figure's source too."""
        center_vec = center_vector(angle, length)
        return {"center_vec": center_vec, **state_a(center_vec, o, self.outside_vectors)}

    def update(self, angle: float, length: float, o: int) -> None:
        q = self.current = self.quantities(angle, length, o)
        move_arrow(self.center_arrow, (0, 0), q["center_vec"])
        move_arrow(self.observed_arrow, (0, 0), self.outside_vectors[o])
        for w, (bar, onehot) in enumerate(zip(self.pred_bars, self.onehot_bars)):
            bar.set_height(q["y_hat"][w])
            bar.set_color(COLORS["observed"] if w == o else COLORS["center"])
            onehot.set_height(1.0 if w == o else 0.0)  # y, one-hot at o
        word = self.words[o]
        self.loss_text.set_text(f"o = {word}\n"
                                f"-sum_w y_w log y_hat_w = {q['cross_entropy']:.4f}\n"
                                f"-log y_hat_o           = {q['loss']:.4f}")


    def web_payload(self) -> dict:
        """The website's figure: drag v_c; y_hat's bars and the loss both ways follow (state_a)."""
        scene = {
            "title": "the toy plane: drag the tip of v_c",
            "arrows": [{"tail": "origin", "tip": "u_o", "color": COLORS["observed"], "width": 2.6},
                       {"tail": "origin", "tip": "center_vec", "color": COLORS["center"], "width": 3}],
            "panel": {"type": "bars", "field": "y_hat", "title": "prediction ŷ = softmax(U^T v_c) against y",
                      "min": 0.0, "max": 1.05, "color": COLORS["center"], "observed_color": COLORS["observed"],
                      "one_hot": True},
            "readout": [{"label": "−Σ_w y_w log ŷ_w", "field": "cross_entropy", "digits": 4},
                        {"label": "−log ŷ_o", "field": "loss", "digits": 4},
                        {"label": "∂J/∂v_c", "field": "grad_center_vec", "digits": 3}],
            "legend": [{"color": COLORS["center"], "label": "v_c and ŷ_w"},
                       {"color": COLORS["observed"], "label": "u_o and ŷ_o"},
                       {"color": COLORS["outside"], "label": "u_w"},
                       {"color": "#222222", "label": "y (one-hot at o)", "dash": True}],
        }
        return plane_payload("a", state_a, self.outside_vectors, self.words, self.params["o"],
                             self.quantities(**self.params)["center_vec"], scene)

def view() -> PartAView:
    """The view shown in chapter (a)."""
    return PartAView()
