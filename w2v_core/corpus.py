"""Corpora for training: reading sentences, the vocabulary, and the corpus as one array of word indices.

A corpus is a list of sentences, a sentence a list of string tokens. Training windows never cross a
sentence boundary, so the encoded corpus keeps, next to its word indices, the sentence each token
belongs to.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from . import _validate

#: The real corpora that ship in gensim's test data, by short name.
GENSIM_CORPORA = {
    "lee": "lee_background.cor",  # 300 news texts, one per line, 60k tokens, raw text
    "head500": "head500.noblanks.cor",  # 250 Wikipedia articles, 331k tokens, lower-cased and stemmed
}

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def gensim_datapath(name: str) -> str:
    """Path of a file in gensim's test data (``lee_background.cor``, ``wordsim353.tsv``, ...)."""
    from gensim.test.utils import datapath  # gensim is only needed for its bundled data

    path = datapath(name)
    if not os.path.exists(path):
        raise ValueError(f"name must be a file in gensim's test data, got {name!r} (not found at {path})")
    return path


def corpus_path(corpus: str | os.PathLike) -> Path:
    """A corpus file: an existing path, or a short name of :data:`GENSIM_CORPORA` ("lee", "head500")."""
    if str(corpus) in GENSIM_CORPORA and not os.path.exists(corpus):
        return Path(gensim_datapath(GENSIM_CORPORA[str(corpus)]))
    path = Path(corpus)
    if not path.is_file():
        names = ", ".join(GENSIM_CORPORA)
        raise ValueError(f"corpus must be a text file or one of {names}, got {str(corpus)!r}: no such file")
    return path


def tokenize(line: str, *, lowercase: bool = True) -> list[str]:
    """The words of a line of raw text: runs of letters (an inner apostrophe kept), digits and punctuation dropped."""
    if lowercase:
        line = line.lower()
    return _WORD.findall(line)


def read_sentences(corpus: str | os.PathLike, *, preprocess: bool = False) -> list[list[str]]:
    """One sentence per non-empty line of a UTF-8 text file.

    Args:
        corpus: a path, or "lee" / "head500" for the corpora in gensim's test data.
        preprocess: False splits each line on white space, exactly as gensim's ``LineSentence``;
            True lower-cases it and keeps words only (:func:`tokenize`), better for raw text.

    Raises:
        ValueError: the file does not exist, is not UTF-8 text, or holds no token at all.
    """
    path = corpus_path(corpus)
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise ValueError(f"corpus must be a text file (one sentence per line), got {str(path)!r}: it holds NUL bytes, so it looks binary")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"corpus must be UTF-8 text, got {str(path)!r}: byte {exc.start} is not UTF-8 ({exc.reason})") from None
    split = tokenize if preprocess else str.split
    sentences = [tokens for tokens in map(split, text.splitlines()) if tokens]
    if not sentences:
        raise ValueError(f"corpus is empty: {str(path)!r} holds no token; expected at least one word")
    return sentences


@dataclass(frozen=True)
class Vocabulary:
    """The words kept for training, most frequent first, with their corpus counts.

    ``index_to_key[i]`` is the word of row i of every vector matrix; ``counts[i]`` its count.
    """

    index_to_key: list[str]
    counts: np.ndarray  # shape (|V|,), int64
    key_to_index: dict[str, int] = field(repr=False)

    def __len__(self) -> int:
        return len(self.index_to_key)


def check_sentences(sentences) -> Sequence[Sequence[str]]:
    """``sentences`` as a list, or ValueError: a string, a non-iterable, a sentence that is a string, no token."""
    if isinstance(sentences, (str, bytes)):
        raise ValueError("sentences must be a list of sentences, each a list of tokens, got a single string; "
                         "use read_sentences(path) for a file")
    try:
        sentences = list(sentences)
    except TypeError:
        raise ValueError(f"sentences must be an iterable of token lists, got {type(sentences).__name__}") from None
    for i, sentence in enumerate(sentences):
        if isinstance(sentence, (str, bytes)):
            raise ValueError(f"sentences[{i}] must be a list of tokens, got the string {sentence[:40]!r}; split it first")
    if not any(len(s) for s in sentences):
        raise ValueError(f"sentences is an empty corpus ({len(sentences)} sentences, 0 tokens); expected at least one token")
    return sentences


def build_vocabulary(sentences: Iterable[Sequence[str]], min_count: int = 5) -> Vocabulary:
    """Every word seen at least ``min_count`` times, sorted by count (ties: first seen first).

    gensim 4 sorts by count too but breaks ties the other way round (last seen first), so the two lists
    hold the same words and counts in a different order.
    """
    sentences = check_sentences(sentences)
    min_count = _validate.positive_int(min_count, "min_count")
    counts = Counter(token for sentence in sentences for token in sentence)  # insertion order = first seen
    kept = [(word, n) for word, n in counts.items() if n >= min_count]
    if not kept:
        raise ValueError(f"min_count={min_count} leaves no word: the most frequent of the {len(counts)} distinct words "
                         f"occurs {max(counts.values())} times; expected min_count <= {max(counts.values())}")
    kept.sort(key=lambda item: -item[1])  # stable, so ties keep the order of first appearance
    words = [w for w, _ in kept]
    return Vocabulary(words, np.array([n for _, n in kept], dtype=np.int64), {w: i for i, w in enumerate(words)})


@dataclass(frozen=True)
class EncodedCorpus:
    """The corpus as word indices: ``tokens[i]`` is a row of the vocabulary, ``sentence_ids[i]`` its sentence.

    Words outside the vocabulary are dropped before any window is drawn (as in word2vec and gensim),
    so two words either side of a rare word count as neighbours. ``raw_word_count`` still counts them.
    """

    tokens: np.ndarray  # (n,), int32
    sentence_ids: np.ndarray  # (n,), int32, non-decreasing
    raw_word_count: int


def encode(sentences: Iterable[Sequence[str]], vocabulary: Vocabulary) -> EncodedCorpus:
    sentences = check_sentences(sentences)
    lookup = vocabulary.key_to_index
    ids, sent_ids, raw = [], [], 0
    for s, sentence in enumerate(sentences):
        raw += len(sentence)
        row = [lookup[w] for w in sentence if w in lookup]
        ids.extend(row)
        sent_ids.extend([s] * len(row))
    if not ids:
        raise ValueError("sentences holds no word of the vocabulary; expected at least one")
    return EncodedCorpus(np.array(ids, dtype=np.int32), np.array(sent_ids, dtype=np.int32), raw)
