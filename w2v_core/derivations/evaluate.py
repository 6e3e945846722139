"""Give a step's expression a value on a concrete instance, and differentiate it there.

An *instance* fixes the sizes (d, |V|, K, m), the word indices (o, c, the negatives, the window) and
holds U and the center vectors as matrices whose entries are SymPy symbols. Evaluating a step on it
gives an explicit SymPy scalar or matrix in those symbols, which can be differentiated exactly and
then compared symbolically or at random rational values.

Indices are 1-based, as on paper: ``o = 1`` is the first word, column 1 of U.
"""
from __future__ import annotations

import numbers

from .._lazy import numpy as np  # imported on first use: the checker runs without numpy
import sympy as sp

from .notation import (Cases, Columns, Derivative, Domain, Dot, Entry, IndexSum, OneHot, PairGrad, PairLoss, Times,
                       Tr, Vec, ZeroVec, sigma)

# Which matrix a column family comes from: u_w is column w of U, v_w column w of the center matrix.
COLUMN_SOURCE = {"u": "U", "v": "V"}


class Instance:
    """Sizes, word indices and symbolic matrices of one concrete case, with rational values for them.

    ``base`` maps names to symbolic matrices or symbols ("U", "V", "x"); ``values`` assigns a rational
    to each of their symbols; ``structure`` holds sizes and word indices ("o", "c", "d", "|V|", "K",
    "m", "w" for the negative draws, "window" for the words around position t, 1-based). ``finish(structure, base)`` adds
    the derived quantities (y, y_hat, counts) and returns the environment for :func:`evaluate`.

    ``env(keep)`` substitutes the values of every symbol except those in ``keep`` (all symbols stay
    when ``keep`` is None): symbolic for the symbolic check, rational for the random checks, and
    symbolic in one variable only when a derivative has to be taken.
    """

    def __init__(self, structure: dict, base: dict, values: dict, description: str, finish,
                 symbolic_description: str = ""):
        self.structure, self.base, self.values, self.description = structure, base, values, description
        # how the first instance reads when every entry is a symbol
        self.symbolic_description = symbolic_description or f"{description}, every entry a symbol"
        self._finish = finish
        self._envs: dict = {}
        self.pair_gradients: dict = {}  # (word, variable) -> SymPy gradient of that pair's loss

    def without_assumptions(self) -> "Instance":
        """The same instance with plain symbols (no ``real=True``).

        SymPy differentiates much faster without assumptions to consult; the price is that it no longer
        simplifies log(e^s) to s, which only the symbolic check (on the first instance) needs.
        """
        plain = {s: sp.Symbol(s.name) for s in self.values}
        base = {name: value.xreplace(plain) for name, value in self.base.items()}
        return Instance(self.structure, base, {plain[s]: v for s, v in self.values.items()}, self.description,
                        self._finish, self.symbolic_description)

    def env(self, keep=None) -> dict:
        key = None if keep is None else frozenset(keep)
        if key not in self._envs:
            subs = {} if key is None else {s: v for s, v in self.values.items() if s not in key}
            base = {name: value.xreplace(subs) for name, value in self.base.items()}
            env = self._finish(self.structure, base)
            env["_instance"], env["_symbolic"] = self, key is None
            self._envs[key] = env
        return self._envs[key]


def _as_int(value) -> int:
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, sp.Integer):
        return int(value)
    raise ValueError(f"an index must evaluate to an integer, got {value!r}")


def _item(container, i: int):
    if isinstance(container, dict):
        return container[i]
    if isinstance(container, sp.MatrixBase):
        return container[i - 1, 0]
    return container[i - 1]


def _is_matrix(x) -> bool:
    return isinstance(x, sp.MatrixBase)


def _scalar_if_1x1(x):
    if _is_matrix(x) and x.shape == (1, 1):
        return x[0, 0]
    return x


