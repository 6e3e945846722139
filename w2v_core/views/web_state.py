"""The website's figures: pure functions from a state to the numbers drawn, and the grid of states.

On the website no kernel runs, and the drawing module (``_static/w2v_figures.js``) does no
mathematics: every number it draws or prints was computed here, at build time, by ``w2v_core``.

- A *state function* (``state_a`` ... ``state_e``, ``state_h``) takes the inputs of one state (v_c, o
  and the outside vectors; x in part e; a sentence, a window size and a center position in part h)
  and returns every number the figure draws, each from ``w2v_core.losses`` / ``w2v_core.activations``
  / ``w2v_core.skipgram`` (no formula is written again here).
- A *grid builder* (:func:`plane_grid`, :func:`line_grid`) evaluates a state function on every state:
  for the plane, v_c on ``PLANE_AXIS`` x ``PLANE_AXIS`` (101 x 101 positions) for each observed word o.
  The handle on the page snaps to the nearest of these states. Part (h) has no plane: its states are
  every (sentence, window size m, center position t), all of them shipped (:func:`window_payload`).
- :func:`pack` ships the grid as compact data: each number as an int32 in units of ``QUANTUM``
  (1e-7, so what the page shows is within 5e-8 of what w2v_core computed), base64 coded. A field
  that does not depend on o is stored once; a per-word field whose rows w != o do not depend on o
  (every row of dJ/dU except u_o's) is stored as those shared rows plus the observed row. The
  packer checks both claims exactly on the computed grid before it uses them.

Shapes: ``outside_vectors`` is (|V|, d), row w is u_w (the paper's U, d x |V|, transposed);
``grad_outside_vectors`` likewise (|V|, d), row w is dJ/du_w (the paper's dJ/dU transposed).
"""
from __future__ import annotations

import base64
from typing import Callable

import numpy as np

from .. import _validate
from ..activations import sigmoid, sigmoid_grad, softmax
from ..losses import cross_entropy, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient_batch
from ..mistakes.negative_sampling import neg_sampling_gradient_repeats_dropped_batch
from ..skipgram import skipgram, window_pairs, window_positions

#: v_c's positions on the website: 101 values from -3 to 3 on each axis (step 0.06).
PLANE_GRID_LIMIT = 3.0
PLANE_GRID_SIZE = 101
PLANE_AXIS: np.ndarray = np.round(np.linspace(-PLANE_GRID_LIMIT, PLANE_GRID_LIMIT, PLANE_GRID_SIZE), 12)
#: x's positions in part (e): -7.5 to 7.5 in steps of 0.01.
SIGMOID_AXIS: np.ndarray = np.round(np.linspace(-7.5, 7.5, 1501), 12)
#: The unit of the shipped integers: a shipped number is round(value / QUANTUM) * QUANTUM.
QUANTUM = 1e-7
_INT32_LIMIT = 2**31 - 1

State = dict[str, "float | np.ndarray"]


# -- state functions: one state -> the numbers drawn --------------------------------------------------
def state_a(center_vec, outside_idx: int, outside_vectors) -> State:
    """Part (a): y_hat = softmax(U^T v_c) (|V|,), the loss J = -log y_hat_o, the cross-entropy
    -sum_w y_w log y_hat_w with y one-hot at o, and dJ/dv_c (d,)."""
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    loss, grad_center_vec, _ = naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)
    y_hat = softmax(outside_vectors @ np.asarray(center_vec, dtype=float))
    one_hot = np.eye(outside_vectors.shape[0])[outside_idx]
    return {"loss": loss, "cross_entropy": cross_entropy(one_hot, y_hat), "grad_center_vec": grad_center_vec,
            "y_hat": y_hat}


