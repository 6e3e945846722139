"""A vectorized skip-gram trainer with negative sampling, parameter for parameter like gensim's ``Word2Vec(sg=1)``.

Every step applies exactly the gradients of :func:`w2v_core.neg_sampling_loss_and_gradient` (parts f
and g), summed over the windows of a minibatch (part h). Both modes read the window around position t
as gensim and word2vec's C code do: the C pairs (a_j, w_t), each context word a_j's input vector v_a
predicting the word w_t (the same pairs as part (h)'s, since windows are symmetric). The negatives
are drawn in one of two ways:

``negatives="per-pair"``, the exercise's scheme: every pair (a_j, w_t) has K negatives of its own,
never w_t. :func:`_pair_gradients` computes the step of n windows of part (h), window i a center c
and its C outside words o_j, each pair with its own K negatives; training passes it the n C pairs of
n windows as n C one-pair windows (c = a_j, o = w_t):

    paper                       code, window i                                    shape
    v_c                         v[i] = center_vectors[centers[i]]                 v: (n, d)
    u_o, u_k of pair j          u[i] = outside_vectors[targets[i]], o_j first     u: (n, C(K+1), d)
    -u_o.v_c, u_k.v_c           signed[i, j]                                      (n, C, K+1)
    -(1 - s(u_o.v_c)), 1 - s(-u_k.v_c)   coef[i, j] = -expit(signed[i, j, 0]), expit(signed[i, j, k])
    dJ_sg/dv_c                  sum over j, k of coef[i, j, k] u[i, (j, k)]        (n, d)
    dJ/du_w                     coef[i, j, k] v[i] added to row w = targets[i, j, k]: a sparse (|V| x n) @ (n x d) product

``negatives="per-window"`` (default): one draw of K negatives serves all C pairs of the window around
t (:func:`_window_gradients`). With X the C
context vectors (C x d) and Y = [u_{w_t}; u_k1 .. u_kK] ((1+K) x d): scores S = X Y^T, G = dJ/dS,
dJ/dX = G Y, dJ/dY = G^T X, three stacked products for all windows of one size b.

Rows that repeat (a word drawn twice, a word in several pairs) must have every contribution added
(part g). ``np.add.at`` does that but slowly; a sparse matrix with one column per window and one entry
per (word, slot) does the same sum as a compiled matrix product.

With ``workers`` > 1, each worker trains on its own part of every epoch, in rounds: each computes a
minibatch from the same vectors, then the updates are applied in a fixed order, so the vectors depend
on the seed and the number of workers, never on timing. The workers are forked processes sharing the
vectors (:mod:`w2v_core._lockstep`, which says why not threads); without ``os.fork`` the same rounds
run in one process.

Both steps gather their rows a chunk of windows at a time (``_PAIR_CHUNK_ROWS`` rows) into a buffer that
each worker reuses, and read them back for the scores and gradients while they are in the core's cache:
measured on head500, per-pair ran about 20% faster this way than with one gather per minibatch.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.special import expit, log_expit
from threadpoolctl import threadpool_limits

from . import _lockstep, _validate
from .corpus import EncodedCorpus, Vocabulary, check_sentences, build_vocabulary, encode
from .sampling import NegativeSampler, keep_probabilities, unigram_distribution
from .wordvectors import WordVectors

#: The two ways of drawing negatives: shared by the pairs of one window, or fresh for every pair.
NEGATIVES = ("per-window", "per-pair")


@dataclass
class TrainingLog:
    """What a run did. 

    ``alpha`` has one entry per minibatch: its learning rate. ``words`` and ``loss`` have one entry per
    ``loss_every`` minibatches: the raw corpus words processed before it (all epochs) and the mean
    negative-sampling loss per pair of that minibatch, before its step.
    """

    words: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    alpha: list[float] = field(default_factory=list)
    pairs: int = 0
    words_done: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    epochs_done: float = 0.0
    negatives: str = "per-window"
    workers: int = 1

    @property
    def words_per_second(self) -> float:
        """Raw corpus words (all epochs) per second of training, the rate gensim reports as "words/s"."""
        return self.words_done / self.seconds if self.seconds else 0.0


try:  # Y += A @ X for a sparse A in CSC form, accumulated in place (what scipy's A @ X calls after np.zeros)
    from scipy.sparse._sparsetools import csc_matvecs as _csc_matvecs
except ImportError:  # a private name: if a SciPy release moves it, the public product below is used
    _csc_matvecs = None

#: rows gathered at once by a step (times d floats: 2048 x 100 float32 is 800 KB), then read back from cache.
_PAIR_CHUNK_ROWS = 2048
_INDEX = np.int32  # word indices and pair offsets; the vocabulary is far below 2**31 words


def _scatter_add(target, word_ids, offsets, weights, rows):
    """``target[word_ids[j]] += weights[j] * rows[p]`` for every entry j of pair p, repeats summed.

    Entries ``offsets[p]:offsets[p+1]`` belong to pair p: the columns of a sparse (|V| x P) matrix A in
    CSC form, so the whole scatter is ``target += A @ rows``, a compiled loop. ``np.add.at`` computes
    the same sum about 20 times slower; ``target[word_ids] += ...`` would drop repeats (part g).
    """
    if _csc_matvecs is not None and target.flags.c_contiguous and target.dtype == weights.dtype == rows.dtype:
        _csc_matvecs(target.shape[0], rows.shape[0], target.shape[1], offsets, word_ids, weights,
                     np.ascontiguousarray(rows).ravel(), target.reshape(-1))
    else:
        target += sp.csc_matrix((weights, word_ids, offsets), shape=(target.shape[0], rows.shape[0])) @ rows


def _apply(target, updates) -> None:
    """Add every update ``(word_ids, offsets, weights, rows)`` of one step to ``target``, in order, in place."""
    for word_ids, offsets, weights, rows in updates:
        _scatter_add(target, word_ids, offsets, weights, rows)


_scratch = threading.local()  # each thread's reusable gather buffers (see _scratch_buffer)


def _scratch_buffer(name: str, shape, dtype) -> np.ndarray:
    """An uninitialised array of ``shape`` that this thread reuses for every call with the same ``name``.

    A minibatch gathers a few MB of rows; a fresh array for each would cost the kernel's page faults on
    every minibatch. The buffer is for temporaries only: nothing returned may be a view of it, since the
    next minibatch of this thread overwrites it (possibly before a round's updates are applied).
    """
    size = int(np.prod(shape))
    buffers = _scratch.__dict__.setdefault("buffers", {})
    buffer = buffers.get(name)
    if buffer is None or buffer.size < size or buffer.dtype != dtype:
        buffer = buffers[name] = np.empty(size, dtype=dtype)
    return buffer[:size].reshape(shape)


def _one_entry_per_row(word_ids, rows):
    """The update ``target[word_ids[r]] += rows[r]`` for every r, repeats summed, as ``_scatter_add`` takes it."""
    n = word_ids.shape[0]
    return word_ids, np.arange(n + 1, dtype=_INDEX), np.ones(n, dtype=rows.dtype), rows


def _pair_gradients(center_vectors, outside_vectors, centers, targets, mask, alpha, with_loss=True):
    """The step of n windows of fresh-negative pairs, computed but not applied: ``(loss, center_updates, outside_updates)``.

    Window i is part (h)'s window: its center c = ``centers[i]`` and, for each of its C outside words,
    ``targets[i, j, 0]`` = o_j followed by that pair's own K negatives ``targets[i, j, 1:]``, shape
    (n, C, K+1); ``mask`` (n, C, 1) is 0 for a slot past a sentence end. (P single pairs are P windows
    with C = 1.) Every score is read before any vector moves, so applying both updates subtracts alpha
    times the exact gradient of the summed loss at the current vectors. The loss is that summed loss
    (None if not asked).
    """
    n, n_outside, width = targets.shape
    entries = n_outside * width  # the u rows one window reads: C (K + 1)
    d = center_vectors.shape[1]
    alpha = float(alpha)  # a Python float keeps float32 arithmetic float32 (a NumPy float64 would not)
    # mode="clip" skips numpy's per-index bounds check (the indices are valid by construction): 3x faster.
    v = np.take(center_vectors, centers, axis=0, mode="clip")  # v_c, (n, d)
    rows = targets.reshape(n, entries)
    signed = np.empty((n, entries), dtype=center_vectors.dtype)
    coef = np.empty_like(signed)
    grad_center = np.empty_like(v)
    scale = (mask * -alpha).reshape(n, n_outside, 1)  # a slot past a sentence end adds nothing; -alpha: a step
    # The u rows are gathered, scored and used for dJ/dv_c a chunk of windows at a time, so that they are
    # read back from the core's cache (a few hundred KB) rather than from memory.
    chunk = max(1, _PAIR_CHUNK_ROWS // entries)
    u = _scratch_buffer("pair rows", (min(chunk, n), entries, d), outside_vectors.dtype)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        u_chunk = np.take(outside_vectors, rows[lo:hi], axis=0, mode="clip", out=u[:hi - lo])  # u_o, u_k, (., C(K+1), d)
        s_chunk = np.matmul(u_chunk, v[lo:hi, :, None], out=signed[lo:hi, :, None]).reshape(hi - lo, n_outside, width)
        s_chunk[:, :, 0] *= -1  # the scores u_o.v_c, u_k.v_c with each o's negated: -u_o.v_c, u_k.v_c
        # expit is sigma (w2v_core.sigmoid's formula, computed by SciPy in float32 without a float64 copy).
        c_chunk = expit(s_chunk, out=coef[lo:hi].reshape(hi - lo, n_outside, width))  # sigma(-u_o.v_c), sigma(u_k.v_c)
        c_chunk[:, :, 0] *= -1  # dJ/d(u_o.v_c) = -(1 - sigma(u_o.v_c));  dJ/d(u_k.v_c) = 1 - sigma(-u_k.v_c)
        c_chunk *= scale[lo:hi]
        # dJ_sg/dv_c = sum_j [-(1-s(u_oj.v_c)) u_oj + sum_k (1-s(-u_k.v_c)) u_k]: part (f) summed over the window (h)
        np.matmul(coef[lo:hi, None, :], u_chunk, out=grad_center[lo:hi, None, :])  # (already times -alpha), (n, d)
    loss = None
    if with_loss:  # -log sigma(u_o.v_c) - sum_k log sigma(-u_k.v_c), summed over the pairs
        signed = signed.reshape(n, n_outside, width)
        loss = _finite_loss(-float(np.sum(log_expit(-signed) * mask, dtype=np.float64)), alpha)
    # dJ/du_w = coef v_c for every slot holding w, repeats summed (parts f, g): one column per window,
    # C (K+1) entries in it, so the rows scattered are the n center vectors themselves.
    outside_update = (targets.reshape(-1), np.arange(0, n * entries + 1, entries, dtype=_INDEX), coef.reshape(-1), v)
    # A center word with several windows in the minibatch gets all of their dJ/dv_c.
    return loss, [_one_entry_per_row(centers, grad_center)], [outside_update]


def _window_gradients(center_vectors, outside_vectors, contexts, mask, outputs, alpha, with_loss=True):
    """The step of n windows whose pairs share their negatives, computed but not applied: ``(loss, center_updates, outside_updates)``.

    Window i: the C words around position t, ``contexts[i]`` (n, C), their ``mask`` (n, C, 1), 0 where the
    window passes a sentence end, and its output rows ``outputs[i]`` (n, 1+K), the word w_t first, then
    the window's K negatives. Each context word a gives the pair of part (f) with input vector v_a and
    outside word w_t; the K negatives are shared by the C pairs of the window, so the scores of all n
    windows are one stacked product (n, C, d) @ (n, d, 1+K).
    """
    alpha = float(alpha)
    n, n_contexts = contexts.shape
    width, d = outputs.shape[1], center_vectors.shape[1]
    signed = np.empty((n, n_contexts, width), dtype=center_vectors.dtype)
    coef = np.empty_like(signed)
    grad_inputs = np.empty((n, n_contexts, d), dtype=center_vectors.dtype)
    grad_outputs = np.empty((n, width, d), dtype=center_vectors.dtype)
    scale = mask * -alpha  # a context past a sentence end adds nothing; -alpha makes the gradient a step
    # As in the pair step, a chunk of windows at a time, so that the gathered rows are read back from cache.
    chunk = max(1, _PAIR_CHUNK_ROWS // (n_contexts + width))
    x = _scratch_buffer("window inputs", (min(chunk, n), n_contexts, d), center_vectors.dtype)
    y = _scratch_buffer("window outputs", (min(chunk, n), width, d), outside_vectors.dtype)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        x_chunk = np.take(center_vectors, contexts[lo:hi], axis=0, mode="clip", out=x[:hi - lo])  # v_a, (., C, d)
        y_chunk = np.take(outside_vectors, outputs[lo:hi], axis=0, mode="clip", out=y[:hi - lo])  # u_{w_t}, u_k, (., 1+K, d)
        s_chunk = np.matmul(x_chunk, y_chunk.transpose(0, 2, 1), out=signed[lo:hi])  # u.v_a, (., C, 1+K)
        s_chunk[:, :, 0] *= -1  # the observed word's score negated, as in the pair step
        c_chunk = expit(s_chunk, out=coef[lo:hi])
        c_chunk[:, :, 0] *= -1  # dJ/d(u_{w_t}.v_a) = -(1 - sigma(.)),  dJ/d(u_k.v_a) = 1 - sigma(-u_k.v_a)
        c_chunk *= scale[lo:hi]
        np.matmul(c_chunk, y_chunk, out=grad_inputs[lo:hi])  # -alpha dJ/dv_a for each context: part (f)'s dJ/dv_c
        # -alpha dJ/du for each output row, its C contexts summed (as part h sums a window), (., 1+K, d)
        np.matmul(c_chunk.transpose(0, 2, 1), x_chunk, out=grad_outputs[lo:hi])
    loss = None
    if with_loss:
        loss = _finite_loss(-float(np.sum(log_expit(-signed) * mask, dtype=np.float64)), alpha)
    return (loss, [_one_entry_per_row(contexts.reshape(-1), grad_inputs.reshape(-1, d))],
            [_one_entry_per_row(outputs.reshape(-1), grad_outputs.reshape(-1, d))])


def _fresh_negatives(centers, n_outside, key, sampler, negative):
    """The rows read by the n C pairs of n windows, each pair with K negatives of its own: (n C, 1, K+1).

    Pair (i, j) is read as gensim's skip-gram reads it: context word a_j is the input (its v_a plays
    part (f)'s v_c) and the window's word w_t = ``centers[i]`` is the outside word o, first in the
    pair's row, followed by the pair's K negatives (never w_t). Read the other way (v of w_t predicting
    each context word) the C pairs of a window all move the one row v_{w_t} with their summed gradient,
    computed from the same stale vectors; measured on head500, that costs 0.01 to 0.03 in WordSim353
    Spearman. The draws come from a Generator seeded with ``key``, so they do not depend on which
    worker makes them, or when.
    """
    observed = np.repeat(centers, n_outside)  # the outside word of each of the n C pairs
    negatives = sampler.draw_valid(observed, negative, np.random.default_rng(key))
    return np.concatenate([observed[:, None], negatives], axis=1).astype(_INDEX, copy=False)[:, None, :]


def _fresh_negatives_gradients(center_vectors, outside_vectors, contexts, mask, targets, alpha, with_loss=True):
    """:func:`_pair_gradients` for the n C pairs of n windows: ``contexts`` (n, C) the inputs, ``mask``
    (n, C, 1), ``targets`` the pairs' rows from :func:`_fresh_negatives`."""
    n, n_outside = contexts.shape
    return _pair_gradients(center_vectors, outside_vectors, contexts.reshape(-1), targets,
                           mask.reshape(n * n_outside, 1, 1), alpha, with_loss)


def _finite_loss(loss: float, alpha: float) -> float:
    if not np.isfinite(loss):
        raise FloatingPointError(f"training diverged: the loss is {loss} (a smaller alpha than {alpha} may help)")
    return loss


def _step(gradients, center_vectors, outside_vectors, *args):
    """``gradients(center_vectors, outside_vectors, *args)``, then both of its updates applied in place."""
    loss, center_updates, outside_updates = gradients(center_vectors, outside_vectors, *args)
    _apply(outside_vectors, outside_updates)
    _apply(center_vectors, center_updates)
    return loss


def minibatch_step(center_vectors: np.ndarray, outside_vectors: np.ndarray, centers, outside, negatives,
                   alpha: float) -> float:
    """Apply one stochastic-gradient step for P (center, outside) pairs with K negatives each, in place.

    Subtracts ``alpha`` times the gradient of  sum_p J_neg(v_{c_p}, o_p, U, negatives_p), each term the
    loss of :func:`w2v_core.neg_sampling_loss_and_gradient`, from both matrices.

    Args:
        center_vectors: (|V|, d) float array, row w is v_w (the paper's V transposed); updated in place.
        outside_vectors: (|V|, d) float array of the same dtype, row w is u_w (the paper's U, d x |V|,
            transposed); updated in place.
        centers: (P,) center word indices c_p.
        outside: (P,) outside word indices o_p.
        negatives: (P, K) negative word indices; row p must not contain o_p; repeats allowed.
        alpha: the learning rate, > 0.

    Returns:
        The summed loss of the P pairs before the step.
    """
    _check_vector_pair(center_vectors, outside_vectors)
    n_words = center_vectors.shape[0]
    centers = _validate.indices(centers, "centers", n_words)
    outside = _validate.indices(outside, "outside", n_words)
    negatives = np.asarray(negatives)
    if negatives.ndim != 2 or negatives.shape[0] != centers.shape[0] or outside.shape != centers.shape:
        raise ValueError(f"centers (P,), outside (P,) and negatives (P, K) must agree on P, got shapes "
                         f"{centers.shape}, {outside.shape} and {negatives.shape}")
    _validate.indices(negatives.ravel(), "negatives", n_words)
    if np.any(negatives == outside[:, None]):
        raise ValueError("negatives must not contain the outside word of their own pair: "
                         "a negative sample is a word that was not observed")
    if not (np.isfinite(alpha) and alpha > 0):
        raise ValueError(f"alpha must be a finite learning rate > 0, got {alpha}")
    targets = np.concatenate([outside[:, None], negatives], axis=1).astype(_INDEX)[:, None, :]  # P windows, C = 1
    mask = np.ones((centers.shape[0], 1, 1), dtype=center_vectors.dtype)
    return _step(_pair_gradients, center_vectors, outside_vectors, centers.astype(_INDEX), targets, mask, float(alpha))


def window_step(center_vectors: np.ndarray, outside_vectors: np.ndarray, centers, contexts, negatives,
                alpha: float, mask=None) -> float:
    """Apply one stochastic-gradient step for W windows whose C context words share K negatives, in place.

    Window w is the C pairs of part (f) (input vector v_a of context word a = contexts[w, j], outside word
    c_w = centers[w]) with the same negatives; the step subtracts ``alpha`` times the gradient of

        sum_w sum_j J_neg(v_{contexts[w, j]}, centers[w], U, negatives[w])

    from both matrices (the pairs where ``mask`` is False left out).

    Args:
        center_vectors: (|V|, d) float array, row w is v_w (the paper's V, d x |V|, transposed); in place.
        outside_vectors: (|V|, d) float array, row w is u_w (the paper's U, d x |V|, transposed); in place.
        centers: (W,) the word each window predicts, w_t.
        contexts: (W, C) the context words of each window, whose vectors v_a are the inputs.
        negatives: (W, K) each window's negatives; row w must not contain centers[w]; repeats allowed.
        alpha: the learning rate, > 0.
        mask: optional (W, C) booleans, False for a context slot that holds no word (past a sentence end).

    Returns:
        The summed loss of the window pairs before the step.
    """
    _check_vector_pair(center_vectors, outside_vectors)
    n_words = center_vectors.shape[0]
    centers = _validate.indices(centers, "centers", n_words)
    contexts, negatives = np.asarray(contexts), np.asarray(negatives)
    if contexts.ndim != 2 or negatives.ndim != 2 or not contexts.shape[0] == negatives.shape[0] == centers.shape[0]:
        raise ValueError(f"centers (W,), contexts (W, C) and negatives (W, K) must agree on W, got shapes "
                         f"{centers.shape}, {contexts.shape} and {negatives.shape}")
    _validate.indices(contexts.ravel(), "contexts", n_words)
    _validate.indices(negatives.ravel(), "negatives", n_words)
    if np.any(negatives == centers[:, None]):
        raise ValueError("negatives must not contain their window's center word: it is the word being predicted")
    if mask is None:
        mask = np.ones(contexts.shape, dtype=bool)
    mask = np.asarray(mask)
    if mask.shape != contexts.shape or mask.dtype != bool:
        raise ValueError(f"mask must be a boolean array of the shape of contexts {contexts.shape}, "
                         f"got {mask.dtype} {mask.shape}")
    if not (np.isfinite(alpha) and alpha > 0):
        raise ValueError(f"alpha must be a finite learning rate > 0, got {alpha}")
    outputs = np.concatenate([centers[:, None], negatives], axis=1).astype(_INDEX)
    return _step(_window_gradients, center_vectors, outside_vectors, contexts.astype(_INDEX),
                 mask[:, :, None].astype(center_vectors.dtype), outputs, float(alpha))


def _check_vector_pair(center_vectors, outside_vectors):
    for name, arr in (("center_vectors", center_vectors), ("outside_vectors", outside_vectors)):
        if not isinstance(arr, np.ndarray) or arr.ndim != 2 or arr.dtype.kind != "f":
            raise ValueError(f"{name} must be a 2-D float numpy array of shape (|V|, d), updated in place, "
                             f"got {type(arr).__name__} {getattr(arr, 'shape', '')}")
    if outside_vectors.shape != center_vectors.shape or outside_vectors.dtype != center_vectors.dtype:
        raise ValueError(f"outside_vectors must match center_vectors, shape {center_vectors.shape} dtype "
                         f"{center_vectors.dtype}; got shape {outside_vectors.shape} dtype {outside_vectors.dtype}")


def _windows_of(tokens, sentence_ids, positions, b, dtype):
    """The windows of size b around ``positions`` (n,): ``(contexts, mask)``.

    ``contexts`` (n, 2b) are the words at t-b .. t-1, t+1 .. t+b; ``mask`` (n, 2b, 1) is 1 where that
    word is in t's sentence and 0 where the window passes a sentence end (the slot then holds w_t,
    never used). Windows of one size have one shape, so their scores are one stacked product.
    """
    n = tokens.shape[0]
    other = positions[:, None] + np.concatenate([np.arange(-b, 0), np.arange(1, b + 1)])[None, :]
    inside = (other >= 0) & (other < n)
    other = np.where(inside, other, positions[:, None])
    inside &= sentence_ids[other] == sentence_ids[positions, None]
    return tokens[other].astype(_INDEX), inside[:, :, None].astype(dtype)


def _window_tasks(positions, n_tokens, batch_windows):
    """The epoch's minibatches, in corpus order, ``(windows, (g, lo, hi))``, and the run of each.

    ``positions[g]`` are the positions whose window has size b = g + 1. The positions of the
    subsampled corpus are cut into runs of ``batch_windows``; each run gives one minibatch per window
    size b, its windows ``lo:hi`` of ``positions[g]``.
    """
    tasks, runs = [], []
    bounds = np.arange(0, n_tokens + batch_windows, batch_windows).clip(max=n_tokens)
    cuts = [np.searchsorted(p, bounds) for p in positions]
    for i in range(bounds.shape[0] - 1):
        for g, cut in enumerate(cuts):
            lo, hi = int(cut[i]), int(cut[i + 1])
            if hi > lo:
                tasks.append((hi - lo, (g, lo, hi)))
                runs.append(i)
    return tasks, runs


def default_workers() -> int:
    """The number of cores this process may run on (every core of the machine, unless restricted)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_train_args(vector_size, window, negative, min_count, sample, epochs, alpha, min_alpha,
                      negatives="per-window", workers=1, batch_windows=1):
    for name, value in (("vector_size", vector_size), ("window", window), ("negative", negative),
                        ("min_count", min_count), ("epochs", epochs),
                        ("workers", workers), ("batch_windows", batch_windows)):
        _validate.positive_int(value, name)
    for name, value in (("sample", sample), ("alpha", alpha), ("min_alpha", min_alpha)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if not 0 <= sample < 1:
        # gensim reads sample >= 1 as an absolute word count; here it is always a fraction of the corpus.
        raise ValueError(f"sample must be in [0, 1), a fraction of the corpus (0 turns subsampling off), got {sample}")
    if not alpha > 0 or not 0 <= min_alpha <= alpha:
        raise ValueError(f"alpha and min_alpha must satisfy 0 <= min_alpha <= alpha, alpha > 0; got alpha={alpha}, min_alpha={min_alpha}")
    if negatives not in NEGATIVES:
        raise ValueError(f"negatives must be one of {', '.join(map(repr, NEGATIVES))}, got {negatives!r}")


def train_skipgram(sentences: Iterable[Sequence[str]], *, vector_size: int = 100, window: int = 5, negative: int = 5,
                   min_count: int = 5, sample: float = 1e-3, epochs: int = 5, alpha: float = 0.025,
                   min_alpha: float = 1e-4, seed: int = 0, negatives: str = "per-window", workers: int | None = None,
                   progress: bool = True, batch_windows: int = 2048,
                   loss_every: int = 8, dtype=np.float32) -> WordVectors:
    """Train skip-gram with negative sampling; the parameters mean what they mean in gensim's ``Word2Vec(sg=1)``.

    Args:
        sentences: a list of sentences, each a list of tokens (see :func:`w2v_core.corpus.read_sentences`).
        vector_size: d, the length of every vector.
        window: m, the largest distance between a center and an outside word. Each center draws its own
            reduced window b uniform in 1..m (nearer words are seen more often); windows stop at the
            ends of a sentence.
        negative: K, the negatives drawn from unigram^0.75, repeats allowed (part g).
        min_count: words seen fewer times are dropped from the corpus before training.
        sample: frequent-word subsampling threshold, a fraction of the corpus in [0, 1) (0 = off; gensim's
            reading of sample >= 1 as a word count is not supported), each epoch afresh (see
            :func:`w2v_core.keep_probabilities`).
        epochs: passes over the corpus.
        alpha, min_alpha: the learning rate falls linearly from alpha to min_alpha over all epochs.
        seed: seeds the one ``numpy.random.Generator`` used for the initial vectors, subsampling,
            windows and negatives; the same seed and the same ``workers`` give the same vectors.
        negatives: the window around position t is read as the pairs of part (f) that predict w_t
            from each context word's v (as gensim does). ``"per-window"`` (default): one draw of K
            negatives (never w_t) serves all of them (see :func:`window_step`). ``"per-pair"``: the
            course's exact scheme, K negatives of its own for every pair, never its outside word w_t.
        workers: processes, each training on its own stream of minibatches (its own part of each epoch),
            the learning rate following the progress of all of them. Default: every core.
            The minibatches of one round are computed from the same vectors and applied in a fixed
            order, so the result does not depend on timing. The workers are forked on Linux; elsewhere
            the same rounds run in this process (the same vectors, one core). BLAS is limited to one
            thread per worker while training (so ``workers=1`` uses one core).
        progress: show a tqdm bar with words/s and the running loss.
        batch_windows: positions of the subsampled corpus per run; each run gives one minibatch for each
            reduced window size b (about ``batch_windows / window`` windows, all of the same shape).
            Every pair of a minibatch sees the vectors as they were before the minibatch's step.
        loss_every: record (and show) the loss of every n-th minibatch; the loss costs a few percent.
        dtype: float32 like gensim (float64 for checks).

    Returns:
        :class:`WordVectors` with the center vectors, the vocabulary, ``outside_vectors`` and ``training``
        (a :class:`TrainingLog`). Ctrl-C stops training and returns the vectors trained so far, with
        ``training.interrupted`` set.
    """
    workers = default_workers() if workers is None else workers
    _check_train_args(vector_size, window, negative, min_count, sample, epochs, alpha, min_alpha,
                      negatives, workers, batch_windows)
    sentences = check_sentences(sentences)
    vocabulary = build_vocabulary(sentences, min_count)
    corpus = encode(sentences, vocabulary)
    return train_encoded(corpus, vocabulary, vector_size=vector_size, window=window, negative=negative,
                         sample=sample, epochs=epochs, alpha=alpha, min_alpha=min_alpha, seed=seed,
                         negatives=negatives, workers=workers, progress=progress,
                         batch_windows=batch_windows, loss_every=loss_every, dtype=dtype)


def train_encoded(corpus: EncodedCorpus, vocabulary: Vocabulary, *, vector_size=100, window=5, negative=5,
                  sample=1e-3, epochs=5, alpha=0.025, min_alpha=1e-4, seed=0, negatives="per-window",
                  workers=None, progress=True, batch_windows=2048, loss_every=8,
                  dtype=np.float32) -> WordVectors:
    """:func:`train_skipgram` on a corpus already encoded with its vocabulary."""
    workers = default_workers() if workers is None else workers
    _check_train_args(vector_size, window, negative, 1, sample, epochs, alpha, min_alpha,
                      negatives, workers, batch_windows)
    loss_every = _validate.positive_int(loss_every, "loss_every")
    rng = np.random.default_rng(seed)
    n_words = len(vocabulary)
    # gensim 4's initialisation: input vectors uniform in [-1/d, 1/d), outside vectors zero, so the first
    # loss is exactly (K + 1) log 2. (word2vec's C code draws from [-0.5/d, 0.5/d): vectors half as long.)
    center_vectors = ((rng.random((n_words, vector_size)) * 2 - 1) / vector_size).astype(dtype)
    outside_vectors = np.zeros((n_words, vector_size), dtype=dtype)
    sampler = NegativeSampler(unigram_distribution(vocabulary.counts, 0.75))
    keep = keep_probabilities(vocabulary.counts, sample)
    log = TrainingLog(negatives=negatives, workers=workers)
    total_words = epochs * corpus.raw_word_count
    n_tokens = corpus.tokens.shape[0]
    # Looked up here, at call time, so that a test can replace them on the module.
    compute = _window_gradients if negatives == "per-window" else _fresh_negatives_gradients

    forked = workers > 1 and _lockstep.can_fork()
    if forked:  # the vectors in shared memory, so that the forked workers add into the same ones
        center_vectors = _lockstep.shared_copy(center_vectors)
        outside_vectors = _lockstep.shared_zeros(outside_vectors.shape, dtype)
    team = _lockstep.Team(workers) if forked else None
    blas = threadpool_limits(limits=1, user_api="blas")  # the workers are the parallelism: one core each
    me = team.start() if team is not None else 0  # from here on, every worker runs this code
    apply_order = _lockstep.serial_order(workers)
    bar = None
    if progress and me == 0:
        from tqdm.auto import tqdm
        bar = tqdm(total=total_words, unit="word", unit_scale=True, desc="skip-gram", smoothing=0.1)
    started = time.perf_counter()
    words_done = 0.0

    ahead = {}  # this worker's next minibatch, built while it waited for the others: {where: payload}

    def run_round(jobs, payload, next_where=None):
        """Every worker's step of one round, applied in the fixed order: ``(loss, pairs)`` of each of its
        minibatches, in worker order. ``jobs[w]`` is worker w's ``((g, lo, hi), alpha, with_loss)``,
        None once its stream has ended; its arguments are built by the worker that runs it.
        ``next_where`` is this worker's next minibatch in the same epoch, if any: a worker that has to
        wait at a barrier builds it meanwhile (it reads no vector, so when it is built changes nothing)."""
        def build(job):
            where, lr, wl = job
            args, pairs = ahead.pop(where) if where in ahead else payload(*where)
            return (center_vectors, outside_vectors, *args, lr, wl), pairs

        def idle():
            if next_where is not None and next_where not in ahead:
                ahead[next_where] = payload(*next_where)

        if team is None:  # one process computes the round's minibatches in turn, all from the same vectors
            built = [None if job is None else build(job) for job in jobs]
            results = [None if b is None else compute(*b[0]) for b in built]
            for target, order, updates in ((outside_vectors, apply_order[0], 2), (center_vectors, apply_order[1], 1)):
                for w in order:
                    if results[w] is not None:
                        _apply(target, results[w][updates])
            return [(r[0], b[1]) for r, b in zip(results, built) if r is not None]
        mine = None if jobs[me] is None else build(jobs[me])
        result = None if mine is None else compute(*mine[0])
        team.losses[me] = np.nan if result is None or result[0] is None else result[0]
        team.pairs[me] = 0 if mine is None else mine[1]
        team.sync(idle)  # every worker has read the vectors: they may change now
        done = [(None if np.isnan(team.losses[w]) else float(team.losses[w]), int(team.pairs[w]))
                for w, job in enumerate(jobs) if job is not None]
        for outside_worker, center_worker in _lockstep.phases(workers):
            if result is not None and me == outside_worker:
                _apply(outside_vectors, result[2])
            if result is not None and me == center_worker:
                _apply(center_vectors, result[1])
            team.sync(idle)
        return done

    def run_epochs():
        nonlocal words_done
        for epoch in range(epochs):
            kept = rng.random(n_tokens) < keep[corpus.tokens]  # frequent-word subsampling, afresh each epoch
            tokens, sentence_ids = corpus.tokens[kept], corpus.sentence_ids[kept]
            spans = window - rng.integers(0, window, size=tokens.shape[0])  # reduced windows, 1..window
            positions = [np.flatnonzero(spans == b) for b in range(1, window + 1)]  # the windows of each size b
            epoch_key = int(rng.integers(2**63))  # negatives: each minibatch's own Generator, seeded from this

            def payload(g, lo, hi):
                """The arguments of the step of windows lo:hi of size b = g + 1, and their number of pairs.

                Built when the step runs, so that only a minibatch's windows are ever held, and a worker
                builds only its own; the draws do not depend on which worker makes them."""
                at = positions[g][lo:hi]
                contexts, mask = _windows_of(tokens, sentence_ids, at, g + 1, dtype)
                pairs, key = int(mask.sum()), (epoch_key, g, int(lo))
                if negatives == "per-window":  # K per window, never the word w_t itself
                    drawn = sampler.draw_valid(tokens[at], negative, np.random.default_rng(key))
                    return (contexts, mask, np.concatenate([tokens[at, None], drawn], axis=1).astype(_INDEX)), pairs
                return (contexts, mask, _fresh_negatives(tokens[at], contexts.shape[1], key, sampler, negative)), pairs

            tasks, runs = _window_tasks(positions, tokens.shape[0], batch_windows)
            base, words_per_window = epoch * corpus.raw_word_count, corpus.raw_word_count / tokens.shape[0]
            done_windows = 0  # by all workers, this epoch: the progress that sets the learning rate
            rounds = _rounds(tasks, workers, runs)
            ahead.clear()  # (a minibatch's place (g, lo, hi) means another one in the next epoch)
            for r, by_worker in enumerate(rounds):
                following = rounds[r + 1][me] if r + 1 < len(rounds) else None
                round_ = [t for t in by_worker if t is not None]  # in worker order
                # gensim's schedule: alpha falls linearly with the fraction of all raw words done.
                # (plain Python arithmetic: a NumPy call per minibatch costs more than these few numbers)
                before = [done_windows + sum(t[0] for t in round_[:i]) for i in range(len(round_))]
                starts = [base + words_per_window * b for b in before]
                rates = [max(min_alpha, alpha - (alpha - min_alpha) * s / total_words) for s in starts]
                with_loss = [(len(log.alpha) + i) % loss_every == 0 for i in range(len(round_))]
                settings = iter(zip(rates, with_loss))
                done = run_round([None if t is None else (t[1], *next(settings)) for t in by_worker], payload,
                                 None if following is None else following[1])
                for (n_windows, _), start, lr, (loss, n_pairs) in zip(round_, starts, rates, done):
                    log.pairs += n_pairs
                    log.alpha.append(lr)
                    done_windows += n_windows
                    if loss is not None:
                        log.loss.append(loss / max(n_pairs, 1))
                        log.words.append(int(start))
                new_done = base + done_windows * words_per_window
                if bar is not None:
                    bar.update(new_done - words_done)
                    if any(with_loss):
                        bar.set_postfix(loss=f"{np.mean(log.loss[-10:]):.3f}", refresh=False)
                words_done = new_done
            words_done = (epoch + 1) * corpus.raw_word_count
            log.epochs_done = epoch + 1

    if me != 0:  # a forked worker: train, then leave (what stopped it, if anything, is left for worker 0)
        try:
            run_epochs()
        except BaseException as error:
            team.finish_child(error)
        team.finish_child(None)
    try:
        run_epochs()
    except KeyboardInterrupt as stop:
        if team is not None:
            team.stop(stop)
        log.interrupted = True
        log.epochs_done = words_done / corpus.raw_word_count
    except BaseException as error:
        if team is not None:
            team.stop(error)
        raise
    finally:
        if team is not None:  # no worker may still write into the vectors once they are returned
            team.join()
        blas.restore_original_limits()
        log.seconds = time.perf_counter() - started
        log.words_done = int(round(words_done))
        if bar is not None:
            bar.close()
    if forked:  # ordinary arrays again: the shared memory is released with the last view of it
        center_vectors, outside_vectors = np.array(center_vectors), np.array(outside_vectors)
    return WordVectors(center_vectors, list(vocabulary.index_to_key), counts=vocabulary.counts.copy(),
                       outside_vectors=outside_vectors, training=log)


def _rounds(tasks, workers, runs=None):
    """The minibatches of an epoch as rounds of one per worker: worker w trains on the w-th of ``workers``
    consecutive parts of the epoch (independent streams, as gensim's workers), so that the minibatches
    of one round, computed from the same vectors, lie far apart in the corpus and share no window.
    Round r lists worker w's r-th task at index w, None once w's stream has ended.

    ``runs`` (one per task: the run of positions it comes from) moves each cut back to the start of
    its run, so that every stream goes through the window sizes b in the same order: the minibatches of
    a round then have the same b and take about as long (a round waits for its slowest). A cut that
    would leave a stream empty stays where it was.
    """
    if workers == 1:
        return [[task] for task in tasks]
    cuts = np.searchsorted(np.cumsum([t[0] for t in tasks]), np.arange(1, workers) * sum(t[0] for t in tasks) / workers,
                           side="right")
    if runs is not None:
        runs = np.asarray(runs)
        snapped = np.searchsorted(runs, runs[np.minimum(cuts, len(runs) - 1)], side="left")
        cuts = np.where(snapped > np.concatenate([[0], snapped[:-1]]), snapped, cuts)
    streams = np.split(np.arange(len(tasks)), cuts)
    return [[tasks[s[r]] if r < len(s) else None for s in streams] for r in range(max(map(len, streams)))]
