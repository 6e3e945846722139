"""Give the syntax tree of :mod:`.latex` its meaning in the book's notation, and infer its shape.

The result is an expression over the nodes of :mod:`w2v_core.derivations.notation` (the nodes the
book's own derivations are written in), so one evaluator checks both. Which letters mean what depends
on the part: ``u_k`` is the vector of the k-th negative word ``w_k`` in (f) and (g); ``y`` inside a
window sum of (h) is the one-hot vector of the pair's outside word.

Shapes follow the paper (U is d x |V|, v_c is d x 1). A product or sum whose shapes do not fit is
recorded, in words that quote the student's own factors, and building goes on, so that a known
mistake with a shape error (U^T(y_hat - y)) can still be recognised.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..derivations.notation import (Cases, Derivative, Domain, Entry, IndexSum, OneHot, PairGrad, PairLoss, Tr, Vec,
                                    ZeroVec, matrix_symbol, sigma)
from .latex import Node, Unreadable

SCALAR = ("1", "1")
COLUMN = ("d", "1")
WORDS = ("|V|", "1")
MATRIX_U = ("d", "|V|")
ZERO = ("0", "0")  # 0 or the zero vector: adds to anything

O, C, T = sp.Symbol("o"), sp.Symbol("c"), sp.Symbol("t")
U = matrix_symbol("U")
Y = matrix_symbol("y")
Y_HAT = matrix_symbol(r"\hat{y}")


def index_symbol(letter: str) -> sp.Symbol:
    """The internal name of an index the student sums over (kept apart from the instance's own names)."""
    return sp.Symbol(f"idx_{letter}")


def shape_words(shape: tuple) -> str:
    if shape == SCALAR:
        return "a scalar"
    if shape == ZERO:
        return "zero"
    rows, cols = shape
    if cols == "1":
        return f"a column, {rows} x 1"
    if rows == "1":
        return f"a row, 1 x {cols}"
    return f"a {rows} x {cols} matrix"


@dataclass
class Built:
    expr: object
    shape: tuple
    src: str


@dataclass
class Meaning:
    """What a piece of a line means: an expression, or the name of a quantity (an equation's left side)."""

    expr: object = None
    shape: tuple = SCALAR
    quantity: str | None = None      # "J", "v_c", "u_w", ... when the piece names what is computed
    condition: object = None         # "for w != o" after the formula: a SymPy relation over indices
    shape_errors: list = field(default_factory=list)
    src: str = ""


DRAW_LETTERS = {"k", "i", "j", "l", "s"}  # in (f) and (g), u_k with one of these is the vector of the draw w_k


class Reader:
    """Builds one piece of a line for one part; ``free`` holds the index the quantity is stated for."""

    def __init__(self, part: str, free: dict | None = None, alias: dict | None = None):
        self.part = part
        self.alias = dict(alias or {})       # the student's letter for the free index -> the book's
        self.bound: dict[str, str] = {}      # index letter -> domain kind of the enclosing sum
        self.free = dict(free or {})         # index letter -> domain kind (u_w of part c: w over the vocabulary)
        self.shape_errors: list[str] = []

    # -- entry point -----------------------------------------------------------------------------------
    def piece(self, node: Node) -> Meaning:
        quantity = self.quantity_of(node)
        if quantity is not None:
            return Meaning(quantity=quantity, src=node.src)
        built = self.build(node)
        return Meaning(expr=built.expr, shape=built.shape, shape_errors=list(self.shape_errors), src=node.src)

    def quantity_of(self, node: Node) -> str | None:
        """``J``, ``\\frac{\\partial J}{\\partial v_c}``, ``\\sigma'(x)``, ``H(y, \\hat y)``... or None for an expression."""
        if _is_loss_name(node):
            return "J"
        if node.kind == "call" and _is_loss_name(node.args[0]):
            if self.part == "h" and len(node.args[1]) == 3 and not _names_window_loss(node.args[0]):
                return None  # J(v_c, w_{t+j}, U) is one pair's loss, a value
            return "J"
        if node.kind == "deriv" and node.attrs.get("quantity"):
            num = node.args[1]
            if _is_loss_name(num) or (num.kind == "call" and _is_loss_name(num.args[0])):
                if self.part == "h" and num.kind == "call" and not _names_window_loss(num.args[0]):
                    return None  # the gradient of one pair's loss: a value (PairGrad)
                return self.variable_name(node.args[0])
            if self.part == "e" and _is_sigma(num):
                return "sigma_prime"
            return None
        if self.part == "e" and node.kind == "func" and node.args[0] == "sigma_prime" and _is_x(node.args[1]):
            return "sigma_prime"
        if self.part == "e" and node.kind == "prime" and _is_sigma(node.args[0]):
            return "sigma_prime"
        if self.part == "e" and node.kind == "func" and node.args[0] == "sigma" and _is_x(node.args[1]):
            return "sigma"
        if self.part == "e" and node.kind == "sym" and node.args[0] == r"\sigma" and node.args[1] is None:
            return "sigma"
        return None

    def variable_name(self, node: Node) -> str:
        """The quantity a derivative is taken with respect to: v_c, u_o, u_w, u_k, U, v_w or x."""
        node = _ungroup(node)
        if node.kind == "sym":
            letter, sub, _ = node.args
            if letter == "U" and sub is None:
                return "U"
            if letter == "x" and sub is None:
                return "sigma_prime"
            if letter in ("u", "v") and sub is not None:
                sub = _ungroup(sub)
                if sub.kind == "num" and sub.args[0] == "0":
                    return f"{letter}_o"
                if sub.kind == "sym" and sub.args[1] is None:
                    name = sub.args[0]
                    if letter == "v":
                        return "v_c" if name == "c" else "v_w"
                    if name == "o":
                        return "u_o"
                    if name in DRAW_LETTERS and self.part in "fg":
                        return "u_k"
                    return "u_w"
                if sub.kind == "sym" and sub.args[0] == "w" and letter == "u":
                    return "u_k"
        raise Unreadable(f"cannot tell which variable {node.src!r} is: the book differentiates with respect to "
                         "v_c, u_o, u_w, u_k, U, v_w or x")

    # -- expressions -----------------------------------------------------------------------------------
    def build(self, node: Node) -> Built:
        method = getattr(self, f"_b_{node.kind}", None)
        if method is None:
            raise Unreadable(f"{node.src!r} cannot be read as part of an answer")
        return method(node)

    def _mismatch(self, message: str):
        if message not in self.shape_errors:
            self.shape_errors.append(message)

    def _b_group(self, node):
        inner = self.build(node.args[0])
        return Built(inner.expr, inner.shape, node.src)

    def _b_num(self, node):
        text = node.args[0]
        value = sp.Rational(text) if "." in text else sp.Integer(int(text))
        return Built(value, ZERO if value == 0 else SCALAR, node.src)

    def _b_zero(self, node):
        return Built(ZeroVec(), ZERO, node.src)

    def _b_neg(self, node):
        inner = self.build(node.args[0])
        return Built(sp.Mul(-1, inner.expr, evaluate=False), inner.shape, node.src)

    def _b_add(self, node):
        terms = [self.build(t) for t in node.args]
        shape = ZERO
        first = None
        for t in terms:
            if t.shape == ZERO:
                continue
            if shape == ZERO:
                shape, first = t.shape, t
            elif t.shape != shape:
                self._mismatch(f"{first.src} is {shape_words(shape)} but {t.src} is {shape_words(t.shape)}: "
                               "they cannot be added")
        return Built(sp.Add(*[t.expr for t in terms], evaluate=False), shape, node.src)

    def _b_mul(self, node):
        parts = [self.build(f) for f in node.args]
        shape, left = parts[0].shape, parts[0]
        for right in parts[1:]:
            shape = self._product_shape(left, shape, right)
            left = Built(None, shape, f"{left.src} {right.src}".strip())
        return Built(sp.Mul(*[p.expr for p in parts], evaluate=False), shape, node.src)

    def _product_shape(self, left: Built, a: tuple, right: Built) -> tuple:
        b = right.shape
        if a == ZERO or b == ZERO:
            return ZERO
        if a == SCALAR:
            return b
        if b == SCALAR:
            return a
        if a[1] != b[0]:
            unless = f" unless {a[1]} = {b[0]}" if "1" not in (a[1], b[0]) else ""
            self._mismatch(f"{left.src} is {a[0]} x {a[1]} and {right.src} is {b[0]} x {b[1]}: "
                           f"the product is undefined{unless}")
        shape = (a[0], b[1])
        return SCALAR if shape == SCALAR else shape

    def _b_div(self, node):
        num, den = (self.build(x) for x in node.args)
        if den.shape not in (SCALAR, ZERO):
            self._mismatch(f"{den.src} is {shape_words(den.shape)}: one cannot divide by it")
        return Built(sp.Mul(num.expr, sp.Pow(den.expr, -1, evaluate=False), evaluate=False), num.shape, node.src)

    def _b_pow(self, node):
        base, exponent = node.args
        if base.kind == "sym" and base.args[0] == "e" and base.args[1] is None:
            arg = self.build(exponent)
            self._need_scalar(arg, "e^{...}")
            return Built(sp.exp(arg.expr, evaluate=False), SCALAR, node.src)
        b, e = self.build(base), self.build(exponent)
        self._need_scalar(b, "a power")
        self._need_scalar(e, "an exponent")
        return Built(sp.Pow(b.expr, e.expr, evaluate=False), SCALAR, node.src)

    def _need_scalar(self, built: Built, what: str):
        if built.shape not in (SCALAR, ZERO):
            self._mismatch(f"{built.src} is {shape_words(built.shape)}, but {what} needs a number")

    def _b_transpose(self, node):
        inner = self.build(node.args[0])
        if inner.shape in (SCALAR, ZERO):
            return Built(inner.expr, inner.shape, node.src)  # a number is its own transpose
        return Built(Tr(inner.expr), (inner.shape[1], inner.shape[0]), node.src)

    def _b_func(self, node):
        name, arg_node = node.args
        if name == "sigma_prime":
            if self.part == "e":
                raise Unreadable("in part (e) the derivative of sigma is what is asked: write it out")
            arg = self.build(arg_node)
            self._need_scalar(arg, "sigma'")
            s = sigma(arg.expr)
            return Built(sp.Mul(s, sp.Add(1, sp.Mul(-1, s, evaluate=False), evaluate=False), evaluate=False),
                         SCALAR, node.src)
        if name == "softmax":
            raise Unreadable("write softmax(U^T v_c) as \\hat y")
        arg = self.build(arg_node)
        self._need_scalar(arg, {"sigma": "sigma", "exp": "exp", "log": "log"}[name])
        fn = {"sigma": sigma, "exp": lambda a: sp.exp(a, evaluate=False), "log": lambda a: sp.log(a, evaluate=False)}
        return Built(fn[name](arg.expr), SCALAR, node.src)

    def _b_prime(self, node):
        raise Unreadable(f"{node.src!r}: a prime is read only on sigma, as sigma'(x)")

    def _b_abs(self, node):
        inner = _ungroup(node.args[0])
        if inner.kind == "sym" and inner.args[0] == "V" and inner.args[1] is None:
            return Built(sp.Symbol("|V|"), SCALAR, node.src)
        raise Unreadable(f"{node.src!r}: bars are read only in |V|, the size of the vocabulary")

    def _b_words(self, node):
        raise Unreadable(f"the words {node.args[0]!r} cannot be read as part of a formula")

    def _b_deriv(self, node):
        variable_node, body_node = node.args
        quantity = self.variable_name(variable_node)
        if node.attrs.get("quantity"):
            num = body_node
            if num.kind == "call" and _is_loss_name(num.args[0]) and self.part == "h":
                word = self._pair_word(num)
                wrt = self.variable_expr(quantity, variable_node)
                return Built(PairGrad(word, wrt), QUANTITY_SHAPES[quantity], node.src)
            raise Unreadable(f"{node.src!r} names a derivative of the loss; it can only stand on the left of '='")
        body = self.build(body_node)
        self._need_scalar(body, "the derivative of")
        wrt = self.variable_expr(quantity, variable_node)
        return Built(Derivative(body.expr, wrt), QUANTITY_SHAPES[quantity], node.src)

    def variable_expr(self, quantity: str, node: Node | None = None):
        """The notation for the variable of a derivative, with the index the student wrote."""
        if quantity == "v_c":
            return Vec("v", C)
        if quantity == "u_o":
            return Vec("u", O)
        if quantity == "U":
            return U
        if quantity == "sigma_prime":
            return sp.Symbol("x")
        canonical = {"u_w": "w", "u_k": "k", "v_w": "w"}[quantity]
        letter = self.alias.get(_index_letter(node), _index_letter(node)) if node is not None else canonical
        if quantity == "u_k":
            return Vec("u", index_symbol(letter), via="w")
        return Vec("u" if quantity == "u_w" else "v", index_symbol(letter))

    def _pair_word(self, call: Node):
        args = call.args[1]
        if len(args) != 3:
            raise Unreadable(f"{call.src!r}: a pair's loss is written J(v_c, w_{{t+j}}, U)")
        return self.index(args[1], for_word=True)

    def _b_call(self, node):
        name, args = node.args
        if _is_loss_name(name) and self.part == "h":
            return Built(PairLoss(self._pair_word(node)), SCALAR, node.src)
        raise Unreadable(f"{node.src!r} names the loss; it can only stand on the left of '='")

    def _b_indicator(self, node):
        cond = self.condition(node.args[0])
        return Built(Cases((1, cond), (0, True)), SCALAR, node.src)

    def _b_cases(self, node):
        pairs, shape = [], None
        for value_node, cond_node in node.args:
            value = self.build(value_node)
            cond = True if cond_node is None or _is_otherwise(cond_node) else self.condition(cond_node)
            pairs.append((value.expr, cond))
            if value.shape != ZERO:
                shape = shape or value.shape
        if pairs and pairs[-1][1] is not True:
            # "A if w = o, B if w != o": the last condition is then "otherwise"
            pairs[-1] = (pairs[-1][0], True)
        return Built(Cases(*pairs), shape or ZERO, node.src)

    def condition(self, node: Node):
        """``w = o``, ``w \\neq o``, ``w_j = w_k`` as a SymPy relation over indices."""
        relations = [x for x in (node.args if node.kind == "conditions" else (node,)) if x.kind == "relation"]
        if len(relations) != 1 or len(relations[0].args[0]) != 1 or relations[0].args[0][0] not in ("=", "!="):
            raise Unreadable(f"cannot read the condition {node.src!r}: write it as w = o or w \\neq o")
        (op,), (lhs, rhs) = relations[0].args
        a, b = self.index(lhs, for_word=True), self.index(rhs, for_word=True)
        return sp.Eq(a, b, evaluate=False) if op == "=" else sp.Ne(a, b, evaluate=False)

    def _b_sum(self, node):
        lower, upper, body_node = node.args
        letter, kind, other = self.domain(lower, upper)
        saved = self.bound.get(letter)
        self.bound[letter] = kind
        try:
            body = self.build(body_node)
        finally:
            if saved is None:
                self.bound.pop(letter, None)
            else:
                self.bound[letter] = saved
        domain = Domain(kind, other) if other is not None else Domain(kind)
        return Built(IndexSum(body.expr, index_symbol(letter), domain), body.shape, node.src)

    def domain(self, lower: Node | None, upper: Node | None) -> tuple[str, str, object]:
        """The index, the kind of range and its "other" word, from a sum's scripts."""
        if lower is None:
            raise Unreadable("a sum needs its index: \\sum_{w}, \\sum_{k=1}^{K}, \\sum_{j \\neq 0} ...")
        rels = _relations(lower)
        letter = _sum_index(lower, rels)
        text = lower.src
        upper_text = upper.src if upper is not None else ""
        ops = [op for r in rels for op in r.args[0]]
        if self.part == "h" and letter in ("j", "i"):
            # a bare \sum_j is the window; an explicit range from -m to m without "j != 0" includes the center
            bare = lower.kind == "sym" or not rels
            excludes_zero = bare or any(op == "!=" for op in ops) or "0<" in text.replace(" ", "")
            return letter, ("window" if excludes_zero else "window_all"), None
        for r in rels:
            if "in" in r.args[0] and not _is_vocabulary(r.args[1][-1]):
                raise Unreadable(f"cannot tell which words the sum {text!r} runs over: write \\sum_{{w \\in V}}, "
                                 "\\sum_{k=1}^{K} or \\sum_{w \\neq o}")
        if ":" in ops:  # \sum_{i : w_i = w_k}
            rel = next(r for r in rels if ":" in r.args[0])
            target = rel.args[1][-1]
            return letter, "draws_of", self.index(target, for_word=True)
        if any(op == "=" for op in ops) and len(rels) >= 2:  # \substack{i = 1 \\ w_i = w_k}
            for r in rels:
                parts = r.args[1]
                if r.args[0] == ("=",) and parts[0].kind == "sym" and parts[0].args[0] == "w":
                    return letter, "draws_of", self.index(parts[1], for_word=True)
        if any(op == "!=" for op in ops):
            rel = next(r for r in rels if "!=" in r.args[0])
            return letter, "vocab_except", self.index(rel.args[1][-1], for_word=True)
        if self.part in "fg" and (letter in DRAW_LETTERS or "K" in upper_text):
            return letter, "negatives", None
        return letter, "vocab", None

    # -- symbols -------------------------------------------------------------------------------------
    def _b_sym(self, node):
        letter, sub, sup = node.args
        hat = node.attrs.get("hat", False)
        if letter == "y":
            return self._y(node, sub, sup, hat)
        if hat:
            raise Unreadable(f"{node.src!r}: only y wears a hat in the book's notation")
        if sup is not None:
            raise Unreadable(f"{node.src!r}: a superscript in parentheses is read only on y, as y^{{(t+j)}}")
        if letter == r"\delta" and sub is not None:
            return self._kronecker(sub, node.src)
        if letter in ("u", "v"):
            if sub is None:
                raise Unreadable(f"{node.src!r} needs a subscript: u_o, u_w, v_c ...")
            return self._vector(letter, sub, node.src)
        if sub is not None and letter == "n" and self.part == "g":
            idx = self.index(sub, for_word=True)
            return Built(Entry("n", idx), SCALAR, node.src)
        if letter == "U" and sub is None:
            return Built(U, MATRIX_U, node.src)
        if letter == "x" and sub is None and self.part == "e":
            return Built(sp.Symbol("x"), SCALAR, node.src)
        if letter == "e" and sub is None:
            return Built(sp.E, SCALAR, node.src)
        if letter in ("K", "m", "d") and sub is None:
            if letter == "K" and self.part not in "fg" or letter == "m" and self.part != "h":
                raise Unreadable(f"{letter} has no meaning in part ({self.part})")
            return Built(sp.Symbol(letter), SCALAR, node.src)
        if letter == "w" and sub is not None:
            raise Unreadable(f"{node.src!r} is a word, not a number: use it as an index, as in u_{{w_k}}")
        if letter in ("J", "L"):
            raise Unreadable(f"{node.src!r} names the loss; it can only stand on the left of '='")
        name = letter if not letter.startswith("\\") else letter[1:]
        raise Unreadable(f"the symbol {name!r} ({node.src}) is not part of the book's notation for part ({self.part})")

    def _kronecker(self, sub: Node, src: str) -> Built:
        """delta_{wo} or delta_{w,o}: 1 when the two words are the same, else 0."""
        sub = _ungroup(sub)
        if sub.kind == "mul" and len(sub.args) == 2:
            a, b = sub.args
        elif sub.kind == "conditions":
            items = [x.args[1][0] for x in sub.args if x.kind == "relation" and not x.args[0]]
            if len(items) != 2:
                raise Unreadable(f"{src!r}: write the Kronecker delta as \\delta_{{wo}}")
            a, b = items
        else:
            raise Unreadable(f"{src!r}: write the Kronecker delta as \\delta_{{wo}}")
        cond = sp.Eq(self.index(a, for_word=True), self.index(b, for_word=True), evaluate=False)
        return Built(Cases((1, cond), (0, True)), SCALAR, src)

    def _y(self, node, sub, sup, hat):
        if self.part not in "abcdh":
            raise Unreadable(f"{node.src!r}: y and y_hat belong to the naive softmax, parts (a)-(d) and (h)")
        if sub is not None:
            idx = self.index(sub, for_word=True)
            return Built(Entry(r"\hat{y}" if hat else "y", idx), SCALAR, node.src)
        if hat:
            return Built(Y_HAT, WORDS, node.src)
        if self.part == "h":
            if not any(kind in ("window", "window_all") for kind in self.bound.values()):
                raise Unreadable("in part (h) y depends on the pair: write y^{(t+j)} inside the sum over j")
            word = self._window_word()
            return Built(OneHot(word, "y^{(t+j)}"), WORDS, node.src)
        if sup is not None:
            raise Unreadable(f"{node.src!r}: y^{{(...)}} is read only in part (h)")
        return Built(Y, WORDS, node.src)

    def _window_word(self):
        letter = next((k for k, kind in self.bound.items() if kind in ("window", "window_all")), "j")
        return Entry("w", T + index_symbol(letter), key="window")

    def _vector(self, letter: str, sub: Node, src: str) -> Built:
        sub = _ungroup(sub)
        if letter == "u" and sub.kind == "sym" and sub.args[1] is None and self.part in "fg" and (
                self.alias.get(sub.args[0], sub.args[0]) in DRAW_LETTERS):
            return Built(Vec("u", self.index(sub), via="w"), COLUMN, src)
        return Built(Vec(letter, self.index(sub, for_word=True)), COLUMN, src)

    def index(self, node: Node, for_word: bool = False):
        """A word index: o, c, a summed or free index letter, w_k (a draw), w_{t+j} (a window position)."""
        node = _ungroup(node)
        if node.kind == "num":
            if node.args[0] == "0":
                return O  # u_0 is how some write-ups write u_o
            raise Unreadable(f"{node.src!r}: a word is named by a letter here (o, c, w, k ...), not a number")
        if node.kind == "sym":
            letter, sub, _ = node.args
            if letter == "w" and sub is not None:
                if self.part == "h":
                    return self._position_word(sub)
                inner = _ungroup(sub)
                if inner.kind != "sym" or inner.args[1] is not None:
                    raise Unreadable(f"{node.src!r}: the draws are w_1, ..., w_K, named w_k")
                return Entry("w", self.index(inner))
            if sub is not None:
                raise Unreadable(f"{node.src!r} cannot be read as a word")
            if letter not in self.bound:
                letter = self.alias.get(letter, letter)
            if letter == "o":
                return O
            if letter == "c":
                return C
            if letter in self.bound or letter in self.free:
                kind = self.bound.get(letter) or self.free.get(letter)
                if for_word and kind == "negatives" and self.part in "fg":
                    return Entry("w", index_symbol(letter))  # the word of the k-th draw
                return index_symbol(letter)
            raise Unreadable(f"the index {letter!r} is not defined here: sum over it, or state the answer "
                             f"for it (\\frac{{\\partial J}}{{\\partial u_{letter}}} = ...)")
        if node.kind == "add" and self.part == "h":
            return self._position_word(node)
        raise Unreadable(f"{node.src!r} cannot be read as a word")

    def _position_word(self, sub: Node):
        """w_{t+j} (or w_j) in part (h): the outside word at position t + j."""
        sub = _ungroup(sub)
        letter = None
        if sub.kind == "sym" and sub.args[1] is None:
            letter = sub.args[0]
        elif sub.kind == "add" and len(sub.args) == 2 and sub.args[0].kind == "sym" and sub.args[0].args[0] == "t" \
                and sub.args[1].kind == "sym" and sub.args[1].args[1] is None:
            letter = sub.args[1].args[0]
        if letter is None or (letter not in self.bound and letter != "t"):
            raise Unreadable(f"{sub.src!r}: write the outside words as w_{{t+j}}, with j summed over the window")
        if letter == "t":
            return C
        return Entry("w", T + index_symbol(letter), key="window")


QUANTITY_SHAPES = {"J": SCALAR, "sigma": SCALAR, "sigma_prime": SCALAR, "v_c": COLUMN, "u_o": COLUMN,
                   "u_w": COLUMN, "u_k": COLUMN, "v_w": COLUMN, "U": MATRIX_U}


# -- small predicates over the tree ------------------------------------------------------------------------
def _ungroup(node: Node) -> Node:
    while node is not None and node.kind == "group":
        node = node.args[0]
    return node


def _is_loss_name(node: Node) -> bool:
    node = _ungroup(node)
    return node.kind == "sym" and node.args[0] in ("J", "L", "H") and node.args[2] is None


def _names_window_loss(node: Node) -> bool:
    sub = node.args[1]
    return sub is not None and any(w in sub.src.lower() for w in ("sg", "skip", "gram"))


def _is_sigma(node: Node) -> bool:
    node = _ungroup(node)
    if node.kind == "sym" and node.args[0] == r"\sigma":
        return True
    return node.kind == "func" and node.args[0] == "sigma" and _is_x(node.args[1])


def _is_x(node: Node) -> bool:
    node = _ungroup(node)
    return node.kind == "sym" and node.args[0] == "x" and node.args[1] is None


def _is_otherwise(node: Node) -> bool:
    words = " ".join(x.args[0] for x in node.args if x.kind == "words").lower()
    return node.kind == "conditions" and not any(x.kind == "relation" for x in node.args) and (
        "otherwise" in words or "else" in words or "other" in words)


def _is_vocabulary(node: Node) -> bool:
    """V, \\mathcal{V}, \\text{Vocab}: the whole vocabulary."""
    node = _ungroup(node)
    if node.kind == "sym":
        return node.args[0] == "V" and node.args[1] is None
    return node.kind == "words" and node.args[0].lower() in ("vocab", "vocabulary", "v")


def _relations(node: Node) -> list[Node]:
    if node.kind == "relation":
        return [node]
    if node.kind == "conditions":
        out = []
        for x in node.args:
            out.extend(_relations(x))
        return out
    return []


def _index_letter(node: Node) -> str:
    node = _ungroup(node)
    sub = _ungroup(node.args[1]) if node.kind == "sym" and node.args[1] is not None else None
    if sub is not None and sub.kind == "sym":
        if sub.args[0] == "w" and sub.args[1] is not None:
            inner = _ungroup(sub.args[1])
            if inner.kind == "sym":
                return inner.args[0]
        return sub.args[0]
    raise Unreadable(f"cannot read the index of {node.src!r}")


def _sum_index(lower: Node, rels: list[Node]) -> str:
    """The letter a sum runs over: the first plain letter of its lower script."""
    candidates = []
    if lower.kind == "sym" and lower.args[1] is None:
        return lower.args[0]
    for r in rels:
        for part in r.args[1]:
            part = _ungroup(part)
            if part.kind == "sym" and part.args[1] is None and part.args[0] not in ("m", "K", "V", "o", "c", "t"):
                candidates.append(part.args[0])
    if not candidates:
        raise Unreadable(f"cannot tell which index the sum {lower.src!r} runs over")
    return candidates[0]