def _add(a, b):
    if _is_matrix(a) != _is_matrix(b):
        # Only an exact scalar 0 may meet a matrix (e.g. an empty sum); anything else is a shape error.
        scalar, mat = (b, a) if _is_matrix(a) else (a, b)
        if scalar == 0:
            return mat
        raise ValueError(f"cannot add a scalar ({scalar}) to a {mat.shape[0]} x {mat.shape[1]} matrix")
    return a + b


def _mul(a, b):
    if _is_matrix(a) and _is_matrix(b):
        if a.shape[1] != b.shape[0]:
            raise ValueError(f"shape mismatch in a product: {a.shape} times {b.shape}")
        return _scalar_if_1x1(a * b)
    return a * b


def domain_values(domain: Domain, env: dict) -> list[int]:
    """The integers an index takes in ``domain`` on this instance."""
    kind = domain.kind
    n_words = env["|V|"]
    if kind == "vocab":
        return list(range(1, n_words + 1))
    if kind == "vocab_except":
        excluded = _as_int(evaluate(domain.other, env))
        return [w for w in range(1, n_words + 1) if w != excluded]
    if kind == "negatives":
        return list(range(1, env["K"] + 1))
    if kind == "window":
        m = env["m"]
        return [j for j in range(-m, m + 1) if j != 0]
    if kind == "draws_of":
        word = _as_int(evaluate(domain.other, env))
        return [i for i in range(1, env["K"] + 1) if env["w"][i - 1] == word]
    if kind == "window_all":
        m = env["m"]
        return list(range(-m, m + 1))
    raise ValueError(f"unknown domain kind {kind!r}")


def gradient(value, variable):
    """d value / d variable, entry by entry: same shape as ``variable`` (a symbol or a matrix of symbols)."""
    value = _scalar_if_1x1(value)
    if _is_matrix(value):
        raise ValueError(f"can only differentiate a scalar loss, got a {value.shape} matrix")
    if _is_matrix(variable):
        return variable.applyfunc(lambda s: sp.diff(value, s))
    return sp.diff(value, variable)


def _pair_loss(env: dict, outside: int):
    # -log softmax(U^T v_c)_o, in the form -s_o + log sum_w e^{s_w} (the same value, quicker to differentiate).
    scores = env["U"].T * _column(env, "v", env["c"])
    return -scores[outside - 1, 0] + sp.log(sum(sp.exp(s) for s in scores))


def _column(env: dict, base: str, j: int):
    matrix = env[COLUMN_SOURCE[base]]
    if not 1 <= j <= matrix.shape[1]:
        raise ValueError(f"column index {j} out of range 1..{matrix.shape[1]} for {base}")
    return matrix[:, j - 1]


