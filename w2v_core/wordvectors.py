"""Trained word vectors: look-up, cosine neighbours, and the file formats other tools read.

``vectors`` holds one row per word (n x d), the center vectors v_w; the paper stores the same
numbers as the columns of V (d x n).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from . import _validate


class WordVectors:
    """Word vectors with their words: ``vectors[i]`` is the vector of ``index_to_key[i]``.

    Args:
        vectors: (n, d) float array, one row per word.
        index_to_key: the n words, distinct, without white space (the word2vec text format splits on it).
        counts: optional (n,) corpus counts.
        outside_vectors: optional (n, d), the outside vectors u_w of training (not saved).
        training: optional :class:`w2v_core.train.TrainingLog`.
    """

    def __init__(self, vectors, index_to_key, *, counts=None, outside_vectors=None, training=None):
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or vectors.shape[0] == 0 or vectors.shape[1] == 0 or vectors.dtype.kind != "f":
            raise ValueError(f"vectors must be a non-empty 2-D float array (n words, d), got {vectors.dtype} array of shape {vectors.shape}")
        index_to_key = [str(k) for k in index_to_key]
        if len(index_to_key) != vectors.shape[0]:
            raise ValueError(f"index_to_key must name each of the {vectors.shape[0]} rows of vectors, got {len(index_to_key)} words")
        if len(set(index_to_key)) != len(index_to_key):
            raise ValueError("index_to_key must hold distinct words, got a repeated word")
        bad = next((k for k in index_to_key if not k or any(ch.isspace() for ch in k)), None)
        if bad is not None:
            raise ValueError(f"index_to_key must hold non-empty words without white space, got {bad!r}")
        self.vectors = vectors
        self.index_to_key = index_to_key
        self.key_to_index = {k: i for i, k in enumerate(index_to_key)}
        self.counts = None if counts is None else np.asarray(counts)
        self.outside_vectors = outside_vectors
        self.training = training
        self._unit = None

    def __len__(self) -> int:
        return len(self.index_to_key)

    def __contains__(self, word) -> bool:
        return word in self.key_to_index

    def __getitem__(self, word: str) -> np.ndarray:
        return self.vectors[self.index(word)]

    @property
    def vector_size(self) -> int:
        return self.vectors.shape[1]

    def index(self, word: str) -> int:
        try:
            return self.key_to_index[word]
        except KeyError:
            raise KeyError(f"word {word!r} is not in the vocabulary of {len(self)} words") from None

    def unit_vectors(self) -> np.ndarray:
        """Rows scaled to length 1 (a zero row stays zero), so that a dot product is a cosine."""
        if self._unit is None:
            v = self.vectors.astype(np.float64)
            norms = np.linalg.norm(v, axis=1, keepdims=True)
            self._unit = np.divide(v, norms, out=np.zeros_like(v), where=norms > 0)
        return self._unit

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of the vectors of two words."""
        unit = self.unit_vectors()
        return float(unit[self.index(a)] @ unit[self.index(b)])

    def most_similar(self, word: str, topn: int = 10) -> list[tuple[str, float]]:
        """The ``topn`` words of highest cosine similarity to ``word``, itself excluded, best first."""
        topn = _validate.positive_int(topn, "topn")
        unit = self.unit_vectors()
        i = self.index(word)
        cosines = unit @ unit[i]
        cosines[i] = -np.inf
        best = np.argsort(-cosines, kind="stable")[: min(topn, len(self) - 1)]
        return [(self.index_to_key[j], float(cosines[j])) for j in best]

    def save_word2vec_format(self, path: str | os.PathLike) -> None:
        """The word2vec C tool's text format: a line "n d", then one line per word "word x1 ... xd"."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"{len(self)} {self.vector_size}\n")
            for word, row in zip(self.index_to_key, self.vectors):
                f.write(word + " " + " ".join(f"{x:.6g}" for x in row.tolist()) + "\n")

    @classmethod
    def load_word2vec_format(cls, path: str | os.PathLike) -> "WordVectors":
        """Read the text format of :meth:`save_word2vec_format` (and of word2vec and gensim)."""
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise ValueError(f"path must be a word2vec text file, got {str(path)!r}: it is not UTF-8 text "
                             "(the binary word2vec format is not supported)") from None
        try:
            n, d = (int(x) for x in lines[0].split())
        except (IndexError, ValueError):
            raise ValueError(f"path must start with the header line 'n_words vector_size', got {lines[:1]!r} in {str(path)!r}") from None
        if len(lines) - 1 < n:
            raise ValueError(f"{str(path)!r} announces {n} words but holds {len(lines) - 1} lines of vectors")
        words, rows = [], np.empty((n, d), dtype=np.float32)
        for i, line in enumerate(lines[1 : n + 1]):
            parts = line.split()
            if len(parts) != d + 1:
                raise ValueError(f"line {i + 2} of {str(path)!r} must hold a word and {d} numbers, got {len(parts) - 1} numbers")
            words.append(parts[0])
            rows[i] = np.array(parts[1:], dtype=np.float32)
        return cls(rows, words)

    def save_projector_tsv(self, vectors_path: str | os.PathLike, metadata_path: str | os.PathLike) -> None:
        """The two files the Embedding Projector (projector.tensorflow.org) loads: vectors and words, one per line."""
        np.savetxt(vectors_path, self.vectors, delimiter="\t", fmt="%.6g")
        with open(metadata_path, "w", encoding="utf-8") as f:
            f.write("\n".join(self.index_to_key) + "\n")
