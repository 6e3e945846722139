"""Part (f): negative sampling with K distinct negatives, in the plane, and what it saves in time.

Left: a toy vocabulary with d = 2, so every u_w is an arrow. The center vector v_c, the observed
outside word's u_o, and K negatives u_k drawn with ``w2v_core.draw_negatives(..., distinct=True)``
from the unigram^0.75 distribution. The dashed arrows at the tips are the gradients (``state_f``, from
``w2v_core.neg_sampling_loss_and_gradient``); a descent step goes against them: u_o moves towards v_c,
each u_k away from it, and v_c towards u_o and away from the u_k. The website draws the same arrows
with the same colours, with v_c dragged anywhere in the plane.

Right: seconds per example of naive softmax against negative sampling as |V| grows, measured once
when the view is built with :func:`w2v_core.timing.compare_losses` (log axes; the moving controls do
not re-measure).
"""
from __future__ import annotations

import numpy as np

from ..sampling import draw_negatives, unigram_distribution
from ..timing import TimingComparison, compare_losses
from .live import Control, LiveFigure
from .web_coding import compact_files
from .plotting import COLORS, NEGATIVE_COLOR, nearest_cell, sampled_scene
from .web_sampled import cached, sampled_data
from .web_state import state_f

WORDS = ("the", "of", "and", "cat", "dog", "sat", "mat", "ran", "hat", "big", "sun", "tree")
COUNTS = np.array([60, 40, 35, 8, 7, 6, 5, 5, 4, 4, 3, 2], dtype=float)
CENTER_WORD, OUTSIDE_WORD = "cat", "sat"
K_MAX = 8
N_DRAWS = 20
#: The K the website offers, each with all N_DRAWS draws (v_c on 101 x 101 positions for each).
WEB_K_VALUES = (1, 2, 4, 8)
#: The observed words o the website offers (each with its own draws, since a negative is never o):
#: a rare word, the most frequent word (then the K negatives come from rarer words only) and the rarest.
#: Every o costs about 7 MB of raw data files (N_DRAWS x len(WEB_K_VALUES) draws, 12 bytes per
#: position; about 1.1 MB once coded for the site) and about 0.03 MB of page; Jupyter offers every word.
WEB_OUTSIDE_WORDS = ("sat", "the", "tree")
TIMING_SIZES = (100, 300, 1000, 3000, 10000, 30000)


def toy_vectors() -> tuple[np.ndarray, np.ndarray]:
    """A fixed 2-D toy: ``outside_vectors`` (|V|, 2), one row u_w per word, and v_c, shape (2,)."""
    angles = np.linspace(0.0, 2 * np.pi, len(WORDS), endpoint=False) + 0.3
    radii = np.random.default_rng(3).uniform(0.8, 1.6, len(WORDS))
    outside_vectors = np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
    center_vec = np.array([0.9, 0.7])
    return outside_vectors, center_vec


def draw_timing(ax_time, t: TimingComparison) -> None:
    """Seconds per example, naive softmax against negative sampling, as |V| grows (log axes)."""
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


def negatives(k: int, draw: int, outside_idx: int | None = None) -> np.ndarray:
    """The K distinct negatives of draw number ``draw`` (its own seeded Generator), none equal to the
    observed word ``outside_idx`` (default OUTSIDE_WORD), in increasing order: part (f) is about the
    set of negatives, and a sorted set reads best."""
    outside_idx = WORDS.index(OUTSIDE_WORD) if outside_idx is None else int(outside_idx)
    drawn = draw_negatives(outside_idx, unigram_distribution(COUNTS), int(k), np.random.default_rng(int(draw)),
                           distinct=True)
    return np.sort(drawn)


def web_data() -> tuple[dict, dict[str, bytes]]:
    """The website's numbers (web_sampled.sampled_data over state_f): the page's part and the data files."""
    outside_vectors, _ = toy_vectors()
    draws = {o: {k: [negatives(k, i, o) for i in range(N_DRAWS)] for k in WEB_K_VALUES}
             for o in (WORDS.index(w) for w in WEB_OUTSIDE_WORDS)}
    inputs = repr((outside_vectors.tolist(), OUTSIDE_WORD,
                   {o: {k: [d.tolist() for d in v] for k, v in by_k.items()} for o, by_k in draws.items()}))

    def compute():
        return sampled_data("f", state_f, outside_vectors, WORDS.index(OUTSIDE_WORD), draws,
                            row_fields=("grad_outside_vectors",))
    return cached("f", inputs, compute)


