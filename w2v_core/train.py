"""A vectorized skip-gram trainer with negative sampling, parameter for parameter like gensim's ``Word2Vec(sg=1)``.

Each step takes a minibatch of P (center, outside) pairs with K negatives each and applies exactly
the gradients of :func:`w2v_core.neg_sampling_loss_and_gradient` (parts f and g), summed over the
pairs (part h sums over a window; a minibatch sums over many windows):

    paper                  code, for pair p                                shape
    v_c                    v[p] = center_vectors[centers[p]]               v: (P, d)
    u_o, u_k               u[p] = outside_vectors[targets[p]], o first     u: (P, K+1, d)
    -u_o.v_c, u_k.v_c      signed[p]                                       (P, K+1)
    -(1 - sigma(u_o.v_c))  coef[p, 0] = -expit(signed[p, 0])
    1 - sigma(-u_k.v_c)    coef[p, k] = expit(signed[p, k])
    dJ/dv_c                grad_center[p] = sum_k coef[p, k] u[p, k]       (P, d)
    dJ/du_w                coef[p, k] v[p], added to row w = targets[p, k] a sparse (|V| x P) @ (P x d) product

Rows that repeat (a word drawn twice, a center word with several outside words) must have every
contribution added (part g). ``np.add.at`` does that but slowly; a sparse matrix with one column per
pair and one entry per (word, pair) does the same sum as a compiled matrix product.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from . import _validate
from scipy.special import expit, log_expit
from .corpus import EncodedCorpus, Vocabulary, check_sentences, build_vocabulary, encode
from .sampling import NegativeSampler, keep_probabilities, unigram_distribution
from .wordvectors import WordVectors


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

    @property
    def words_per_second(self) -> float:
        """Raw corpus words (all epochs) per second of training, the rate gensim reports as "words/s"."""
        return self.words_done / self.seconds if self.seconds else 0.0


try:  # Y += A @ X for a sparse A in CSC form, accumulated in place (what scipy's A @ X calls after np.zeros)
    from scipy.sparse._sparsetools import csc_matvecs as _csc_matvecs
except ImportError:  # a private name: if a SciPy release moves it, the public product below is used
    _csc_matvecs = None

_INDEX = np.int32  # word indices and pair offsets; the vocabulary is far below 2**31 words
_CHUNK_CENTERS = 16384  # centers whose pairs and negatives are drawn at once (memory, not mathematics)


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


def _minibatch_step(center_vectors, outside_vectors, centers, targets, alpha, with_loss=True):
    """One SGD step on P pairs, in place. ``targets[:, 0]`` are the outside words, the rest negatives.

    Every score is computed before any vector moves, so the step subtracts alpha times the exact
    gradient of the summed loss at the current vectors. Returns that summed loss (None if not asked).
    """
    n_pairs, width = targets.shape
    dtype = outside_vectors.dtype
    alpha = float(alpha)  # a Python float keeps float32 arithmetic float32 (a NumPy float64 would not)
    # mode="clip" skips numpy's per-index bounds check (the indices are valid by construction): 3x faster.
    v = np.take(center_vectors, centers, axis=0, mode="clip")  # v_c, (P, d)
    u = np.take(outside_vectors, targets, axis=0, mode="clip")  # u_o, u_k, (P, K+1, d)
    signed = np.einsum("pd,pkd->pk", v, u)  # the scores u_o.v_c, u_k.v_c ...
    signed[:, 0] *= -1  # ... with o's negated: -u_o.v_c, u_k.v_c
    # expit is sigma (w2v_core.sigmoid's formula, computed by SciPy in float32 without a float64 copy).
    coef = expit(signed)  # 1 - sigma(u_o.v_c) = sigma(-u_o.v_c);  1 - sigma(-u_k.v_c) = sigma(u_k.v_c)
    coef[:, 0] *= -1  # dJ/d(u_o.v_c) = -(1 - sigma(u_o.v_c));  dJ/d(u_k.v_c) = 1 - sigma(-u_k.v_c)
    loss = None
    if with_loss:  # -log sigma(u_o.v_c) - sum_k log sigma(-u_k.v_c), summed over the pairs
        loss = -float(np.sum(log_expit(-signed), dtype=np.float64))
        if not np.isfinite(loss):
            raise FloatingPointError(f"training diverged: the loss is {loss} (a smaller alpha than {alpha} may help)")
    grad_center = np.matmul(coef[:, None, :], u)[:, 0]  # dJ/dv_c = -(1-s(u_o.v_c)) u_o + sum_k (1-s(-u_k.v_c)) u_k
    # dJ/du_w = coef[p, k] v_c for every (p, k) with targets[p, k] == w, repeats summed (parts f, g).
    step = (-alpha * coef).ravel()
    _scatter_add(outside_vectors, targets.ravel(), np.arange(0, n_pairs * width + 1, width, dtype=_INDEX), step, v)
    # A center word with several outside words in the minibatch gets all of their dJ/dv_c (part h).
    _scatter_add(center_vectors, centers, np.arange(n_pairs + 1, dtype=_INDEX),
                 np.full(n_pairs, -alpha, dtype=dtype), grad_center)
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
    for name, arr in (("center_vectors", center_vectors), ("outside_vectors", outside_vectors)):
        if not isinstance(arr, np.ndarray) or arr.ndim != 2 or arr.dtype.kind != "f":
            raise ValueError(f"{name} must be a 2-D float numpy array of shape (|V|, d), updated in place, "
                             f"got {type(arr).__name__} {getattr(arr, 'shape', '')}")
    if outside_vectors.shape != center_vectors.shape or outside_vectors.dtype != center_vectors.dtype:
        raise ValueError(f"outside_vectors must match center_vectors, shape {center_vectors.shape} dtype "
                         f"{center_vectors.dtype}; got shape {outside_vectors.shape} dtype {outside_vectors.dtype}")
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
    targets = np.concatenate([outside[:, None], negatives], axis=1).astype(_INDEX)
    return _minibatch_step(center_vectors, outside_vectors, centers.astype(_INDEX), targets, float(alpha))


def _pairs_of_chunk(tokens, sentence_ids, start, stop, spans, window):
    """(center position, outside word index) of every pair whose center sits at positions start..stop-1.

    ``spans[i]`` in 1..window is center i's reduced window: its outside words are the tokens at
    distance <= spans[i] in the same sentence (gensim's ``reduced_windows``). Pairs come grouped by
    center, in position order.
    """
    positions = np.arange(start, stop)
    offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])
    other = positions[:, None] + offsets[None, :]  # (m, 2 window)
    inside = (other >= 0) & (other < tokens.shape[0]) & (np.abs(offsets)[None, :] <= spans[start:stop, None])
    other = np.clip(other, 0, tokens.shape[0] - 1)
    inside &= sentence_ids[other] == sentence_ids[positions, None]
    rows, cols = np.nonzero(inside)
    return positions[rows], tokens[other[rows, cols]]


def _check_train_args(vector_size, window, negative, min_count, sample, epochs, alpha, min_alpha, batch_pairs):
    for name, value in (("vector_size", vector_size), ("window", window), ("negative", negative),
                        ("min_count", min_count), ("epochs", epochs), ("batch_pairs", batch_pairs)):
        _validate.positive_int(value, name)
    for name, value in (("sample", sample), ("alpha", alpha), ("min_alpha", min_alpha)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if not 0 <= sample < 1:
        # gensim reads sample >= 1 as an absolute word count; here it is always a fraction of the corpus.
        raise ValueError(f"sample must be in [0, 1), a fraction of the corpus (0 turns subsampling off), got {sample}")
    if not alpha > 0 or not 0 <= min_alpha <= alpha:
        raise ValueError(f"alpha and min_alpha must satisfy 0 <= min_alpha <= alpha, alpha > 0; got alpha={alpha}, min_alpha={min_alpha}")


def train_skipgram(sentences: Iterable[Sequence[str]], *, vector_size: int = 100, window: int = 5, negative: int = 5,
                   min_count: int = 5, sample: float = 1e-3, epochs: int = 5, alpha: float = 0.025,
                   min_alpha: float = 1e-4, seed: int = 0, progress: bool = True, batch_pairs: int = 1024,
                   loss_every: int = 8, dtype=np.float32) -> WordVectors:
    """Train skip-gram with negative sampling; the parameters mean what they mean in gensim's ``Word2Vec(sg=1)``.

    Args:
        sentences: a list of sentences, each a list of tokens (see :func:`w2v_core.corpus.read_sentences`).
        vector_size: d, the length of every vector.
        window: m, the largest distance between a center and an outside word. Each center draws its own
            reduced window b uniform in 1..m (nearer words are seen more often); windows stop at the
            ends of a sentence.
        negative: K, the negatives drawn per pair from unigram^0.75, repeats allowed, never the outside word.
        min_count: words seen fewer times are dropped from the corpus before training.
        sample: frequent-word subsampling threshold, a fraction of the corpus in [0, 1) (0 = off; gensim's
            reading of sample >= 1 as a word count is not supported), each epoch afresh (see
            :func:`w2v_core.keep_probabilities`).
        epochs: passes over the corpus.
        alpha, min_alpha: the learning rate falls linearly from alpha to min_alpha over all epochs.
        seed: seeds the one ``numpy.random.Generator`` used for the initial vectors, subsampling,
            windows and negatives; the same seed gives the same vectors.
        progress: show a tqdm bar with words/s and the running loss.
        batch_pairs: (center, outside) pairs per minibatch; every pair of a minibatch sees the vectors
            as they were before the minibatch's step.
        loss_every: record (and show) the loss of every n-th minibatch; the loss costs a few percent.
        dtype: float32 like gensim (float64 for checks).

    Returns:
        :class:`WordVectors` with the center vectors, the vocabulary, ``outside_vectors`` and ``training``
        (a :class:`TrainingLog`). Ctrl-C stops training and returns the vectors trained so far, with
        ``training.interrupted`` set.
    """
    _check_train_args(vector_size, window, negative, min_count, sample, epochs, alpha, min_alpha, batch_pairs)
    sentences = check_sentences(sentences)
    vocabulary = build_vocabulary(sentences, min_count)
    corpus = encode(sentences, vocabulary)
    return train_encoded(corpus, vocabulary, vector_size=vector_size, window=window, negative=negative,
                         sample=sample, epochs=epochs, alpha=alpha, min_alpha=min_alpha, seed=seed,
                         progress=progress, batch_pairs=batch_pairs, loss_every=loss_every, dtype=dtype)


def train_encoded(corpus: EncodedCorpus, vocabulary: Vocabulary, *, vector_size=100, window=5, negative=5,
                  sample=1e-3, epochs=5, alpha=0.025, min_alpha=1e-4, seed=0, progress=True, batch_pairs=1024,
                  loss_every=8, dtype=np.float32) -> WordVectors:
    """:func:`train_skipgram` on a corpus already encoded with its vocabulary."""
    _check_train_args(vector_size, window, negative, 1, sample, epochs, alpha, min_alpha, batch_pairs)
    loss_every = _validate.positive_int(loss_every, "loss_every")
    rng = np.random.default_rng(seed)
    n_words = len(vocabulary)
    # word2vec's C initialisation: centers uniform in [-0.5/d, 0.5/d), outside vectors zero, so the first
    # loss is exactly (K + 1) log 2. (gensim 4 draws centers from [-1/d, 1/d).)
    center_vectors = ((rng.random((n_words, vector_size)) - 0.5) / vector_size).astype(dtype)
    outside_vectors = np.zeros((n_words, vector_size), dtype=dtype)
    sampler = NegativeSampler(unigram_distribution(vocabulary.counts, 0.75))
    keep = keep_probabilities(vocabulary.counts, sample)
    log = TrainingLog()
    total_words = epochs * corpus.raw_word_count
    n_tokens = corpus.tokens.shape[0]
    words_per_token = corpus.raw_word_count / n_tokens  # progress counts raw words, out-of-vocabulary ones too

    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=total_words, unit="word", unit_scale=True, desc="skip-gram", smoothing=0.1)
    started = time.perf_counter()
    words_done = 0.0
    try:
        for epoch in range(epochs):
            kept = rng.random(n_tokens) < keep[corpus.tokens]  # frequent-word subsampling, afresh each epoch
            kept_at = np.flatnonzero(kept)  # where each kept token sits in the corpus: the epoch's progress
            tokens, sentence_ids = corpus.tokens[kept], corpus.sentence_ids[kept]
            spans = window - rng.integers(0, window, size=tokens.shape[0])  # reduced windows, 1..window
            for chunk in range(0, tokens.shape[0], _CHUNK_CENTERS):
                positions, outside = _pairs_of_chunk(tokens, sentence_ids, chunk,
                                                     min(chunk + _CHUNK_CENTERS, tokens.shape[0]), spans, window)
                centers = tokens[positions]
                negatives = sampler.draw(outside, negative, rng)  # (pairs, K), none equal to its pair's o
                targets = np.concatenate([outside[:, None], negatives], axis=1).astype(_INDEX)
                for first in range(0, centers.shape[0], batch_pairs):
                    last = min(first + batch_pairs, centers.shape[0])
                    # gensim's schedule: alpha falls linearly with the fraction of all raw words done.
                    done = epoch * corpus.raw_word_count + kept_at[positions[first]] * words_per_token
                    lr = max(min_alpha, alpha - (alpha - min_alpha) * done / total_words)
                    with_loss = len(log.alpha) % loss_every == 0
                    loss = _minibatch_step(center_vectors, outside_vectors, centers[first:last],
                                           targets[first:last], lr, with_loss)
                    log.pairs += last - first
                    log.alpha.append(lr)
                    if with_loss:
                        log.loss.append(loss / (last - first))
                        log.words.append(int(done))
                    new_done = (epoch * corpus.raw_word_count
                                + (kept_at[positions[last - 1]] + 1) * words_per_token)
                    if bar is not None:
                        bar.update(new_done - words_done)
                        if with_loss:
                            bar.set_postfix(loss=f"{np.mean(log.loss[-10:]):.3f}", refresh=False)
                    words_done = new_done
            words_done = (epoch + 1) * corpus.raw_word_count
            log.epochs_done = epoch + 1
    except KeyboardInterrupt:
        log.interrupted = True
        log.epochs_done = words_done / corpus.raw_word_count
    finally:
        log.seconds = time.perf_counter() - started
        log.words_done = int(round(words_done))
        if bar is not None:
            bar.close()
    return WordVectors(center_vectors, list(vocabulary.index_to_key), counts=vocabulary.counts.copy(),
                       outside_vectors=outside_vectors, training=log)
