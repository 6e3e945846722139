"""Part (g): negatives that repeat, and the NumPy accumulation that silently drops the repeats.

K negatives are drawn *with* repeats (``w2v_core.draw_negatives``, distinct=False) from the
unigram^0.75 distribution of a six-word vocabulary, where frequent words come up several times.
Beside the draw counts n_w: the gradient rows dJ/du_w computed by
``w2v_core.neg_sampling_loss_and_gradient`` (which accumulates with ``np.add.at``), the rows the
mistake ``grad[idx] += g`` gives (``w2v_core.mistakes.negative_sampling``), and their difference,
non-zero exactly on the words drawn more than once. Heat maps: rows are words, columns the d = 2
coordinates (code layout, |V| x d; the paper's dJ/dU is the transpose). With d = 2, v_c lives in a
plane: on the website the reader drags it, and every number follows (``state_g``).
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ..sampling import draw_negatives, unigram_distribution
from .live import Control, LiveFigure
from .web_coding import compact_files
from .plotting import nearest_cell, sampled_scene
from .web_sampled import cached, sampled_data
from .web_state import state_g

WORDS = ("the", "of", "a", "cat", "sat", "mat")
COUNTS = np.array([50, 30, 20, 5, 3, 2], dtype=float)
OUTSIDE_WORD = "sat"
K_VALUES = tuple(range(2, 13))
N_DRAWS = 20
#: The K the website offers, each with all N_DRAWS draws (v_c on 101 x 101 positions for each).
WEB_K_VALUES = (3, 6, 12)
#: The observed words o the website offers, each with its own draws (a negative is never o): a rare
#: word; "the", whose absence leaves "of" and "a" to repeat; and "cat". About 7 MB of raw data files
#: each (about 1 MB once coded for the site); Jupyter offers every word.
WEB_OUTSIDE_WORDS = ("sat", "the", "cat")


def toy_vectors() -> tuple[np.ndarray, np.ndarray]:
    """Fixed toy vectors in d = 2: ``outside_vectors`` (|V|, 2), row u_w per word, and v_c, shape (2,)."""
    outside_vectors = np.random.default_rng(1).normal(scale=0.8, size=(len(WORDS), 2))
    return outside_vectors, np.array([0.9, -0.6])


def negatives(k: int, draw: int, outside_idx: int | None = None) -> np.ndarray:
    """The K draws (repeats allowed, none equal to the observed word ``outside_idx``, default
    OUTSIDE_WORD) of draw number ``draw`` (its own seeded Generator), in increasing order, so that a
    repeated word's draws sit together; the loss and its gradients do not depend on the order."""
    outside_idx = WORDS.index(OUTSIDE_WORD) if outside_idx is None else int(outside_idx)
    drawn = draw_negatives(outside_idx, unigram_distribution(COUNTS), int(k), np.random.default_rng(int(draw)))
    return np.sort(drawn)


def web_data() -> tuple[dict, dict[str, bytes]]:
    """The website's numbers (web_sampled.sampled_data over state_g): the page's part and the data files."""
    outside_vectors, _ = toy_vectors()
    draws = {o: {k: [negatives(k, i, o) for i in range(N_DRAWS)] for k in WEB_K_VALUES}
             for o in (WORDS.index(w) for w in WEB_OUTSIDE_WORDS)}
    inputs = repr((outside_vectors.tolist(), OUTSIDE_WORD,
                   {o: {k: [d.tolist() for d in v] for k, v in by_k.items()} for o, by_k in draws.items()}))

    def compute():
        return sampled_data("g", state_g, outside_vectors, WORDS.index(OUTSIDE_WORD), draws,
                            row_fields=("grad_outside_vectors", "grad_outside_repeats_dropped", "difference"),
                            draw_constants=("counts",))
    return cached("g", inputs, compute)


class RepeatedNegativesView(LiveFigure):
    """Draw counts, correct gradient rows, rows from ``grad[idx] += g``, and their difference."""

    controls = (
        Control("k", "K draws", K_VALUES, default=6, web_values=(3, 6, 9, 12)),
        Control("draw", "draw again", tuple(range(N_DRAWS)), default=0, kind="button"),
        Control("o", "observed outside word o", tuple(range(len(WORDS))), default=WORDS.index(OUTSIDE_WORD),
                kind="dropdown", web_values=tuple(WORDS.index(w) for w in WEB_OUTSIDE_WORDS), labels=list(WORDS)),
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
        """The K draws (repeats allowed) for draw number ``draw`` and the control's o (:func:`negatives`)."""
        return negatives(k, draw, self.outside_idx)

    def gradients(self, k: int, draw: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(correct dJ/dU rows, rows from ``grad[idx] += g``, the negatives), each (|V|, d) but the last,
        from the website's state function state_g (one source for the numbers)."""
        neg = self.negatives(k, draw)
        shown = state_g(self.center_vec, self.outside_idx, self.outside_vectors, neg)
        return shown["grad_outside_vectors"], shown["grad_outside_repeats_dropped"], neg

    def update(self, k, draw, o):
        if int(o) != self.outside_idx:  # the name of o is coloured on every axis: a new background
            self.outside_idx = int(o)
            for ax in self.axes:
                for w, label in enumerate(ax.get_yticklabels()):
                    label.set_color("C2" if w == self.outside_idx else "black")
            self._backgrounds.clear()
        right, wrong, neg = self.gradients(k, draw)
        counts = np.bincount(neg, minlength=len(WORDS))
        self.current = dict(outside_idx=self.outside_idx, negatives=neg, counts=counts, correct=right, wrong=wrong)
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


    def web_files(self) -> dict[str, bytes]:
        """The data files the figure asks for by name: web_data()'s, coded as the site serves them."""
        return compact_files(*web_data())

    def web_payload(self) -> dict:
        """The website's figure: drag v_c, pick K and the draw; the draw counts, the correct rows, the
        rows of ``grad[idx] += g`` and their difference follow (state_g, 101 x 101 positions of v_c for
        each of N_DRAWS draws of every K in WEB_K_VALUES, for each observed word o of WEB_OUTSIDE_WORDS)."""
        page, _ = web_data()
        k = int(self.params["k"]) if int(self.params["k"]) in WEB_K_VALUES else WEB_K_VALUES[1]
        matrices = [{"field": "grad_outside_vectors", "title": self.stated("np.add.at (correct)", "np.add.at")},
                    {"field": "grad_outside_repeats_dropped", "title": "grad[idx] += g"},
                    {"field": "difference", "title": "their difference"}]
        scene = sampled_scene(WORDS, matrices, 3.0, "the words drawn, and their correct ∂J/∂u_w", "the words not drawn",
                              show_counts=True, below=True)
        o = int(self.params["o"]) if int(self.params["o"]) in page["outside_choices"] else page["outside_idx"]
        return {**page, "words": list(WORDS), "scene": scene, "k": k, "draw": int(self.params["draw"]) % N_DRAWS,
                "outside_idx": o, "start": nearest_cell(page["axis"], self.center_vec)}



def view() -> RepeatedNegativesView:
    return RepeatedNegativesView()