def state_b(center_vec, outside_idx: int, outside_vectors, learning_rate: float) -> State:
    """Part (b): the loss, dJ/dv_c = U (y_hat - y) (d,), the expectation U y_hat (d,), the point
    v_c - eta dJ/dv_c that one gradient step reaches, and the loss there."""
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    center_vec = np.asarray(center_vec, dtype=float)
    loss, grad_center_vec, _ = naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors)
    # U y_hat: in code, outside_vectors.T @ y_hat (the paper's U is outside_vectors.T).
    expected = outside_vectors.T @ softmax(outside_vectors @ center_vec)
    new_center_vec = center_vec - learning_rate * grad_center_vec
    loss_after, _, _ = naive_softmax_loss_and_gradient(new_center_vec, outside_idx, outside_vectors)
    return {"loss": loss, "grad_center_vec": grad_center_vec, "expected": expected,
            "new_center_vec": new_center_vec, "loss_after": loss_after}


def state_c(center_vec, outside_idx: int, outside_vectors) -> State:
    """Part (c): the loss, dJ/dv_c, every dJ/du_w (rows of ``grad_outside_vectors``, (|V|, d)) and
    the coefficients y_hat_w - y_w of v_c in them (|V|,)."""
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    loss, grad_center_vec, grad_outside_vectors = naive_softmax_loss_and_gradient(center_vec, outside_idx,
                                                                                  outside_vectors)
    coefficients = softmax(outside_vectors @ np.asarray(center_vec, dtype=float))
    coefficients[outside_idx] -= 1.0  # y_hat - y with y one-hot at o
    return {"loss": loss, "grad_center_vec": grad_center_vec, "grad_outside_vectors": grad_outside_vectors,
            "coefficients": coefficients}


def state_d(center_vec, outside_idx: int, outside_vectors) -> State:
    """Part (d): the loss, dJ/dv_c and the whole ``grad_outside_vectors`` (|V|, d), which is the
    paper's dJ/dU = v_c (y_hat - y)^T (d x |V|) transposed; the page shows it in either layout."""
    loss, grad_center_vec, grad_outside_vectors = naive_softmax_loss_and_gradient(center_vec, outside_idx,
                                                                                  outside_vectors)
    return {"loss": loss, "grad_center_vec": grad_center_vec, "grad_outside_vectors": grad_outside_vectors}


def state_e(x: float) -> State:
    """Part (e): sigma(x), sigma'(x) = sigmoid_grad(x), the slope measured by central differences
    (``sigmoid_slope_check``), and the tangent's ends at x - 3 and x + 3 (as [x0, y0, x1, y1])."""
    from .part_e import sigmoid_slope_check

    x = float(x)
    value, slope = float(sigmoid(x)), float(sigmoid_grad(x))
    measured = float(sigmoid_slope_check([x]).numeric[0])
    ends = np.array([x - 3.0, x + 3.0])
    tangent = np.array([ends[0], value + slope * (ends[0] - x), ends[1], value + slope * (ends[1] - x)])
    return {"sigmoid": value, "sigmoid_grad": slope, "measured_slope": measured, "tangent": tangent}


def _center_batch(center_vec, outside_vectors) -> tuple[np.ndarray, bool]:
    """v_c as a batch (N, d) for the batched loss functions, and whether it was one vector (d,)."""
    outside_vectors = _validate.matrix(outside_vectors, "outside_vectors")
    if np.ndim(center_vec) == 1:
        return _validate.vector(center_vec, "center_vec", size=outside_vectors.shape[1])[None, :], True
    return _validate.matrix(center_vec, "center_vec", cols=outside_vectors.shape[1]), False


def state_f(center_vec, outside_idx: int, outside_vectors, neg_indices) -> State:
    """Part (f): J_neg, dJ/dv_c (d,) and every dJ/du_w (rows of ``grad_outside_vectors``, (|V|, d);
    the paper's dJ/dU transposed): row o, the rows of the K distinct negatives, zeros elsewhere.

    ``center_vec`` may also be N center vectors, (N, d): every field then has a first axis of N (the
    figure's whole grid at once, through ``neg_sampling_loss_and_gradient_batch``, which the
    single-vector function also runs)."""
    center_vecs, single = _center_batch(center_vec, outside_vectors)
    loss, grad_center_vec, grad_outside_vectors = neg_sampling_loss_and_gradient_batch(center_vecs, outside_idx,
                                                                                       outside_vectors, neg_indices)
    state = {"loss": loss, "grad_center_vec": grad_center_vec, "grad_outside_vectors": grad_outside_vectors}
    return {name: (float(v[0]) if name == "loss" else v[0]) for name, v in state.items()} if single else state


