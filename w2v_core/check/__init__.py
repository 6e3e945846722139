"""Check a student's answer, or a whole derivation line by line, against the book's mathematics.

>>> from w2v_core import check
>>> check.answer("b", r"U\\hat{y} - Uy").verdict
'correct'
>>> check.answer("b", r"U^\\top(\\hat y - y)").results[0].mistake
'grad_center_with_U_transposed'

``answer(part, latex, quantity=None)`` judges one answer (or several, one per line, each naming its
quantity on the left of "="); ``derivation(part, text)`` judges every step of a pasted derivation
against the step before it. Both return a :class:`Report` (``.to_dict()`` is the JSON of
``python -m w2v_core check --json``; in Jupyter it displays the steps with their marks).
``check_json`` is the same as one JSON string that never raises: the website's door.

Pure Python (SymPy and mpmath, no numpy), so the same code runs in the reader's browser. The student's
text is parsed by a grammar of the book's notation (:mod:`.latex`); it is never evaluated as code.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field

from .latex import Unreadable, parse_line
from .lines import math_rows
from .parts import QUANTITIES, QUANTITY_WORDS, PartContext

__all__ = ["QUANTITIES", "Report", "Result", "StepResult", "answer", "check_json", "derivation"]

PARTS = "abcdefgh"
TIME_LIMIT = 20.0  # seconds for one call; a pasted text that needs longer gets an "unreadable" verdict
_CONTEXTS: dict[str, PartContext] = {}


def _context(part: str) -> PartContext:
    if not isinstance(part, str) or part not in PARTS or len(part) != 1:
        raise ValueError(f"part must be one of {', '.join(PARTS)}; got {part!r}")
    if part not in _CONTEXTS:
        _CONTEXTS[part] = PartContext(part)
    return _CONTEXTS[part]


@dataclass
class StepResult:
    line: int | None
    latex: str
    status: str               # start | ok | wrong | unreadable
    mistake: str | None = None
    message: str = ""


@dataclass
class Result:
    quantity: str | None
    kind: str                 # answer | derivation
    verdict: str              # correct | mistake | shape | wrong | unreadable
    mistake: str | None = None
    message: str = ""
    first_wrong_line: int | None = None
    anchor: str | None = None
    steps: list[StepResult] = field(default_factory=list)
    counterexample: dict | None = None


@dataclass
class Report:
    part: str
    results: list[Result]

    @property
    def verdict(self) -> str:
        """The verdict of the only result, or the worst of them: unreadable < wrong < shape < mistake < correct."""
        order = ["unreadable", "wrong", "shape", "mistake", "correct"]
        return min((r.verdict for r in self.results), key=order.index) if self.results else "unreadable"

    @property
    def ok(self) -> bool:
        """Everything checked is correct: every verdict, and every step of a derivation."""
        return bool(self.results) and all(r.verdict == "correct" and r.first_wrong_line is None
                                          for r in self.results)

    def to_dict(self) -> dict:
        return {"part": self.part, "results": [asdict(r) for r in self.results]}

    def _repr_html_(self) -> str:
        from .display import report_html
        return report_html(self)

    def __str__(self) -> str:
        lines = [f"part ({self.part})"]
        for r in self.results:
            head = f"  {QUANTITY_WORDS.get(r.quantity, r.quantity)}: {r.verdict}"
            if r.mistake:
                head += f" [{r.mistake}]"
            lines.append(head + (f" -- {r.message}" if r.message else ""))
            if r.kind == "derivation":
                for s in r.steps:
                    mark = {"start": "start", "ok": "ok", "wrong": "WRONG", "unreadable": "??"}[s.status]
                    lines.append(f"    line {s.line}: {mark:6} {s.latex}" + (f"  -- {s.message}" if s.message and
                                                                                s.status != "ok" else ""))
        return "\n".join(lines)


# -- answers -------------------------------------------------------------------------------------------
def answer(part: str, latex: str, quantity: str | None = None) -> Report:
    """Judge the answer(s) in ``latex`` for ``part``; ``quantity`` says what is answered when no left side does."""
    ctx = _context(part)
    if quantity is not None and quantity not in ctx.quantities:
        raise ValueError(f"quantity must be one of {', '.join(ctx.quantities)} for part ({part}); got {quantity!r}")
    if not isinstance(latex, str):
        raise ValueError(f"latex must be a string; got {type(latex).__name__}")
    deadline = time.monotonic() + TIME_LIMIT
    try:
        rows = math_rows(latex)
    except Unreadable as exc:
        return Report(part, [Result(quantity, "answer", "unreadable", message=str(exc))])
    if not rows:
        return Report(part, [Result(quantity, "answer", "unreadable", message="the answer box is empty")])
    if quantity is None and len(QUANTITIES[part]) == 1:
        quantity = QUANTITIES[part][0][0]  # the part asks for one thing
    chains = _read(ctx, rows, quantity, deadline, kind="answer")
    return Report(part, chains)


def derivation(part: str, text: str) -> Report:
    """Judge every step of the derivation(s) in ``text``: each line against the line before it."""
    ctx = _context(part)
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {type(text).__name__}")
    deadline = time.monotonic() + TIME_LIMIT
    try:
        rows = math_rows(text)
    except Unreadable as exc:
        return Report(part, [Result(None, "derivation", "unreadable", message=str(exc))])
    if not rows:
        return Report(part, [Result(None, "derivation", "unreadable", message="no mathematics found in the text")])
    return Report(part, _read(ctx, rows, None, deadline, kind="derivation"))


def check_json(part: str, text: str, mode: str = "answer", quantity: str | None = None) -> str:
    """``answer`` or ``derivation`` as a JSON string; never raises (a bad argument is an unreadable verdict)."""
    try:
        if mode not in ("answer", "derivation"):
            raise ValueError(f"mode must be 'answer' or 'derivation'; got {mode!r}")
        report = answer(part, text, quantity or None) if mode == "answer" else derivation(part, text)
        return json.dumps(report.to_dict())
    except Exception as exc:  # the website shows this message instead of a broken box
        return json.dumps({"part": part, "results": [
            {"quantity": quantity, "kind": mode, "verdict": "unreadable", "mistake": None,
             "message": f"{type(exc).__name__}: {exc}", "first_wrong_line": None, "anchor": None, "steps": [],
             "counterexample": None}]})


# -- reading rows into chains of steps -----------------------------------------------------------------------
@dataclass
class _Chain:
    quantity: str | None
    steps: list = field(default_factory=list)     # StepResult
    meanings: list = field(default_factory=list)  # Meaning of each readable step, None for unreadable ones
    alias: dict = field(default_factory=dict)
    restrict: object = None
    verdicts: list = field(default_factory=list)


def _read(ctx: PartContext, rows, quantity, deadline: float, kind: str) -> list[Result]:
    from .judge import Judge
    from ..derivations.notation import Derivative

    judge = Judge(ctx)
    chains: list[_Chain] = []
    current = _Chain(quantity)
    last_loss = None  # the Meaning of the last step that stated the loss (J, or sigma in part e)

    def close(chain):
        if chain.steps:
            chains.append(chain)

    for row in rows:
        text = row.latex[1:].strip() if row.continues else row.latex
        if time.monotonic() > deadline:
            current.steps.append(StepResult(row.line, text, "unreadable", message="checking took too long; "
                                            "the rest of the text was not read"))
            break
        try:
            pieces, qualifier = parse_line(text)
        except Unreadable as exc:
            current.steps.append(StepResult(row.line, text, "unreadable", message=str(exc)))
            current.meanings.append(None)
            continue
        for piece in pieces:
            try:
                reader = ctx.reader(current.quantity, current.alias)
                meaning = reader.piece(piece)
                if qualifier is not None and qualifier.args and meaning.expr is not None:
                    meaning.condition = _condition(reader, qualifier)
            except Unreadable as exc:
                current.steps.append(StepResult(row.line, piece.src, "unreadable", message=str(exc)))
                current.meanings.append(None)
                continue
            if meaning.quantity is not None:
                named = meaning.quantity
                if named not in ctx.quantities:
                    current.steps.append(StepResult(row.line, piece.src, "unreadable",
                                                    message=f"part ({ctx.part}) does not ask for "
                                                            f"{QUANTITY_WORDS.get(named, named)}"))
                    current.meanings.append(None)
                    continue
                if named != current.quantity:
                    if current.quantity in ("J", "sigma") and current.meanings:
                        last_loss = _last(current.meanings) or last_loss
                    close(current)
                    current = _Chain(named, alias=_alias_of(ctx, named, piece))
                continue
            if current.quantity is None:
                current.quantity = _guess_quantity(ctx, meaning)
                if current.quantity is None:
                    current.steps.append(StepResult(row.line, piece.src, "unreadable",
                                                    message="say what this is: start with its left side, e.g. "
                                                            + QUANTITIES[ctx.part][0][1] + " = ..."))
                    current.meanings.append(None)
                    continue
            q = current.quantity
            previous = _last(current.meanings)
            if previous is not None:
                reference, what = previous.expr, "line before"
            elif last_loss is not None and q not in ("J", "sigma"):
                variable = ctx.reader(q).variable_expr(q)
                reference, what = Derivative(last_loss.expr, variable), "derivative"
            else:
                reference, what = ("truth", q), "definition"
            try:
                verdict = judge.judge(meaning, q, reference)
            except Exception as exc:  # a verdict must never crash the box
                current.steps.append(StepResult(row.line, piece.src, "unreadable",
                                                message=f"could not be checked: {type(exc).__name__}: {exc}"))
                current.meanings.append(None)
                continue
            if verdict.verdict == "correct":
                status = "start" if what == "definition" else "ok"
                message = {"line before": "equal to the line before", "derivative":
                           "equal to the derivative of the last line of the loss",
                           "definition": f"agrees with the definition of {QUANTITY_WORDS[q]}"}[what]
                message += " (" + verdict.message.split(" on ", 1)[-1] + ")"
                current.steps.append(StepResult(row.line, piece.src, status, message=message))
            else:
                lead = {"line before": "not equal to the line before",
                        "derivative": "not the derivative of the last line of the loss",
                        "definition": f"not the {QUANTITY_WORDS[q]} of part ({ctx.part})"}[what]
                current.steps.append(StepResult(row.line, piece.src, "wrong", verdict.mistake,
                                                f"{lead}: {verdict.message}"))
            current.meanings.append(meaning)
            current.verdicts.append(verdict)
    close(current)
    return [_summarise(ctx, judge, chain, kind) for chain in chains]


def _condition(reader, qualifier):
    """"for w != o" as a relation; words alone ("for every word w") or ranges (k = 1, ..., K) restrict nothing."""
    conditions = qualifier.args[0]
    relations = [x for x in conditions.args if x.kind == "relation"]
    if len(relations) == 1 and relations[0].args[0] in (("!=",), ("=",)):
        parts = relations[0].args[1]
        if parts[1].kind == "sym" and parts[1].args[0] in ("o", "c") or parts[1].kind == "num" and parts[1].args[0] == "0":
            return reader.condition(relations[0])
    return None


def _last(meanings):
    for m in reversed(meanings):
        if m is not None:
            return m
    return None


def _alias_of(ctx: PartContext, quantity: str, piece) -> dict:
    """The student's letter for a free index (dJ/du_j) is read as the book's (w; k for the draws)."""
    from .meaning import _index_letter
    from .parts import FREE_INDEX

    if quantity not in FREE_INDEX or piece.kind != "deriv":
        return {}
    try:
        letter = _index_letter(piece.args[0])
    except Unreadable:
        return {}
    canonical = FREE_INDEX[quantity][0]
    return {} if letter == canonical else {letter: canonical}


def _guess_quantity(ctx: PartContext, meaning) -> str | None:
    """What a line without a left side computes: the only quantity of its shape, or the loss."""
    from ..derivations.notation import Derivative
    import sympy as sp

    for node in sp.preorder_traversal(meaning.expr):
        if isinstance(node, Derivative):
            for q in ctx.quantities:
                try:
                    if ctx.reader(q).variable_expr(q) == node.args[1]:
                        return q
                except Exception:
                    continue
    same = [q for q in ctx.quantities if ctx.expected_shape(q) == meaning.shape and q not in FREE_FREE]
    if meaning.shape == ("1", "1"):
        return "sigma" if ctx.part == "e" else "J"
    return same[0] if len(same) == 1 else None


FREE_FREE = ("u_w", "u_k", "v_w")  # never guessed: they need their index named on the left


def _summarise(ctx: PartContext, judge, chain: _Chain, kind: str) -> Result:
    steps = chain.steps
    first_wrong = next((s.line for s in steps if s.status == "wrong"), None)
    last = _last(chain.meanings)
    if last is None:
        unread = next((s for s in steps if s.status == "unreadable"), None)
        return Result(chain.quantity, kind, "unreadable", message=unread.message if unread else "nothing to check",
                      steps=steps, first_wrong_line=first_wrong)
    q = chain.quantity
    final = judge.judge(last, q) if kind == "derivation" or len(chain.meanings) > 1 else chain.verdicts[-1]
    message = final.message
    if kind == "derivation" and first_wrong is not None and final.verdict == "correct":
        message = (f"the last line is right, but line {first_wrong} does not follow from the line before: "
                   "two slips that cancel")
    elif kind == "derivation" and final.verdict == "correct":
        message = "every step follows, and the last line is " + QUANTITY_WORDS[q]
    unreadable_last = steps and steps[-1].status == "unreadable"
    verdict = "unreadable" if unreadable_last and kind == "answer" else final.verdict
    if unreadable_last and kind == "answer":
        message = steps[-1].message
    return Result(q, kind, verdict, final.mistake if verdict != "unreadable" else None, message, first_wrong,
                  final.anchor, steps, final.counterexample)
