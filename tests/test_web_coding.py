"""The coding of the website figures' integers (w2v_core/views/web_coding.py, issue 12: page weight).

Exact: what a page inflates equals what w2v_core computed, bit for bit (the browser's side of it is
tests/test_site_figures.py::test_the_page_inflates_the_coded_integers_bit_for_bit). The format is
pinned on a case worked by hand, since the page's decoder relies on it."""
from __future__ import annotations

import base64
import zlib

import numpy as np
import pytest

from w2v_core.views import web_coding
from w2v_core.views.web_coding import (coded, coded_name, compact_files, compact_payload, decode_ints, encode_ints,
                                       expand_payload, grid_ops, sampled_file_ops, uncoded)
from w2v_core.views.web_state import encode


def test_the_format_on_a_case_worked_by_hand():
    # [5, 7, 9] differenced once with stride 1: [5, 2, 2]; zigzag (2v for v >= 0): [10, 4, 4];
    # byte planes: the low bytes [10, 4, 4], then three planes of zeros; raw deflate of that.
    blob = encode_ints(np.array([5, 7, 9], dtype=np.int32), [[0, 3, 1]])
    assert zlib.decompress(blob, -15) == bytes([10, 4, 4] + [0] * 9)
    # negative numbers: zigzag -1 -> 1, -2 -> 3; no differences
    assert zlib.decompress(encode_ints(np.array([-1, -2], dtype=np.int32)), -15) == bytes([1, 3] + [0] * 6)


def test_grid_ops_give_each_axis_its_stride_twice():
    assert grid_ops([4, 101, 101, 2], [1, 2], start=10) == [[10, 10 + 4 * 101 * 101 * 2, 202]] * 2 + \
        [[10, 10 + 4 * 101 * 101 * 2, 2]] * 2
    with pytest.raises(ValueError, match="axis must be in 0..1"):
        grid_ops([3, 4], [2])


@pytest.mark.parametrize("ops", [[], [[0, 378, 27]], grid_ops([7, 9, 6], [0, 1]), [[5, 100, 3], [0, 378, 1]]])
def test_round_trip_is_exact_over_the_whole_int32_range(ops):
    rng = np.random.default_rng(3)
    ints = rng.integers(-2**31, 2**31, size=(7, 9, 6), dtype=np.int64).astype(np.int32)
    ints.flat[:5] = [2**31 - 1, -2**31, -1, 0, 2**31 - 1]  # differences that wrap around 2**32
    assert np.array_equal(decode_ints(encode_ints(ints, ops), ops), ints.ravel())
    assert np.array_equal(uncoded(coded(ints, ops)), ints.ravel())


def test_smooth_grids_shrink_and_noise_does_not_break_it():
    x, y = np.meshgrid(np.linspace(-3, 3, 101), np.linspace(-3, 3, 101))
    ints = np.round(np.sin(x) * np.exp(-y * y / 4) / 1e-7).astype(np.int32)
    ops = grid_ops(ints.shape, [0, 1])
    assert len(encode_ints(ints, ops)) < 0.25 * ints.nbytes  # second differences of a smooth field are small
    assert len(encode_ints(ints, ops)) < len(encode_ints(ints))  # and the differences are what helps


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="ints must be int32.*float64"):
        encode_ints(np.zeros(3))
    with pytest.raises(ValueError, match=r"delta op must be \[start, end, stride\].*got \[0, 9, 1\]"):
        encode_ints(np.zeros(3, dtype=np.int32), [[0, 9, 1]])
    with pytest.raises(ValueError, match="stride >= 1"):
        decode_ints(encode_ints(np.zeros(3, dtype=np.int32)), [[0, 3, 0]])
    with pytest.raises(ValueError, match="whole int32"):
        decode_ints(zlib.compress(b"abc")[2:-4])
    with pytest.raises(ValueError, match="ends in .bin"):
        coded_name("f/abc.json")
    with pytest.raises(ValueError, match="kind must be"):
        compact_payload({"kind": "pictures"})


