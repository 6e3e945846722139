"""Part (h): the skip-gram window, which (center, outside) pairs enter the loss, and the gradients.

Left: every (center position, outside position) pair of the sentence for window size m
(``w2v_core.window_pairs``), with the pairs of the chosen center t (``w2v_core.window_positions``)
picked out. Middle and right: the gradients of J_sg for that window from ``w2v_core.skipgram``
(naive-softmax pair loss), as heat maps with one row per vocabulary word and one column per
coordinate (code layout |V| x d). Only row c of dJ_sg/dV is non-zero: the other center vectors do not
enter the loss.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap

from ..skipgram import skipgram, window_pairs, window_positions
from .live import Control, LiveFigure

SENTENCE = tuple("the quick brown fox jumps over the lazy dog".split())
VOCAB = tuple(dict.fromkeys(SENTENCE))  # first-appearance order; "the" occurs twice
DIM = 4
WINDOWS = (1, 2, 3, 4)


def toy_vectors() -> tuple[np.ndarray, np.ndarray]:
    """Fixed ``center_vectors`` and ``outside_vectors``, each (|V|, d): row w is v_w and u_w."""
    rng = np.random.default_rng(5)
    return rng.normal(scale=0.7, size=(len(VOCAB), DIM)), rng.normal(scale=0.7, size=(len(VOCAB), DIM))


def word_ids(sentence=SENTENCE) -> np.ndarray:
    """The vocabulary index of each token."""
    return np.array([VOCAB.index(w) for w in sentence])


class SkipgramWindowView(LiveFigure):
    """The pairs a window contributes, and the heat maps of dJ_sg/dV and dJ_sg/dU."""

    controls = (
        Control("window", "window size m", WINDOWS, default=2),
        Control("center", "center position t", tuple(range(len(SENTENCE))), default=3,
                labels=tuple(f"{t}: {w}" for t, w in enumerate(SENTENCE))),
    )
    figsize = (10.0, 3.9)
    alt = "The skip-gram window: which pairs enter the loss, and the gradient rows for the center and outside vectors"

    def build(self, fig):
        self.center_vectors, self.outside_vectors = toy_vectors()
        self.ids = word_ids()
        n, n_words = len(SENTENCE), len(VOCAB)
        # Colour scales fixed over every setting, so that colours compare across moves.
        grads = [self.gradients(m, t) for m in WINDOWS for t in range(n)]
        vmax = max(max(np.abs(g[1]).max(), np.abs(g[2]).max()) for g in grads)
        ax_pairs, ax_c, ax_u = fig.subplots(1, 3, width_ratios=(1.25, 1, 1))
        self.axes = (ax_pairs, ax_c, ax_u)

        pair_colours = ListedColormap(["white", "#c9d9ee", "C1"])
        self.pair_image = self.dynamic(ax_pairs.imshow(np.zeros((n, n)), cmap=pair_colours, vmin=0, vmax=2,
                                                       interpolation="nearest"))[0]
        labels = [f"{w} {t}" for t, w in enumerate(SENTENCE)]
        ax_pairs.set(xticks=range(n), yticks=range(n), xlabel="outside position", ylabel="center position",
                     title="pairs in the loss (orange: center t)")
        ax_pairs.set_xticklabels(labels, rotation=60, ha="right")
        ax_pairs.set_yticklabels(labels)
        ax_pairs.set_xticks(np.arange(-0.5, n), minor=True)
        ax_pairs.set_yticks(np.arange(-0.5, n), minor=True)
        ax_pairs.grid(which="minor", color="0.85", lw=0.5)
        ax_pairs.tick_params(which="minor", length=0)

        blank = np.zeros((n_words, DIM))
        self.image_c = self.dynamic(ax_c.imshow(blank, cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto",
                                                interpolation="nearest"))[0]
        self.image_u = self.dynamic(ax_u.imshow(blank, cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto",
                                                interpolation="nearest"))[0]
        # The maps show the code's layout, |V| x d: the paper's d x |V| gradients, transposed.
        ax_c.set_title(r"$(\partial J_{sg}/\partial W)^\top$: row $w$ = $\partial J_{sg}/\partial v_w$", fontsize=10)
        ax_u.set_title(r"$(\partial J_{sg}/\partial U)^\top$: row $w$ = $\partial J_{sg}/\partial u_w$", fontsize=10)
        for ax in (ax_c, ax_u):
            ax.set(yticks=range(n_words), yticklabels=VOCAB, xticks=range(DIM),
                   xticklabels=[f"$d_{j + 1}$" for j in range(DIM)])
        fig.colorbar(self.image_c, ax=[ax_c, ax_u], shrink=0.85, label="gradient entries (one scale)")
        for ax in self.axes:
            ax.tick_params(labelsize=8)
            ax.title.set_fontsize(9)
        self.readout = self.dynamic(fig.suptitle(" ", fontsize=9))[0]

    def gradients(self, window: int, center: int):
        """(loss, grad_center_vectors, grad_outside_vectors, outside positions) for center position t."""
        positions = window_positions(len(SENTENCE), int(center), int(window))
        loss, grad_c, grad_u = skipgram(int(self.ids[center]), self.ids[positions], self.center_vectors,
                                        self.outside_vectors)
        return loss, grad_c, grad_u, positions

    def update(self, window, center):
        n = len(SENTENCE)
        loss, grad_c, grad_u, positions = self.gradients(window, center)
        pairs = np.zeros((n, n))
        for t, p in window_pairs(SENTENCE, int(window)):
            pairs[t, p] = 1
        pairs[int(center), positions] = 2
        self.current = dict(loss=loss, grad_center_vectors=grad_c, grad_outside_vectors=grad_u, positions=positions,
                            pairs=pairs)
        self.pair_image.set_data(pairs)
        self.image_c.set_data(grad_c)
        self.image_u.set_data(grad_u)
        # Kept short: drawing text costs about 0.15 ms a character on every move.
        self.readout.set_text(f"J_sg = sum of {len(positions)} pair losses = {loss:.3f}")


def view() -> SkipgramWindowView:
    return SkipgramWindowView()
