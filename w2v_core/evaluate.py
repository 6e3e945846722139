"""How good are trained vectors? Word-pair similarity (Spearman), analogies, and a 2-D projection.

Every function takes anything with ``index_to_key``, ``key_to_index`` and ``vectors`` (n x d): our
:class:`w2v_core.wordvectors.WordVectors` or gensim's ``KeyedVectors``, so that both are scored by
the same code.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _validate
from .corpus import gensim_datapath

#: Word-pair sets shipped in gensim's test data: (file name, what the score measures).
PAIR_SETS = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}


def _unit_rows(vectors) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.divide(v, norms, out=np.zeros_like(v), where=norms > 0)


def _porter():
    from nltk.stem import PorterStemmer  # only for the stemmed corpus

    return PorterStemmer()


def load_word_pairs(name_or_path: str | os.PathLike, *, stem: bool = False) -> list[tuple[str, str, float]]:
    """Lines "word1<TAB>word2<TAB>score" ('#' starts a comment), lower-cased; Porter-stemmed if ``stem``.

    ``name_or_path``: "wordsim353", "simlex999", or a file path. Stem the words when the corpus is
    stemmed (``head500.noblanks.cor``): its vocabulary holds "comput", not "computer".
    """
    name = str(name_or_path)
    path = Path(gensim_datapath(PAIR_SETS[name])) if name in PAIR_SETS else Path(name_or_path)
    if not path.is_file():
        raise ValueError(f"name_or_path must be one of {', '.join(PAIR_SETS)} or a file, got {name!r}")
    stemmer = _porter() if stem else None
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            a, b, score = parts[0].lower(), parts[1].lower(), float(parts[2])
        except (IndexError, ValueError):
            raise ValueError(f"line {number} of {str(path)!r} must be 'word1<TAB>word2<TAB>score', got {line!r}") from None
        if stemmer is not None:
            a, b = stemmer.stem(a), stemmer.stem(b)
        pairs.append((a, b, score))
    return pairs


@dataclass(frozen=True)
class PairScore:
    """Spearman rank correlation between cosine similarities and human scores, over the pairs in vocabulary."""

    spearman: float
    pairs_used: int
    pairs_total: int

    @property
    def oov_fraction(self) -> float:
        return 1.0 - self.pairs_used / self.pairs_total

    def __str__(self) -> str:
        return f"Spearman {self.spearman:.3f} on {self.pairs_used} of {self.pairs_total} pairs"


def evaluate_word_pairs(word_vectors, pairs) -> PairScore:
    """Spearman correlation of cosine(a, b) with the human score, over the pairs whose two words are known.

    ``pairs``: (a, b, score) triples, e.g. from :func:`load_word_pairs`. Pairs with an unknown word are
    left out (and counted in ``pairs_total``), as gensim's ``evaluate_word_pairs`` does.
    """
    from scipy.stats import spearmanr

    pairs = list(pairs)
    if not pairs:
        raise ValueError("pairs is empty; expected (word1, word2, score) triples")
    index = word_vectors.key_to_index
    known = [(index[a], index[b], s) for a, b, s in pairs if a in index and b in index]
    if len(known) < 3:
        raise ValueError(f"pairs has only {len(known)} of {len(pairs)} pairs with both words in the vocabulary; "
                         "expected at least 3 (is the corpus stemmed? pass stem=True to load_word_pairs)")
    unit = _unit_rows(word_vectors.vectors)
    a, b, human = (np.array(col) for col in zip(*known))
    cosines = np.sum(unit[a] * unit[b], axis=1)
    return PairScore(float(spearmanr(cosines, human).statistic), len(known), len(pairs))


@dataclass(frozen=True)
class AnalogyScore:
    """Accuracy of "a is to b as c is to ?" over the questions whose four words are known."""

    accuracy: float
    correct: int
    questions_used: int
    questions_total: int
    sections: dict[str, tuple[int, int]]  # section -> (correct, used)

    def __str__(self) -> str:
        return f"analogy accuracy {self.accuracy:.3f} ({self.correct} of {self.questions_used} answerable questions)"


def evaluate_analogies(word_vectors, path: str | os.PathLike | None = None, *, restrict_vocab: int = 300000,
                       lowercase: bool = True, stem: bool = False) -> AnalogyScore:
    """3CosAdd analogies (Mikolov et al. 2013a): the answer is the word nearest to b - a + c, a, b, c excluded.

    ``path``: a file in the ``questions-words.txt`` format (": section" lines, then "a b c d"); by default
    gensim's copy. Only the ``restrict_vocab`` most frequent words are candidates or questions, as in gensim.
    """
    path = Path(path) if path is not None else Path(gensim_datapath("questions-words.txt"))
    restrict_vocab = _validate.positive_int(restrict_vocab, "restrict_vocab")
    keys = word_vectors.index_to_key[:restrict_vocab]
    index = {k: i for i, k in enumerate(keys)}
    unit = _unit_rows(np.asarray(word_vectors.vectors)[: len(keys)])
    stemmer = _porter() if stem else None
    questions, sections, section, total = [], {}, "(none)", 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(":"):
            section = line[1:].strip()
            continue
        words = line.lower().split() if lowercase else line.split()
        if len(words) != 4:
            continue
        total += 1
        if stemmer is not None:
            words = [stemmer.stem(w) for w in words]
        if all(w in index for w in words):
            questions.append((section, *(index[w] for w in words)))
    if total == 0:
        raise ValueError(f"path holds no analogy question 'a b c d': {str(path)!r}")
    correct = 0
    for start in range(0, len(questions), 1024):  # blocks bound the (questions x |V|) score matrix
        block = questions[start : start + 1024]
        a, b, c, d = (np.array([q[i] for q in block]) for i in range(1, 5))
        scores = (unit[b] - unit[a] + unit[c]) @ unit.T
        rows = np.arange(len(block))
        for excluded in (a, b, c):
            scores[rows, excluded] = -np.inf
        hits = scores.argmax(axis=1) == d
        correct += int(hits.sum())
        for (sec, *_), hit in zip(block, hits):
            ok, used = sections.get(sec, (0, 0))
            sections[sec] = (ok + int(hit), used + 1)
    used = len(questions)
    return AnalogyScore(correct / used if used else float("nan"), correct, used, total, sections)


def pca_2d(vectors) -> np.ndarray:
    """The rows of ``vectors`` (n x d) projected on their two principal axes: shape (n, 2).

    Centre the rows, take the SVD X = U S W^T; the coordinates are the first two columns of U S.
    The sign of each axis is fixed so that its largest coordinate is positive (SVD leaves it free).
    """
    x = _validate.matrix(vectors, "vectors")
    if x.shape[0] < 2:
        raise ValueError(f"vectors must have at least 2 rows to project, got shape {x.shape}")
    x = x - x.mean(axis=0)
    left, singular, _ = np.linalg.svd(x, full_matrices=False)
    coords = left[:, :2] * singular[:2]
    if coords.shape[1] < 2:
        coords = np.pad(coords, ((0, 0), (0, 2 - coords.shape[1])))
    flip = np.sign(coords[np.abs(coords).argmax(axis=0), [0, 1]])
    return coords * np.where(flip == 0, 1.0, flip)


def neighbour_overlap(a, b, words, *, topn: int = 10) -> float:
    """Mean number of shared words among the ``topn`` nearest neighbours of each of ``words`` in two models.

    Two models that agree on which words are close share many neighbours even when their vectors
    differ by a rotation; ``topn`` means identical neighbourhoods.
    """
    topn = _validate.positive_int(topn, "topn")
    words = list(words)
    if not words:
        raise ValueError("words is empty; expected at least one word known to both models")
    shared = [len({w for w, _ in a.most_similar(x, topn=topn)} & {w for w, _ in b.most_similar(x, topn=topn)})
              for x in words]
    return float(np.mean(shared))
