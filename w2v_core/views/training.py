"""Figures of the capstone chapter: a training run's loss curve and a 2-D projection of word vectors.

Static figures (``matplotlib.figure.Figure``, no pyplot): a notebook and the built book show the same image.
"""
from __future__ import annotations

import io
from typing import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..evaluate import pca_2d


class StaticFigure(Figure):
    """A Figure that a notebook displays as a PNG by itself: it needs no pyplot and no inline backend."""

    def _repr_png_(self) -> bytes:
        FigureCanvasAgg(self)
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def loss_curve_figure(log, *, window: int = 25) -> Figure:
    """The mean loss per pair of the recorded minibatches against raw words processed, and a moving mean
    over ``window`` recorded minibatches (the trainer records one minibatch in every ``loss_every``).

    ``log``: a :class:`w2v_core.train.TrainingLog`. The first point is (K + 1) log 2 (4.16 for K = 5):
    every outside vector starts at zero, so every score is 0 and every sigmoid 1/2.
    """
    words = np.asarray(log.words) / 1e6
    loss = np.asarray(log.loss)
    fig = StaticFigure(figsize=(7, 3.2), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(words, loss, color="#BBBBBB", lw=0.8, label="one minibatch")
    if loss.size >= window:
        smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
        ax.plot(words[window - 1:], smooth, color="#0072B2", lw=2, label=f"moving mean of {window} recorded minibatches")
    ax.set_xlabel("corpus words processed (millions, all epochs)")
    ax.set_ylabel("loss per pair")
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    return fig


def projection_figure(panels: Sequence[tuple[str, object]], words: Sequence[str], groups: Sequence[int],
                      group_names: Sequence[str] | None = None) -> Figure:
    """One scatter per (title, word vectors): the chosen words on the two principal axes of their vectors.

    ``groups[i]`` colours word i, so that a reader can see whether words of a theme sit together;
    ``group_names[g]``, if given, names colour g in a legend.
    """
    from adjustText import adjust_text  # part of the "train" extra, like the rest of the capstone
    colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    fig = StaticFigure(figsize=(5 * len(panels), 4.6), layout="constrained")
    FigureCanvasAgg(fig)  # adjust_text measures the labels, which needs a renderer
    for k, (title, vectors) in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), k + 1)
        coords = pca_2d(np.stack([vectors[w] for w in words]))
        labels = []
        for (x, y), word, group in zip(coords, words, groups):
            ax.scatter(x, y, color=colors[group % len(colors)], s=18)
            labels.append(ax.text(x, y, word, fontsize=8, color=colors[group % len(colors)]))
        ax.set_title(title)
        ax.margins(0.12)
        # Words of one theme sit close together, which is the point of the figure, so their labels collide.
        adjust_text(labels, ax=ax, x=coords[:, 0], y=coords[:, 1], expand=(1.1, 1.3),
                    arrowprops=dict(arrowstyle="-", color="#999999", lw=0.5))
        if group_names is not None and k == 0:
            handles = [Line2D([], [], ls="", marker="o", color=colors[g % len(colors)], label=name)
                       for g, name in enumerate(group_names)]
            ax.legend(handles=handles, fontsize=8, frameon=False, loc="best")
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