def state_g(center_vec, outside_idx: int, outside_vectors, neg_indices) -> State:
    """Part (g), negatives that may repeat: J_neg, dJ/dv_c, the correct rows dJ/du_w (accumulated
    with np.add.at, (|V|, d)), the rows of the mistake ``grad[idx] += g``
    (``w2v_core.mistakes.negative_sampling``), their difference, and the draw counts n_w (|V|,).

    ``center_vec`` may also be (N, d), as in :func:`state_f`: every field gains a first axis of N."""
    center_vecs, single = _center_batch(center_vec, outside_vectors)
    n_words = np.asarray(outside_vectors).shape[0]
    loss, grad_center_vec, correct = neg_sampling_loss_and_gradient_batch(center_vecs, outside_idx, outside_vectors,
                                                                          neg_indices)
    _, _, wrong = neg_sampling_gradient_repeats_dropped_batch(center_vecs, outside_idx, outside_vectors, neg_indices)
    counts = np.bincount(np.asarray(neg_indices), minlength=n_words).astype(float)
    state = {"loss": loss, "grad_center_vec": grad_center_vec, "grad_outside_vectors": correct,
             "grad_outside_repeats_dropped": wrong, "difference": correct - wrong,
             "counts": np.broadcast_to(counts, (len(center_vecs), n_words))}
    return {name: (float(v[0]) if name == "loss" else v[0]) for name, v in state.items()} if single else state


def state_h(sentence, window: int, center_pos: int, center_vectors, outside_vectors) -> State:
    """Part (h): the skip-gram loss of the center word at position t of a sentence, over a window of
    size m, with naive-softmax pair losses (``w2v_core.skipgram``), and what the figure draws of it.

    ``sentence`` holds word ids (indices into the vocabulary); ``center_vectors`` and
    ``outside_vectors`` are (|V|, d), row w is v_w and u_w (the paper's W and U, d x |V|, transposed).
    Returns ``loss`` (J_sg), ``grad_center_vectors`` and ``grad_outside_vectors`` (|V|, d; only row c
    of the first can be non-zero), ``outside_positions`` (the positions t+j in the sentence,
    ``w2v_core.window_positions``), ``pair_losses`` (J(v_c, w_{t+j}, U) for each of them, whose sum is
    J_sg), ``outside_counts`` (|V|,: how many of the window's outside words are w), ``center_idx`` (c),
    ``pairs`` (the (t, t+j) pairs of this center) and ``sentence_pairs`` (every pair of the sentence
    for this m, ``w2v_core.window_pairs``)."""
    outside_vectors = _validate.matrix(outside_vectors, "outside_vectors")
    sentence = _validate.indices(sentence, "sentence", outside_vectors.shape[0])
    if len(sentence) < 2:
        raise ValueError(f"sentence must have at least 2 tokens (a center and an outside word), got {len(sentence)}")
    positions = window_positions(len(sentence), center_pos, window)
    center_idx = sentence[center_pos]
    outside_indices = sentence[positions]
    loss, grad_center_vectors, grad_outside_vectors = skipgram(center_idx, outside_indices, center_vectors,
                                                               outside_vectors)
    center_vec = np.asarray(center_vectors, dtype=float)[center_idx]
    pair_losses = [naive_softmax_loss_and_gradient(center_vec, int(o), outside_vectors)[0] for o in outside_indices]
    counts = np.bincount(outside_indices, minlength=grad_outside_vectors.shape[0])
    return {"loss": loss, "grad_center_vectors": grad_center_vectors, "grad_outside_vectors": grad_outside_vectors,
            "outside_positions": np.array(positions), "pair_losses": np.array(pair_losses),
            "outside_counts": counts.astype(float), "center_idx": int(center_idx),
            "pairs": np.array([(center_pos, p) for p in positions]),
            "sentence_pairs": np.array(window_pairs(sentence, window))}


