"""Part (e): the sigmoid, its tangent at a chosen x, and sigma(1 - sigma) laid over a measured slope.

Left: sigma(x) = 1 / (1 + e^-x) (``w2v_core.sigmoid``) with its tangent at x0, whose slope is
``w2v_core.sigmoid_grad(x0)`` = sigma(x0) (1 - sigma(x0)). Right: that formula as a curve, and over
it the slope of sigmoid measured by central differences (``w2v_core.gradcheck``'s numeric gradient),
so the overlay is a check, not a second drawing of the same formula.
"""
from __future__ import annotations

import numpy as np

from ..activations import sigmoid, sigmoid_grad
from ..gradcheck import GradcheckReport, gradcheck
from .live import Control, LiveFigure
from .plotting import COLORS
from .web_state import line_payload, state_e

X_RANGE = (-8.0, 8.0)
TANGENT_POINTS = tuple(float(x) for x in np.round(np.arange(-6.0, 6.0001, 0.5), 2))


def sigmoid_slope_check(x) -> GradcheckReport:
    """Central differences of sigmoid at every entry of ``x`` against ``sigmoid_grad``.

    sigmoid acts entry by entry, so the gradient of sum(sigmoid(x)) is the vector of slopes
    sigma'(x_i): the report's ``numeric`` holds the measured slopes, ``analytic`` the formula.
    """
    return gradcheck(lambda x: (float(np.sum(sigmoid(x))), sigmoid_grad(x)), np.atleast_1d(np.asarray(x, dtype=float)))


class SigmoidView(LiveFigure):
    """sigma with its tangent at x0; sigma(1 - sigma) over central-difference slopes."""

    controls = (Control("x0", "tangent at x =", TANGENT_POINTS, default=1.0),)
    figsize = (9.0, 3.4)
    alt = "The sigmoid with its tangent at a chosen point, and its derivative against measured slopes"

    def build(self, fig):
        self.x = np.linspace(*X_RANGE, 321)
        self.check_x = np.linspace(-7.5, 7.5, 31)
        self.check = sigmoid_slope_check(self.check_x)
        ax_sig, ax_grad = fig.subplots(1, 2)
        self.ax_sig, self.ax_grad = ax_sig, ax_grad

        ax_sig.plot(self.x, sigmoid(self.x), color="C0", lw=2, label=r"$\sigma(x) = 1/(1+e^{-x})$")
        ax_sig.axhline(0.5, color="0.8", lw=0.8, zorder=0)
        ax_sig.axvline(0.0, color="0.8", lw=0.8, zorder=0)
        self.tangent, = self.dynamic(*ax_sig.plot([], [], color="C3", lw=1.5, label="tangent"))
        self.point, = self.dynamic(*ax_sig.plot([], [], "o", color="C3", ms=6))
        ax_sig.set(xlim=X_RANGE, ylim=(-0.15, 1.15), xlabel="$x$", title=r"$\sigma$ and its tangent")
        ax_sig.legend(loc="upper left", fontsize=8, frameon=False)

        ax_grad.plot(self.x, sigmoid_grad(self.x), color="C0", lw=2, label=self.stated(r"$\sigma(x)\,(1-\sigma(x))$", "the derivative, from its formula"))
        ax_grad.plot(self.check_x, self.check.numeric, "x", color="k", ms=5,
                     label="central difference\nof sigmoid")
        self.slope_point, = self.dynamic(*ax_grad.plot([], [], "o", color="C3", ms=6))
        # The labels are static; only the two numbers are redrawn (text costs ~0.15 ms a character).
        ax_grad.text(0.80, 0.97, self.stated("at the red point\nσ(1 − σ):\ncentral difference:",
                                             "at the red point\nformula:\ncentral difference:"),
                     transform=ax_grad.transAxes, ha="right", va="top", fontsize=8)
        self.readout = self.dynamic(ax_grad.text(0.98, 0.97, "", transform=ax_grad.transAxes, ha="right", va="top",
                                                 fontsize=8))[0]
        ax_grad.set(xlim=X_RANGE, ylim=(-0.02, 0.36), xlabel="$x$", title=r"$\sigma'(x)$: formula and measurement")
        ax_grad.legend(loc="upper left", fontsize=8, frameon=False)

    def update(self, x0):
        # sigma(x0), sigma'(x0), the measured slope and the tangent's ends: state_e, the website's source too.
        x0 = float(x0)
        q = self.current = state_e(x0)
        x_start, y_start, x_end, y_end = q["tangent"]
        self.tangent.set_data([x_start, x_end], [y_start, y_end])
        self.point.set_data([x0], [q["sigmoid"]])
        self.slope_point.set_data([x0], [q["sigmoid_grad"]])
        self.readout.set_text(f"x = {x0:+.1f}\n{q['sigmoid_grad']:.6f}\n{q['measured_slope']:.6f}")


    def web_payload(self) -> dict:
        """The website's figure: drag x along the curve; the tangent and sigma(1 - sigma) follow (state_e)."""
        scene = {
            "x_range": list(X_RANGE),
            "left": {"title": "σ and its tangent: drag the point", "y_range": [-0.15, 1.15],
                     "curve": [self.x.tolist(), np.asarray(sigmoid(self.x)).tolist()]},
            "right": {"title": "σ′(x): formula and measurement", "y_range": [-0.02, 0.36],
                      "curve": [self.x.tolist(), np.asarray(sigmoid_grad(self.x)).tolist()],
                      "marks": [self.check_x.tolist(), np.asarray(self.check.numeric).tolist()]},
            "colors": {"curve": COLORS["center"], "tangent": COLORS["observed"], "marks": "#222222"},
            "readout": [{"label": "x", "field": "x", "digits": 2},
                        {"label": "σ(x)", "field": "sigmoid", "digits": 6},
                        {"label": "σ(x)(1 − σ(x))", "field": "sigmoid_grad", "digits": 6},
                        {"label": "central difference", "field": "measured_slope", "digits": 6}],
            "legend": [{"color": COLORS["center"], "label": "σ(x) = 1/(1 + e^{−x}), and σ(x)(1 − σ(x))"},
                       {"color": COLORS["observed"], "label": "the tangent at x, and its slope"},
                       {"color": "#222222", "label": "× central difference of sigmoid", "mark": True}],
        }
        return line_payload("e", state_e, self.params["x0"], scene)

def view() -> SigmoidView:
    return SigmoidView()
