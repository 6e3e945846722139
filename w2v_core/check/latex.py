"""Read a student's LaTeX into a small syntax tree: a grammar of the book's notation, not of all of LaTeX.

The reader only parses. It never evaluates the text, never hands it to ``sympify``/``parse_expr`` (both
run Python), and never opens a file: ``\\input`` or ``\\def`` are unknown commands like any other. Every
failure is a :class:`Unreadable` that says where reading stopped and what was expected there.

The tree (:class:`Node`) keeps the source text of every node, so that a verdict can quote the
student's own factor ("U^T is |V| x d ...").
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_CHARS = 20_000  # a long derivation is a few thousand characters
MAX_DEPTH = 60      # nesting of braces, parentheses, fractions and sums


class Unreadable(ValueError):
    """The text cannot be read; ``position`` is the 0-based offset where reading stopped."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Token:
    kind: str   # "cmd", "letter", "num", "sym", "text", "end"
    value: str
    pos: int


# Commands that only space or size things: dropped.
_IGNORED = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\displaystyle", r"\textstyle", r"\limits",
            r"\nolimits", r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl",
            r"\Bigr", r"\biggl", r"\biggr", r"\middle", r"\nonumber", r"\notag", r"\medspace", r"\thinspace",
            r"\negthinspace", r"\enspace"}
# Commands whose braced argument is plain text (read whole, as one token).
_TEXT_COMMANDS = {r"\text", r"\textrm", r"\mathrm", r"\operatorname", r"\mbox", r"\textit", r"\textbf", r"\mathit",
                  r"\textnormal", r"\mathsf", r"\texttt"}
# Unicode that real write-ups paste from word processors.
_UNICODE = {"\u2212": "-", "\u00b7": r"\cdot ", "\u22c5": r"\cdot ", "\u00d7": r"\times ", "\u03c3": r"\sigma ",
            "\u2202": r"\partial ", "\u2211": r"\sum ", "\u22a4": r"\top ", "\u2260": r"\neq ", "\u2264": r"\le ",
            "\u2265": r"\ge ", "\u2208": r"\in ", "\u2207": r"\nabla ", "\u2032": "'", "\u00a0": " ",
            "\u2009": " ", "\u200b": ""}
_SYMBOLS = set("^_{}()[]|+-=,'&<>/!:;.*")


