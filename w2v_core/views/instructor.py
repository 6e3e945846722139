"""What the "For instructors" section of each part's chapter prints (the instructor edition only).

Two tables, both read from the package rather than written out by hand:

* :func:`show_mistakes`: the catalogued mistakes of a part (``w2v_core.mistakes``), each by its
  function's name and the first line of its docstring, which states the wrong formula. A function of
  the catalogue belongs to a part when that first line starts ``Part (x)`` or ``MISTAKE (x)``
  (``MISTAKE (f, g)`` for several parts); "ruled out on purpose" in it marks a slip the chapter
  shows for contrast rather than one seen in write-ups.
* :func:`show_course_functions`: the course's coding functions (``w2v_core.cs224n``) that implement
  a part, with their signatures and which returned value answers it.
"""
from __future__ import annotations

import html
import inspect
import re
from dataclasses import dataclass
from types import ModuleType

from .. import cs224n
from ..mistakes import naive_softmax as _naive_softmax_mistakes
from ..mistakes import negative_sampling as _negative_sampling_mistakes

PARTS = "abcdefgh"
CATALOGUE: tuple[ModuleType, ...] = (_naive_softmax_mistakes, _negative_sampling_mistakes)
_PARTS_OF = re.compile(r"^(?:MISTAKE|Part)\s*\(([a-h](?:\s*,\s*[a-h])*)\)\s*[,:]?\s*(.*)$")

#: For each part, the course's functions that implement it and what in their result answers the part.
#: Paper: U is d x |V|; the course, like this package, stores vectors as rows: outsideVectors is (|V|, d).
COURSE_FUNCTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "a": (("naiveSoftmaxLossAndGradient", "the loss, its first returned value: -log of the softmax at the outside word"),),
    "b": (("naiveSoftmaxLossAndGradient", "gradCenterVec, the second returned value, shape (d,)"),),
    "c": (("naiveSoftmaxLossAndGradient", "row w of gradOutsideVecs, the third returned value"),),
    "d": (("naiveSoftmaxLossAndGradient", "gradOutsideVecs as a whole, shape (|V|, d): the paper's dJ/dU transposed"),),
    "e": (("sigmoid", "the function itself; its derivative is used inside negSamplingLossAndGradient"),),
    "f": (("negSamplingLossAndGradient", "loss, gradCenterVec and gradOutsideVecs with K negatives"),
          ("getNegativeSamples", "the K negative indices, never the outside word")),
    "g": (("negSamplingLossAndGradient", "gradOutsideVecs when getNegativeSamples returns a word more than once"),
          ("getNegativeSamples", "draws with replacement, so repeats happen")),
    "h": (("skipgram", "loss, gradCenterVecs and gradOutsideVectors summed over the window"),),
}


@dataclass(frozen=True)
class Mistake:
    """One catalogued mistake: where it lives, what it gets wrong, and whether write-ups show it."""

    name: str        # e.g. "naive_softmax.grad_center_with_U_transposed"
    parts: tuple[str, ...]
    summary: str     # the first line of the docstring, after the part
    seen_in_write_ups: bool


def _check_part(part: str) -> str:
    if not isinstance(part, str) or part not in PARTS or len(part) != 1:
        raise ValueError(f"part must be one of the letters {PARTS!r}, got {part!r}")
    return part


def catalogue() -> list[Mistake]:
    """Every function of ``w2v_core.mistakes`` whose docstring names its part, in source order."""
    found = []
    for module in CATALOGUE:
        short = module.__name__.rsplit(".", 1)[-1]
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            # The first paragraph of the docstring (it may wrap), with Sphinx roles reduced to their text.
            first = " ".join((inspect.getdoc(function) or "").split("\n\n")[0].split())
            first = re.sub(r":\w+:`~?([^`]+)`", r"\1", first)
            match = _PARTS_OF.match(first)
            if not match:
                continue
            parts = tuple(p.strip() for p in match.group(1).split(","))
            summary = match.group(2)
            seen = "ruled out on purpose" not in summary
            summary = re.sub(r"^(?:seen in write-ups|a slip[^:]*|a slip ruled out on purpose)\s*:\s*", "", summary)
            found.append((inspect.getsourcelines(function)[1], module.__name__,
                          Mistake(f"{short}.{name}", parts, summary, seen)))
    return [m for _, _, m in sorted(found, key=lambda t: (t[1], t[0]))]


def mistakes_of(part: str) -> list[Mistake]:
    """The catalogued mistakes of one part, those seen in write-ups first."""
    part = _check_part(part)
    mine = [m for m in catalogue() if part in m.parts]
    return sorted(mine, key=lambda m: not m.seen_in_write_ups)


class Table:
    """A small table for a notebook and for the book: Markdown and HTML of the same rows."""

    def __init__(self, caption: str, header: tuple[str, ...], rows: list[tuple[str, ...]], empty: str):
        self.caption, self.header, self.rows, self.empty = caption, header, rows, empty

    def _repr_markdown_(self) -> str:
        if not self.rows:
            return f"*{self.empty}*"
        lines = [f"**{self.caption}**", "", "| " + " | ".join(self.header) + " |",
                 "|" + "---|" * len(self.header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        if not self.rows:
            return f'<p class="w2v-instructor-table"><em>{html.escape(self.empty)}</em></p>'
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.header)
        body = "".join("<tr>" + "".join(f"<td>{_code_html(c)}</td>" for c in row) + "</tr>" for row in self.rows)
        return (f'<table class="w2v-instructor-table table"><caption>{html.escape(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def __repr__(self) -> str:
        return self._repr_markdown_()


def _code_html(text: str) -> str:
    """Text with ``code`` spans as <code>, everything else escaped."""
    parts = re.split(r"``?([^`]+)``?", text)
    return "".join(f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def _signature(function) -> str:
    """The signature as the course writes it; a default that is a function shows by its name (a
    repr would carry a memory address, different at every build)."""
    signature = inspect.signature(function)
    parameters = [p.replace(default=_Named(p.default.__name__)) if inspect.isfunction(p.default) else p
                  for p in signature.parameters.values()]
    return str(signature.replace(parameters=parameters))


class _Named:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


def show_mistakes(part: str) -> Table:
    """The catalogued mistakes of ``part`` as a table: function, what it gets wrong, where it is seen."""
    rows = [(f"`w2v_core.mistakes.{m.name}`", m.summary, "write-ups" if m.seen_in_write_ups else "shown for contrast")
            for m in mistakes_of(part)]
    return Table(f"Catalogued mistakes of part ({part})", ("function", "what it gets wrong", "seen in"), rows,
                 f"No mistake of part ({part}) is in the catalogue yet.")


def show_course_functions(part: str) -> Table:
    """The course's functions (``w2v_core.cs224n``) that implement ``part``, with their signatures."""
    part = _check_part(part)
    rows = []
    for name, answers in COURSE_FUNCTIONS[part]:
        function = getattr(cs224n, name)
        rows.append((f"`{name}{_signature(function)}`", answers))
    return Table(f"Part ({part}) in the course's code", ("function", "what answers the part"), rows, "")