def _plane_payload():
    rng = np.random.default_rng(5)
    shared = rng.integers(-10**6, 10**6, size=(3, 3, 2, 2)).astype(np.int32)
    observed = rng.integers(-10**6, 10**6, size=(2, 3, 3, 2)).astype(np.int32)
    loss = rng.integers(0, 10**7, size=(2, 3, 3)).astype(np.int32)
    fields = {"loss": {"shape": [], "by_o": True, "data": encode(loss * 1e-7)},
              "grad": {"shape": [2, 2], "split": True, "shared": encode(shared * 1e-7), "observed": encode(observed * 1e-7)}}
    return {"part": "x", "kind": "plane", "quantum": 1e-7, "grid": {"n_words": 2, "cells": [3, 3], "fields": fields}}


def test_a_plane_payload_compacts_and_expands_back_to_the_same_integers():
    payload = _plane_payload()
    compact = compact_payload(payload)
    assert payload["grid"]["fields"]["loss"]["data"].isascii()  # the input is left as it was
    entry = compact["grid"]["fields"]["grad"]
    assert entry["shared"]["delta"] == grid_ops([3, 3, 2, 2], [0, 1])
    assert entry["observed"]["delta"] == grid_ops([2, 3, 3, 2], [1, 2])
    assert expand_payload(compact) == payload


def _sampled_page():
    # 2 x 2 positions, d = 1; one draw file with loss (size 1) and a gradient (size 2); one row file
    # holding two blocks of (2, 2, 1).
    return {"part": "f", "kind": "sampled", "axis": [0.0, 1.0], "draw_fields": [{"name": "loss", "shape": []},
                                                                                 {"name": "grad", "shape": [2]}],
            "draws": {"0": {"1": [{"file": "f/a.bin"}], "2": [{"file": "f/a.bin"}]}},
            "rows": {"dim": 1, "chunks": [encode(np.arange(4) * 1e-7)],
                     "fields": {"rows": [{"o": 0, "2": ["f/b.bin", 0]}, {"1": -1, "2": ["f/b.bin", 4]}]}}}


def test_sampled_files_are_coded_segment_by_segment_and_renamed():
    page = _sampled_page()
    raw = {"f/a.bin": np.arange(12, dtype="<i4").tobytes(), "f/b.bin": (np.arange(8, dtype="<i4") * 3).tobytes()}
    ops = sampled_file_ops(page)
    assert ops["f/a.bin"] == grid_ops([2, 2], [0, 1]) + grid_ops([2, 2, 2], [0, 1], start=4)
    assert ops["f/b.bin"] == grid_ops([2, 2, 1], [0, 1]) + grid_ops([2, 2, 1], [0, 1], start=4)
    files = compact_files(page, raw)
    assert sorted(files) == ["f/a" + web_coding.CODED_SUFFIX, "f/b" + web_coding.CODED_SUFFIX]
    compact = compact_payload(page)
    for name, blob in raw.items():
        new = coded_name(name)
        assert np.array_equal(decode_ints(files[new], compact["file_delta"][new]), np.frombuffer(blob, "<i4"))
    assert compact["draws"]["0"]["1"][0]["file"] == compact["draws"]["0"]["2"][0]["file"] == "f/a.w2vz"
    assert compact["rows"]["fields"]["rows"][1] == {"1": -1, "2": ["f/b.w2vz", 4]}
    assert uncoded(compact["rows"]["chunks"][0]).tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="does not reference"):
        compact_files(page, {**raw, "f/c.bin": b"\0" * 4})


def test_a_window_payload_is_deflated_only():
    numbers = encode(np.arange(6) * 1e-7)
    payload = {"kind": "window", "sentences": [{"numbers": {"loss": numbers}, "pair_losses": numbers}]}
    compact = compact_payload(payload)
    assert compact["sentences"][0]["numbers"]["loss"]["delta"] == []
    assert base64.b64decode(expand_payload(compact)["sentences"][0]["pair_losses"]) == base64.b64decode(numbers)
