"""Part (b): the gradient of the naive-softmax loss with respect to the center vector v_c.

dJ/dv_c = U (y_hat - y) = U y_hat - u_o: the expected outside vector under the model minus the
observed one. The reader turns v_c and picks o; the plane shows every u_w, the expectation
U y_hat, the gradient, and the gradient-descent step -eta * dJ/dv_c from the tip of v_c. A second
panel shows the loss before and after that step.

Shapes: paper U is d x |V| (columns u_w), so U (y_hat - y) is d x 1; in code ``outside_vectors``
is (|V|, d) and the same vector is ``outside_vectors.T @ (y_hat - y)``, shape (d,).
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .live import LiveFigure
from .web_state import plane_payload, state_b
from .plotting import (COLORS, TOY_OUTSIDE_VECTORS, TOY_WORDS, angle_control, arrow, center_vector,
                       draw_outside_vectors, length_control, move_arrow, outside_word_control, setup_plane)

LEARNING_RATE = 0.5
LOSS_AXIS_TOP = 10.5  # the largest loss before or after a step on the control grid is about 9.8


class PartBView(LiveFigure):
    """The arrows of dJ/dv_c = U (y_hat - y) and one gradient step on v_c."""

    controls = (angle_control(web_step=60, default=60.0), length_control(web_values=(1.0, 2.5)),
                outside_word_control(default=3))
    figsize = (8.0, 3.8)
    alt = "The toy plane with v_c, the outside vectors, U y_hat, the gradient and the step, next to the loss before and after"

    def __init__(self, outside_vectors=TOY_OUTSIDE_VECTORS, words=TOY_WORDS, learning_rate: float = LEARNING_RATE):
        self.outside_vectors = np.asarray(outside_vectors, dtype=float)
        self.words = tuple(words)
        self.learning_rate = float(learning_rate)
        super().__init__()

    def build(self, fig: Figure) -> None:
        ax_plane, ax_loss = fig.subplots(1, 2, width_ratios=[1.9, 1])
        setup_plane(ax_plane, title=self.stated(r"$\partial J/\partial v_c = U(\hat y - y) = U\hat y - u_o$",
                                                 r"$\partial J/\partial v_c$ and one gradient step"))
        draw_outside_vectors(ax_plane, self.outside_vectors, self.words)
        self.observed_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["observed"], lw=2.2, zorder=4)
        self.expected_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["expected"], lw=2.0, zorder=4)
        # The gradient is the difference of the two arrows above; the dotted line joins their tips.
        self.difference_line, = ax_plane.plot([], [], ls=":", color=COLORS["gradient"], lw=1.4, zorder=3)
        self.gradient_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["gradient"], lw=2.2, zorder=5)
        self.center_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["center"], lw=2.4, zorder=6)
        self.step_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["step"], lw=2.0, ls="--", zorder=6)
        self.new_point, = ax_plane.plot([], [], "o", mfc="white", mec=COLORS["step"], mew=1.8, ms=6, zorder=7)
        self.dynamic(self.observed_arrow, self.expected_arrow, self.difference_line, self.gradient_arrow,
                     self.center_arrow, self.step_arrow, self.new_point)
        eta = f"{self.learning_rate:g}"
        handles = [Line2D([], [], color=COLORS["center"], lw=2.4, label="$v_c$"),
                   Line2D([], [], color=COLORS["observed"], lw=2.2, label="$u_o$ (observed)"),
                   Line2D([], [], color=COLORS["expected"], lw=2.0, label=r"$U\hat y$ (expected)"),
                   Line2D([], [], color=COLORS["gradient"], lw=2.2, label=self.stated(r"$U(\hat y - y)$ (gradient)", r"$\partial J/\partial v_c$ (gradient)")),
                   Line2D([], [], color=COLORS["step"], lw=2.0, ls="--", marker="o", mfc="white",
                          label=self.stated(rf"step $-{eta}\,U(\hat y - y)$", rf"step $-{eta}\,\partial J/\partial v_c$"))]
        # Outside the plane, so that the legend never covers an arrow.
        ax_plane.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7,
                        handlelength=1.6, borderaxespad=0)

        self.loss_bars = self.dynamic(*ax_loss.bar([0, 1], [0, 0], width=0.6,
                                                   color=[COLORS["center"], COLORS["step"]]))
        ax_loss.set_xticks([0, 1], ["before", "after\nthe step"], fontsize=8)
        ax_loss.set_xlim(-0.6, 1.6)
        ax_loss.set_ylim(0, LOSS_AXIS_TOP)
        ax_loss.tick_params(labelsize=7)
        ax_loss.set_title(r"loss $J = -\log \hat y_o$", fontsize=9)
        self.loss_labels = self.dynamic(*(ax_loss.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in (0, 1)))

    def quantities(self, angle: float, length: float, o: int) -> dict:
        """Everything the figure draws: v_c from the controls, and the numbers of ``state_b`` (U y_hat,
        the gradient, the step's end, the loss before and after), the website's figure's source too."""
        center_vec = center_vector(angle, length)
        return {"center_vec": center_vec, **state_b(center_vec, o, self.outside_vectors, self.learning_rate)}

    def update(self, angle: float, length: float, o: int) -> None:
        q = self.current = self.quantities(angle, length, o)
        u_o = self.outside_vectors[o]
        move_arrow(self.center_arrow, (0, 0), q["center_vec"])
        move_arrow(self.observed_arrow, (0, 0), u_o)
        move_arrow(self.expected_arrow, (0, 0), q["expected"])
        self.difference_line.set_data([u_o[0], q["expected"][0]], [u_o[1], q["expected"][1]])
        move_arrow(self.gradient_arrow, (0, 0), q["grad_center_vec"])
        move_arrow(self.step_arrow, q["center_vec"], q["new_center_vec"])
        self.new_point.set_data([q["new_center_vec"][0]], [q["new_center_vec"][1]])
        for bar, label, value in zip(self.loss_bars, self.loss_labels, (q["loss"], q["loss_after"])):
            bar.set_height(value)
            label.set_position((bar.get_x() + bar.get_width() / 2, value + 0.15))
            label.set_text(f"{value:.3f}")


    def web_payload(self) -> dict:
        """The website's figure: drag v_c; U y_hat, the gradient, the step and both losses follow (state_b)."""
        eta = f"{self.learning_rate:g}"
        scene = {
            "title": "∂J/∂v_c = U(ŷ − y) = Uŷ − u_o",
            "segments": [{"from": "u_o", "to": "expected", "color": COLORS["gradient"], "dash": "dot"}],
            "arrows": [{"tail": "origin", "tip": "u_o", "color": COLORS["observed"], "width": 2.6},
                       {"tail": "origin", "tip": "expected", "color": COLORS["expected"], "width": 2.4},
                       {"tail": "origin", "tip": "grad_center_vec", "color": COLORS["gradient"], "width": 2.6},
                       {"tail": "origin", "tip": "center_vec", "color": COLORS["center"], "width": 3},
                       {"tail": "center_vec", "tip": "new_center_vec", "color": COLORS["step"], "width": 2.4,
                        "dash": True}],
            "points": [{"at": "new_center_vec", "color": COLORS["step"]}],
            "panel": {"type": "pair", "fields": ["loss", "loss_after"], "labels": ["before", "after the step"],
                      "colors": [COLORS["center"], COLORS["step"]], "title": "loss J = −log ŷ_o",
                      "min": 0.0},
            "readout": [{"label": "J before", "field": "loss", "digits": 4},
                        {"label": "J after", "field": "loss_after", "digits": 4},
                        {"label": "∂J/∂v_c", "field": "grad_center_vec", "digits": 3}],
            "legend": [{"color": COLORS["center"], "label": "v_c"},
                       {"color": COLORS["observed"], "label": "u_o (observed)"},
                       {"color": COLORS["expected"], "label": "Uŷ (expected)"},
                       {"color": COLORS["gradient"], "label": "U(ŷ − y) (gradient)"},
                       {"color": COLORS["step"], "label": f"step −{eta} U(ŷ − y)", "dash": True},
                       {"color": COLORS["outside"], "label": "u_w"}],
        }
        payload = plane_payload("b", state_b, self.outside_vectors, self.words, self.params["o"],
                                self.quantities(**self.params)["center_vec"], scene,
                                reach=("expected", "grad_center_vec", "new_center_vec"),
                                learning_rate=self.learning_rate)
        payload["scene"]["panel"]["max"] = 1.1 * max(payload["field_max"]["loss"], payload["field_max"]["loss_after"])
        return payload

def view() -> PartBView:
    """The view shown in chapter (b)."""
    return PartBView()
