"""How the website figures' integers travel: delta coded along the grid, deflated, bit for bit.

The figures' numbers are int32 in units of ``QUANTUM`` (:func:`w2v_core.views.web_state.quantize`).
Shipped as they are (base64 of little-endian int32), chapter (c)'s states alone weigh 2.4 MB: the
low bits of a number at 1e-7 look random to a compressor. But neighbouring states on the 101 x 101
grid of v_c are close, so this module ships, instead of the integers, their second differences along
each grid axis, which are small; then each integer zigzag-mapped to an unsigned one (small
magnitudes to small numbers, so the high bytes are zeros), the four bytes of every integer split
into four planes (all the low bytes, then the next ones ...), and the planes deflated (zlib, raw
deflate). The page inflates them with the browser's own ``DecompressionStream("deflate-raw")`` and
undoes the two steps (``inflateInts`` in ``_static/w2v_figures.js``, the one decoding path of the
site's figures). Every step is exact integer arithmetic modulo 2**32, so the page gets the same
integers, bit for bit; :func:`decode_ints` is the same inverse in Python, which the tests use.

A coded array in a page is ``{"deflate": base64, "delta": ops}``; ``ops`` lists the difference steps
``[start, end, stride]`` applied in order on the flat C-order array (each replaces ``a[i]`` by
``a[i] - a[i - stride]`` for ``start + stride <= i < end``), which the decoder undoes in reverse.
A data file of (f)/(g) is the deflated bytes alone (extension ``.w2vz``: no server mistakes it for a
gzip file and adds or strips a Content-Encoding), its ops in the page's ``file_delta``.

This coding is applied when a page or a data file is written (:func:`compact_payload`,
:func:`compact_files`), never to the numbers that ``web_state`` and ``web_sampled`` compute and
cache: it changes how they travel, not what they are.
"""
from __future__ import annotations

import base64
import copy
import zlib

import numpy as np

#: The extension of a coded data file of (f)/(g), in place of the raw ``.bin``.
CODED_SUFFIX = ".w2vz"
#: How many times each grid axis is differenced: twice (second differences) measured smallest on
#: chapter (c)'s states (0.31 MB deflated, against 0.55 MB once along x and 1.57 MB not at all).
DELTA_ORDER = 2

Ops = list[list[int]]


def grid_ops(shape, axes, start: int = 0, order: int = DELTA_ORDER) -> Ops:
    """Difference steps along ``axes`` of a C-order array of ``shape`` stored from flat index ``start``:
    each axis ``order`` times, with the stride of that axis."""
    shape = tuple(int(s) for s in shape)
    size = int(np.prod(shape, dtype=np.int64))
    ops = []
    for axis in axes:
        if not 0 <= axis < len(shape):
            raise ValueError(f"grid_ops: axis must be in 0..{len(shape) - 1} for shape {shape}; got {axis}")
        stride = int(np.prod(shape[axis + 1:], dtype=np.int64))
        ops += [[start, start + size, stride]] * order
    return ops


def _check_ops(ops: Ops, n: int) -> None:
    for op in ops:
        if len(op) != 3 or not (0 <= op[0] <= op[1] <= n and op[2] >= 1):
            raise ValueError(f"delta op must be [start, end, stride] with 0 <= start <= end <= {n} and "
                             f"stride >= 1; got {op}")


def encode_ints(ints, ops: Ops = ()) -> bytes:
    """int32 values (any shape, C order) -> the deflated bytes of their coding (module docstring)."""
    values = np.asarray(ints)
    if values.dtype != np.int32:
        raise ValueError(f"encode_ints: ints must be int32 (quantized numbers); got dtype {values.dtype}")
    coded = values.astype("<i4").ravel().copy()
    _check_ops(list(ops), coded.size)
    with np.errstate(over="ignore"):
        for start, end, stride in ops:  # int32 arithmetic wraps modulo 2**32, as the page's Int32Array does
            coded[start + stride:end] = coded[start + stride:end] - coded[start:end - stride].copy()
        zigzag = ((coded << 1) ^ (coded >> 31)).view("<u4")
    planes = zigzag.view(np.uint8).reshape(-1, 4).T.tobytes()
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: DecompressionStream("deflate-raw")
    return deflater.compress(planes) + deflater.flush()


def decode_ints(blob: bytes, ops: Ops = ()) -> np.ndarray:
    """The inverse of :func:`encode_ints`: the flat int32 values, exactly."""
    planes = zlib.decompress(blob, -15)
    if len(planes) % 4:
        raise ValueError(f"decode_ints: the inflated data must hold whole int32 values; got {len(planes)} bytes")
    n = len(planes) // 4
    zigzag = np.frombuffer(planes, dtype=np.uint8).reshape(4, n).T.copy().view("<u4").ravel()
    values = ((zigzag >> 1).astype("<i4") ^ -(zigzag & 1).astype("<i4")).astype("<i4")
    _check_ops(list(ops), n)
    with np.errstate(over="ignore"):
        for start, end, stride in reversed(list(ops)):
            for i in range(start + stride, end, stride):  # a running sum, one stride-wide slice at a time
                values[i:min(i + stride, end)] += values[i - stride:min(i, end - stride)]
    return values


def coded(ints, ops: Ops = ()) -> dict:
    """The page's form of a coded array: ``{"deflate": base64, "delta": ops}``."""
    return {"deflate": base64.b64encode(encode_ints(ints, ops)).decode("ascii"), "delta": [list(op) for op in ops]}


def uncoded(entry: dict) -> np.ndarray:
    """The flat int32 values of :func:`coded`'s form."""
    return decode_ints(base64.b64decode(entry["deflate"]), entry["delta"])


