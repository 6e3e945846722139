"""Worker processes that train in lock-step rounds on shared vectors: the trainer's ``workers`` > 1.

Why processes and not threads: a minibatch step is some fifty NumPy calls, each releasing and taking
back the GIL. Two threads hand the GIL to each other at every call, and measured on head500 (AMD EPYC,
2 cores) two worker threads trained no faster than one. Forked processes share no GIL. They share the
two vector matrices, which live in anonymous shared memory (:func:`shared_zeros`), and a table of
arrival counts, the barrier they meet at between the phases of a round. A worker spins on that
table for a moment before it yields its core: a ``multiprocessing.Barrier`` measured about 80
microseconds a crossing, against a few milliseconds of work per round; with the spinning one, worker
0's waiting over 2 epochs of head500 fell from 0.48 s to 0.09-0.15 s.

Every process runs the same epoch loop from the same random state, so each knows every round's tasks
without being sent them; each computes only its own task, then all apply their updates in a fixed
order (:data:`Team.phases`). The vectors therefore depend on the seed and the number of workers, never
on timing, and :func:`serial_order` gives the same order to a run without ``os.fork`` (not Linux),
which computes the round's tasks one after the other: the same vectors, without the speed-up.

A round waits for its slowest worker at each barrier, and in the phases where one worker adds the
larger update (per-pair's outside rows are K + 1 per pair, its center rows one) the other has nothing
to do. :meth:`Team.sync` lets a worker that has to wait do work that reads no vector, once: the
trainer builds that worker's next minibatch there (its windows and negatives, drawn from the
minibatch's own keyed Generator, so when they are drawn changes nothing).
"""
from __future__ import annotations

import ctypes
import mmap
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import warnings
from typing import Callable

import numpy as np

#: Status of a worker, in the shared table: running, or why it stopped.
RUNNING, INTERRUPTED, DIVERGED, FAILED = 0, 1, 2, 3
_MESSAGE_BYTES = 4000


def can_fork() -> bool:
    """Forked workers are used on Linux only: elsewhere fork is missing (Windows) or unsafe (macOS)."""
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def shared_zeros(shape, dtype) -> np.ndarray:
    """A zeroed array in anonymous shared memory: the processes forked after this call write into the same one."""
    dtype = np.dtype(dtype)
    size = max(1, int(np.prod(shape)) * dtype.itemsize)
    return np.frombuffer(mmap.mmap(-1, size), dtype=dtype, count=int(np.prod(shape))).reshape(shape)


def shared_copy(array: np.ndarray) -> np.ndarray:
    """``array`` copied into anonymous shared memory (see :func:`shared_zeros`)."""
    shared = shared_zeros(array.shape, array.dtype)
    shared[...] = array
    return shared


def phases(workers: int):
    """The apply phases of a round: in phase p, worker p adds its outside updates and worker p + 1 (mod W)
    its center updates. Two matrices, so two workers apply at once; each matrix gets one worker a phase."""
    return [(p, (p + 1) % workers) for p in range(workers)]


def serial_order(workers: int):
    """The order in which the outside and the center matrix receive the workers' updates in a round."""
    order = phases(workers)
    return [o for o, _ in order], [c for _, c in order]


