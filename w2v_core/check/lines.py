"""Find the mathematics in a pasted write-up: display blocks, aligned environments, lines that begin with '='.

Each row comes with the 1-based line of the text where it starts, so that a verdict can point at it.
Prose between the blocks is skipped; a text with no delimiters at all is read as LaTeX, line by line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .latex import MAX_CHARS, Unreadable

_ENVIRONMENTS = ("align", "align*", "aligned", "alignat", "alignat*", "equation", "equation*", "gather", "gather*",
                 "gathered", "eqnarray", "eqnarray*", "split", "multline", "multline*", "flalign", "flalign*")
_OPEN = re.compile(r"\$\$|\\\[|\\begin\{(" + "|".join(re.escape(e) for e in _ENVIRONMENTS) + r")\}|\$")
_DROP = re.compile(r"\\(label|tag)\*?\{[^{}]*\}|\\nonumber|\\notag|\\begin\{(?:" + "|".join(
    re.escape(e) for e in _ENVIRONMENTS) + r")\}(\{[^{}]*\})?|\\end\{(?:" + "|".join(
    re.escape(e) for e in _ENVIRONMENTS) + r")\}")


@dataclass(frozen=True)
class Row:
    line: int      # 1-based line of the text where the row starts
    latex: str     # the row, without alignment marks
    continues: bool  # it begins with "=": it goes on from the row before


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _blocks(text: str) -> list[tuple[int, str]]:
    """(offset, content) of every math region; the whole text when it has no delimiters."""
    blocks, i = [], 0
    found = False
    while True:
        m = _OPEN.search(text, i)
        if m is None:
            break
        found = True
        opener = m.group(0)
        if opener == "$$":
            close = text.find("$$", m.end())
        elif opener == r"\[":
            close = text.find(r"\]", m.end())
        elif opener == "$":
            close = text.find("$", m.end())
        else:
            close = text.find(rf"\end{{{m.group(1)}}}", m.end())
        if close < 0:
            raise Unreadable(f"the math opened with {opener!r} on line {_line_of(text, m.start())} is never closed",
                             m.start())
        # text between blocks: a line that begins with "=" is mathematics too
        blocks.extend(_equals_lines(text, i, m.start()))
        blocks.append((m.end(), text[m.end():close]))
        end_len = {"$$": 2, r"\[": 2, "$": 1}.get(opener, len(rf"\end{{{m.group(1)}}}"))
        i = close + end_len
    if not found:
        return [(0, text)]
    blocks.extend(_equals_lines(text, i, len(text)))
    return blocks


def _equals_lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out = []
    offset = start
    for line in text[start:end].split("\n"):
        if line.strip().startswith("="):
            out.append((offset, line))
        offset += len(line) + 1
    return out


def _split_rows(content: str) -> list[tuple[int, str]]:
    """Split at top-level \\\\ (not inside braces or a cases environment), keeping each row's offset."""
    rows, depth, env, start, i = [], 0, 0, 0, 0
    while i < len(content):
        if content.startswith(r"\begin{cases}", i) or content.startswith(r"\begin{dcases}", i):
            env += 1
        elif content.startswith(r"\end{cases}", i) or content.startswith(r"\end{dcases}", i):
            env -= 1
        ch = content[i]
        if ch == "\\" and i + 1 < len(content) and content[i + 1] in "{}":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif content.startswith("\\\\", i) and depth == 0 and env == 0:
            rows.append((start, content[start:i]))
            start = i + 2
            i += 2
            continue
        i += 1
    rows.append((start, content[start:]))
    return rows


def math_rows(text: str, split_lines: bool = True) -> list[Row]:
    """Every row of mathematics in ``text``, in order."""
    if len(text) > MAX_CHARS:
        raise Unreadable(f"the text is {len(text):,} characters long; the checker reads at most {MAX_CHARS:,}", 0)
    rows: list[Row] = []
    for offset, content in _blocks(text):
        pieces = _split_rows(content)
        for row_offset, row in pieces:
            sub_rows = [(0, row)]
            if split_lines and offset == 0 and len(_blocks(text)) == 1 and "\n" in row:
                # plain LaTeX without delimiters: a new line is a new row, unless it continues an open brace
                sub_rows = _plain_lines(row)
            for sub_offset, piece in sub_rows:
                blanked = _DROP.sub(lambda m: " " * len(m.group(0)), piece)  # offsets kept for line numbers
                cleaned = _strip_alignment(blanked).strip()
                cleaned = cleaned.rstrip(".,;").strip()
                if not cleaned:
                    continue
                lead = len(blanked) - len(blanked.lstrip())
                at = offset + row_offset + sub_offset + lead
                rows.append(Row(_line_of(text, at), cleaned, cleaned.startswith("=")))
    return rows


def _strip_alignment(row: str) -> str:
    """Drop the & of aligned environments, but keep those that separate a case from its condition."""
    out, env, i = [], 0, 0
    while i < len(row):
        if row.startswith(r"\begin{cases}", i) or row.startswith(r"\begin{dcases}", i):
            env += 1
        elif row.startswith(r"\end{cases}", i) or row.startswith(r"\end{dcases}", i):
            env -= 1
        ch = row[i]
        if ch == "\\" and i + 1 < len(row) and row[i + 1] == "&":
            out.append(row[i:i + 2])
            i += 2
            continue
        out.append(" " if ch == "&" and env <= 0 else ch)
        i += 1
    return "".join(out)


def _plain_lines(row: str) -> list[tuple[int, str]]:
    out, start, depth = [], 0, 0
    for i, ch in enumerate(row):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "\n" and depth <= 0:
            out.append((start, row[start:i]))
            start = i + 1
    out.append((start, row[start:]))
    return out
