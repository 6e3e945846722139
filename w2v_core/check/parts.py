"""What each part asks for, and the true value of each quantity on the checker's random instances.

Every true value comes from one place: the part's definition in :mod:`w2v_core.derivations` (the loss,
or the sigmoid in part e), differentiated by SymPy with respect to the quantity's variable on each
instance. Nothing here restates an answer.

The instances are those of the derivations (:mod:`w2v_core.derivations.evaluate`), drawn with Python's
own ``random`` (numpy is not there in the browser), with sizes that all differ within an instance
(d, |V|, K, m), so that a transposed factor cannot pass by luck. Values are 60-digit floats.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import sympy as sp

from ..derivations import derive, naive_softmax
from ..derivations.evaluate import (Instance, evaluate, negatives_instance, scalar_instance, vocab_instance,
                                    window_instance)
from ..derivations.notation import Derivative, Domain
from .meaning import C, O, QUANTITY_SHAPES, Reader, index_symbol

DIGITS = 60


class PyRandom:
    """The two methods of numpy's Generator that the instance makers use, on Python's ``random``."""

    def __init__(self, seed: int):
        self._random = random.Random(seed)

    def integers(self, low: int, high: int) -> int:
        return self._random.randrange(low, high)

    def choice(self, items, size: int, replace: bool = True):
        items = list(items)
        if replace:
            return [self._random.choice(items) for _ in range(size)]
        return self._random.sample(items, size)


# (quantity key, LaTeX label for the picker, index letter and domain kind if the quantity has a free index)
QUANTITIES: dict[str, list[tuple[str, str]]] = {
    "a": [("J", r"J")],
    "b": [("v_c", r"\frac{\partial J}{\partial v_c}")],
    "c": [("u_w", r"\frac{\partial J}{\partial u_w}"), ("u_o", r"\frac{\partial J}{\partial u_o}")],
    "d": [("U", r"\frac{\partial J}{\partial U}")],
    "e": [("sigma_prime", r"\sigma'(x)")],
    "f": [("v_c", r"\frac{\partial J}{\partial v_c}"), ("u_o", r"\frac{\partial J}{\partial u_o}"),
          ("u_k", r"\frac{\partial J}{\partial u_k}")],
    "g": [("v_c", r"\frac{\partial J}{\partial v_c}"), ("u_o", r"\frac{\partial J}{\partial u_o}"),
          ("u_k", r"\frac{\partial J}{\partial u_k}"), ("u_w", r"\frac{\partial J}{\partial u_w}")],
    "h": [("U", r"\frac{\partial J_{\text{skip-gram}}}{\partial U}"),
          ("v_c", r"\frac{\partial J_{\text{skip-gram}}}{\partial v_c}"),
          ("v_w", r"\frac{\partial J_{\text{skip-gram}}}{\partial v_w}")],
}

#: Quantities a derivation may also pass through: the loss itself, and in (e) the sigmoid.
EXTRA = {"a": [], "e": ["sigma"]}

#: The free index of a quantity stated "for every word": (letter, domain kind); u_k runs over the draws.
FREE_INDEX = {"u_w": ("w", "vocab"), "u_k": ("k", "negatives"), "v_w": ("w", "vocab_except_c")}
#: In (g) u_w names a word of the vocabulary other than o (drawn n_w times, perhaps never): the book's u_x.
FREE_INDEX_OF_PART = {("g", "u_w"): ("w", "vocab_except_o")}


def free_index(part: str, quantity: str):
    return FREE_INDEX_OF_PART.get((part, quantity), FREE_INDEX.get(quantity))

QUANTITY_WORDS = {"J": "the loss J", "sigma": "sigma(x)", "sigma_prime": "sigma'(x)", "v_c": "dJ/dv_c",
                  "u_o": "dJ/du_o", "u_w": "dJ/du_w", "u_k": "dJ/du_k", "U": "dJ/dU", "v_w": "dJ/dv_w"}


def _nonzero_scalar(rng):
    """A point x != 0: at 0, sigma(x) = sigma(-x), and a sign slip would pass unseen there."""
    while True:
        instance = scalar_instance(rng)
        if all(v != 0 for v in instance.values.values()):
            return instance


def _makers(part: str):
    if part in "abcd":
        return [lambda r: vocab_instance(r, d=3, n_words=5), lambda r: vocab_instance(r, d=2, n_words=4),
                lambda r: vocab_instance(r, d=4, n_words=6)]
    if part == "e":
        return [_nonzero_scalar] * 3
    if part == "f":
        return [lambda r: negatives_instance(r, distinct=True, d=3, n_words=6, k=4),
                lambda r: negatives_instance(r, distinct=True, d=2, n_words=5, k=3),
                lambda r: negatives_instance(r, distinct=True, d=4, n_words=7, k=2)]
    if part == "g":
        return [lambda r: negatives_instance(r, distinct=False, d=3, n_words=5, k=4),
                lambda r: negatives_instance(r, distinct=False, d=2, n_words=4, k=3),
                lambda r: negatives_instance(r, distinct=False, d=4, n_words=6, k=5)]
    return [lambda r: window_instance(r, d=3, n_words=5, m=2), lambda r: window_instance(r, d=2, n_words=4, m=1)]


def _square_makers(part: str):
    """Instances with d = |V|, where a product like U^T (y_hat - y) is defined: for naming such mistakes only."""
    if part in "abcd":
        return [lambda r: vocab_instance(r, d=4, n_words=4), lambda r: vocab_instance(r, d=3, n_words=3)]
    if part == "h":
        return [lambda r: window_instance(r, d=4, n_words=4, m=1)]
    return []


@dataclass
class Case:
    """One instance, its float environment, and the values of the free index of a quantity there."""

    instance: Instance
    env: dict
    part: str = ""

    def bindings(self, quantity: str) -> list[dict]:
        free = free_index(self.part, quantity)
        if free is None:
            return [{}]
        letter, kind = free
        env = self.env
        if kind == "vocab":
            values = range(1, env["|V|"] + 1)
        elif kind == "negatives":
            values = range(1, env["K"] + 1)
        elif kind == "vocab_except_o":
            values = [w for w in range(1, env["|V|"] + 1) if w != env["o"]]
        else:
            values = [w for w in range(1, env["|V|"] + 1) if w != env["c"]]
        return [{index_symbol(letter).name: v} for v in values]


def float_env(instance: Instance, keep: frozenset = frozenset(), _cache: dict | None = None) -> dict:
    """The instance's environment with every entry a 60-digit float (fast to evaluate, exact enough).

    The symbols in ``keep`` stay symbols, for a derivative; ``_env_keeping`` gives the evaluator such an
    environment for any set of symbols.
    """
    cache = {} if _cache is None else _cache
    if keep in cache:
        return cache[keep]
    values = {s: sp.Float(v, DIGITS) for s, v in instance.values.items()}
    base = {name: value.xreplace({s: v for s, v in values.items() if s not in keep})
            for name, value in instance.base.items()}
    env = instance._finish(instance.structure, base)
    env["_instance"], env["_symbolic"], env["_values"] = instance, False, values
    env["_env_keeping"] = lambda symbols: float_env(instance, frozenset(symbols), cache)
    cache[keep] = env
    return env


class PartContext:
    """Everything the checker knows about one part: its definitions, instances and the true values."""

    def __init__(self, part: str, seed: int = 2024):
        self.part = part
        self.derivation = derive(part)
        self.cases = [self._case(make, seed + n, part) for n, make in enumerate(_makers(part))]
        self.square_cases = [self._case(make, seed + 100 + n, part) for n, make in enumerate(_square_makers(part))]
        self._true: dict = {}

    @staticmethod
    def _case(make, seed: int, part: str) -> Case:
        # plain symbols: SymPy differentiates several times faster without assumptions to consult
        instance = make(PyRandom(seed)).without_assumptions()
        return Case(instance, float_env(instance), part)

    @property
    def quantities(self) -> list[str]:
        return [q for q, _ in QUANTITIES[self.part]] + EXTRA.get(self.part, ["J"])

    def describe_sizes(self) -> str:
        return "; ".join(c.instance.description for c in self.cases)

    def reader(self, quantity: str | None, alias: dict | None = None) -> Reader:
        free = {}
        if free_index(self.part, quantity) is not None:
            letter, kind = free_index(self.part, quantity)
            free[letter] = "negatives" if kind == "negatives" else "vocab"
        return Reader(self.part, free, alias)

    # -- definitions -----------------------------------------------------------------------------------
    def loss(self):
        """The part's definition of J (for part e, of sigma(x)), as the derivations state it."""
        if self.part in "abcd":
            # -log y_hat_o with the softmax written out, -u_o^T v_c + log sum_x e^{u_x^T v_c}: the form the
            # derivation of (b) shows equal to the definition (its step 1), and far quicker to differentiate
            return naive_softmax.LOSS_EXPANDED
        return self.derivation.definition.expr

    def truth_expr(self, quantity: str):
        """What the true value of ``quantity`` is: the definition, or SymPy's derivative of it."""
        loss = self.loss()
        if quantity in ("J", "sigma"):
            return loss
        return Derivative(loss, self.reader(quantity).variable_expr(quantity))

    def true_value(self, quantity: str, k: int, binding: dict, square: bool = False):
        key = (quantity, k, tuple(sorted(binding.items())), square)
        if key not in self._true:
            case = (self.square_cases if square else self.cases)[k]
            self._true[key] = evaluate(self.truth_expr(quantity), {**case.env, **binding})
        return self._true[key]

    def expected_shape(self, quantity: str) -> tuple:
        return QUANTITY_SHAPES[quantity]
