"""Small drawing helpers and the toy vocabulary shared by the naive-softmax views (parts a-d).

Every view of parts (a)-(d) draws the same picture: five outside words with fixed 2-D vectors
u_w and a center vector v_c that the reader moves by its angle and length. Keeping the toy data
here means the four chapters show one consistent world.

Shapes: ``TOY_OUTSIDE_VECTORS`` is in the code convention, (|V|, d) = (5, 2), row w is u_w; the
paper's U (d x |V| = 2 x 5, columns u_w) is its transpose.

This module is imported read-only by other views; its public names are kept stable.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from .live import Control

# -- the toy vocabulary -------------------------------------------------------------------------
TOY_WORDS: tuple[str, ...] = ("tea", "cup", "morning", "road", "piano")

# Row w is u_w, so the array is the paper's U transposed: shape (|V|, d) = (5, 2). The words are
# spread round the circle at different lengths so that no two get the same probability for long.
TOY_OUTSIDE_VECTORS: np.ndarray = np.array([
    [1.5, 0.5],    # tea
    [0.7, 1.4],    # cup
    [-1.1, 1.0],   # morning
    [-1.3, -0.9],  # road
    [0.5, -1.2],   # piano
])
TOY_OUTSIDE_VECTORS.setflags(write=False)

PLANE_LIMIT = 3.2  # fixed axis limits of every 2-D plane (|v_c| <= 3 and the arrows drawn from it fit)

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLORS = {
    "outside": "#999999",   # the u_w
    "observed": "#D55E00",  # u_o, the observed outside word
    "center": "#0072B2",    # v_c
    "expected": "#CC79A7",  # U y_hat, the expected outside vector
    "gradient": "#E69F00",  # a gradient
    "gradient_other": "#CC79A7",  # (c): the gradients of the words not observed, told apart from u_o's vermillion
    "step": "#009E73",      # -eta * gradient, and the point it reaches
}


#: Parts (f) and (g) on the website: the negatives' colour (bluish green of the Okabe-Ito palette, darkened
#: for text contrast) and the heat maps' colours for a negative and a positive entry (blue and orange).
NEGATIVE_COLOR = "#007a5a"
MATRIX_COLORS = ("#0072B2", "#E69F00")


def sampled_scene(words, matrices: list[dict], matrix_limit: float, drawn_label: str, other_label: str,
                  **extra) -> dict:
    """The scene of the website's figure of part (f) or (g) (drawn by ``_static/w2v_sampled.js``): what
    the two parts share (colours, the gradient arrows at the tips, the readout, the legend's frame) with
    the part's own heat maps, legend lines for the drawn and the other words, and ``extra`` keys."""
    return {
        "title": "drag the tip of v_c", "words": list(words), **extra,
        "colors": {"center": COLORS["center"], "observed": COLORS["observed"], "negative": NEGATIVE_COLOR,
                   "outside": COLORS["outside"]},
        "tips": {"field": "grad_outside_vectors", "center": "grad_center_vec"},
        "matrices": matrices, "matrix_colors": list(MATRIX_COLORS), "matrix_limit": matrix_limit,
        "readout": [{"label": "J_neg", "field": "loss", "digits": 4},
                    {"label": "∂J/∂v_c", "field": "grad_center_vec", "digits": 3}],
        "legend": [{"color": COLORS["center"], "label": "v_c, and ∂J/∂v_c drawn from its tip"},
                   {"color": COLORS["observed"], "label": "u_o, and ∂J/∂u_o from its tip"},
                   {"color": NEGATIVE_COLOR, "label": drawn_label},
                   {"color": COLORS["outside"], "label": other_label},
                   {"color": MATRIX_COLORS[0], "label": "a negative entry", "swatch": True},
                   {"color": MATRIX_COLORS[1], "label": "a positive entry", "swatch": True}],
    }


def nearest_cell(axis, center_vec) -> list[int]:
    """[ix, iy]: the grid cell of ``axis`` x ``axis`` nearest to v_c (where the web figure starts)."""
    axis = np.asarray(axis, dtype=float)
    return [int(np.abs(axis - center_vec[0]).argmin()), int(np.abs(axis - center_vec[1]).argmin())]


def center_vector(angle_deg: float, length: float) -> np.ndarray:
    """v_c = length * (cos angle, sin angle): shape (2,), the code's and the paper's v_c alike."""
    a = np.deg2rad(float(angle_deg))
    return float(length) * np.array([np.cos(a), np.sin(a)])


# -- controls -------------------------------------------------------------------------------------
ANGLES = tuple(float(a) for a in range(0, 360, 15))        # live: every 15 degrees
LENGTHS = tuple(float(x) for x in np.arange(0.5, 3.01, 0.25))  # live: 0.5 to 3


def angle_control(web_step: int = 60, default: float = 30.0) -> Control:
    """Angle of v_c in degrees; the website precomputes every ``web_step`` degrees."""
    web = tuple(a for a in ANGLES if a % web_step == 0)
    return Control("angle", "angle of v_c (degrees)", ANGLES, default=default, kind="slider", web_values=web,
                   labels=[f"{a:.0f}" for a in ANGLES])


def length_control(web_values=(1.0, 2.5), default: float = 1.0) -> Control:
    """Length |v_c|; a longer v_c makes the scores, and so the softmax, sharper."""
    return Control("length", "length of v_c", LENGTHS, default=default, kind="slider",
                   web_values=tuple(float(v) for v in web_values), labels=[f"{x:.2f}" for x in LENGTHS])


def outside_word_control(default: int = 0) -> Control:
    """The observed outside word o, by index into ``TOY_WORDS``."""
    return Control("o", "observed outside word o", tuple(range(len(TOY_WORDS))), default=default,
                   kind="dropdown", labels=list(TOY_WORDS))


# -- drawing --------------------------------------------------------------------------------------
def setup_plane(ax: Axes, limit: float = PLANE_LIMIT, title: str | None = None) -> None:
    """A square 2-D plane with fixed limits (required when artists are blitted) and light axes."""
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.axhline(0, color="#dddddd", lw=0.8, zorder=0)
    ax.axvline(0, color="#dddddd", lw=0.8, zorder=0)
    ax.tick_params(labelsize=7)
    if title:
        ax.set_title(title, fontsize=9)


def arrow(ax: Axes, start, end, color: str, *, lw: float = 1.8, head: float = 11.0, ls: str = "-",
          zorder: float = 3, label: str | None = None) -> FancyArrowPatch:
    """An arrow from ``start`` to ``end`` (data coordinates) that :func:`move_arrow` can move later."""
    patch = FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>", mutation_scale=head, lw=lw, ls=ls,
                            color=color, shrinkA=0, shrinkB=0, zorder=zorder, label=label)
    ax.add_patch(patch)
    return patch