def evaluate(expr, env: dict):
    """The value of ``expr`` on ``env``: a SymPy scalar, a SymPy matrix, or an int for an index."""
    if isinstance(expr, sp.Symbol):
        if expr.name not in env:
            raise ValueError(f"symbol {expr.name!r} has no value in this instance")
        value = env[expr.name]
        return sp.Integer(value) if isinstance(value, numbers.Integral) else value
    if isinstance(expr, sp.Number):
        return expr
    if isinstance(expr, Vec):
        j = _as_int(evaluate(expr.index, env))
        if expr.via is not None:
            j = _item(env[expr.via], j)
        return _column(env, expr.base, j)
    if isinstance(expr, Entry):
        i = _as_int(evaluate(expr.index, env))
        if expr.key == "window" and i == env.get("t"):
            return sp.Integer(env["c"])  # w_t, the word at the window's center, is c itself
        return sp.sympify(_item(env[expr.key], i))
    if isinstance(expr, Dot):
        a, b = (evaluate(x, env) for x in expr.args)
        return (a.T * b)[0, 0]
    if isinstance(expr, Tr):
        return evaluate(expr.args[0], env).T
    if isinstance(expr, sigma):
        x = evaluate(expr.args[0], env)
        return 1 / (1 + sp.exp(-x))
    if isinstance(expr, IndexSum):
        term, index, domain = expr.args
        total = sp.Integer(0)
        for i in domain_values(domain, env):
            total = _add(total, evaluate(term, {**env, index.name: i}))
        return total
    if isinstance(expr, Times):
        result = sp.Integer(1)
        for f in expr.args:
            result = _mul(result, evaluate(f, env))
        return result
    if isinstance(expr, Columns):
        term, index = expr.args
        cols = [evaluate(term, {**env, index.name: w}) for w in range(1, env["|V|"] + 1)]
        return sp.Matrix.hstack(*[c if _is_matrix(c) else sp.Matrix([[c]]) for c in cols])
    if isinstance(expr, ZeroVec):
        return sp.zeros(env["d"], 1)
    if isinstance(expr, OneHot):
        j = _as_int(evaluate(expr.args[0], env))
        return sp.Matrix([[1 if w == j else 0] for w in range(1, env["|V|"] + 1)])
    if isinstance(expr, PairLoss):
        return _pair_loss(env, _as_int(evaluate(expr.args[0], env)))
    if isinstance(expr, PairGrad):
        # Differentiate with every entry a symbol, then put the instance's values back in if it has them.
        outside, wrt = expr.args
        inst = env["_instance"]
        symbolic = {**env, **{name: value for name, value in inst.env(None).items() if name in inst.base}}
        word, variable = _as_int(evaluate(outside, env)), evaluate(wrt, symbolic)
        key = (word, tuple(variable) if _is_matrix(variable) else variable)
        if key not in inst.pair_gradients:  # several window positions may hold the same word
            inst.pair_gradients[key] = gradient(_pair_loss(symbolic, word), variable)
        grad = inst.pair_gradients[key]
        return grad if env["_symbolic"] else grad.xreplace(inst.values)
    if isinstance(expr, Derivative):
        return _derivative(expr, env)
    if isinstance(expr, sp.Add):
        total = sp.Integer(0)
        for term in expr.args:
            total = _add(total, evaluate(term, env))
        return total
    if isinstance(expr, sp.Mul):
        result = sp.Integer(1)
        for f in expr.args:
            result = _mul(result, evaluate(f, env))
        return result
    if isinstance(expr, sp.Pow):
        base, exponent = (evaluate(x, env) for x in expr.args)
        if _is_matrix(base):
            raise ValueError("a power of a matrix does not occur in these derivations")
        return base**exponent
    if isinstance(expr, (sp.exp, sp.log)):
        return expr.func(evaluate(expr.args[0], env))
    if isinstance(expr, Cases):
        for value, condition in expr.args:
            if condition is sp.true or bool(condition.func(*(evaluate(a, env) for a in condition.args))):
                return evaluate(value, env)
        raise ValueError(f"no case of {expr} applies")
    if isinstance(expr, sp.Piecewise):
        for value, condition in expr.args:
            if condition is sp.true or bool(condition.func(*(evaluate(a, env) for a in condition.args))):
                return evaluate(value, env)
        raise ValueError(f"no case of {expr} applies")
    raise ValueError(f"cannot evaluate a {type(expr).__name__}: {expr}")


def _derivative(expr: Derivative, env: dict):
    """d body / d wrt on this instance: only the variable's entries stay symbols while SymPy differentiates."""
    body, wrt = expr.args
    inst = env["_instance"]
    bound = {name: value for name, value in env.items() if name.startswith("idx_")}  # indices of enclosing sums
    variable = evaluate(wrt, {**inst.env(None), **bound})
    keep = frozenset(variable) if _is_matrix(variable) else frozenset({variable})
    value = evaluate(body, {**inst.env(keep), **bound})
    grad = gradient(value, variable)
    return grad if env["_symbolic"] else grad.xreplace({s: inst.values[s] for s in keep if s in inst.values})


# --- instances -------------------------------------------------------------------------------

def symbol_matrix(name: str, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}", real=True))


def random_rational(rng: np.random.Generator) -> sp.Rational:
    """A rational in [-2, 2] with a small denominator: exact, and not special like 0 or 1."""
    return sp.Rational(int(rng.integers(-40, 41)), int(rng.integers(7, 23)))