def tokenize(text: str) -> list[Token]:
    """Split LaTeX into tokens, dropping spacing commands and reading ``\\text{...}`` whole."""
    if len(text) > MAX_CHARS:
        raise Unreadable(f"the text is {len(text):,} characters long; the checker reads at most {MAX_CHARS:,}", 0)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _UNICODE:
            repl = _UNICODE[ch]
            text = text[:i] + repl + text[i + 1:]
            n = len(text)
            continue
        if ch.isspace() or ch == "~":
            i += 1
            continue
        if ch == "%":  # a LaTeX comment runs to the end of the line
            while i < n and text[i] != "\n":
                i += 1
            continue
        if ch == "\\":
            if i + 1 < n and not text[i + 1].isalpha():
                cmd = text[i:i + 2]
                i += 2
                if cmd in _IGNORED:
                    continue
                if cmd == "\\\\":
                    tokens.append(Token("sym", "\\\\", i - 2))
                elif cmd in (r"\{", r"\}"):
                    tokens.append(Token("sym", cmd, i - 2))
                elif cmd in (r"\|",):
                    tokens.append(Token("sym", "|", i - 2))
                else:
                    raise Unreadable(f"unknown command {cmd!r} at character {i - 1}", i - 2)
                continue
            j = i + 1
            while j < n and text[j].isalpha():
                j += 1
            cmd = text[i:j]
            start, i = i, j
            if cmd in (r"\quad", r"\qquad"):
                # a wide space: between a formula and its condition ("\quad k = 1, \dots, K"), kept as a mark
                if tokens and tokens[-1].value not in (r"\quad", "=", "\\\\", "&", "{", "("):
                    tokens.append(Token("sym", r"\quad", start))
                continue
            if cmd in _IGNORED:
                if cmd in (r"\left", r"\right", r"\middle") and i < n and text[i] == ".":
                    i += 1  # \left. and \right. are invisible delimiters
                continue
            if cmd in _TEXT_COMMANDS:
                while i < n and text[i].isspace():
                    i += 1
                if i >= n or text[i] != "{":
                    raise Unreadable(f"{cmd} must be followed by {{...}} (character {start + 1})", start)
                depth, j = 1, i + 1
                while j < n and depth:
                    depth += {"{": 1, "}": -1}.get(text[j], 0)
                    j += 1
                if depth:
                    raise Unreadable(f"the {{ after {cmd} is never closed", i)
                tokens.append(Token("text", " ".join(text[i + 1:j - 1].split()), start))
                i = j
                continue
            tokens.append(Token("cmd", cmd, start))
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and (text[j].isdigit() or text[j] == "."):
                j += 1
            number = text[i:j]
            if number.count(".") > 1:
                raise Unreadable(f"{number!r} is not a number (character {i + 1})", i)
            tokens.append(Token("num", number, i))
            i = j
            continue
        if ch.isascii() and ch.isalpha():
            tokens.append(Token("letter", ch, i))
            i += 1
            continue
        if ch in _SYMBOLS:
            tokens.append(Token("sym", ch, i))
            i += 1
            continue
        raise Unreadable(f"the character {ch!r} (U+{ord(ch):04X}) at position {i + 1} is not part of the book's notation", i)
    while tokens and tokens[-1].value == r"\quad":
        tokens.pop()  # a wide space at the end means nothing
    tokens.append(Token("end", "", n))
    return tokens


@dataclass
class Node:
    """A node of the syntax tree. ``kind`` says what it is; ``args`` are child nodes or plain values."""

    kind: str
    args: tuple = ()
    src: str = ""
    attrs: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        inner = ", ".join(repr(a) for a in self.args)
        return f"{self.kind}({inner})"


# Node kinds:
#   num(value str)            sym(name, sub: Node|None, sup: Node|None)  -- a letter with its scripts
#   add(terms...)             neg(x)        mul(factors...)      div(num, den)     pow(base, exp)
#   transpose(x)              func(name, arg)  -- sigma, exp, log, sigma_prime, softmax
#   sum(index, domain: Node, body)   where domain is a "domain" node holding the raw parts
#   cases(((value, cond)...))  indicator(cond)  cond(op, lhs, rhs) | cond("otherwise")
#   deriv(variable sym, body | None, numerator sym | None)  -- d/dv [body] or dJ/dv
#   call(name sym, args...)    -- J(v_c, o, U), H(y, \hat y)
#   zero()                    hatted(letter) is folded into sym with attrs["hat"]


_FUNCTIONS = {r"\sigma": "sigma", r"\exp": "exp", r"\log": "log", r"\ln": "log"}
_RELATIONS = {"=": "=", r"\neq": "!=", r"\ne": "!=", r"\le": "<=", r"\leq": "<=", r"\ge": ">=", r"\geq": ">=",
              "<": "<", ">": ">", r"\in": "in", r"\notin": "notin", ":": ":"}
_HATS = {r"\hat", r"\widehat", r"\tilde"}
_BOLD = {r"\mathbf", r"\boldsymbol", r"\bm", r"\vec", r"\mathbb", r"\mathbbm", r"\pmb", r"\mathcal"}
_TRANSPOSE = {"T", r"\top", r"\intercal", r"\mathsf{T}"}