# -- grid builders -------------------------------------------------------------------------------------
def plane_grid(state: Callable[..., State], outside_vectors, axis=PLANE_AXIS, **kwargs) -> dict[str, np.ndarray]:
    """Evaluate ``state(center_vec, o, outside_vectors, **kwargs)`` for every observed word o and
    every v_c = (axis[ix], axis[iy]). Returns each field with shape (|V|, ny, nx, *field shape)."""
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    axis = np.asarray(axis, dtype=float)
    n_words = outside_vectors.shape[0]
    fields: dict[str, np.ndarray] = {}
    for o in range(n_words):
        for iy, y in enumerate(axis):
            for ix, x in enumerate(axis):
                for name, value in state(np.array([x, y]), o, outside_vectors, **kwargs).items():
                    value = np.asarray(value, dtype=float)
                    if name not in fields:
                        fields[name] = np.empty((n_words, len(axis), len(axis)) + value.shape)
                    fields[name][o, iy, ix] = value
    return fields


def line_grid(state: Callable[..., State], axis=SIGMOID_AXIS) -> dict[str, np.ndarray]:
    """Evaluate ``state(x)`` at every x of ``axis``: each field with shape (len(axis), *field shape)."""
    fields: dict[str, np.ndarray] = {}
    for i, x in enumerate(np.asarray(axis, dtype=float)):
        for name, value in state(x).items():
            value = np.asarray(value, dtype=float)
            if name not in fields:
                fields[name] = np.empty((len(axis),) + value.shape)
            fields[name][i] = value
    return fields


# -- packing -------------------------------------------------------------------------------------------
def quantize(values) -> np.ndarray:
    """Numbers as the integers the page receives: round(value / QUANTUM), little-endian int32."""
    values = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError("encode: values must be finite; got a nan or an infinity")
    scaled = np.round(values / QUANTUM)
    if np.any(np.abs(scaled) > _INT32_LIMIT):
        raise ValueError(f"encode: |value| must stay below {_INT32_LIMIT * QUANTUM:.1f}; got {np.abs(values).max():g}")
    return scaled.astype("<i4")


def encode(values) -> str:
    """Numbers as little-endian int32 in units of QUANTUM (:func:`quantize`), base64 coded (C order)."""
    return base64.b64encode(quantize(values).tobytes()).decode("ascii")


def decode(text: str, shape) -> np.ndarray:
    """The inverse of :func:`encode`, as the page reads it: int32 times QUANTUM."""
    return (np.frombuffer(base64.b64decode(text), dtype="<i4").astype(float) * QUANTUM).reshape(shape)


def pack(fields: dict[str, np.ndarray], per_o: bool = True) -> dict:
    """Compact, lossless (up to QUANTUM) storage of a grid from :func:`plane_grid` (``per_o``) or
    :func:`line_grid`: ``{"n_words": |V| or None, "cells": [ny, nx] or [n], "fields": {...}}``.

    Each field has ``shape`` (the field's own shape) and either ``data`` (with ``by_o`` telling whether
    its first axis is o) or, for a per-word field whose rows w != o are the same for every o,
    ``shared`` (rows for w != o, shape (ny, nx, |V|, ...)) and ``observed`` (row o for each o,
    shape (|V|, ny, nx, ...))."""
    first = next(iter(fields.values()))
    n_words = first.shape[0] if per_o else None
    cells = list(first.shape[1:3] if per_o else first.shape[:1])
    packed = {}
    for name, grid in fields.items():
        shape = list(grid.shape[3:] if per_o else grid.shape[1:])
        if not per_o:
            packed[name] = {"shape": shape, "by_o": False, "data": encode(grid)}
        elif all(np.array_equal(grid[0], grid[o]) for o in range(n_words)):
            packed[name] = {"shape": shape, "by_o": False, "data": encode(grid[0])}
        elif shape and shape[0] == n_words and _rows_shared(grid):
            shared = np.stack([grid[(w + 1) % n_words, :, :, w] for w in range(n_words)], axis=2)
            observed = np.stack([grid[o, :, :, o] for o in range(n_words)])
            packed[name] = {"shape": shape, "split": True, "shared": encode(shared), "observed": encode(observed)}
        else:
            packed[name] = {"shape": shape, "by_o": True, "data": encode(grid)}
    return {"n_words": n_words, "cells": cells, "fields": packed}


