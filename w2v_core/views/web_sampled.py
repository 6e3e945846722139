"""The website's figures of parts (f) and (g): v_c dragged in the plane, K and the draw picked.

Every number comes from a state function of :mod:`w2v_core.views.web_state` (``state_f``,
``state_g``), evaluated by w2v_core at build time on v_c's 101 x 101 positions for every draw of
negatives the page offers. That is too much for one page (about 10k positions x 80 draws x 30
numbers), so the numbers are split by what they depend on, and each split is *verified* on the
computed states before it is used:

- *Per-draw fields* (``loss``, ``grad_center_vec``: they sum over the draws) go to one data file per
  distinct draw, ``_static/w2v_data/<part>/<hash>.bin`` (raw little-endian int32 in units of
  QUANTUM), which the page fetches when the reader picks that K and draw.
- *Row fields* (``grad_outside_vectors`` and in (g) the mistaken rows and the difference, (|V|, d))
  are claimed to depend, row w, only on v_c and on how many times w was drawn (n_w), or on w = o:
  row w of a word drawn once is the same in every draw. Each row of every state is compared, as the
  integers shipped, with the first row seen for the same (w, n_w); any difference is an error. The
  rows for n_w <= 1 and for o sit in the page (an all-zero row as a mark, equal rows once); rows for
  n_w >= 2 (only (g) has them) go to one data file per (w, n_w).
- *Draw constants* (``counts`` in (g)) must be the same at every v_c (checked) and sit in the page.

The page (``_static/w2v_sampled.js``) only decodes integers and picks stored rows. Computing the
states costs minutes (about 0.3 ms a state), so the result is kept in ``.cache/w2v_web_data/``
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
    """``state(center_vec, o, outside_vectors, neg_indices)`` for every v_c = (axis[ix], axis[iy]) of one
    draw: each field with shape (ny, nx, *field shape)."""
    axis = np.asarray(axis, dtype=float)
    fields: dict[str, np.ndarray] = {}
    for iy, y in enumerate(axis):
        for ix, x in enumerate(axis):
            for name, value in state(np.array([x, y]), outside_idx, outside_vectors, neg_indices).items():
                value = np.asarray(value, dtype=float)
                if name not in fields:
                    fields[name] = np.empty((len(axis), len(axis)) + value.shape)
                fields[name][iy, ix] = value
    return fields


def _name(part: str, blob: bytes) -> str:
    return f"{part}/{hashlib.sha256(blob).hexdigest()[:16]}.bin"


def sampled_data(part: str, state: Callable[..., State], outside_vectors, outside_idx: int,
                 draws: dict[int, list], row_fields: tuple[str, ...], draw_constants: tuple[str, ...] = (),
                 axis=PLANE_AXIS) -> tuple[dict, dict[str, bytes]]:
    """The numbers of a sampled figure: (what the page holds, {data file name: bytes}).

    ``draws`` maps each K the page offers to its list of draws (arrays of K word indices). Raises
    ValueError when a sharing claim of the module docstring fails on the computed states."""
    outside_vectors = np.asarray(outside_vectors, dtype=float)
    axis = np.asarray(axis, dtype=float)
    n_words, dim = outside_vectors.shape
    files: dict[str, bytes] = {}
    rows: dict[tuple[str, int, str], np.ndarray] = {}  # (field, w, "o" or n_w) -> int32 (ny, nx, d)
    done: dict[tuple[int, ...], dict] = {}
    layout = None
    reach = [float(np.abs(axis).max()), float(np.abs(outside_vectors).max())]
    page_draws: dict[str, list] = {}
    for k, negs in draws.items():
        page_draws[str(k)] = []
        for neg in negs:
            neg = np.asarray(neg, dtype=int)
            key = tuple(neg.tolist())
            if key not in done:
                fields = draw_grid(state, outside_vectors, outside_idx, neg, axis)
                counts = np.bincount(neg, minlength=n_words)
                for name in row_fields:
                    grid = quantize(fields[name])
                    for w in range(n_words):
                        slot = (name, w, "o" if w == outside_idx else str(int(counts[w])))
                        if slot not in rows:
                            rows[slot] = grid[:, :, w]
                        elif not np.array_equal(rows[slot], grid[:, :, w]):
                            raise ValueError(f"({part}) row {w} of {name!r} with key {slot[2]} differs between "
                                             f"draws (now {key}): it is not shared, so it cannot be stored once")
                entry = {"neg_indices": list(key), "counts": counts.tolist()}
                for name in draw_constants:
                    grid = fields[name]
                    if not np.all(grid == grid[0, 0]):
                        raise ValueError(f"({part}) {name!r} changes with v_c on draw {key}; a draw constant must not")
                    if name in entry and grid[0, 0].tolist() != entry[name]:
                        raise ValueError(f"({part}) {name!r} of draw {key} is {grid[0, 0].tolist()}, expected {entry[name]}")
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
                done[key] = entry
            page_draws[str(k)].append(done[key])

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
            "limit": _limit(float(np.abs(axis).max()), float(np.abs(outside_vectors).max())),
            "reach": max(reach), "draws": page_draws, "draw_fields": layout,
            "rows": {"dim": dim, "chunks": chunks, "fields": refs}}
    return page, files


def read_state(page: dict, files: dict[str, bytes], k: int, draw: int, index) -> dict:
    """The numbers of one state as the page reads them (``index`` = (iy, ix)): a test's decoder."""
    entry = page["draws"][str(k)][draw]
    cells = len(page["axis"]) ** 2
    cell = index[0] * len(page["axis"]) + index[1]
    q = page["quantum"]
    out: dict = {"neg_indices": entry["neg_indices"], "counts": entry["counts"]}
    ints = np.frombuffer(files[entry["file"]], dtype="<i4")
    at = 0
    for field in page["draw_fields"]:
        size = int(np.prod(field["shape"], dtype=int))
        out[field["name"]] = (ints[at + cell * size: at + (cell + 1) * size] * q).reshape(field["shape"])
        at += cells * size
    dim, o = page["rows"]["dim"], page["outside_idx"]
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
