"""Part (g): negatives that repeat, and the NumPy accumulation that silently drops the repeats.

K negatives are drawn *with* repeats (``w2v_core.draw_negatives``, distinct=False) from the
unigram^0.75 distribution of a six-word vocabulary, where frequent words come up several times.
Beside the draw counts n_w: the gradient rows dJ/du_w computed by
``w2v_core.neg_sampling_loss_and_gradient`` (which accumulates with ``np.add.at``), the rows the
mistake ``grad[idx] += g`` gives (``w2v_core.mistakes.negative_sampling``), and their difference,
non-zero exactly on the words drawn more than once. Heat maps: rows are words, columns the d = 3
coordinates (code layout, |V| x d; the paper's dJ/dU is the transpose).
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ..losses import neg_sampling_loss_and_gradient
from ..mistakes.negative_sampling import neg_sampling_gradient_repeats_dropped
from ..sampling import draw_negatives, unigram_distribution
from .live import Control, LiveFigure

WORDS = ("the", "of", "a", "cat", "sat", "mat")
COUNTS = np.array([50, 30, 20, 5, 3, 2], dtype=float)
OUTSIDE_WORD = "sat"
K_VALUES = tuple(range(2, 13))
N_DRAWS = 10


def toy_vectors() -> tuple[np.ndarray, np.ndarray]:
    """Fixed toy vectors: ``outside_vectors`` (|V|, 3), row u_w per word, and v_c, shape (3,)."""
    outside_vectors = np.random.default_rng(1).normal(scale=0.8, size=(len(WORDS), 3))
    return outside_vectors, np.array([0.9, -0.6, 0.45])


class RepeatedNegativesView(LiveFigure):
    """Draw counts, correct gradient rows, rows from ``grad[idx] += g``, and their difference."""

    controls = (
        Control("k", "K draws", K_VALUES, default=6, web_values=(3, 6, 9, 12)),
        Control("draw", "draw again", tuple(range(N_DRAWS)), default=0, kind="button"),
    )
    figsize = (10.0, 3.6)
    alt = "Repeated negatives: the correct accumulated gradient rows against grad[idx] += g, with the difference"

    def build(self, fig):
        self.outside_vectors, self.center_vec = toy_vectors()
        self.probabilities = unigram_distribution(COUNTS)
        self.outside_idx = WORDS.index(OUTSIDE_WORD)
        n_words, dim = self.outside_vectors.shape
        # One colour scale for every setting, so that colours compare across moves; a word drawn
        # many times at large K saturates it (the colour bar says so with its pointed ends).
        vmax = 2.0 * np.abs(self.gradients(self.controls[0].start, 0)[0]).max()
        ax_n, ax_ok, ax_bad, ax_diff = fig.subplots(1, 4, width_ratios=(0.8, 1, 1, 1))
        self.axes = (ax_n, ax_ok, ax_bad, ax_diff)

        self.bars = self.dynamic(*ax_n.barh(np.arange(n_words), np.zeros(n_words), color="0.5"))
        ax_n.set(yticks=range(n_words), yticklabels=WORDS, xlim=(0, max(K_VALUES) * 0.75), xticks=range(0, 10, 3), ylim=(n_words - 0.5, -0.5),
                 title="times drawn $n_w$")
        ax_n.get_yticklabels()[self.outside_idx].set_color("C2")

        blank = np.zeros((n_words, dim))
        style = dict(cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto", interpolation="nearest")
        self.image_ok = self.dynamic(ax_ok.imshow(blank, **style))[0]
        self.image_bad = self.dynamic(ax_bad.imshow(blank, **style))[0]
        self.image_diff = self.dynamic(ax_diff.imshow(blank, **style))[0]
        ax_ok.set_title("np.add.at (correct)", fontsize=9)
        ax_bad.set_title("grad[idx] += g", fontsize=9)
        ax_diff.set_title("correct minus wrong", fontsize=9)
        for ax in (ax_ok, ax_bad, ax_diff):
            ax.set(yticks=range(n_words), yticklabels=WORDS, xticks=range(dim),
                   xticklabels=[f"$d_{j + 1}$" for j in range(dim)])
            ax.get_yticklabels()[self.outside_idx].set_color("C2")
        self.frames = self.dynamic(*[ax.add_patch(Rectangle((-0.5, w - 0.5), dim, 1, fill=False, ec="gold", lw=3,
                                                            visible=False))
                                     for ax in (ax_bad, ax_diff) for w in range(n_words)])
        fig.colorbar(self.image_ok, ax=[ax_ok, ax_bad, ax_diff], shrink=0.8, extend="both",
                     label=r"$\partial J/\partial u_w$ entries")
        for ax in self.axes:
            ax.tick_params(labelsize=8)
            ax.title.set_fontsize(9)
        self.readout = self.dynamic(fig.suptitle(" ", fontsize=9))[0]

    def negatives(self, k: int, draw: int) -> np.ndarray:
        """The K draws (repeats allowed) for draw number ``draw``, one seeded Generator per draw."""
        return draw_negatives(self.outside_idx, self.probabilities, int(k), np.random.default_rng(int(draw)))

    def gradients(self, k: int, draw: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(correct dJ/dU rows, rows from ``grad[idx] += g``, the negatives), each (|V|, d) but the last."""
        neg = self.negatives(k, draw)
        _, _, right = neg_sampling_loss_and_gradient(self.center_vec, self.outside_idx, self.outside_vectors, neg)
        _, _, wrong = neg_sampling_gradient_repeats_dropped(self.center_vec, self.outside_idx, self.outside_vectors, neg)
        return right, wrong, neg

    def update(self, k, draw):
        right, wrong, neg = self.gradients(k, draw)
        counts = np.bincount(neg, minlength=len(WORDS))
        self.current = dict(negatives=neg, counts=counts, correct=right, wrong=wrong)
        for bar, n in zip(self.bars, counts):
            bar.set_width(n)
            bar.set_color("C3" if n > 1 else "0.5")
        self.image_ok.set_data(right)
        self.image_bad.set_data(wrong)
        self.image_diff.set_data(right - wrong)
        differs = np.any(~np.isclose(right, wrong, rtol=0, atol=1e-12), axis=1)
        for frame, flag in zip(self.frames, np.tile(differs, 2)):
            frame.set_visible(bool(flag))
        # Kept short: drawing text costs about 0.15 ms a character on every move.
        self.readout.set_text(f"grad[idx] += g keeps {len(np.unique(neg))} of the K = {len(neg)} updates")


def view() -> RepeatedNegativesView:
    return RepeatedNegativesView()
