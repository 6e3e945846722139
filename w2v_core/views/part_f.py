"""Part (f): negative sampling with K distinct negatives, in the plane, and what it saves in time.

Left: a toy vocabulary with d = 2, so every u_w is an arrow. The center vector v_c, the observed
outside word's u_o, and K negatives u_k drawn with ``w2v_core.draw_negatives(..., distinct=True)``
from the unigram^0.75 distribution. The short arrows at the tips are gradient steps, -0.5 times
the gradient (``w2v_core.neg_sampling_loss_and_gradient``): u_o moves towards v_c, each u_k away from it, and v_c
towards u_o and away from the u_k.

Right: seconds per example of naive softmax against negative sampling as |V| grows, measured once
when the view is built with :func:`w2v_core.timing.compare_losses` (log axes; the moving controls do
not re-measure).
"""
from __future__ import annotations

import numpy as np

from ..losses import neg_sampling_loss_and_gradient
from ..sampling import draw_negatives, unigram_distribution
from ..timing import TimingComparison, compare_losses
from .live import Control, LiveFigure

WORDS = ("the", "of", "and", "cat", "dog", "sat", "mat", "ran", "hat", "big", "sun", "tree")
COUNTS = np.array([60, 40, 35, 8, 7, 6, 5, 5, 4, 4, 3, 2], dtype=float)
CENTER_WORD, OUTSIDE_WORD = "cat", "sat"
K_MAX = 8
N_DRAWS = 10
TIMING_SIZES = (100, 300, 1000, 3000, 10000, 30000)
STEP = 0.5  # arrows show -STEP * gradient, short enough to read beside the vectors


def toy_vectors() -> tuple[np.ndarray, np.ndarray]:
    """A fixed 2-D toy: ``outside_vectors`` (|V|, 2), one row u_w per word, and v_c, shape (2,)."""
    angles = np.linspace(0.0, 2 * np.pi, len(WORDS), endpoint=False) + 0.3
    radii = np.random.default_rng(3).uniform(0.8, 1.6, len(WORDS))
    outside_vectors = np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
    center_vec = np.array([0.9, 0.7])
    return outside_vectors, center_vec


