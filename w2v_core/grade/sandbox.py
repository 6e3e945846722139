"""The grader's side of the sandbox: one subprocess per submission, with limits, and restarts.

Each submission is copied alone into a fresh temporary folder (``work/``, its working folder and
home) beside a copy of the grader's helper modules (``shims/``), and run by :mod:`.child` with a
scrubbed environment, limits on memory, CPU time and file size, a wall-clock limit per function
and a capped record of what it prints. When a function runs past its limit, or the process dies
inside it, the process (its whole process group) is killed, that function gets its verdict, and a
fresh process grades the functions still left.

What this does not do: the submission runs as the grader's user, without a separate file system
or network namespace. It contains accidents (loops, floods of output, ``sys.exit``, deleting its
working folder, exhausting memory), not an attacker; run untrusted code from strangers in a
container or a throw-away account as well.
"""
from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SHIMS = Path(__file__).with_name("shims")
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds w2v_core/
BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); from w2v_core.grade.child import main; "
        "main(sys.argv[2], int(sys.argv[3]), sys.argv[1])")
MAX_CHANNEL_BYTES = 8 * 1024 * 1024  # answers beyond this are not answers to the grader's small inputs


@dataclass
class Limits:
    """Per-submission limits; seconds are wall-clock per function, memory is the address space."""
    function_seconds: float = 10.0
    import_seconds: float = 10.0
    memory_mb: int = 2048
    file_mb: int = 16
    output_chars: int = 4000


@dataclass
class FunctionRun:
    """What happened to one function: its case answers (raw JSON events) and what it printed."""
    name: str
    state: str  # "ran", "missing", "timeout", "crashed"
    cases: list = field(default_factory=list)
    output: str = ""
    output_chars: int = 0
    detail: str = ""


@dataclass
class SandboxRun:
    """The import's outcome and one :class:`FunctionRun` per function that was reached."""
    import_ok: bool = True
    import_error: dict = field(default_factory=dict)
    import_output: str = ""
    import_output_chars: int = 0
    functions: dict = field(default_factory=dict)
    processes: int = 0


def _shim_files(folder: str, names: list[str]) -> list[str]:
    """What not to copy of the shims: caches, and the __init__.py that makes them part of w2v_core
    (``utils/__init__.py`` stays: ``utils`` must be a regular package, or one elsewhere on the path wins)."""
    skip = {"__pycache__"} | ({"__init__.py"} if Path(folder) == SHIMS else set())
    return [n for n in names if n in skip]


def _environment(tmp: Path) -> dict:
    # Nothing of the grader's environment leaks in; one BLAS thread each, so parallel
    # submissions share the cores instead of fighting over them.
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp / "work"), "TMPDIR": str(tmp / "work"), "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONHASHSEED": "0"}


def _describe_death(returncode: int) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        reason = {"SIGXCPU": " (CPU time limit)", "SIGKILL": " (killed)", "SIGSEGV": " (segmentation fault)"}
        return f"the process was ended by {name}{reason.get(name, '')}"
    return f"the process exited with status {returncode} (os._exit or a crash)"


def _tail(path: Path, limit: int) -> str:
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


