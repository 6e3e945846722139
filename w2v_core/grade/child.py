"""The submission's side of the sandbox: runs in its own process, never in the grader's.

Started by :mod:`.sandbox` as ``python -I -B -c BOOT ROOT TMP FD``. It sets its resource limits,
imports the submission from its working copy (the grader's helper modules first on the path), calls
each graded function on the inputs in ``TMP/spec.json``, and writes one JSON line per event to file
descriptor FD: ``import`` (ok or the error), ``start`` and ``done`` of a function, ``case`` with
the encoded answer or the exception. The student's prints go to a capped buffer, reported per
function; the process ends with ``os._exit`` so that nothing the submission registered runs after.
"""
from __future__ import annotations

import importlib.util
import json
import os
import random
import resource
import signal
import sys
import time
import traceback

# Everything the grader needs is imported before the submission can touch the import path.
import numpy as np

from . import codec
from .datasets import ScriptedDataset
from .reference import REFERENCES


class CappedSink:
    """A text stream that keeps the first ``cap`` characters and counts the rest."""

    def __init__(self, cap: int):
        self.cap, self.parts, self.kept, self.total = cap, [], 0, 0

    def write(self, text) -> int:
        text = str(text)
        self.total += len(text)
        if self.kept < self.cap:
            piece = text[: self.cap - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def take(self) -> tuple[str, int]:
        text, total = "".join(self.parts), self.total
        self.parts, self.kept, self.total = [], 0, 0
        return text, total


class Channel:
    def __init__(self, fd: int):
        self.fd = fd

    def send(self, **message) -> None:
        data = (json.dumps(message) + "\n").encode()
        while data:
            data = data[os.write(self.fd, data):]


def _set_limits(spec: dict) -> None:
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (spec["memory_mb"] * mb, spec["memory_mb"] * mb))
    resource.setrlimit(resource.RLIMIT_CPU, (spec["cpu_seconds"], spec["cpu_seconds"] + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (spec["file_mb"] * mb, spec["file_mb"] * mb))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with an error instead of killing us


def _where(exc: BaseException, filename: str) -> str:
    """The last line of the submission's own file in the traceback, e.g. 'line 12, in sigmoid: return ...'."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    if not frames:
        return ""
    f = frames[-1]
    return f"line {f.lineno}, in {f.name}: {(f.line or '').strip()[:160]}"


def _describe(exc: BaseException, filename: str) -> dict:
    if isinstance(exc, SyntaxError):
        line = (exc.text or "").strip()[:160]
        return {"kind": "syntax", "error": f"SyntaxError: {exc.msg}", "where": f"line {exc.lineno}: {line}"}
    if isinstance(exc, SystemExit):
        kind, text = "exit", f"called sys.exit({exc.code!r})"
    elif isinstance(exc, MemoryError):
        kind, text = "memory", "ran out of memory (MemoryError)"
    elif isinstance(exc, NotImplementedError):
        kind, text = "not_implemented", f"NotImplementedError: {exc}"[:300]
    else:
        kind, text = "exception", f"{type(exc).__name__}: {exc}"[:300]
    return {"kind": kind, "error": text, "where": _where(exc, filename)}


def _import(spec: dict):
    path = os.path.join(spec["work"], spec["module"] + ".py")
    module_spec = importlib.util.spec_from_file_location(spec["module"], path)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[spec["module"]] = module  # the course's helpers import the submission by name
    module_spec.loader.exec_module(module)
    return module, path


def _seed() -> None:
    # The course seeds both generators before its checks; a submission that draws from them
    # (it should not) then at least draws the same numbers on every run.
    random.seed(31415)
    np.random.seed(9265)


def _run_function(channel, module, filename, function, sink) -> None:
    name = function["name"]
    original = module.__dict__.get(name)
    channel.send(event="start", fn=name)
    if not callable(original):
        channel.send(event="done", fn=name, missing=True, output="", output_chars=0)
        return
    saved = {n: module.__dict__.get(n) for n in function["inject"]}
    for n in function["inject"]:  # the function is judged alone: its helpers are the reference
        module.__dict__[n] = REFERENCES[n]
    try:
        for i, case in enumerate(function["cases"]):
            datasets = []

            def hook(obj):
                if obj["t"] == "dataset":
                    datasets.append(ScriptedDataset(obj["sequence"]))
                    return datasets[-1]
                return REFERENCES[obj["name"]]

            args = [codec.decode(a, hook=hook) for a in case["args"]]
            kwargs = {k: codec.decode(v, hook=hook) for k, v in case["kwargs"].items()}
            _seed()
            start = time.perf_counter()
            try:
                value = original(*args, **kwargs)
                answer = {"ok": True, "value": codec.encode(value)}
            except BaseException as exc:  # noqa: BLE001 - SystemExit and MemoryError are verdicts too
                answer = {"ok": False, **_describe(exc, filename)}
            answer["seconds"] = time.perf_counter() - start
            answer["calls"] = sum(d.calls for d in datasets)
            channel.send(event="case", fn=name, case=i, **answer)
    finally:
        for n, value in saved.items():
            if value is None:
                module.__dict__.pop(n, None)
            else:
                module.__dict__[n] = value
    output, total = sink.take()
    channel.send(event="done", fn=name, missing=False, output=output, output_chars=total)


def main(tmp: str, fd: int, root: str) -> None:
    channel = Channel(fd)
    with open(os.path.join(tmp, "spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    _set_limits(spec)
    sys.path[:] = [spec["shims"], spec["work"]] + [p for p in sys.path if p not in (root, "", ".")]
    os.chdir(spec["work"])
    sink = CappedSink(spec["output_cap"])
    sys.stdout = sys.stderr = sink
    sys.stdin = open(os.devnull, encoding="utf-8")
    _seed()
    filename = os.path.join(spec["work"], spec["module"] + ".py")
    try:
        module, filename = _import(spec)
    except BaseException as exc:  # noqa: BLE001
        output, total = sink.take()
        channel.send(event="import", ok=False, output=output, output_chars=total, **_describe(exc, filename))
        os._exit(0)
    output, total = sink.take()
    channel.send(event="import", ok=True, output=output, output_chars=total)
    for function in spec["functions"]:
        _run_function(channel, module, filename, function, sink)
    channel.send(event="end")
    os._exit(0)
