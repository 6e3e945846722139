"""The gensim reference run is reproducible across processes, and neighbour_overlap counts what it says."""
import os
import subprocess
import sys
import zlib

import pytest

from w2v_core.evaluate import neighbour_overlap
from w2v_core.reference import stable_hash

SCRIPT = """
import numpy as np
from w2v_core.reference import train_gensim
sentences = [["tea", "cup", "milk", "sugar"], ["road", "car", "wheel", "bus"]] * 30
wv = train_gensim(sentences, seed=3, vector_size=8, window=2, min_count=1, epochs=2)
print(repr(np.asarray(wv["tea"]).round(6).tolist()))
"""


def test_stable_hash_is_crc32_of_utf8():
    assert stable_hash("café1") == zlib.crc32("café1".encode("utf-8"))
    assert stable_hash("a") != stable_hash("b")


def test_gensim_reference_is_the_same_under_different_hash_seeds():
    outputs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]


class _Neighbours:
    def __init__(self, table):
        self.table = table

    def most_similar(self, word, topn=10):
        return [(w, 1.0) for w in self.table[word][:topn]]


def test_neighbour_overlap_counts_shared_neighbours():
    a = _Neighbours({"x": ["p", "q", "r"], "y": ["p", "q", "r"]})
    b = _Neighbours({"x": ["p", "q", "s"], "y": ["s", "t", "u"]})
    assert neighbour_overlap(a, b, ["x", "y"], topn=3) == pytest.approx((2 + 0) / 2)
    assert neighbour_overlap(a, a, ["x"], topn=2) == 2


def test_neighbour_overlap_rejects_bad_input():
    a = _Neighbours({"x": ["p"]})
    with pytest.raises(ValueError, match="words"):
        neighbour_overlap(a, a, [])
    with pytest.raises(ValueError, match="topn"):
        neighbour_overlap(a, a, ["x"], topn=0)