def move_arrow(patch: FancyArrowPatch, start, end) -> None:
    """Set the tail and the tip of an arrow made by :func:`arrow`."""
    patch.set_positions(tuple(map(float, start)), tuple(map(float, end)))


def fit_arrow_head(patch: FancyArrowPatch, ax: Axes, head: float = 11.0, *, min_points: float = 4.0) -> None:
    """Keep an arrow's head in proportion: at most half the arrow's length, and none on a stub.

    A head of fixed size on an arrow shorter than the head is longer than the arrow and seems to
    point the wrong way; such short arrows (below ``min_points`` points) are drawn as plain lines.
    """
    start, end = arrow_positions(patch)
    tail, tip = ax.transData.transform(np.array([start, end]))
    length = float(np.hypot(*(tip - tail))) * 72.0 / ax.figure.dpi  # in points, like mutation_scale
    if length < min_points:
        patch.set_arrowstyle("-")
    else:
        patch.set_arrowstyle("-|>")
        # the head of "-|>" is 0.4 * mutation_scale long
        patch.set_mutation_scale(min(head, 0.5 * length / 0.4))


def arrow_positions(patch: FancyArrowPatch) -> tuple[np.ndarray, np.ndarray]:
    """The tail and the tip of an arrow made by :func:`arrow` (matplotlib has a setter but no getter)."""
    start, end = patch._posA_posB
    return np.asarray(start, dtype=float), np.asarray(end, dtype=float)


def draw_outside_vectors(ax: Axes, vectors=TOY_OUTSIDE_VECTORS, words=TOY_WORDS, *, color: str = COLORS["outside"],
                         lw: float = 1.4, label_at: str = "tip") -> list[FancyArrowPatch]:
    """Static arrows from the origin to each u_w (rows of ``vectors``), each labelled with its word.

    ``label_at="tip"`` puts the word just beyond the tip; ``"side"`` puts it beside the middle of the
    arrow, which leaves the tip free for arrows drawn from it (part c).
    """
    if label_at not in ("tip", "side"):
        raise ValueError(f"label_at must be 'tip' or 'side', got {label_at!r}")
    arrows = []
    for u, word in zip(np.asarray(vectors, dtype=float), words):
        arrows.append(arrow(ax, (0.0, 0.0), u, color, lw=lw, head=9.0, zorder=2))
        norm = max(float(np.linalg.norm(u)), 1e-9)
        if label_at == "tip":
            # Just beyond the tip, pushed outward so that it never covers the arrow.
            where, ha = u * (1 + 0.28 / norm), "center"
        else:
            # Beside the middle, on the counter-clockwise side.
            where = 0.55 * u + 0.22 * np.array([-u[1], u[0]]) / norm
            ha = "center"
        ax.text(where[0], where[1], word, fontsize=8, color="#555555", ha=ha, va="center", zorder=2,
                rotation=0)
    return arrows
