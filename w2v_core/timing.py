"""Measured cost per training example: naive softmax against negative sampling (part f).

Timing is measurement, not mathematics: this module only calls the loss functions of
:mod:`w2v_core.losses` and reads a clock. Results vary from machine to machine and from run to run;
nothing here asserts a speed.

Negative sampling touches K + 1 rows of U (the paper's d x |V| matrix; rows of ``outside_vectors``,
|V| x d, in code): u_o and the u_k. Its loss and gradient depend on those rows only, so an
implementation that works in place on those rows costs O(K d) per example. Naive softmax needs every
score u_w . v_c and costs O(|V| d). :func:`compare_losses` times three ways of computing one
example's loss and gradients:

* ``naive``: :func:`w2v_core.naive_softmax_loss_and_gradient` on the full (|V|, d) matrix;
* ``negative_dense``: :func:`w2v_core.neg_sampling_loss_and_gradient` on the full matrix, which
  checks every entry and returns a dense (|V|, d) gradient, both O(|V| d) work;
* ``negative_rows``: the same function handed only the K + 1 rows it uses (o first, then the
  negatives, renumbered 1..K), as a sparse implementation would do: O(K d).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from . import _validate
from .losses import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from .sampling import draw_negatives


def processor_name(cpuinfo_path: str = "/proc/cpuinfo") -> str:
    """The processor's model name, family and model, and its number of logical cores, from Linux's
    ``/proc/cpuinfo``. The family and model tell processors apart whose name is only "AMD EPYC"."""
    try:
        with open(cpuinfo_path, encoding="utf-8", errors="replace") as cpuinfo:
            fields = [[part.strip() for part in line.split(":", 1)] for line in cpuinfo if ":" in line]
    except OSError:
        return f"unknown processor (no {cpuinfo_path})"
    names = [value for key, value in fields if key == "model name"]
    if not names:
        return "unknown processor"
    first = dict(reversed(fields))  # the first processor's value of each field
    family = (f" (family {first['cpu family']}, model {first['model']})"
              if "cpu family" in first and "model" in first else "")
    return f"{names[0]}{family}, {len(names)} logical core{'s' * (len(names) != 1)}"


def blas_kernels() -> str:
    """The BLAS libraries NumPy and SciPy (whose BLAS gensim calls) have loaded, and their kernels.

    OpenBLAS picks its kernels for the processor when it loads, unless ``OPENBLAS_CORETYPE`` names
    them (some machines force older kernels that way, for old OpenBLAS builds); the result says which.
    The trainer's per-window step is thousands of small matrix products, so its speed depends on them.
    """
    import scipy.linalg  # noqa: F401  (loads SciPy's own BLAS, if it has one)
    from threadpoolctl import threadpool_info

    kernels = sorted({f"{info['internal_api']} {info.get('version')} {info.get('architecture', '')}".strip()
                      for info in threadpool_info() if info["user_api"] == "blas"})
    forced = os.environ.get("OPENBLAS_CORETYPE")
    return (", ".join(kernels) or "none found") + (
        f" (forced by OPENBLAS_CORETYPE={forced})" if forced else " (chosen by OpenBLAS for this processor)")


def time_per_example(step: Callable, examples: Sequence[tuple], *, repeats: int = 3) -> float:
    """Seconds per call of ``step(*example)`` over ``examples``: the best of ``repeats`` passes.

    The best pass is the one least disturbed by other processes, which is the usual estimate of a
    function's own cost.
    """
    repeats = _validate.positive_int(repeats, "repeats")
    if len(examples) == 0:
        raise ValueError("examples is empty; expected at least one argument tuple to time")
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for args in examples:
            step(*args)
        best = min(best, time.perf_counter() - start)
    return best / len(examples)


def rows_used(outside_idx: int, neg_indices) -> tuple[np.ndarray, np.ndarray]:
    """The rows of U that negative sampling reads, and the negatives renumbered into them.

    Returns ``(rows, local_neg)``: ``rows = [o, w_1, ..., w_K]`` and ``local_neg = [1, ..., K]``, so
    that ``outside_vectors[rows]`` with outside index 0 and negatives ``local_neg`` gives the same
    loss, the same dJ/dv_c, and gradient rows whose sum into ``rows`` (``np.add.at``) is the full
    gradient.
    """
    neg_indices = np.asarray(neg_indices, dtype=np.intp)
    rows = np.concatenate(([int(outside_idx)], neg_indices))
    return rows, np.arange(1, rows.shape[0])


@dataclass(frozen=True)
class TimingComparison:
    """Seconds per example for each vocabulary size; see the module docstring for the three ways."""

    vocab_sizes: np.ndarray
    naive: np.ndarray
    negative_dense: np.ndarray
    negative_rows: np.ndarray
    dim: int
    k: int
    n_examples: int


def compare_losses(vocab_sizes: Sequence[int], *, dim: int = 50, k: int = 10, n_examples: int = 20,
                   rng: np.random.Generator, repeats: int = 3) -> TimingComparison:
    """Time naive softmax and negative sampling (K distinct negatives) as |V| grows.

    For each |V|: random vectors, ``n_examples`` (center, o) pairs and their negatives, drawn once
    with ``w2v_core.draw_negatives(..., distinct=True)`` from a uniform distribution *before* the
    clock starts (drawing is not part of the gradient's cost). Each example is then timed with the
    three ways described in the module docstring.
    """
    dim = _validate.positive_int(dim, "dim")
    k = _validate.positive_int(k, "k")
    n_examples = _validate.positive_int(n_examples, "n_examples")
    rng = _validate.generator(rng)
    sizes = np.array([_validate.positive_int(int(v), "vocab_sizes") for v in vocab_sizes], dtype=int)
    if sizes.size == 0:
        raise ValueError("vocab_sizes is empty; expected at least one vocabulary size")
    if sizes.min() <= k:
        raise ValueError(f"vocab_sizes must all exceed k={k} (K distinct negatives besides o), got {sizes.min()}")
    naive, dense, sparse = [], [], []
    for size in sizes:
        outside_vectors = rng.normal(scale=0.1, size=(size, dim))
        centers = rng.normal(scale=0.1, size=(n_examples, dim))
        outside = rng.integers(size, size=n_examples)
        uniform = np.full(size, 1.0 / size)
        negatives = [draw_negatives(int(o), uniform, k, rng, distinct=True) for o in outside]
        naive.append(time_per_example(naive_softmax_loss_and_gradient,
                                      [(v, int(o), outside_vectors) for v, o in zip(centers, outside)], repeats=repeats))
        dense.append(time_per_example(neg_sampling_loss_and_gradient,
                                      [(v, int(o), outside_vectors, neg) for v, o, neg in zip(centers, outside, negatives)],
                                      repeats=repeats))

        def on_rows(center_vec, outside_idx, neg_indices, outside_vectors=outside_vectors):
            # Gather the K + 1 rows (O(K d)), then the loss on them alone, with o renumbered 0.
            rows, local_neg = rows_used(outside_idx, neg_indices)
            return neg_sampling_loss_and_gradient(center_vec, 0, outside_vectors[rows], local_neg)

        sparse.append(time_per_example(on_rows, [(v, int(o), neg) for v, o, neg in zip(centers, outside, negatives)],
                                       repeats=repeats))
    return TimingComparison(sizes, np.array(naive), np.array(dense), np.array(sparse), dim, k, n_examples)
