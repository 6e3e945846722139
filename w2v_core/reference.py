"""gensim's ``Word2Vec(sg=1)``, the trainer most people would otherwise use, run reproducibly so that the
book and the benchmark compare against the same thing every time.

With ``workers=1`` and a fixed ``seed``, gensim 4 starts from the same vectors in every process.
Older gensim seeded each word's starting vector with ``hashfxn(word + str(seed))``, whose default,
Python's ``hash``, is salted afresh in every process; :func:`stable_hash`, a checksum of the UTF-8
bytes, is passed as ``hashfxn`` so that the comparison stays reproducible whichever version reads it.
"""
from __future__ import annotations

import zlib


def stable_hash(text: str) -> int:
    """CRC-32 of the UTF-8 bytes of ``text``: a hash that does not change between processes."""
    return zlib.crc32(text.encode("utf-8"))


def train_gensim(sentences, *, seed: int = 0, workers: int = 1, **settings):
    """gensim skip-gram with negative sampling; returns its ``KeyedVectors``.

    ``workers=1`` (the default) trains on one thread, with no ordering jitter, so the same seed gives
    the same vectors; with more workers gensim's threads race (Hogwild) and runs differ.
    ``settings`` are gensim's own keyword arguments (``vector_size``, ``window``, ``negative``,
    ``min_count``, ``sample``, ``epochs``, ``alpha``, ``min_alpha``).
    """
    from gensim.models import Word2Vec  # gensim is heavy to import; only callers that compare need it

    model = Word2Vec(sentences, sg=1, hs=0, workers=workers, seed=seed, hashfxn=stable_hash, **settings)
    return model.wv