class NegativeSamplingView(LiveFigure):
    """Arrows for v_c, u_o and the K negatives; measured time per example as |V| grows."""

    controls = (
        Control("k", "K negatives", tuple(range(1, K_MAX + 1)), default=4, web_values=(1, 2, 4, 6, 8)),
        Control("draw", "draw new negatives", tuple(range(N_DRAWS)), default=0, kind="button"),
        Control("o", "observed outside word o", tuple(range(len(WORDS))), default=WORDS.index(OUTSIDE_WORD),
                kind="dropdown", web_values=tuple(WORDS.index(w) for w in WEB_OUTSIDE_WORDS), labels=list(WORDS)),
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
        ax.quiver([0], [0], [v_c[0]], [v_c[1]], color=COLORS["center"], **arrow)
        ax.annotate(r"$v_c$ (" + CENTER_WORD + ")", v_c, xytext=(4, -10), textcoords="offset points", fontsize=9)
        # u_o and dJ/du_o at its tip: they move when the control o changes (update).
        self.observed_arrow = self.dynamic(ax.quiver([0], [0], [U[o, 0]], [U[o, 1]], color=COLORS["observed"], **arrow))[0]
        self.observed_step = self.dynamic(ax.quiver([U[o, 0]], [U[o, 1]], [0.0], [0.0], color=COLORS["observed"], alpha=0.6,
                                                    **arrow))[0]

        zeros = np.zeros(K_MAX)
        self.neg_arrows = self.dynamic(ax.quiver(zeros, zeros, zeros, zeros, color=NEGATIVE_COLOR, **arrow))[0]
        self.neg_steps = self.dynamic(ax.quiver(zeros, zeros, zeros, zeros, color=NEGATIVE_COLOR, alpha=0.55, **arrow))[0]
        self.center_step = self.dynamic(ax.quiver([v_c[0]], [v_c[1]], [0.0], [0.0], color=COLORS["center"], alpha=0.6, **arrow))[0]
        self.observed_label = self.dynamic(ax.text(0.02, 0.98, f"o = {OUTSIDE_WORD}", transform=ax.transAxes, fontsize=8,
                                                   va="top"))[0]
        self.readout = self.dynamic(ax.text(0.02, 0.92, "", transform=ax.transAxes, fontsize=8, va="top"))[0]
        lim = 1.05 * np.abs(U).max() + 0.35
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim + 0.5), aspect="equal",
               title=r"$v_c$ blue, $u_o$ vermillion, negatives $u_k$ green" + "\n"
               + r"at the tips (lighter): the gradients $\partial J/\partial(\cdot)$")
        ax.title.set_fontsize(9)
        ax.tick_params(labelsize=8)

        draw_timing(ax_time, self.timing)

    def timing_figure(self):
        """The right panel alone, as a static figure: the website's draggable figure shows the plane, and
        the chapter shows the measured times beside it with this."""
        from .training import StaticFigure

        fig = StaticFigure(figsize=(5.6, 3.4), layout="constrained")
        draw_timing(fig.add_subplot(), self.timing)
        return fig

    def negatives(self, k: int, draw: int, o: int | None = None) -> np.ndarray:
        """The K distinct negatives shown for draw number ``draw`` with the observed word ``o`` (default
        the control's) (:func:`negatives`)."""
        return negatives(k, draw, self.outside_idx if o is None else o)

    def update(self, k, draw, o):
        self.outside_idx = int(o)
        U, v_c = self.outside_vectors, self.center_vec
        neg = self.negatives(k, draw, o)
        shown = state_f(v_c, o, U, neg)  # the website's state function: one source for the numbers
        loss, grad_center, grad_outside = shown["loss"], shown["grad_center_vec"], shown["grad_outside_vectors"]
        self.current = dict(outside_idx=int(o), negatives=neg, loss=loss, grad_center_vec=grad_center,
                            grad_outside_vectors=grad_outside)
        self.observed_arrow.set_UVC([U[o, 0]], [U[o, 1]])
        self.observed_step.set_offsets([U[o]])
        self.observed_step.set_UVC([grad_outside[o, 0]], [grad_outside[o, 1]])
        self.observed_label.set_text(f"o = {WORDS[o]}")
        # Quivers keep K_MAX arrows; the ones beyond K are masked, so they are not drawn.
        tips = np.full((K_MAX, 2), np.nan)
        tips[: len(neg)] = U[neg]
        steps = np.full((K_MAX, 2), np.nan)
        steps[: len(neg)] = grad_outside[neg]
        self.neg_arrows.set_UVC(np.ma.masked_invalid(tips[:, 0]), np.ma.masked_invalid(tips[:, 1]))
        self.neg_steps.set_offsets(np.nan_to_num(tips))
        self.neg_steps.set_UVC(np.ma.masked_invalid(steps[:, 0]), np.ma.masked_invalid(steps[:, 1]))
        self.center_step.set_UVC([grad_center[0]], [grad_center[1]])
        # Kept short: drawing text costs about 0.15 ms a character on every move.
        self.readout.set_text(f"J = {loss:.3f}")


    def web_files(self) -> dict[str, bytes]:
        """The data files the figure asks for by name: web_data()'s, coded as the site serves them."""
        return compact_files(*web_data())

    def web_payload(self) -> dict:
        """The website's figure: drag v_c, pick K and the draw; J, dJ/dv_c and every row dJ/du_w follow
        (state_f on 101 x 101 positions of v_c for each of N_DRAWS draws of every K in WEB_K_VALUES, for
        each observed word o of WEB_OUTSIDE_WORDS, picked by clicking its name)."""
        page, _ = web_data()
        k = int(self.params["k"]) if int(self.params["k"]) in WEB_K_VALUES else WEB_K_VALUES[-1]
        scene = sampled_scene(WORDS, [{"field": "grad_outside_vectors", "title": "∂J/∂u_w: row w"}], 2.0,
                              "the K negatives u_k, and ∂J/∂u_k from their tips", "the other u_w (their rows are 0)",
                              center_word=CENTER_WORD, show_counts=False)
        o = int(self.params["o"]) if int(self.params["o"]) in page["outside_choices"] else page["outside_idx"]
        return {**page, "words": list(WORDS), "scene": scene, "k": k, "draw": int(self.params["draw"]) % N_DRAWS,
                "outside_idx": o, "start": nearest_cell(page["axis"], self.center_vec)}



def view() -> NegativeSamplingView:
    return NegativeSamplingView()
