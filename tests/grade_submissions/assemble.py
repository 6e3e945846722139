"""Build a test submission from a correct base and a patch that changes it in one place.

A patch (``current/*.py``, ``older/*.py``) holds, after its docstring, whole functions that replace
the base's functions of the same name; lines after a ``# at import:`` line are appended to the end
of the module (code that runs on import); a ``# delete: NAME`` line removes function NAME. The patch
is read as text, so it may hold a syntax error on purpose.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

HERE = Path(__file__).parent
BASES = {"current": HERE / "correct_current.py", "older": HERE / "correct_older.py"}


def _patch_blocks(text: str):
    functions, at_import, deleted, name, block = {}, [], [], None, []
    mode = "head"
    for line in text.splitlines():
        m = re.match(r"def (\w+)\(", line)
        if line.startswith("# delete:"):
            deleted.append(line.split(":", 1)[1].strip())
            continue
        if line.startswith("# at import:"):
            if name:
                functions[name] = block
            mode, name = "import", None
            continue
        if m and mode != "import":
            if name:
                functions[name] = block
            mode, name, block = "function", m.group(1), [line]
            continue
        if mode == "function":
            block.append(line)
        elif mode == "import":
            at_import.append(line)
    if name:
        functions[name] = block
    return functions, at_import, deleted


def assemble(patch: Path, version: str) -> str:
    """The base of ``version`` with ``patch`` applied, as source text."""
    base = BASES[version].read_text(encoding="utf-8").splitlines()
    functions, at_import, deleted = _patch_blocks(Path(patch).read_text(encoding="utf-8"))
    spans = {node.name: (node.lineno - 1, node.end_lineno) for node in ast.parse("\n".join(base)).body
             if isinstance(node, ast.FunctionDef)}
    unknown = (set(functions) | set(deleted)) - set(spans)
    if unknown:
        raise ValueError(f"{patch}: the base defines no {', '.join(sorted(unknown))}")
    for name, (start, stop) in sorted(spans.items(), key=lambda kv: -kv[1][0]):
        if name in deleted:
            base[start:stop] = []
        elif name in functions:
            base[start:stop] = [line for line in functions[name]]
    main = next(i for i, line in enumerate(base) if line.startswith('if __name__ == "__main__"'))
    return "\n".join(base[:main] + at_import + [""] + base[main:]) + "\n"


def write_submission(patch: Path, version: str, folder: Path) -> Path:
    """Write the assembled submission as ``folder/<patch name>/word2vec.py`` (or ``q3_word2vec.py``)."""
    target = folder / Path(patch).stem / ("word2vec.py" if version == "current" else "q3_word2vec.py")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(assemble(patch, version), encoding="utf-8")
    return target
