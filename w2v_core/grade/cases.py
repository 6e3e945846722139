"""The inputs each graded function is checked on: fixed, seeded, chosen to expose one thing each.

Shapes always have d != |V|, so a transposed gradient cannot pass by having the right shape; the
negative-sampling draws repeat words and include the outside word, so the course's sampling order
and the count of repeats (part g) are checked; one case per function has large scores (|x| > 709.78,
where exp overflows), so an unstable sigmoid or softmax shows.

A case's arguments may hold two stand-ins, :class:`Draws` (a fresh course ``dataset`` whose
``sampleTokenIdx()`` returns a fixed sequence) and :class:`Reference` (a reference loss function
passed in, as skipgram's ``word2vecLossAndGradient``); :meth:`Case.materialize` makes them real here,
:meth:`Case.encoded` describes them to the child process, which makes its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import codec
from .datasets import ScriptedDataset
from .reference import REFERENCES

SEED = 20260417  # fixed: every run of the grader checks the same inputs


@dataclass(frozen=True)
class Draws:
    """A course ``dataset`` whose ``sampleTokenIdx()`` returns ``sequence`` in order (then repeats it)."""
    sequence: tuple


@dataclass(frozen=True)
class Reference:
    """The reference function of this name, passed as an argument."""
    name: str


@dataclass
class Case:
    label: str
    args: list
    kwargs: dict = field(default_factory=dict)

    def materialize(self) -> tuple[list, dict, list]:
        """Fresh arguments for a call here, and the datasets among them (to count their draws)."""
        datasets = []

        def real(a):
            if isinstance(a, Draws):
                datasets.append(ScriptedDataset(a.sequence))
                return datasets[-1]
            if isinstance(a, Reference):
                return REFERENCES[a.name]
            return a.copy() if isinstance(a, np.ndarray) else a

        return [real(a) for a in self.args], {k: real(v) for k, v in self.kwargs.items()}, datasets

    def encoded(self) -> dict:
        def enc(a):
            if isinstance(a, Draws):
                return {"t": "dataset", "sequence": list(a.sequence)}
            if isinstance(a, Reference):
                return {"t": "ref", "name": a.name}
            return codec.encode(a)

        return {"label": self.label, "args": [enc(a) for a in self.args],
                "kwargs": {k: enc(v) for k, v in self.kwargs.items()}}


def _rng(offset: int) -> np.random.Generator:
    return np.random.default_rng(SEED + offset)


def _pair(rng, vocab: int, dim: int):
    """A center vector (d,) and outside vectors (|V|, d), entries of size about 1."""
    return rng.normal(size=dim), rng.normal(size=(vocab, dim))


def _with_scores(rng, scores, dim: int):
    """A center vector and outside vectors whose scores u_w . v_c are exactly ``scores``:
    u_w = (s_w / |v_c|^2) v_c plus a part orthogonal to v_c."""
    v_c = rng.normal(size=dim)
    noise = rng.normal(size=(len(scores), dim))
    noise -= np.outer(noise @ v_c / (v_c @ v_c), v_c)
    return v_c, np.outer(np.asarray(scores, dtype=float) / (v_c @ v_c), v_c) + noise


def sigmoid_cases() -> list[Case]:
    rng = _rng(1)
    return [
        Case("a scalar, x = 0.3", [0.3]),
        Case("an array of shape (3, 4)", [rng.normal(scale=3.0, size=(3, 4))]),
        Case("large |x|, up to 800 (exp overflows beyond 709.78)",
             [np.array([-800.0, -710.0, -50.0, -1.0, 0.0, 2.0, 50.0, 710.0, 800.0])]),
    ]


def naive_softmax_cases() -> list[Case]:
    rng = _rng(2)
    cases = []
    for vocab, dim, outside in ((7, 4, 2), (3, 6, 0), (10, 3, 9)):
        v_c, U = _pair(rng, vocab, dim)
        cases.append(Case(f"|V| = {vocab}, d = {dim}, o = {outside}", [v_c, outside, U, Draws((0,))]))
    # The observed word has the largest score, so y_hat_o is about 1 and every right answer is
    # finite; the scores themselves reach 1000, past exp's overflow at 709.78.
    v_c, U = _with_scores(rng, [960.0, 1000.0, 940.0, 985.0, 900.0, 995.0], 4)
    cases.append(Case("large scores, up to 1000 (|V| = 6, d = 4, o = 1)", [v_c, 1, U, Draws((0,))]))
    return cases


def negative_samples_cases() -> list[Case]:
    return [
        Case("the outside word among the draws is drawn again (course's order), o = 2, K = 5",
             [2, Draws((2, 4, 1, 2, 2, 0, 3, 4, 1, 0, 5)), 5]),
        Case("repeats among the negatives are kept, o = 0, K = 6",
             [0, Draws((3, 3, 1, 3, 2, 1, 4, 0, 2, 5, 6, 7)), 6]),
        Case("K = 1, the first two draws are the outside word", [1, Draws((1, 1, 4, 3)), 1]),
    ]


def neg_sampling_cases() -> list[Case]:
    rng = _rng(3)
    v_c, U = _pair(rng, 6, 4)
    # o = 3 is not the smallest index, and it comes up among the draws; 10 draws from 6 words repeat.
    repeated = Draws((1, 3, 4, 1, 0, 4, 3, 5, 1, 2, 4, 0, 1, 5, 2, 3))
    cases = [Case("K = 10 (the default) from |V| = 6, d = 4: repeated negatives, o = 3", [v_c, 3, U, repeated])]
    v_c, U = _pair(rng, 8, 5)
    cases.append(Case("K = 4 distinct negatives, the outside word drawn first, |V| = 8, d = 5, o = 5",
                      [v_c, 5, U, Draws((5, 7, 2, 0, 6, 1, 3))], {"K": 4}))
    # Scores of +720 for o and -720 for every other word: a trained model's confident pair, where
    # every term of the loss is about 0 but exp(720) overflows.
    v_c, U = _with_scores(rng, [-720.0, -720.0, 720.0, -720.0, -720.0], 3)
    cases.append(Case("large scores, +-720, |V| = 5, d = 3, o = 2, K = 4",
                      [v_c, 2, U, Draws((0, 1, 3, 4, 0, 1))], {"K": 4}))
    return cases


WORDS = ("a", "b", "c", "d", "e", "f")


def window_cases(naive_name: str, neg_name: str) -> list[Case]:
    """skip-gram's (and CBOW's) windows; the loss functions passed in are the reference ones."""
    rng = _rng(4)
    word2ind = {w: i for i, w in enumerate(WORDS)}
    center_vectors, outside_vectors = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    draws = Draws((4, 0, 2, 5, 0, 1, 4, 3, 0, 2, 5, 5, 1, 0, 3, 2, 4, 1, 0, 5))
    return [
        Case("naive softmax, center 'c', 4 outside words with a repeat ('a' twice), |V| = 6, d = 3",
             ["c", 2, ["a", "d", "a", "f"], word2ind, center_vectors, outside_vectors, Draws((0,)),
              Reference(naive_name)]),
        Case("negative sampling (K = 10) passed in, center 'e', 2 outside words",
             ["e", 1, ["b", "c"], word2ind, center_vectors, outside_vectors, draws, Reference(neg_name)]),
        Case("naive softmax, center 'b', window 3, 5 outside words, the center word among them",
             ["b", 3, ["b", "f", "a", "e", "d"], word2ind, center_vectors, outside_vectors, Draws((0,)),
              Reference(naive_name)]),
    ]
