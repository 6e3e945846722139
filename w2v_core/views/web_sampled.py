"""The website's figures of parts (f) and (g): v_c dragged in the plane, K and the draw picked.

Every number comes from a state function of :mod:`w2v_core.views.web_state` (``state_f``,
``state_g``), evaluated by w2v_core at build time on v_c's 101 x 101 positions for every draw of
negatives the page offers, and for each observed word o the reader can pick (negatives are never o,
so each o has its own draws). That is too much for one page (about 10k positions x 240 draws x 30
numbers), so the numbers are split by what they depend on, and each split is *verified* on the
computed states before it is used:

- *Per-draw fields* (``loss``, ``grad_center_vec``: they sum over the draws) go to one data file per
  distinct draw, ``_static/w2v_data/<part>/<hash>.bin`` (raw little-endian int32 in units of
  QUANTUM), which the page fetches when the reader picks that K and draw.
- *Row fields* (``grad_outside_vectors`` and in (g) the mistaken rows and the difference, (|V|, d))
  are claimed to depend, row w, only on v_c and on how many times w was drawn (n_w), or on w = o:
  row w of a word drawn once is the same in every draw and for every o != w, row o the same in every
  draw for that o. Each row of every state is compared, as the
  integers shipped, with the first row seen for the same (w, n_w); any difference is an error. The
  rows for n_w <= 1 and for o sit in the page (an all-zero row as a mark, equal rows once); rows for
  n_w >= 2 (only (g) has them) go to one data file per (w, n_w).
- *Draw constants* (``counts`` in (g)) must be the same at every v_c (checked) and sit in the page.

The page (``_static/w2v_sampled.js``) only decodes integers and picks stored rows. Computing the
states is batched over the grid (:func:`draw_grid`, about 15 ms a draw), but the sha-256 names, the
checks and the files still cost seconds, so the result is kept in ``.cache/w2v_web_data/``
under a digest of the sources it depends on; the view (in the chapter) and the site's extension
(``_ext/w2v_site.py``, which writes the data files into every edition's site) share it.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

from .web_state import PLANE_AXIS, QUANTUM, State, _limit, quantize

#: Where the data files go, under the site's _static folder (and relative to w2v_figures.js).
DATA_DIR = "w2v_data"
#: The sources whose change changes the numbers (relative to the w2v_core package).
SOURCES = ("losses.py", "activations.py", "_validate.py", "mistakes/negative_sampling.py",
           "views/web_state.py", "views/web_sampled.py")


def draw_grid(state: Callable[..., State], outside_vectors, outside_idx: int, neg_indices,
              axis=PLANE_AXIS) -> dict[str, np.ndarray]:
    """``state(center_vecs, o, outside_vectors, neg_indices)`` for every v_c = (axis[ix], axis[iy]) of one
    draw at once: each field with shape (ny, nx, *field shape).

    ``state`` takes the batch of every position, (ny * nx, d) in row-major (iy, ix) order, and returns
    each field with that first axis (``state_f`` and ``state_g`` do, through the batched losses of
    w2v_core, which the single-vector functions also run): about 15 ms a draw instead of 3-5 s."""
    axis = np.asarray(axis, dtype=float)
    xs, ys = np.meshgrid(axis, axis)  # [iy, ix] -> (axis[ix], axis[iy])
    center_vecs = np.column_stack([xs.ravel(), ys.ravel()])
    fields: dict[str, np.ndarray] = {}
    for name, value in state(center_vecs, outside_idx, outside_vectors, neg_indices).items():
        value = np.asarray(value, dtype=float)
        if value.shape[:1] != (len(center_vecs),):
            raise ValueError(f"state field {name!r} must have a first axis of {len(center_vecs)} (one entry per v_c), "
                             f"got shape {value.shape}")
        fields[name] = value.reshape((len(axis), len(axis)) + value.shape[1:])
    return fields


def _name(part: str, blob: bytes) -> str:
    return f"{part}/{hashlib.sha256(blob).hexdigest()[:16]}.bin"


def sampled_data(part: str, state: Callable[..., State], outside_vectors, outside_idx: int,
                 draws: dict[int, dict[int, list]], row_fields: tuple[str, ...], draw_constants: tuple[str, ...] = (),
                 axis=PLANE_AXIS) -> tuple[dict, dict[str, bytes]]:
    """The numbers of a sampled figure: (what the page holds, {data file name: bytes}).

    ``draws`` maps each observed word o the page offers to {K: list of draws (arrays of K word
    indices, none equal to o)}; ``outside_idx`` is the o shown first (one of them). Raises
    ValueError when a sharing claim of the module docstring fails on the computed states."""
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    axis = np.asarray(axis, dtype=float)
    n_words, dim = outside_vectors.shape
    files: dict[str, bytes] = {}
    rows: dict[tuple[str, int, str], np.ndarray] = {}  # (field, w, "o" or n_w) -> int32 (ny, nx, d)
    done: dict[tuple[int, ...], dict] = {}
    layout = None
    reach = [float(np.abs(axis).max()), float(np.abs(outside_vectors).max())]

    def one_draw(o: int, neg: np.ndarray) -> dict:
        nonlocal layout
        fields = draw_grid(state, outside_vectors, o, neg, axis)
        counts = np.bincount(neg, minlength=n_words)
        for name in row_fields:
            grid = quantize(fields[name])
            for w in range(n_words):
                # Row o depends on o alone, row w != o on n_w alone (not on o): one slot each, for every o.
                slot = (name, w, "o" if w == o else str(int(counts[w])))
                if slot not in rows:
                    rows[slot] = grid[:, :, w]
                elif not np.array_equal(rows[slot], grid[:, :, w]):
                    raise ValueError(f"({part}) row {w} of {name!r} with key {slot[2]} differs between "
                                     f"draws (now o = {o}, negatives {neg.tolist()}): it is not shared, so it cannot be stored once")
        entry = {"neg_indices": neg.tolist(), "counts": counts.tolist()}
        for name in draw_constants:
            grid = fields[name]
            if not np.all(grid == grid[0, 0]):
                raise ValueError(f"({part}) {name!r} changes with v_c on draw {neg.tolist()}; a draw constant must not")
            if name in entry and grid[0, 0].tolist() != entry[name]:
                raise ValueError(f"({part}) {name!r} of draw {neg.tolist()} is {grid[0, 0].tolist()}, expected {entry[name]}")
            entry.setdefault(name, grid[0, 0].tolist())
        per_draw = [n for n in fields if n not in row_fields and n not in draw_constants]
        this_layout = [{"name": n, "shape": list(fields[n].shape[2:])} for n in per_draw]
        if layout is None:
            layout = this_layout
        elif layout != this_layout:
            raise ValueError(f"({part}) the per-draw fields changed between draws: {layout} vs {this_layout}")
        blob = b"".join(quantize(fields[n]).tobytes() for n in per_draw)
        entry["file"] = _name(part, blob)
        files[entry["file"]] = blob
        reach.append(float(np.abs(fields["grad_center_vec"]).max()))
        return entry

    if outside_idx not in draws:
        raise ValueError(f"outside_idx must be one of the observed words of draws {sorted(draws)}, got {outside_idx}")
    page_draws: dict[str, dict[str, list]] = {}
    for o, by_k in draws.items():
        page_draws[str(o)] = {}
        for k, negs in by_k.items():
            page_draws[str(o)][str(k)] = []
            for neg in negs:
                neg = np.asarray(neg, dtype=int)
                key = (int(o),) + tuple(neg.tolist())
                if key not in done:
                    done[key] = one_draw(int(o), neg)
                page_draws[str(o)][str(k)].append(done[key])

    # Row entries: zeros as a mark, equal entries once; o's and n_w <= 1 in the page, n_w >= 2 in files.
    chunks: list[str] = []
    seen: dict[bytes, int] = {}
    refs: dict[str, list[dict]] = {name: [{} for _ in range(n_words)] for name in row_fields}
    later: dict[tuple[int, str], list] = {}
    for (name, w, slot), ints in sorted(rows.items(), key=lambda item: item[0][2] not in ("o", "0", "1")):
        raw = ints.tobytes()
        if not ints.any():
            refs[name][w][slot] = -1
        elif raw in seen:
            refs[name][w][slot] = seen[raw]
        elif slot in ("o", "0", "1"):
            seen[raw] = len(chunks)
            chunks.append(base64.b64encode(raw).decode("ascii"))
            refs[name][w][slot] = seen[raw]
        else:
            later.setdefault((w, slot), []).append((name, raw))
    for (w, slot), entries in sorted(later.items()):
        blob = b"".join(raw for _, raw in entries)
        file = _name(part, blob)
        files[file] = blob
        size = len(axis) ** 2 * dim
        for i, (name, _) in enumerate(entries):
            refs[name][w][slot] = [file, i * size]
    page = {"part": part, "kind": "sampled", "quantum": QUANTUM, "axis": axis.tolist(), "data_dir": DATA_DIR,
            "outside_vectors": outside_vectors.tolist(), "outside_idx": int(outside_idx),
            "outside_choices": [int(o) for o in draws],
            "limit": _limit(float(np.abs(axis).max()), float(np.abs(outside_vectors).max())),
            "reach": max(reach), "draws": page_draws, "draw_fields": layout,
            "rows": {"dim": dim, "chunks": chunks, "fields": refs}}
    return page, files


def read_state(page: dict, files: dict[str, bytes], k: int, draw: int, index, outside_idx: int | None = None) -> dict:
    """The numbers of one state as the page reads them (``index`` = (iy, ix); the observed word
    ``outside_idx``, by default the page's first): a test's decoder."""
    o = page["outside_idx"] if outside_idx is None else int(outside_idx)
    entry = page["draws"][str(o)][str(k)][draw]
    cells = len(page["axis"]) ** 2
    cell = index[0] * len(page["axis"]) + index[1]
    q = page["quantum"]
    out: dict = {"outside_idx": o, "neg_indices": entry["neg_indices"], "counts": entry["counts"]}
    ints = np.frombuffer(files[entry["file"]], dtype="<i4")
    at = 0
    for field in page["draw_fields"]:
        size = int(np.prod(field["shape"], dtype=int))
        out[field["name"]] = (ints[at + cell * size: at + (cell + 1) * size] * q).reshape(field["shape"])
        at += cells * size
    dim = page["rows"]["dim"]
    for name, words in page["rows"]["fields"].items():
        value = np.zeros((len(words), dim))
        for w, slots in enumerate(words):
            ref = slots["o" if w == o else str(entry["counts"][w])]
            if isinstance(ref, list):
                data, start = np.frombuffer(files[ref[0]], dtype="<i4"), ref[1]
            elif ref >= 0:
                data, start = np.frombuffer(base64.b64decode(page["rows"]["chunks"][ref]), dtype="<i4"), 0
            else:
                continue
            value[w] = data[start + cell * dim: start + (cell + 1) * dim] * q
        out[name] = value
    return out


# -- the cache shared by the chapter's kernel and the site's extension ---------------------------
def sources_digest(extra: str = "") -> str:
    """A digest of the sources that the numbers depend on (:data:`SOURCES`) and of ``extra``."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(extra.encode())
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def cache_dir() -> Path:
    """``W2V_WEB_DATA_CACHE``, else ``.cache/w2v_web_data`` beside the package's folder (the
    repository's own), else a folder in the system's temporary directory."""
    if os.environ.get("W2V_WEB_DATA_CACHE"):
        return Path(os.environ["W2V_WEB_DATA_CACHE"])
    root = Path(__file__).resolve().parents[2]
    if os.access(root, os.W_OK) and (root / "pyproject.toml").exists():
        return root / ".cache" / "w2v_web_data"
    return Path(tempfile.gettempdir()) / "w2v_web_data"


def cached(part: str, inputs: str, compute: Callable[[], tuple[dict, dict[str, bytes]]]) -> tuple[dict, dict[str, bytes]]:
    """``compute()``'s result, kept on disk under :func:`sources_digest` of the part and ``inputs`` (a
    text that names every input: the toy vectors, o, the draws): computed once per change."""
    folder = cache_dir() / f"{part}-{sources_digest(part + inputs)}"
    index = folder / "page.json"
    if index.exists():
        page = json.loads(index.read_text(encoding="utf-8"))
        files = {name: (folder / name).read_bytes() for name in page["files"]}
        del page["files"]
        return page, files
    page, files = compute()
    for name, blob in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(blob)
    partial = index.with_suffix(".tmp")
    partial.write_text(json.dumps({**page, "files": sorted(files)}), encoding="utf-8")
    partial.replace(index)  # written last: a folder without page.json is incomplete
    return page, files


def write_files(files: dict[str, bytes], static_dir) -> int:
    """Write the data files under ``static_dir``/w2v_data, skipping those already there: bytes written."""
    written = 0
    for name, blob in files.items():
        target = Path(static_dir) / DATA_DIR / name
        if target.exists() and target.stat().st_size == len(blob) and target.read_bytes() == blob:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
        written += len(blob)
    return written