class Parser:
    """Recursive descent over the tokens of one line (an equation or a chain of equalities)."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    # -- helpers ------------------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def at(self, value: str, kind: str | None = None) -> bool:
        t = self.tok
        return t.value == value and (kind is None or t.kind == kind) and t.kind != "end"

    def take(self) -> Token:
        t = self.tok
        self.i += 1
        return t

    def expect(self, value: str, what: str) -> Token:
        if not self.at(value):
            self.fail(f"expected {what}")
        return self.take()

    def fail(self, expected: str):
        t = self.tok
        found = "the end of the line" if t.kind == "end" else repr(t.value)
        raise Unreadable(f"reading stopped at character {t.pos + 1} ({found}): {expected}", t.pos)

    def src(self, start_tok: int) -> str:
        if start_tok >= len(self.tokens):
            return ""
        a = self.tokens[start_tok].pos
        b = self.tokens[self.i].pos if self.i < len(self.tokens) else len(self.text)
        return self.text[a:b].strip()

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unreadable(f"the expression is nested more than {MAX_DEPTH} levels deep", self.tok.pos)

    def leave(self):
        self.depth -= 1

    # -- the line -------------------------------------------------------------------------------------
    def chain(self) -> tuple[list[Node], Node | None]:
        """Pieces separated by top-level '=', and a trailing qualifier ("for w != o") if there is one."""
        pieces = [self.expression()]
        qualifier = None
        while True:
            if self.at("="):
                self.take()
                if self.tok.kind == "end":
                    break  # a line that ends with "=" continues on the next line
                pieces.append(self.expression())
                continue
            q = self.qualifier()
            if q is not None:
                qualifier = q
                continue
            break
        while self.at(".") or self.at(",") or self.at(";"):
            self.take()  # punctuation that ends a displayed sentence
        if self.tok.kind != "end":
            self.fail("an operator (+, -, =) or the end of the line")
        return pieces, qualifier

    def qualifier(self) -> Node | None:
        """``, w \\neq o``, ``\\text{for } w \\neq o``, ``(w \\neq o)``, ``\\forall k``, ``\\text{for every word } w``."""
        start = self.i
        t = self.tok
        if t.kind == "sym" and t.value in (",", ";", r"\quad"):
            self.take()
            if self.at(",") or self.at(r"\quad"):
                self.take()
            while self.tok.kind == "text" and self.tok.value.lower().rstrip(":") in (
                    "for", "if", "when", "where", "with", "for all", "for every", "for each", "and", "for any"):
                self.take()
        elif t.kind == "text" and t.value.lower().split()[:1] and t.value.lower().split()[0] in (
                "for", "if", "when", "where", "with"):
            self.take()
        elif t.kind == "cmd" and t.value == r"\forall":
            self.take()
        elif t.kind == "sym" and t.value == "(" and self._paren_holds_condition():
            self.take()
            cond = self.conditions(closing=")")
            self.expect(")", "')' closing the condition")
            return Node("qualifier", (cond,), self.src(start))
        else:
            return None
        if self.tok.kind == "end" or self.at("="):
            return Node("qualifier", (), self.src(start))
        cond = self.conditions()
        return Node("qualifier", (cond,), self.src(start))

    def _paren_holds_condition(self) -> bool:
        depth, j = 0, self.i
        while j < len(self.tokens):
            t = self.tokens[j]
            if t.value in ("(", "[", "{", r"\{"):
                depth += 1
            elif t.value in (")", "]", "}", r"\}"):
                depth -= 1
                if depth == 0:
                    return self.tokens[j + 1].kind == "end" or self.tokens[j + 1].value in (".", ",")
            elif depth == 1 and (t.value in _RELATIONS and t.value != ":"):
                return True
            j += 1
        return False

    def conditions(self, closing: str | None = None) -> Node:
        """A list of relations (``w \\neq o``, ``k = 1, \\dots, K``) or words; kept raw for the meaning pass."""
        start = self.i
        items = []
        while (self.tok.kind != "end" and not (closing and self.at(closing)) and not self.at("=")
               and not self.at(r"\end", "cmd")):
            if self.tok.kind == "text":
                items.append(Node("words", (self.take().value,)))
                continue
            if self.at(",") or (self.at("\\\\") and closing != "\\\\"):
                self.take()  # separators between conditions, and the rows of \substack
                continue
            if self.tok.kind == "cmd" and self.tok.value in (r"\dots", r"\ldots", r"\cdots"):
                self.take()
                items.append(Node("dots"))
                continue
            items.append(self.relation_chain())
        return Node("conditions", tuple(items), self.src(start))

    def relation_chain(self) -> Node:
        """``a op b op c``: e.g. ``-m \\le j \\le m`` or ``w_i = w_k`` or ``w \\in V``."""
        start = self.i
        parts = [self.expression(stop_at_relations=True)]
        ops = []
        while (self.tok.kind in ("sym", "cmd") and self.tok.value in _RELATIONS
               and not (self.tok.value == ":" and False)):
            ops.append(_RELATIONS[self.take().value])
            parts.append(self.expression(stop_at_relations=True))
        return Node("relation", (tuple(ops), tuple(parts)), self.src(start))

    # -- expressions ----------------------------------------------------------------------------------
    def expression(self, stop_at_relations: bool = False) -> Node:
        self.enter()
        start = self.i
        terms = []
        sign = 1
        if self.at("+") or self.at("-"):
            sign = -1 if self.take().value == "-" else 1
        first = self.term(stop_at_relations)
        terms.append(first if sign == 1 else Node("neg", (first,), self.src(start)))
        while self.at("+") or self.at("-"):
            term_start = self.i
            op = self.take().value
            t = self.term(stop_at_relations)
            terms.append(t if op == "+" else Node("neg", (t,), self.src(term_start)))
        self.leave()
        if len(terms) == 1:
            return terms[0]
        return Node("add", tuple(terms), self.src(start))

    def _starts_factor(self, stop_at_relations: bool) -> bool:
        t = self.tok
        if t.kind in ("letter", "num"):
            return True
        if t.kind == "cmd":
            if t.value in _RELATIONS or t.value in (r"\cdot", r"\times", r"\end", r"\forall", r"\dots", r"\ldots",
                                                     r"\cdots"):
                return False
            return True
        if t.kind == "sym":
            return t.value in ("(", "[", r"\{", "|")
        return False

    def term(self, stop_at_relations: bool = False) -> Node:
        start = self.i
        factors = [self.signed_factor()]
        while True:
            if self.tok.kind == "cmd" and self.tok.value in (r"\cdot", r"\times", r"\ast"):
                self.take()
                factors.append(self.signed_factor())
                continue
            if self.at("*"):
                self.take()
                factors.append(self.signed_factor())
                continue
            if self.at("/"):
                self.take()
                den = self.signed_factor()
                num = factors.pop() if len(factors) == 1 else Node("mul", tuple(factors), "")
                factors = [Node("div", (num, den), self.src(start))]
                continue
            if self.at(r"\quad"):
                nxt = self.peek()
                if nxt.value in ("+", "-"):
                    self.take()  # "a \quad + b": only a space
                    break
                if self._starts_factor_at(self.i + 1) and not self._condition_follows(self.i + 1):
                    self.take()  # "U \quad (y_hat - y)": only a space
                    continue
                break
            if self.at("|") and self._closing_bar():
                break
            if self._starts_factor(stop_at_relations):
                factors.append(self.factor())
                continue
            break
        if len(factors) == 1:
            return factors[0]
        return Node("mul", tuple(factors), self.src(start))

    def _starts_factor_at(self, j: int) -> bool:
        save = self.i
        self.i = j
        try:
            return self._starts_factor(False)
        finally:
            self.i = save

    def _condition_follows(self, j: int) -> bool:
        """Whether the tokens from j to the end hold a relation, a comma, words or dots: a qualifier, not a factor."""
        depth = 0
        for t in self.tokens[j:]:
            if t.value in ("(", "[", "{", r"\{"):
                depth += 1
            elif t.value in (")", "]", "}", r"\}"):
                depth -= 1
            elif depth == 0 and (t.kind == "text" or t.value in _RELATIONS or t.value in (",", r"\dots", r"\ldots",
                                                                                          r"\cdots", r"\forall")):
                return True
        return False

    def _closing_bar(self) -> bool:
        # a "|" that closes |V| or |...| is handled in primary(); here a bare "|" ends the term
        return getattr(self, "_in_bars", 0) > 0

    def signed_factor(self) -> Node:
        if self.at("-"):
            start = self.i
            self.take()
            f = self.factor()
            return Node("neg", (f,), self.src(start))
        if self.at("+"):
            self.take()
        return self.factor()

    def factor(self) -> Node:
        """A primary with its superscripts: a power, a transpose, a prime."""
        self.enter()
        start = self.i
        node = self.primary()
        while True:
            if self.at("^"):
                self.take()
                sup = self.script()
                if _is_transpose(sup):
                    node = Node("transpose", (node,), self.src(start))
                elif sup.kind == "prime":
                    node = Node("prime", (node,), self.src(start))
                else:
                    node = Node("pow", (node, sup), self.src(start))
                continue
            if self.at("'"):
                self.take()
                node = Node("prime", (node,), self.src(start))
                continue
            break
        self.leave()
        return node

    def script(self) -> Node:
        """What follows ^ or _: one token, or a braced group."""
        start = self.i
        if self.at("{"):
            self.take()
            if self.at("}"):
                self.fail("something inside the braces")
            if self.tok.kind == "cmd" and self.tok.value in (r"\top", r"\intercal", r"\prime") and self.peek().value == "}":
                value = self.take().value
                self.take()
                return Node("prime" if value == r"\prime" else "T", (), self.src(start))
            if self.tok.kind == "text" and self.tok.value in ("T", "t") and self.peek().value == "}":
                self.take()
                self.take()
                return Node("T", (), self.src(start))
            if self.at("T", "letter") and self.peek().value == "}":
                self.take()
                self.take()
                return Node("T", (), self.src(start))
            inner = self.script_body()
            self.expect("}", "'}' closing the script")
            return inner
        t = self.tok
        if t.kind == "letter":
            self.take()
            if t.value == "T":
                return Node("T", (), "T")
            return Node("sym", (t.value, None, None), t.value)
        if t.kind == "num":
            self.take()
            if len(t.value) > 1 and "." not in t.value:
                # x^23 is x^2 3 in LaTeX; subscripts like u_12 are rare in this notation
                return Node("num", (t.value[0],), t.value[0])
            return Node("num", (t.value,), t.value)
        if t.kind == "cmd" and t.value in (r"\top", r"\intercal"):
            self.take()
            return Node("T", (), t.value)
        if t.kind == "cmd" and t.value == r"\prime":
            self.take()
            return Node("prime", (), t.value)
        if t.kind == "text":
            self.take()
            if t.value in ("T", "t"):
                return Node("T", (), "T")
            return Node("words", (t.value,), t.value)
        if t.kind == "cmd":
            return self.primary()
        if t.value == "-":  # e^-x
            self.take()
            f = self.script()
            return Node("neg", (f,), self.src(start))
        self.fail("a superscript or subscript")

    def script_body(self) -> Node:
        """Inside braces of a script: an expression, or conditions (a sum's range: w = 1, w \\in V, ...)."""
        start = self.i
        save = self.i
        if self.at(r"\substack", "cmd"):
            self.take()
            self.expect("{", "'{' after \\substack")
            rows = [self.conditions(closing="}")]
            self.expect("}", "'}' closing \\substack")
            return Node("conditions", tuple(rows), self.src(start))
        expr = self.expression()
        if self.at("}"):
            return expr
        self.i = save
        return self.conditions(closing="}")

    def primary(self) -> Node:
        self.enter()
        try:
            return self._primary()
        finally:
            self.leave()

    def _group(self, opening: str, closing: str) -> Node:
        start = self.i
        self.take()
        inner = self.expression()
        if not self.at(closing):
            self.fail(f"{closing!r} closing the {opening!r} opened at character {self.tokens[start].pos + 1}")
        self.take()
        return Node("group", (inner,), self.src(start))

    def _primary(self) -> Node:
        t = self.tok
        start = self.i
        if t.kind == "num":
            self.take()
            return Node("num", (t.value,), t.value)
        if t.kind == "letter":
            return self.symbol()
        if t.kind == "sym":
            if t.value == "(":
                return self._group("(", ")")
            if t.value == "[":
                return self._group("[", "]")
            if t.value == r"\{":
                return self._group(r"\{", r"\}")
            if t.value == "{":
                return self._group("{", "}")
            if t.value == "|":
                self.take()
                self._in_bars = getattr(self, "_in_bars", 0) + 1
                inner = self.expression()
                self._in_bars -= 1
                self.expect("|", "'|' closing the bars")
                return Node("abs", (inner,), self.src(start))
            self.fail("a symbol, a number or '('")
        if t.kind == "text":
            self.take()
            return Node("words", (t.value,), t.value)
        if t.kind == "cmd":
            return self.command()
        self.fail("a symbol, a number or '('")

    def symbol(self) -> Node:
        """A letter with its subscript (u_o, \\hat y_w, w_{t+j}); superscripts are handled by factor()."""
        start = self.i
        letter = self.take().value
        sub = None
        if self.at("_"):
            self.take()
            sub = self.script()
        # y^{(t+j)}: a superscript in parentheses labels a vector (the pair's one-hot), it is not a power
        sup = None
        if self.at("^") and self.peek().value == "{" and self.peek(2).value == "(":
            self.take()
            self.take()
            sup = self._group("(", ")")
            self.expect("}", "'}'")
        node = Node("sym", (letter, sub, sup), self.src(start))
        if letter in ("J", "L", "H") and self.at("("):
            # J(v_c, o, U), J(v_c, w_{t+j}, U), H(y, \hat y): a named function of several arguments
            self.take()
            args = [self.expression()]
            while self.at(","):
                self.take()
                if self.tok.kind == "cmd" and self.tok.value in (r"\dots", r"\ldots", r"\cdots"):
                    self.take()  # J(v_c, w_{t-m}, \dots, w_{t+m}, U)
                    continue
                args.append(self.expression())
            self.expect(")", "')' closing the arguments")
            return Node("call", (node, tuple(args)), self.src(start))
        return node

    def command(self) -> Node:
        t = self.tok
        start = self.i
        name = t.value
        if name in _HATS or name in _BOLD:
            self.take()
            if self.at("{"):
                self.take()
                inner = self.expression()
                self.expect("}", f"'}}' closing {name}")
            else:
                inner = self.primary()
            # \hat y_w: the subscript may follow the hat's group
            if self.at("_") and inner.kind == "sym" and inner.args[1] is None:
                self.take()
                sub = self.script()
                inner = Node("sym", (inner.args[0], sub, inner.args[2]), inner.src, dict(inner.attrs))
            if name in _HATS:
                if inner.kind != "sym":
                    self.fail(f"a single symbol under {name}")
                return Node("sym", inner.args, self.src(start), {**inner.attrs, "hat": True})
            if inner.kind == "sym" and inner.args[0] == "I" and inner.args[1] is None and name in (r"\mathbb", r"\mathbf"):
                return self.indicator(start)  # \mathbb{I}[w = o]
            if inner.kind == "num" and inner.args[0] in ("0", "1"):
                if inner.args[0] == "0":
                    return Node("zero", (), self.src(start))
                return self.indicator(start)
            return Node(inner.kind, inner.args, self.src(start), dict(inner.attrs)) if inner.kind == "sym" else inner
        if name in _FUNCTIONS:
            self.take()
            fname = _FUNCTIONS[name]
            prime = False
            power = None
            while self.at("'") or self.at("^"):
                if self.at("'"):
                    self.take()
                    prime = True
                    continue
                self.take()
                sup = self.script()
                if sup.kind == "prime":
                    prime = True
                else:
                    power = sup
            if self.at("_") and fname == "log":  # log_e
                self.take()
                self.script()
            if self.at("("):
                arg = self._group("(", ")")
            elif self.at("["):
                arg = self._group("[", "]")
            elif self.at("{"):
                arg = self._group("{", "}")
            elif fname in ("log", "exp"):
                arg = self.term()  # \log \hat y_o, \log \sum_w ..., \exp u^T v
            else:
                self.fail(f"'(' after {name}")
            node = Node("func", ("sigma_prime" if prime and fname == "sigma" else fname, arg), self.src(start))
            if prime and fname != "sigma":
                self.fail(f"a prime on {name}")
            if power is not None:
                node = Node("pow", (node, power), self.src(start))
            return node
        if name in (r"\frac", r"\dfrac", r"\tfrac"):
            return self.fraction()
        if name == r"\partial" or name == r"\nabla":
            return self.derivative_operator()
        if name == r"\sum":
            return self.sum()
        if name == r"\boxed":
            self.take()
            self.expect("{", "'{' after \\boxed")
            inner = self.expression()
            self.expect("}", "'}' closing \\boxed")
            return inner
        if name == r"\begin":
            return self.environment()
        if name == r"\sqrt":
            self.fail("no square root occurs in these answers")
        if name in (r"\alpha", r"\beta", r"\theta", r"\eta", r"\lambda", r"\delta", r"\mu", r"\tau", r"\pi",
                    r"\epsilon", r"\varepsilon", r"\phi", r"\psi", r"\omega", r"\gamma", r"\rho", r"\xi", r"\zeta",
                    r"\kappa", r"\nu", r"\chi", r"\Delta", r"\Sigma", r"\Theta", r"\ell"):
            self.take()
            sub = None
            if self.at("_"):
                self.take()
                sub = self.script()
            return Node("sym", (name, sub, None), self.src(start))
        raise Unreadable(f"the command {name} (character {t.pos + 1}) is not part of the book's notation", t.pos)

    def indicator(self, start: int) -> Node:
        """``\\mathbb{1}[w = o]``, ``\\mathbb{1}\\{...\\}``, ``\\mathbb{1}_{w = o}``: 1 where the condition holds."""
        if self.at("_"):
            self.take()
            self.expect("{", "'{' after the indicator's _")
            cond = self.conditions(closing="}")
            self.expect("}", "'}'")
        else:
            closing = {"[": "]", "(": ")", r"\{": r"\}", "{": "}"}.get(self.tok.value)
            if closing is None:
                self.fail("a condition in [ ] after the indicator 1")
            self.take()
            cond = self.conditions(closing=closing)
            self.expect(closing, f"{closing!r} closing the indicator")
        return Node("indicator", (cond,), self.src(start))

    def fraction(self) -> Node:
        start = self.i
        self.take()
        self.expect("{", "'{' after \\frac")
        if self.tok.kind == "cmd" and self.tok.value in (r"\partial", r"\delta") or (
                self.tok.kind in ("letter", "text") and self.tok.value == "d" and self._is_d_operator()):
            num_start = self.i
            self.take()
            numerator = None
            if self.at(r"\sigma", "cmd") and self.peek().value == "}":
                sigma_tok = self.take()  # d\sigma / dx: the function's name, not sigma of something
                numerator = Node("sym", (r"\sigma", None, None), sigma_tok.value)
            elif not self.at("}"):
                numerator = self.expression()
            self.expect("}", "'}' closing the numerator")
            self.expect("{", "'{' opening the denominator")
            if not ((self.tok.kind == "cmd" and self.tok.value in (r"\partial", r"\delta"))
                    or (self.tok.kind in ("letter", "text") and self.tok.value == "d")):
                self.i = num_start
                self.fail("the denominator of a derivative: \\partial and the variable")
            self.take()
            variable = self.factor()
            self.expect("}", "'}' closing the denominator")
            if numerator is not None:
                return Node("deriv", (variable, numerator), self.src(start), {"quantity": True})
            body = self.term()
            return Node("deriv", (variable, body), self.src(start))
        num = self.expression()
        self.expect("}", "'}' closing the numerator")
        self.expect("{", "'{' opening the denominator of \\frac")
        den = self.expression()
        self.expect("}", "'}' closing the denominator")
        return Node("div", (num, den), self.src(start))

    def _is_d_operator(self) -> bool:
        # \frac{d}{dx} or \frac{d\sigma}{dx}: a "d" followed by }, \sigma, J or L
        nxt = self.peek()
        return nxt.value == "}" or nxt.value in (r"\sigma", "J", "L")

    def derivative_operator(self) -> Node:
        """``\\partial J / \\partial v_c`` and ``\\nabla_{v_c} J``."""
        start = self.i
        t = self.take()
        if t.value == r"\nabla":
            self.expect("_", "'_' and the variable after \\nabla")
            variable = self.script()
            body = self.term()
            return Node("deriv", (variable, body), self.src(start), {"quantity": body.kind == "sym"})
        numerator = self.factor()
        self.expect("/", "'/' in \\partial J / \\partial v")
        if not self.at(r"\partial", "cmd"):
            self.fail("\\partial and the variable")
        self.take()
        variable = self.factor()
        return Node("deriv", (variable, numerator), self.src(start), {"quantity": True})

    def sum(self) -> Node:
        start = self.i
        self.take()
        lower = upper = None
        while self.at("_") or self.at("^"):
            which = self.take().value
            script = self.script()
            if which == "_":
                lower = script
            else:
                upper = script
        body = self.term()
        return Node("sum", (lower, upper, body), self.src(start))

    def environment(self) -> Node:
        start = self.i
        self.take()
        self.expect("{", "'{' after \\begin")
        name = ""
        while not self.at("}") and self.tok.kind != "end":
            name += self.take().value
        self.expect("}", "'}' closing the environment's name")
        if name not in ("cases", "dcases"):
            raise Unreadable(f"the environment {name!r} cannot be read inside an answer (only cases)",
                             self.tokens[start].pos)
        rows = []
        while True:
            value = self.expression()
            cond = None
            if self.at("&") or self.tok.kind == "text":
                if self.at("&"):
                    self.take()
                cond = self.conditions(closing="\\\\") if not self.at(r"\end", "cmd") else None
                if cond is not None and self.at(r"\end", "cmd"):
                    pass
            rows.append((value, cond))
            if self.at("\\\\"):
                self.take()
                if self.at(r"\end", "cmd"):
                    break
                continue
            break
        if not self.at(r"\end", "cmd"):
            self.fail("\\\\ or \\end{cases}")
        self.take()
        self.expect("{", "'{' after \\end")
        while not self.at("}") and self.tok.kind != "end":
            self.take()
        self.expect("}", "'}'")
        return Node("cases", tuple(rows), self.src(start))


def _is_transpose(sup: Node) -> bool:
    return sup.kind == "T"


def parse_line(text: str) -> tuple[list[Node], Node | None]:
    """One line: the pieces of a chain ``a = b = c`` and a trailing qualifier, or :class:`Unreadable`."""
    if not text.strip():
        raise Unreadable("the line is empty", 0)
    try:
        return Parser(text).chain()
    except RecursionError:
        raise Unreadable("the expression is nested too deeply to read", None) from None