def _raw(text: str) -> np.ndarray:
    """A string of ``web_state.encode``: base64 of little-endian int32."""
    return np.frombuffer(base64.b64decode(text), dtype="<i4")


def coded_name(name: str) -> str:
    """The name of a data file once coded: ``f/<hash>.bin`` -> ``f/<hash>.w2vz``."""
    if not name.endswith(".bin"):
        raise ValueError(f"coded_name: a data file name ends in .bin; got {name!r}")
    return name[:-len(".bin")] + CODED_SUFFIX


# -- whole payloads ------------------------------------------------------------------------------
def compact_payload(payload: dict) -> dict:
    """A figure's payload (``web_state.plane_payload``, ``line_payload``, ``window_payload``, or a
    sampled page of ``web_sampled.sampled_data`` with its scene) with every int32 string coded; for a
    sampled page, the data file names renamed (:func:`coded_name`) and their ops in ``file_delta``.
    The input is not changed."""
    out = copy.deepcopy(payload)
    kind = out.get("kind")
    if kind in ("plane", "curve"):
        grid = out["grid"]
        cells, n_words = list(grid["cells"]), grid["n_words"]
        for entry in grid["fields"].values():
            shape = list(entry["shape"])
            axes_here = list(range(len(cells)))
            if entry.get("split"):
                entry["shared"] = coded(_raw(entry["shared"]), grid_ops(cells + shape, axes_here))
                entry["observed"] = coded(_raw(entry["observed"]),
                                          grid_ops([n_words] + cells + shape[1:], [a + 1 for a in axes_here]))
            elif entry.get("by_o"):
                entry["data"] = coded(_raw(entry["data"]), grid_ops([n_words] + cells + shape, [a + 1 for a in axes_here]))
            else:
                entry["data"] = coded(_raw(entry["data"]), grid_ops(cells + shape, axes_here))
    elif kind == "window":  # states of (h) are not neighbours on a grid: deflated only
        for sentence in out["sentences"]:
            sentence["numbers"] = {name: coded(_raw(text)) for name, text in sentence["numbers"].items()}
            sentence["pair_losses"] = coded(_raw(sentence["pair_losses"]))
    elif kind == "sampled":
        n = len(out["axis"])
        dim = out["rows"]["dim"]
        out["rows"]["chunks"] = [coded(_raw(text), grid_ops([n, n, dim], [0, 1])) for text in out["rows"]["chunks"]]
        for entry in draw_entries(out["draws"]):
            entry["file"] = coded_name(entry["file"])
        for words in out["rows"]["fields"].values():
            for slots in words:
                for slot, ref in slots.items():
                    if isinstance(ref, list):
                        slots[slot] = [coded_name(ref[0]), ref[1]]
        out["file_delta"] = {coded_name(name): ops for name, ops in sampled_file_ops(payload).items()}
    else:
        raise ValueError(f"compact_payload: kind must be plane, curve, window or sampled; got {kind!r}")
    return out


def draw_entries(draws: dict) -> list[dict]:
    """Every draw entry of a sampled page's ``draws`` ({o: {K: [entry, ...]}}), each once: a draw that
    two keys share is one dict (web_sampled reuses it), renamed or measured once."""
    seen: dict[int, dict] = {}
    for by_k in draws.values():
        for entries in by_k.values():
            for entry in entries:
                seen.setdefault(id(entry), entry)
    return list(seen.values())


def sampled_file_ops(page: dict) -> dict[str, Ops]:
    """For each data file of a sampled page (by its ``.bin`` name), the difference steps of its
    segments: a draw file holds each per-draw field as (ny, nx, *shape) one after the other, a row
    file (ny, nx, d) blocks at the offsets its references give."""
    n = len(page["axis"])
    cells, dim = n * n, page["rows"]["dim"]
    ops: dict[str, Ops] = {}
    for entry in draw_entries(page["draws"]):
        at, steps = 0, []
        for field in page["draw_fields"]:
            shape = [n, n] + list(field["shape"])
            steps += grid_ops(shape, [0, 1], start=at)
            at += cells * int(np.prod(field["shape"], dtype=np.int64))
        ops[entry["file"]] = steps
    offsets: dict[str, set[int]] = {}
    for words in page["rows"]["fields"].values():
        for slots in words:
            for ref in slots.values():
                if isinstance(ref, list):
                    offsets.setdefault(ref[0], set()).add(int(ref[1]))
    for name, starts in offsets.items():
        ops[name] = [op for start in sorted(starts) for op in grid_ops([n, n, dim], [0, 1], start=start)]
    return ops


def compact_files(page: dict, files: dict[str, bytes]) -> dict[str, bytes]:
    """The data files of a sampled page, coded and renamed as :func:`compact_payload` names them."""
    ops = sampled_file_ops(page)
    missing = sorted(set(files) - set(ops))
    if missing:
        raise ValueError(f"compact_files: files that the page does not reference: {missing[:3]}")
    return {coded_name(name): encode_ints(np.frombuffer(blob, dtype="<i4"), ops[name]) for name, blob in files.items()}


def expand_payload(payload: dict) -> dict:
    """The inverse of :func:`compact_payload` for its int32 strings: every coded array back to
    base64 of little-endian int32 (``web_state.encode``'s form), so that ``web_state.unpack`` and
    ``unpack_window`` read a page's payload. File names and ``file_delta`` are left as they are."""
    def expand(node):
        if isinstance(node, dict):
            if set(node) == {"deflate", "delta"}:
                return base64.b64encode(uncoded(node).astype("<i4").tobytes()).decode("ascii")
            return {key: expand(value) for key, value in node.items()}
        if isinstance(node, list):
            return [expand(value) for value in node]
        return node
    return expand(payload)
