"""Part (h): the skip-gram window, which (center, outside) pairs enter the loss, and the gradients.

Three sentences to choose from (one where the window is cut at both ends, one with repeated
words), every window size m and every center position t. Left: every (center position, outside
position) pair of the sentence for window size m (``w2v_core.window_pairs``), with the pairs of the
chosen center t (``w2v_core.window_positions``) picked out. Middle and right: the gradients of J_sg
for that window from ``w2v_core.skipgram`` (naive-softmax pair loss), as heat maps with one row per
vocabulary word and one column per coordinate (code layout |V| x d). Only row c of dJ_sg/dW is
non-zero: the other center vectors do not enter the loss.

Both faces take their numbers from one function, :func:`w2v_core.views.web_state.state_h`: the
Jupyter widget calls it on every move, the website ships it for every state
(:func:`w2v_core.views.web_state.window_payload`) and ``_static/w2v_window.js`` only draws.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

from .live import Control, LiveFigure
from .plotting import COLORS
from .web_state import state_h, window_payload

#: The sentences a reader can choose: the pangram of the earlier figure; a short one, whose window is
#: cut at both ends for m >= 2; one with repeated words (the center word also among its outside words).
SENTENCES = (
    tuple("the quick brown fox jumps over the lazy dog".split()),
    tuple("the fox jumps".split()),
    tuple("the dog saw the fox and the fox saw the dog".split()),
)
SENTENCE = SENTENCES[0]
#: One vocabulary for every sentence, in order of first appearance ("the" occurs in each).
VOCAB = tuple(dict.fromkeys(word for sentence in SENTENCES for word in sentence))
DIM = 4
MAX_LENGTH = max(len(s) for s in SENTENCES)
#: Every window size that differs for some sentence: m = n - 1 already reaches the whole sentence.
WINDOWS = tuple(range(1, MAX_LENGTH))
#: Heat maps: negative entries blue, positive vermillion (the book's colours of v_c and u_o), white at 0.
GRADIENT_MAP = LinearSegmentedColormap.from_list("w2v_gradient", [COLORS["center"], "#ffffff", COLORS["observed"]])
PAIR_COLORS = {"other": "#BFD3E6", "chosen": COLORS["observed"]}


def toy_vectors() -> tuple[np.ndarray, np.ndarray]:
    """Fixed ``center_vectors`` and ``outside_vectors``, each (|V|, d): row w is v_w and u_w
    (the paper's W and U, d x |V|, transposed)."""
    rng = np.random.default_rng(5)
    return rng.normal(scale=0.7, size=(len(VOCAB), DIM)), rng.normal(scale=0.7, size=(len(VOCAB), DIM))


def word_ids(sentence=SENTENCE) -> np.ndarray:
    """The vocabulary index of each token."""
    missing = [w for w in sentence if w not in VOCAB]
    if missing:
        raise ValueError(f"sentence has words outside the vocabulary {VOCAB}: {missing}")
    return np.array([VOCAB.index(w) for w in sentence])


class SkipgramWindowView(LiveFigure):
    """The pairs a window contributes, and the heat maps of dJ_sg/dW and dJ_sg/dU (state_h)."""

    controls = (
        Control("sentence", "sentence", tuple(range(len(SENTENCES))), default=0, kind="dropdown",
                labels=tuple(" ".join(s) for s in SENTENCES)),
        Control("window", "window size m", WINDOWS, default=2),
        # The position is clamped to the chosen sentence (the website's slider ends at its last token).
        Control("center", "center position t", tuple(range(MAX_LENGTH)), default=3),
    )
    figsize = (10.0, 4.2)
    alt = "The skip-gram window: which pairs enter the loss, and the gradient rows for the center and outside vectors"

    def build(self, fig):
        self.center_vectors, self.outside_vectors = toy_vectors()
        n, n_words = MAX_LENGTH, len(VOCAB)
        # One colour scale over every state, so that colours compare across moves. Wide windows pile
        # up large entries (up to about 9 here), so the scale ends at the 95th percentile of all the
        # entries the maps show and saturates beyond it; the cells' numbers are exact either way.
        states = [self.state(s, m, t) for s in range(len(SENTENCES)) for m in WINDOWS for t in range(len(SENTENCES[s]))]
        entries = [np.abs(st["grad_outside_vectors"]).ravel() for st in states]
        entries += [np.abs(st["grad_center_vectors"][st["center_idx"]]) for st in states]  # row c: the others are 0
        self.color_limit = float(np.ceil(10 * np.percentile(np.concatenate(entries), 95)) / 10)
        ax_pairs, ax_c, ax_u = fig.subplots(1, 3, width_ratios=(1.25, 1, 1))
        self.axes = (ax_pairs, ax_c, ax_u)

        pair_colours = ListedColormap(["white", PAIR_COLORS["other"], PAIR_COLORS["chosen"]])
        self.pair_image = self.dynamic(ax_pairs.imshow(np.zeros((n, n)), cmap=pair_colours, vmin=0, vmax=2,
                                                       interpolation="nearest"))[0]
        ax_pairs.set(xticks=range(n), yticks=range(n), xlabel="outside position", ylabel="center position",
                     title="pairs in the loss (vermillion: center t)")
        ax_pairs.set_xticks(np.arange(-0.5, n), minor=True)
        ax_pairs.set_yticks(np.arange(-0.5, n), minor=True)
        ax_pairs.grid(which="minor", color="0.85", lw=0.5)
        ax_pairs.tick_params(which="minor", length=0)

        blank = np.zeros((n_words, DIM))
        limit = self.color_limit
        self.image_c = self.dynamic(ax_c.imshow(blank, cmap=GRADIENT_MAP, vmin=-limit, vmax=limit, aspect="auto",
                                                interpolation="nearest"))[0]
        self.image_u = self.dynamic(ax_u.imshow(blank, cmap=GRADIENT_MAP, vmin=-limit, vmax=limit, aspect="auto",
                                                interpolation="nearest"))[0]
        # The maps show the code's layout, |V| x d: the paper's d x |V| gradients, transposed.
        ax_c.set_title(r"$(\partial J_{sg}/\partial W)^\top$: row $w$ = $\partial J_{sg}/\partial v_w$", fontsize=10)
        ax_u.set_title(r"$(\partial J_{sg}/\partial U)^\top$: row $w$ = $\partial J_{sg}/\partial u_w$", fontsize=10)
        for ax in (ax_c, ax_u):
            ax.set(yticks=range(n_words), yticklabels=VOCAB, xticks=range(DIM),
                   xticklabels=[f"$d_{j + 1}$" for j in range(DIM)])
        fig.colorbar(self.image_c, ax=[ax_c, ax_u], shrink=0.85, label=f"gradient entries (saturated beyond ±{limit:g})")
        for ax in self.axes:
            ax.tick_params(labelsize=8)
            ax.title.set_fontsize(9)
        self.readout = self.dynamic(fig.suptitle(" ", fontsize=9))[0]
        self._shown_sentence = None

    def state(self, sentence: int, window: int, center: int) -> dict:
        """:func:`state_h` for this sentence, window size and center position (clamped to the sentence)."""
        ids = word_ids(SENTENCES[int(sentence)])
        center = min(int(center), len(ids) - 1)
        return state_h(ids, int(window), center, self.center_vectors, self.outside_vectors)

    def update(self, sentence, window, center):
        tokens = SENTENCES[int(sentence)]
        n, t = len(tokens), min(int(center), len(tokens) - 1)
        state = self.state(sentence, window, center)
        pairs = np.full((MAX_LENGTH, MAX_LENGTH), np.nan)  # beyond the sentence: blank
        pairs[:n, :n] = 0
        for c, p in state["sentence_pairs"]:
            pairs[c, p] = 1
        for c, p in state["pairs"]:
            pairs[c, p] = 2
        self.current = dict(state, pair_grid=pairs, center_pos=t)
        self.pair_image.set_data(np.ma.masked_invalid(pairs))
        self.image_c.set_data(state["grad_center_vectors"])
        self.image_u.set_data(state["grad_outside_vectors"])
        # Kept short: drawing text costs about 0.15 ms a character on every move.
        self.readout.set_text(f"t = {t} ({tokens[t]}): J_sg = sum of {len(state['pair_losses'])} pair losses "
                              f"= {state['loss']:.3f}")
        if int(sentence) != self._shown_sentence:  # the tick labels are static: repaint them once
            labels = [f"{w} {k}" for k, w in enumerate(tokens)] + [""] * (MAX_LENGTH - n)
            ax_pairs = self.axes[0]
            ax_pairs.set_xticklabels(labels, rotation=60, ha="right")
            ax_pairs.set_yticklabels(labels)
            self._backgrounds.clear()
            self._shown_sentence = int(sentence)

    def web_payload(self) -> dict:
        """The website's figure: every (sentence, m, t) state of :func:`state_h`, and what to draw."""
        n_words, dim = self.outside_vectors.shape
        scene = {
            "limit": self.color_limit,
            "colors": {"center": COLORS["center"], "outside": COLORS["observed"], "other_pair": PAIR_COLORS["other"],
                       "negative": COLORS["center"], "positive": COLORS["observed"]},
            "titles": {"pairs": "pairs (t, t+j) in the loss", "center": "rows ∂J_{sg}/∂v_w", "outside": "rows ∂J_{sg}/∂u_w"},
            "caption": self.stated(f"code layout, |V| × d = {n_words} × {dim}: the paper's d × |V| matrices, transposed; "
                                   "only row c of (∂J_{sg}/∂W)^T is non-zero",
                                   f"code layout, |V| × d = {n_words} × {dim}: the paper's d × |V| matrices, transposed"),
            "legend": [{"color": COLORS["center"], "label": "center word c at position t; a negative entry"},
                       {"color": COLORS["observed"], "label": "outside words w_{t+j}, the pairs of t; a positive entry"},
                       {"color": PAIR_COLORS["other"], "label": "the other pairs of the sentence"}],
        }
        start = {"sentence": int(self.params["sentence"]), "window": int(self.params["window"]),
                 "center_pos": min(int(self.params["center"]), len(SENTENCES[int(self.params["sentence"])]) - 1)}
        return window_payload("h", [word_ids(s) for s in SENTENCES], VOCAB, self.center_vectors,
                              self.outside_vectors, WINDOWS, start, scene)


def view() -> SkipgramWindowView:
    return SkipgramWindowView()