def _rows_shared(grid: np.ndarray) -> bool:
    """Whether row w of the per-word field is the same for every o != w (exactly)."""
    n_words = grid.shape[0]
    for w in range(n_words):
        others = [o for o in range(n_words) if o != w]
        if not all(np.array_equal(grid[others[0], :, :, w], grid[o, :, :, w]) for o in others):
            return False
    return True


def unpack(packed: dict, o: int | None, index) -> dict[str, np.ndarray]:
    """The numbers of one state from :func:`pack`'s output, read as the page reads them: ``index``
    is (iy, ix) on the plane (with the observed word ``o``) or (i,) on a line."""
    cells, n_words = tuple(packed["cells"]), packed["n_words"]
    index = tuple(index)
    out = {}
    for name, entry in packed["fields"].items():
        shape = tuple(entry["shape"])
        if entry.get("split"):
            value = decode(entry["shared"], cells + shape)[index].copy()
            value[o] = decode(entry["observed"], (n_words,) + cells + shape[1:])[(o,) + index]
        elif entry["by_o"]:
            value = decode(entry["data"], (n_words,) + cells + shape)[(o,) + index]
        else:
            value = decode(entry["data"], cells + shape)[index]
        out[name] = np.asarray(value)
    return out


# -- what each part's page receives ------------------------------------------------------------------
def _limit(*extents: float) -> float:
    """A fixed plane half-width that holds every drawn point (with a margin for labels)."""
    return float(np.ceil(10 * max(extents)) / 10 + 0.3)


def plane_payload(part: str, state: Callable[..., State], outside_vectors, words, outside_idx: int,
                  start, scene: dict, reach: tuple[str, ...] = (), axis=PLANE_AXIS, **kwargs) -> dict:
    """Everything the page needs for a plane figure of parts (a)-(d): the grid of states of ``state``
    (v_c on ``axis`` x ``axis``, every o), packed; the toy data; the scene (what to draw, in the
    drawing module's terms); the start state (v_c nearest ``start``, o = ``outside_idx``).

    ``reach`` names the fields the plane draws as points (or, with "+", as offsets from the tips of
    the u_w): the plane's limits are set to hold all of them on every state."""
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    axis = np.asarray(axis, dtype=float)
    fields = plane_grid(state, outside_vectors, axis, **kwargs)
    extents = [float(np.abs(axis).max()), float(np.abs(outside_vectors).max())]
    for name in reach:
        if name.startswith("+"):  # arrows drawn from the tip of each u_w
            tips = fields[name[1:]] + outside_vectors
            extents.append(float(np.abs(tips).max()))
        else:
            extents.append(float(np.abs(fields[name]).max()))
    start = np.asarray(start, dtype=float)
    return {"part": part, "kind": "plane", "quantum": QUANTUM, "axis": axis.tolist(),
            "words": list(words), "outside_vectors": outside_vectors.tolist(), "outside_idx": int(outside_idx),
            "start": [int(np.abs(axis - start[0]).argmin()), int(np.abs(axis - start[1]).argmin())],
            "limit": _limit(*extents), "scene": scene,
            "field_max": {name: float(np.abs(grid).max()) for name, grid in fields.items()},
            "grid": pack(fields)}


def line_payload(part: str, state: Callable[..., State], start: float, scene: dict, axis=SIGMOID_AXIS) -> dict:
    """Everything the page needs for part (e): the grid of ``state`` over x on ``axis``, packed, and
    the scene (static curves included, computed by the caller with w2v_core)."""
    axis = np.asarray(axis, dtype=float)
    return {"part": part, "kind": "curve", "quantum": QUANTUM, "axis": axis.tolist(),
            "start": int(np.abs(axis - start).argmin()), "scene": scene, "grid": pack(line_grid(state, axis), per_o=False)}