def _one_process(tmp: Path, spec: dict, limits: Limits, run: SandboxRun) -> tuple[str, str | None, int | None]:
    """Run the child once. Returns (how it ended, the function running then, return code)."""
    (tmp / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    read_fd, write_fd = os.pipe()
    with open(tmp / "fd_output.txt", "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", BOOT, str(PACKAGE_ROOT), str(tmp), str(write_fd)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, pass_fds=(write_fd,),
            env=_environment(tmp), cwd=tmp / "work", start_new_session=True)
    os.close(write_fd)
    run.processes += 1
    selector = selectors.DefaultSelector()
    selector.register(read_fd, selectors.EVENT_READ)
    buffer, received, current, ended = b"", 0, None, False
    deadline = time.monotonic() + limits.import_seconds + 10.0  # interpreter and numpy start-up included
    outcome = "died"
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                outcome = "timeout"
                break
            if not selector.select(timeout=min(remaining, 1.0)):
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            received += len(chunk)
            if received > MAX_CHANNEL_BYTES:
                outcome = "flood"
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # a submission writing into our channel: ignore what is not ours
                if not isinstance(event, dict):
                    continue
                kind = event.get("event")
                if kind == "import":
                    run.import_ok = bool(event.get("ok"))
                    run.import_output = str(event.get("output", ""))
                    run.import_output_chars = int(event.get("output_chars", 0))
                    if not run.import_ok:
                        run.import_error = {k: str(event.get(k, "")) for k in ("kind", "error", "where")}
                    deadline = time.monotonic() + 5.0
                elif kind == "start":
                    current = str(event.get("fn"))
                    run.functions[current] = FunctionRun(current, "ran")
                    deadline = time.monotonic() + limits.function_seconds
                elif kind == "case" and current in run.functions:
                    run.functions[current].cases.append(event)
                elif kind == "done" and current in run.functions:
                    fn = run.functions[current]
                    fn.state = "missing" if event.get("missing") else "ran"
                    fn.output, fn.output_chars = str(event.get("output", "")), int(event.get("output_chars", 0))
                    current = None
                    deadline = time.monotonic() + 5.0
                elif kind == "end":
                    ended = True
    finally:
        selector.close()
        os.close(read_fd)
        # Kill the child's whole process group (start_new_session made it its own), also after a
        # normal end, so nothing it started lives on. The leader is not yet reaped here, so its
        # pid, which names the group, cannot have been given to another process.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
    if ended:
        return "end", None, proc.returncode
    return outcome, current, proc.returncode


def run_submission(source: Path, module_name: str, functions: list[dict], limits: Limits) -> SandboxRun:
    """Run ``functions`` (name, names to inject, encoded cases) of the file ``source`` in the sandbox."""
    run = SandboxRun()
    with tempfile.TemporaryDirectory(prefix="w2v-grade-", ignore_cleanup_errors=True) as tmp_name:
        tmp = Path(tmp_name)
        remaining = list(functions)
        while remaining:
            total_seconds = limits.import_seconds + limits.function_seconds * len(remaining)
            spec = {"module": module_name, "work": str(tmp / "work"), "shims": str(tmp / "shims"),
                    "memory_mb": limits.memory_mb, "file_mb": limits.file_mb, "output_cap": limits.output_chars,
                    "cpu_seconds": int(total_seconds) + 5, "functions": remaining}
            # The submission may have deleted or changed its working copy or the helpers: each process
            # gets fresh ones.
            (tmp / "work").mkdir(parents=True, exist_ok=True)
            shutil.copytree(SHIMS, tmp / "shims", ignore=_shim_files, dirs_exist_ok=True)
            shutil.copyfile(source, tmp / "work" / f"{module_name}.py")
            reached = len(run.functions)
            how, current, returncode = _one_process(tmp, spec, limits, run)
            if how == "end" or not run.import_ok:
                break
            if current is None:  # it ended outside any function: during the import, or between functions
                if not run.functions:
                    run.import_ok = False
                    what = "ran past the time limit" if how == "timeout" else _describe_death(returncode)
                    run.import_error = {"kind": "timeout" if how == "timeout" else "crash",
                                        "error": f"while importing the module, {what}", "where": ""}
                    run.import_output = _tail(tmp / "fd_output.txt", limits.output_chars)
                    break
                if len(run.functions) == reached:  # no progress: charge the next function, so this ends
                    fn = run.functions[remaining[0]["name"]] = FunctionRun(remaining[0]["name"], "crashed")
                    fn.detail = _describe_death(returncode) + " before this function started"
            else:
                fn = run.functions[current]
                fn.state = "timeout" if how == "timeout" else "crashed"
                fn.detail = (f"ran past the time limit of {limits.function_seconds:g} s" if how == "timeout"
                             else "wrote too much into the grader's channel" if how == "flood"
                             else _describe_death(returncode))
                fn.output = _tail(tmp / "fd_output.txt", limits.output_chars)
            remaining = [f for f in remaining if f["name"] not in run.functions]
    return run