class NegativeSamplingView(LiveFigure):
    """Arrows for v_c, u_o and the K negatives; measured time per example as |V| grows."""

    controls = (
        Control("k", "K negatives", tuple(range(1, K_MAX + 1)), default=4, web_values=(1, 2, 4, 6, 8)),
        Control("draw", "draw new negatives", tuple(range(N_DRAWS)), default=0, kind="button"),
    )
    figsize = (10.0, 4.4)
    alt = "Negative sampling in the plane: v_c, u_o and K negatives with their gradient steps; measured time per example"

    def __init__(self, timing: TimingComparison | None = None):
        # Measured once here (about a second), never per move; a test may pass its own.
        self.timing = timing if timing is not None else compare_losses(TIMING_SIZES, n_examples=10, repeats=5,
                                                                       rng=np.random.default_rng(0))
        super().__init__()

    def build(self, fig):
        self.outside_vectors, self.center_vec = toy_vectors()
        self.probabilities = unigram_distribution(COUNTS)
        self.center_idx = WORDS.index(CENTER_WORD)  # only names v_c; v_c is a center vector, not a row of U
        self.outside_idx = WORDS.index(OUTSIDE_WORD)
        ax, ax_time = fig.subplots(1, 2, width_ratios=(1.05, 1.0))
        self.ax, self.ax_time = ax, ax_time
        U, v_c, o = self.outside_vectors, self.center_vec, self.outside_idx

        arrow = dict(angles="xy", scale_units="xy", scale=1, width=0.006)
        ax.quiver(np.zeros(len(U)), np.zeros(len(U)), U[:, 0], U[:, 1], color="0.82", **arrow)
        for w, (x, y) in zip(WORDS, U):
            ax.annotate(w, (x, y), xytext=(3 * np.sign(x), 3 * np.sign(y)), textcoords="offset points",
                        ha="left" if x >= 0 else "right", va="bottom" if y >= 0 else "top", fontsize=8, color="0.45")
        ax.quiver([0], [0], [v_c[0]], [v_c[1]], color="k", **arrow)
        ax.annotate(r"$v_c$ (" + CENTER_WORD + ")", v_c, xytext=(4, -10), textcoords="offset points", fontsize=9)
        ax.quiver([0], [0], [U[o, 0]], [U[o, 1]], color="C2", **arrow)
        # dJ/du_o does not depend on the negatives: drawn once.
        _, _, grad_outside = neg_sampling_loss_and_gradient(v_c, o, U, [(o + 1) % len(U)])
        ax.quiver([U[o, 0]], [U[o, 1]], [-STEP * grad_outside[o, 0]], [-STEP * grad_outside[o, 1]], color="C2", alpha=0.6, **arrow)

        zeros = np.zeros(K_MAX)
        self.neg_arrows = self.dynamic(ax.quiver(zeros, zeros, zeros, zeros, color="C3", **arrow))[0]
        self.neg_steps = self.dynamic(ax.quiver(zeros, zeros, zeros, zeros, color="C3", alpha=0.55, **arrow))[0]
        self.center_step = self.dynamic(ax.quiver([v_c[0]], [v_c[1]], [0.0], [0.0], color="C0", **arrow))[0]
        ax.text(0.02, 0.98, f"o = {OUTSIDE_WORD}", transform=ax.transAxes, fontsize=8, va="top")
        self.readout = self.dynamic(ax.text(0.02, 0.92, "", transform=ax.transAxes, fontsize=8, va="top"))[0]
        lim = 1.05 * np.abs(U).max() + 0.35
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim + 0.5), aspect="equal",
               title=r"$v_c$ black, $u_o$ green, negatives $u_k$ red" + "\n"
               + r"at the tips: steps $-\eta\,\partial J/\partial(\cdot)$, $\eta$ = " + f"{STEP}" + r" ($v_c$'s in blue)")
        ax.title.set_fontsize(9)
        ax.tick_params(labelsize=8)

        t = self.timing
        ax_time.loglog(t.vocab_sizes, 1e6 * t.naive, "o-", color="C1", label="naive softmax")
        ax_time.loglog(t.vocab_sizes, 1e6 * t.negative_dense, "s--", color="C4",
                       label="neg. sampling, dense (|V|, d) gradient")
        ax_time.loglog(t.vocab_sizes, 1e6 * t.negative_rows, "^-", color="C3",
                       label=f"neg. sampling, only the K+1 rows (K={t.k})")
        ax_time.set(xlabel="vocabulary size |V|", ylabel="microseconds per example",
                    title=f"measured once, d = {t.dim}")
        ax_time.title.set_fontsize(9)
        ax_time.tick_params(labelsize=8)
        ax_time.legend(loc="upper left", fontsize=7.5, frameon=False)

    def negatives(self, k: int, draw: int) -> np.ndarray:
        """The K distinct negatives shown for draw number ``draw`` (one seeded Generator per draw)."""
        return draw_negatives(self.outside_idx, self.probabilities, int(k), np.random.default_rng(int(draw)), distinct=True)

    def update(self, k, draw):
        U, v_c, o = self.outside_vectors, self.center_vec, self.outside_idx
        neg = self.negatives(k, draw)
        loss, grad_center, grad_outside = neg_sampling_loss_and_gradient(v_c, o, U, neg)
        self.current = dict(negatives=neg, loss=loss, grad_center_vec=grad_center, grad_outside_vectors=grad_outside)
        # Quivers keep K_MAX arrows; the ones beyond K are masked, so they are not drawn.
        tips = np.full((K_MAX, 2), np.nan)
        tips[: len(neg)] = U[neg]
        steps = np.full((K_MAX, 2), np.nan)
        steps[: len(neg)] = -STEP * grad_outside[neg]
        self.neg_arrows.set_UVC(np.ma.masked_invalid(tips[:, 0]), np.ma.masked_invalid(tips[:, 1]))
        self.neg_steps.set_offsets(np.nan_to_num(tips))
        self.neg_steps.set_UVC(np.ma.masked_invalid(steps[:, 0]), np.ma.masked_invalid(steps[:, 1]))
        self.center_step.set_UVC([-STEP * grad_center[0]], [-STEP * grad_center[1]])
        # Kept short: drawing text costs about 0.15 ms a character on every move.
        self.readout.set_text(f"J = {loss:.3f}")


def view() -> NegativeSamplingView:
    return NegativeSamplingView()