def _finish_vocab(structure: dict, base: dict) -> dict:
    U, V, o, c = base["U"], base["V"], structure["o"], structure["c"]
    n_words = structure["|V|"]
    exps = [sp.exp(s) for s in U.T * V[:, c - 1]]
    total = sum(exps)
    y_hat = sp.Matrix([[e / total] for e in exps])
    y = sp.Matrix([[1 if w == o else 0] for w in range(1, n_words + 1)])
    return {**structure, **base, "y": y, r"\hat{y}": y_hat}


def vocab_instance(rng: np.random.Generator, d: int = 3, n_words: int = 5) -> Instance:
    """U and center vectors of symbols, a random center c and outside word o, y one-hot at o."""
    U = symbol_matrix("U", d, n_words)
    V = symbol_matrix("V", d, n_words)
    structure = {"o": int(rng.integers(1, n_words + 1)), "c": int(rng.integers(1, n_words + 1)),
                 "d": d, "|V|": n_words}
    values = {s: random_rational(rng) for s in list(U) + list(V)}
    return Instance(structure, {"U": U, "V": V}, values, f"d={d}, |V|={n_words}", _finish_vocab)


def _finish_negatives(structure: dict, base: dict) -> dict:
    counts = sp.Matrix([[structure["w"].count(x)] for x in range(1, structure["|V|"] + 1)])
    return {**structure, **base, "n": counts}


def negatives_instance(rng: np.random.Generator, *, distinct: bool, d: int = 3, n_words: int = 6,
                       k: int = 4) -> Instance:
    """An outside word o and K negative draws w_1..w_K, none equal to o.

    ``distinct``: the K draws are different words (part f). Otherwise they are drawn with
    replacement and at least one word repeats (part g), so that the repeat is actually exercised.
    """
    U = symbol_matrix("U", d, n_words)
    V = symbol_matrix("V", d, n_words)
    o = int(rng.integers(1, n_words + 1))
    others = [x for x in range(1, n_words + 1) if x != o]
    while True:
        draws = [int(x) for x in rng.choice(others, size=k, replace=not distinct)]
        if distinct or len(set(draws)) < k:
            break
    structure = {"o": o, "c": int(rng.integers(1, n_words + 1)), "w": draws, "d": d, "|V|": n_words, "K": k}
    values = {s: random_rational(rng) for s in list(U) + list(V)}
    kind = "distinct" if distinct else "repeated"
    return Instance(structure, {"U": U, "V": V}, values, f"d={d}, |V|={n_words}, K={k} {kind} negatives",
                    _finish_negatives)


def window_instance(rng: np.random.Generator, d: int = 3, n_words: int = 5, m: int = 2) -> Instance:
    """A center word c at position t = m + 1 and its 2m outside words w_{t+j} (any words, repeats allowed)."""
    U = symbol_matrix("U", d, n_words)
    V = symbol_matrix("V", d, n_words)
    t = m + 1
    words = {t + j: int(rng.integers(1, n_words + 1)) for j in range(-m, m + 1) if j != 0}
    structure = {"c": int(rng.integers(1, n_words + 1)), "t": t, "m": m, "window": words, "d": d, "|V|": n_words}
    values = {s: random_rational(rng) for s in list(U) + list(V)}
    return Instance(structure, {"U": U, "V": V}, values, f"d={d}, |V|={n_words}, m={m}", _finish_window)


def _finish_window(structure: dict, base: dict) -> dict:
    exps = [sp.exp(s) for s in base["U"].T * base["V"][:, structure["c"] - 1]]
    total = sum(exps)
    return {**structure, **base, r"\hat{y}": sp.Matrix([[e / total] for e in exps])}


def scalar_instance(rng: np.random.Generator) -> Instance:
    """A single real x, for the sigmoid."""
    x = sp.Symbol("x", real=True)
    value = sp.Rational(int(rng.integers(-120, 121)), int(rng.integers(7, 23)))  # |x| up to about 17
    return Instance({}, {"x": x}, {x: value}, "x rational", lambda structure, base: {**structure, **base},
                    symbolic_description="x a real symbol")
