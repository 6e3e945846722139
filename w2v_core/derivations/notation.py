"""The book's notation as SymPy expression nodes: each prints as the paper writes it.

A derivation step is a SymPy expression over these nodes. They carry no arithmetic of their own:
:mod:`w2v_core.derivations.evaluate` gives them a value on a concrete instance (small d and |V|,
entries that are symbols or rationals), which is what the checks compare.

Vectors and matrices are non-commutative symbols, so SymPy keeps ``U (y_hat - y)`` in that order;
scalars (an entry ``y_hat_w``, a dot product ``u_w^T v_c``) commute as usual.

Shapes follow the paper: U is d x |V| with columns u_w, v_c is a d x 1 column, y and y_hat are
|V| x 1. (The code's ``outside_vectors`` is |V| x d, the transpose of U.)
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr, Function, Symbol, Tuple
from sympy.core.symbol import Str

# Precedence used to decide when a factor needs parentheses (SymPy's value for Mul).
_MUL_PRECEDENCE = 50


def _idx(printer, idx) -> str:
    return printer._print(idx)


class Vec(Expr):
    """A column of a word-vector matrix: ``Vec("u", w)`` is u_w, column w of U (d x 1).

    ``via`` names a list of words: ``Vec("u", k, via="w")`` is the vector of the k-th negative
    word w_k, printed u_k as in the handout.
    """

    is_commutative = False

    def __new__(cls, base, idx, via=""):
        base = base if isinstance(base, Symbol) else Symbol(base)
        via = via if isinstance(via, Symbol) else Symbol(via) if via else Symbol("_")
        return Expr.__new__(cls, base, sp.sympify(idx), via)

    @property
    def base(self) -> str:
        return self.args[0].name

    @property
    def index(self):
        return self.args[1]

    @property
    def via(self) -> str | None:
        return None if self.args[2].name == "_" else self.args[2].name

    def _latex(self, printer):
        return f"{self.base}_{{{_idx(printer, self.index)}}}"


class Entry(Expr):
    """A scalar entry of a vector or a list of words: ``Entry(r"\\hat{y}", w)`` is y_hat_w.

    The value comes from the instance's ``key`` (the printed name ``base`` when no key is given).
    """

    is_commutative = True

    def __new__(cls, base, idx, key=""):
        base = base if isinstance(base, Symbol) else Symbol(base)
        key = key if isinstance(key, Symbol) else Symbol(key) if key else base
        return Expr.__new__(cls, base, sp.sympify(idx), key)

    @property
    def base(self) -> str:
        return self.args[0].name

    @property
    def key(self) -> str:
        return self.args[2].name

    @property
    def index(self):
        return self.args[1]

    def _latex(self, printer):
        return f"{self.base}_{{{_idx(printer, self.index)}}}"


class Dot(Expr):
    """The scalar a^T b of two d x 1 columns (a score such as u_w^T v_c)."""

    is_commutative = True

    def __new__(cls, a, b):
        return Expr.__new__(cls, a, b)

    def _latex(self, printer):
        a, b = self.args
        return f"{printer.parenthesize(a, _MUL_PRECEDENCE + 1)}^{{\\top}} {printer.parenthesize(b, _MUL_PRECEDENCE)}"


class Tr(Expr):
    """The transpose of a column or matrix, printed with a superscript top."""

    is_commutative = False

    def __new__(cls, a):
        return Expr.__new__(cls, a)

    def _latex(self, printer):
        return f"{printer.parenthesize(self.args[0], _MUL_PRECEDENCE + 1)}^{{\\top}}"


class sigma(Function):
    """The logistic sigmoid sigma(x) = 1 / (1 + e^{-x}); its value is supplied by the evaluator."""

    is_commutative = True

    def _latex(self, printer, exp=None):
        body = rf"\sigma\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


class Domain(Tuple):
    """Where an index runs. ``kind`` is one of

    ``vocab`` (w = 1..|V|), ``vocab_except`` (every word but the one named by ``other``),
    ``negatives`` (k = 1..K), ``window`` (-m <= j <= m, j != 0), ``draws_of`` (the draws
    i = 1..K whose word w_i equals the word named by ``other``) and ``window_all`` (-m <= j <= m with
    j = 0, the center itself, included: a mistake the checker names).
    """

    def __new__(cls, kind: str, other=None):
        other = other if other is not None else Symbol("_")
        return Tuple.__new__(cls, Str(kind), other)

    @property
    def kind(self) -> str:
        return self.args[0].name

    @property
    def other(self):
        return self.args[1]

    def latex_under(self, printer, index) -> str:
        i = _idx(printer, index)
        other = _idx(printer, self.other)
        if self.kind == "vocab":
            return f"_{{{i}=1}}^{{|V|}}"
        if self.kind == "vocab_except":
            return f"_{{{i} \\neq {other}}}"
        if self.kind == "negatives":
            return f"_{{{i}=1}}^{{K}}"
        if self.kind == "window":
            return f"_{{\\substack{{-m \\le {i} \\le m \\\\ {i} \\neq 0}}}}"
        if self.kind == "draws_of":
            return f"_{{{i}:\\, w_{{{i}}} = {other}}}"
        if self.kind == "window_all":
            return f"_{{{i}=-m}}^{{m}}"
        raise ValueError("domain kind must be one of vocab, vocab_except, negatives, window, draws_of, window_all; "
                         f"got {self.kind!r}")


class IndexSum(Expr):
    """A sum of ``term`` over ``index`` in ``domain``; matrix-valued when the term is a vector."""

    def __new__(cls, term, index, domain: Domain):
        return Expr.__new__(cls, sp.sympify(term), index, domain)

    @property
    def is_commutative(self):
        return self.args[0].is_commutative

    def _latex(self, printer):
        term, index, domain = self.args
        body = printer._print(term)
        if isinstance(term, sp.Add):
            body = rf"\left({body}\right)"
        return rf"\sum{domain.latex_under(printer, index)} {body}"


class Derivative(Expr):
    """The gradient of the scalar ``body`` with respect to ``wrt`` (a vector, a matrix or x), as a student writes
    ``\\frac{\\partial}{\\partial v_c}[...]``; it has the shape of ``wrt``, and the evaluator differentiates."""

    is_commutative = False

    def __new__(cls, body, wrt):
        return Expr.__new__(cls, sp.sympify(body), wrt)

    def _latex(self, printer):
        body, wrt = self.args
        return rf"\frac{{\partial}}{{\partial {printer._print(wrt)}}}\left[{printer._print(body)}\right]"


class Times(Expr):
    """An explicit product kept as written (``1 \\cdot log y_hat_o``), multiplied out when evaluated."""

    def __new__(cls, *factors):
        return Expr.__new__(cls, *[sp.sympify(f) for f in factors])

    @property
    def is_commutative(self):
        return all(f.is_commutative for f in self.args)

    def _latex(self, printer):
        parts = []
        for n, f in enumerate(self.args):
            text = printer._print(f)
            # a sum, or a negative factor after the first, needs parentheses: "a \cdot (-b)"
            if isinstance(f, sp.Add) or (n > 0 and f.could_extract_minus_sign()):
                text = rf"\left({text}\right)"
            parts.append(text)
        return r" \cdot ".join(parts)


class Columns(Expr):
    """The matrix whose column ``index`` is ``term``, for index = 1..|V| (or a row when term is scalar)."""

    is_commutative = False

    def __new__(cls, term, index):
        return Expr.__new__(cls, sp.sympify(term), index)

    def _latex(self, printer):
        term, index = self.args
        with sp.evaluate(False):  # keep the terms in the order written
            first = printer._print(term.xreplace({index: sp.Integer(1)}))
            last = printer._print(term.xreplace({index: Symbol("|V|")}))
        return rf"\begin{{bmatrix}} {first} & \cdots & {last} \end{{bmatrix}}"


class Cases(Expr):
    """A definition by cases, ``Cases((value, condition), ..., (value, True))``, printed as in a textbook.

    Like SymPy's Piecewise, but the conditions print as written (``w = o``, not ``o = w``) and the
    last case reads "otherwise".
    """

    def __new__(cls, *pairs):
        return Expr.__new__(cls, *[Tuple(sp.sympify(v), sp.sympify(cond)) for v, cond in pairs])

    @property
    def is_commutative(self):
        return all(pair[0].is_commutative for pair in self.args)

    def _latex(self, printer):
        rows = []
        for value, cond in self.args:
            if cond is sp.true:
                when = r"\text{otherwise}"
            else:
                lhs, rhs = cond.args
                op = {sp.Eq: "=", sp.Ne: r"\neq"}[type(cond)]
                when = rf"\text{{if }} {printer._print(lhs)} {op} {printer._print(rhs)}"
            rows.append(f"{printer._print(value)} & {when}")
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"


class ZeroVec(Expr):
    """The d x 1 zero vector."""

    is_commutative = False

    def __new__(cls):
        return Expr.__new__(cls)

    def _latex(self, printer):
        return r"\mathbf{0}"


class OneHot(Expr):
    """The |V| x 1 one-hot column of the word ``index``, printed with the given ``label``."""

    is_commutative = False

    def __new__(cls, index, label):
        label = label if isinstance(label, Symbol) else Symbol(label)
        return Expr.__new__(cls, sp.sympify(index), label)

    def _latex(self, printer):
        return self.args[1].name


class PairLoss(Expr):
    """The naive-softmax loss J(v_c, o, U) = -log y_hat_o of one (center, outside) pair."""

    is_commutative = True

    def __new__(cls, outside):
        return Expr.__new__(cls, sp.sympify(outside))

    def _latex(self, printer):
        return rf"J(v_{{c}}, {printer._print(self.args[0])}, U)"


class PairGrad(Expr):
    """The gradient of :class:`PairLoss` with respect to ``wrt`` (U or v_c), taken by SymPy."""

    is_commutative = False

    def __new__(cls, outside, wrt):
        return Expr.__new__(cls, sp.sympify(outside), wrt)

    def _latex(self, printer):
        outside, wrt = self.args
        return rf"\frac{{\partial J(v_{{c}}, {printer._print(outside)}, U)}}{{\partial {printer._print(wrt)}}}"


def plus(*terms):
    """A sum kept in the order written (SymPy would otherwise sort its terms for display)."""
    return sp.Add(*terms, evaluate=False)


def times(*factors):
    """A product kept as written (no collecting of -1 or of repeated factors)."""
    return sp.Mul(*factors, evaluate=False)


def matrix_symbol(name: str) -> Symbol:
    """A vector or matrix name (non-commutative, so products keep their order)."""
    return Symbol(name, commutative=False)


def latex(expr) -> str:
    """LaTeX of an expression, terms in the order the step was written."""
    return sp.latex(expr, order="none")