#: The fields of :func:`state_h` that hold numbers of every state (shipped as int32, see :func:`encode`);
#: its other fields are integers that the page receives as plain JSON.
WINDOW_NUMBERS = ("loss", "grad_center_vectors", "grad_outside_vectors", "outside_counts")


def window_payload(part: str, sentences, words, center_vectors, outside_vectors, windows, start: dict,
                   scene: dict) -> dict:
    """Everything the page needs for part (h): :func:`state_h` for every sentence, every window size
    m of ``windows`` and every center position t (all states shipped; the page only looks them up).

    ``sentences`` are sequences of word ids into ``words``. For sentence s, the numbers of
    :data:`WINDOW_NUMBERS` are coded (:func:`encode`) with shape (len(windows), n_s, *field shape),
    ``pair_losses`` padded with zeros to n_s - 1 per state (the page reads the first
    len(outside_positions) of them); ``outside_positions`` ([m][t] -> list) and ``sentence_pairs``
    ([m] -> list of [t, p]) are JSON. ``start`` is {"sentence", "window", "center_pos"}."""
    center_vectors = np.asarray(center_vectors, dtype=float)
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    windows = [int(m) for m in windows]
    shipped, loss_max = [], 0.0
    for ids in sentences:
        ids = np.asarray(ids)
        n = len(ids)
        states = [[state_h(ids, m, t, center_vectors, outside_vectors) for t in range(n)] for m in windows]
        numbers = {name: encode([[s[name] for s in row] for row in states]) for name in WINDOW_NUMBERS}
        padded = np.zeros((len(windows), n, max(n - 1, 1)))
        for i, row in enumerate(states):
            for t, s in enumerate(row):
                padded[i, t, :len(s["pair_losses"])] = s["pair_losses"]
        for row in states:  # the pairs of a sentence do not depend on t: stored once per m, checked here
            if not all(np.array_equal(s["sentence_pairs"], row[0]["sentence_pairs"]) for s in row):
                raise RuntimeError("window_payload: sentence_pairs differ between center positions")
        loss_max = max(loss_max, *(float(s["loss"]) for row in states for s in row))
        shipped.append({"ids": ids.tolist(), "tokens": [words[i] for i in ids],
                        "outside_positions": [[s["outside_positions"].tolist() for s in row] for row in states],
                        "sentence_pairs": [row[0]["sentence_pairs"].tolist() for row in states],
                        "numbers": numbers, "pair_losses": encode(padded)})
    return {"part": part, "kind": "window", "quantum": QUANTUM, "words": list(words),
            "center_vectors": center_vectors.tolist(), "outside_vectors": outside_vectors.tolist(),
            "windows": windows, "sentences": shipped, "start": dict(start),
            "loss_max": loss_max, "scene": scene}


def unpack_window(payload: dict, sentence: int, window: int, center_pos: int) -> dict[str, np.ndarray]:
    """The numbers of one state of :func:`window_payload`, read as the page reads them."""
    entry = payload["sentences"][sentence]
    n_windows, n = len(payload["windows"]), len(entry["ids"])
    i = payload["windows"].index(window)
    n_words, dim = np.asarray(payload["outside_vectors"]).shape
    shapes = {"loss": (), "grad_center_vectors": (n_words, dim), "grad_outside_vectors": (n_words, dim),
              "outside_counts": (n_words,)}
    out = {name: decode(entry["numbers"][name], (n_windows, n) + shape)[i, center_pos]
           for name, shape in shapes.items()}
    positions = entry["outside_positions"][i][center_pos]
    out["pair_losses"] = decode(entry["pair_losses"], (n_windows, n, max(n - 1, 1)))[i, center_pos, :len(positions)]
    out["outside_positions"] = np.array(positions)
    out["sentence_pairs"] = np.array(entry["sentence_pairs"][i])
    return out
