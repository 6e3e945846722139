"""Part (d): the gradient with respect to the whole outside matrix, as a heat map in both layouts.

Stacking the columns dJ/du_w of part (c) side by side gives the paper's dJ/dU = v_c (y_hat - y)^T,
a d x |V| matrix. The code stores the same numbers as ``grad_outside_vectors``, shape (|V|, d),
row w = dJ/du_w: the transpose. A dropdown switches the heat map between the two layouts; the
numbers in the cells are the same, only their arrangement changes.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .live import Control, LiveFigure
from .web_state import plane_payload, state_d
from .plotting import (COLORS, TOY_OUTSIDE_VECTORS, TOY_WORDS, angle_control, arrow, center_vector,
                       draw_outside_vectors, move_arrow, outside_word_control, setup_plane)

CENTER_LENGTH = 1.5  # |v_c| is fixed here: this part is about the layout, not the geometry
LAYOUTS = ("paper", "code")
LAYOUT_LABELS = ("paper: dJ/dU, d x |V|", "code: grad_outside_vectors, |V| x d")
COLOR_LIMIT = CENTER_LENGTH  # |(y_hat_w - y_w) v_c[i]| <= |v_c|, so the colour scale never clips


class PartDView(LiveFigure):
    """The gradient matrix dJ/dU = v_c (y_hat - y)^T, switchable between d x |V| and |V| x d."""

    # The layout comes first: web frames are made with the last control changing fastest, and only a
    # layout switch repaints the static layer, so this order repaints it once instead of 30 times.
    controls = (Control("layout", "layout", LAYOUTS, default="paper", kind="dropdown", labels=LAYOUT_LABELS),
                angle_control(web_step=60, default=60.0), outside_word_control(default=1))
    figsize = (8.0, 3.8)
    alt = "The toy plane with v_c next to a heat map of the gradient matrix in the paper's or the code's layout"

    def __init__(self, outside_vectors=TOY_OUTSIDE_VECTORS, words=TOY_WORDS):
        self.outside_vectors = np.asarray(outside_vectors, dtype=float)
        self.words = tuple(words)
        super().__init__()

    def build(self, fig: Figure) -> None:
        ax_plane, ax_map = fig.subplots(1, 2, width_ratios=[1, 1.3])
        setup_plane(ax_plane, title=rf"$v_c$ (length {CENTER_LENGTH:g}) and $u_o$")
        draw_outside_vectors(ax_plane, self.outside_vectors, self.words)
        self.observed_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["observed"], lw=2.2, zorder=4)
        self.center_arrow = arrow(ax_plane, (0, 0), (1, 0), COLORS["center"], lw=2.4, zorder=5)

        n_words, dim = self.outside_vectors.shape
        side = max(n_words, dim)
        # Fixed square limits that hold either layout (blitting needs fixed limits); row 0 on top.
        ax_map.set_xlim(-0.5, side - 0.5)
        ax_map.set_ylim(side - 0.5, -0.5)
        ax_map.set_aspect("equal")
        ax_map.axis("off")
        self.image = ax_map.imshow(np.zeros((dim, n_words)), cmap="RdBu_r", vmin=-COLOR_LIMIT, vmax=COLOR_LIMIT,
                                   extent=(-0.5, n_words - 0.5, dim - 0.5, -0.5), interpolation="nearest")
        colorbar_axes = ax_map.inset_axes([1.03, 0.1, 0.04, 0.8])
        fig.colorbar(self.image, cax=colorbar_axes).ax.tick_params(labelsize=7)
        self.cell_texts = [ax_map.text(0, 0, "", ha="center", va="center", fontsize=7.5) for _ in range(n_words * dim)]
        # A frame round the observed word's column (paper) or row (code).
        self.observed_frame = ax_map.add_patch(Rectangle((0, 0), 1, 1, fill=False, ec=COLORS["observed"], lw=2.2))
        self.dynamic(self.observed_arrow, self.center_arrow, self.image, self.observed_frame, *self.cell_texts)

        # Row and column names and the caption change only with the layout. They stay out of the
        # blitted set (each text costs about 1 ms a frame); update() shows one layout's set and
        # drops the cached background when the layout switches, so only that move pays a full draw.
        dims = [f"dim {i + 1}" for i in range(dim)]
        names = {"paper": (dims, list(self.words)), "code": (list(self.words), dims)}
        captions = {"paper": self.stated(f"paper: dJ/dU = v_c (y_hat - y)^T, d x |V| = {dim} x {n_words}\n"
                                         "column w is dJ/du_w", "paper's layout: dJ/dU"),
                    "code": self.stated(f"code: np.outer(y\\_hat - y, center\\_vec), shape ({n_words}, {dim})\n"
                                        "row w is dJ/du_w", "code's layout: grad_outside_vectors")}
        self.layout_artists = {}
        for layout, (row_names, col_names) in names.items():
            artists = [ax_map.text(-0.6, i, name, ha="right", va="center", fontsize=8) for i, name in enumerate(row_names)]
            artists += [ax_map.text(j, -0.6, name, ha="center", va="bottom", fontsize=8) for j, name in enumerate(col_names)]
            artists.append(ax_map.text(0.5, -0.04, captions[layout], transform=ax_map.transAxes, ha="center",
                                       va="top", fontsize=8.5))
            self.layout_artists[layout] = artists
        self._shown_layout = None

    def quantities(self, angle: float, o: int, layout: str) -> dict:
        """v_c and the matrix the heat map shows: ``grad_outside_vectors`` (code) or its transpose (paper)."""
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
        center_vec = center_vector(angle, CENTER_LENGTH)
        state = state_d(center_vec, o, self.outside_vectors)  # the website's figure's source too
        grad_outside_vectors = state["grad_outside_vectors"]
        matrix = grad_outside_vectors.T if layout == "paper" else grad_outside_vectors
        return {"center_vec": center_vec, **state, "matrix": matrix}

    def update(self, angle: float, o: int, layout: str) -> None:
        q = self.current = self.quantities(angle, o, layout)
        move_arrow(self.center_arrow, (0, 0), q["center_vec"])
        move_arrow(self.observed_arrow, (0, 0), self.outside_vectors[o])
        matrix = q["matrix"]
        rows, cols = matrix.shape
        self.image.set_data(matrix)
        self.image.set_extent((-0.5, cols - 0.5, rows - 0.5, -0.5))
        for k, text in enumerate(self.cell_texts):
            i, j = divmod(k, cols)
            text.set_position((j, i))
            text.set_text(f"{matrix[i, j]:+.2f}")
        if layout == "paper":
            self.observed_frame.set_bounds(o - 0.5, -0.5, 1, rows)
        else:
            self.observed_frame.set_bounds(-0.5, o - 0.5, cols, 1)
        if layout != self._shown_layout:
            for name, artists in self.layout_artists.items():
                for artist in artists:
                    artist.set_visible(name == layout)
            self._backgrounds.clear()  # the static layer changed: the next draw repaints it once
            self._shown_layout = layout


    def web_payload(self) -> dict:
        """The website's figure: drag v_c; the matrix dJ/dU follows, in the paper's or the code's layout (state_d)."""
        n_words, dim = self.outside_vectors.shape
        scene = {
            "title": "drag the tip of v_c",
            "arrows": [{"tail": "origin", "tip": "u_o", "color": COLORS["observed"], "width": 2.6},
                       {"tail": "origin", "tip": "center_vec", "color": COLORS["center"], "width": 3}],
            "panel": {"type": "matrix", "field": "grad_outside_vectors", "layout": self.params["layout"],
                      "captions": {"paper": f"paper: ∂J/∂U = v_c (ŷ − y)^T, d × |V| = {dim} × {n_words}; column w is ∂J/∂u_w",
                                   "code": f"code: np.outer(y\\_hat - y, center\\_vec), shape ({n_words}, {dim}); row w is ∂J/∂u_w"},
                      "negative": COLORS["center"], "positive": COLORS["observed"],
                      "frame": COLORS["observed"]},
            "readout": [{"label": "J", "field": "loss", "digits": 4},
                        {"label": "∂J/∂v_c", "field": "grad_center_vec", "digits": 3}],
            "legend": [{"color": COLORS["center"], "label": "v_c; a negative entry"},
                       {"color": COLORS["observed"], "label": "u_o; a positive entry; o's column or row"},
                       {"color": COLORS["outside"], "label": "u_w"}],
        }
        center_vec = self.quantities(self.params["angle"], self.params["o"], self.params["layout"])["center_vec"]
        payload = plane_payload("d", state_d, self.outside_vectors, self.words, self.params["o"], center_vec, scene)
        payload["scene"]["panel"]["limit"] = payload["field_max"]["grad_outside_vectors"]
        return payload

def view() -> PartDView:
    """The view shown in chapter (d)."""
    return PartDView()