class Team:
    """This process (worker 0) and ``workers - 1`` forked copies of it, meeting at a barrier.

    Use: ``me = team.start()``; every process then runs the same loop and calls :meth:`sync`; a
    worker other than 0 ends with :meth:`finish_child`. ``losses[w]`` is where worker w leaves the loss
    of its latest task (NaN: none) and ``pairs[w]`` its number of pairs, for every worker to log.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self.arrived = shared_zeros((workers,), np.int64)  # syncs each worker has reached
        self.crossings = 0
        # A lock taken between the writes of a phase and the arrival count that announces them: its atomic
        # operations order the two for the other processes on every processor (x86 does so anyway).
        self.fence = multiprocessing.get_context("fork").Lock()
        self.status = shared_zeros((workers,), np.int64)
        self.losses = shared_zeros((workers,), np.float64)
        self.pairs = shared_zeros((workers,), np.int64)
        self.messages = shared_zeros((workers, _MESSAGE_BYTES), np.uint8)
        self.pids: list[int] = []
        self.me = 0

    def start(self) -> int:
        """Fork the other workers; return this process's worker number (0 in the caller)."""
        sys.stdout.flush()
        sys.stderr.flush()
        for w in range(1, self.workers):
            with warnings.catch_warnings():
                # Python 3.12 warns that a fork of a threaded process (a Jupyter kernel) may deadlock in
                # the child. The child here only runs NumPy and SciPy code on arrays it owns or shares,
                # never a lock of another thread, and leaves with os._exit.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
            if pid == 0:
                self.me, self.pids = w, []
                self._become_child()
                return w
            self.pids.append(pid)
        return 0

    def _become_child(self):
        if threading.current_thread() is threading.main_thread():  # Ctrl-C raises KeyboardInterrupt here too
            signal.signal(signal.SIGINT, signal.default_int_handler)
        try:  # a worker dies with its parent rather than wait forever at the barrier
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        # Nothing of the child's may reach the parent's streams (in Jupyter, a socket the child cannot use).
        sys.stdout = sys.stderr = open(os.devnull, "w")

    def sync(self, idle: Callable[[], object] | None = None) -> bool:
        """Wait until every worker arrives here; raise what stopped a worker, if one did.

        ``idle``, if given, is called once if this worker has to wait: work that reads no vector (the
        next minibatch's windows, say), done while the others finish. Returns whether it was called.
        """
        self.crossings += 1
        with self.fence:
            self.arrived[self.me] = self.crossings
        spins, called = 0, False
        while self.arrived.min() < self.crossings:
            if self.status.any():
                self.raise_for_status()
            if idle is not None and not called:
                called = True
                idle()
                continue
            spins += 1
            if spins > 20_000:  # a worker is late (the machine is busy): stop taking a core from it
                time.sleep(0.0002)
                if spins % 1000 == 0:
                    self._check_alive()
            elif spins > 2_000:
                os.sched_yield()
        with self.fence:  # the others' writes before their arrival are visible from here on
            pass
        return called

    def _check_alive(self) -> None:
        """Worker 0: raise if a forked worker has died without a word (killed, out of memory)."""
        for w, pid in enumerate(self.pids, start=1):
            try:
                done, code = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, code = pid, -1
            if done:
                self.pids = [p for p in self.pids if p != pid]
                self.raise_for_status()
                raise RuntimeError(f"training worker {w} (process {pid}) exited unexpectedly, status {code}")

    def raise_for_status(self) -> None:
        """Re-raise, in this process, the first reason any worker gave for stopping."""
        for w in range(self.workers):
            status = int(self.status[w])
            if status == RUNNING:
                continue
            message = bytes(self.messages[w]).rstrip(b"\0").decode("utf-8", "replace")
            if status == INTERRUPTED:
                raise KeyboardInterrupt
            if status == DIVERGED:
                raise FloatingPointError(message)
            raise RuntimeError(f"training worker {w} failed:\n{message}")

    def stop(self, error: BaseException | None) -> None:
        """Record why this worker stops (``None``: it finished): the others raise it at their next sync."""
        if error is not None:
            if isinstance(error, KeyboardInterrupt):
                status, text = INTERRUPTED, ""
            elif isinstance(error, FloatingPointError):
                status, text = DIVERGED, str(error)
            else:
                status, text = FAILED, "".join(traceback.format_exception(error))
            data = text.encode("utf-8")[:_MESSAGE_BYTES - 1]
            self.messages[self.me, :len(data)] = np.frombuffer(data, dtype=np.uint8)
            with self.fence:
                self.status[self.me] = status

    def finish_child(self, error: BaseException | None) -> None:
        """End a forked worker: record ``error``, leave without running the parent's exit handlers."""
        try:
            self.stop(error)
        finally:
            os._exit(0 if error is None else 1)

    def join(self) -> None:
        """Worker 0: wait until every forked worker has exited (none writes into the vectors after this)."""
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.pids = []
