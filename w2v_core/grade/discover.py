"""Which files are submissions, and which version of the exercise each one is.

A SUBMISSION argument is a ``word2vec.py`` / ``q3_word2vec.py`` file (any ``.py`` file named
explicitly is taken as one), or a folder: each such file in it, or in a subfolder of it, is a
submission; nothing else in the folder is read. The version is read from the names the file
defines, with :mod:`ast` (parsing, never running, the student's code).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

FILE_NAMES = ("word2vec.py", "q3_word2vec.py")
CURRENT_NAMES = {"naiveSoftmaxLossAndGradient", "negSamplingLossAndGradient"}
OLDER_NAMES = {"softmaxCostAndGradient", "negSamplingCostAndGradient", "cbow"}


def find_submissions(paths) -> list[Path]:
    """The submission files named by ``paths``, in the order given (folders sorted); ValueError if none."""
    found: list[Path] = []
    for arg in paths:
        path = Path(arg)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            hits = sorted(p for name in FILE_NAMES for p in path.rglob(name) if p.is_file())
            if not hits:
                raise ValueError(f"SUBMISSION {arg}: no {' or '.join(FILE_NAMES)} in this folder or below it")
            found.extend(hits)
        else:
            raise ValueError(f"SUBMISSION {arg}: no such file or folder")
    unique = {}
    for p in found:  # the same file named twice is graded once, under the first name given
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def defined_names(source: str) -> set[str] | None:
    """Top-level function names of ``source``, or None if it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def detect_version(path: Path, source: str) -> str:
    """"current" or "older", from the loss functions' names; the file name decides a tie or a file
    that does not parse (the names are then looked for in the text)."""
    names = defined_names(source)
    if names is None:
        names = set(re.findall(r"^\s*def\s+(\w+)", source, flags=re.M))
    current, older = len(names & CURRENT_NAMES), len(names & OLDER_NAMES)
    if current != older:
        return "current" if current > older else "older"
    return "older" if path.name == "q3_word2vec.py" else "current"
