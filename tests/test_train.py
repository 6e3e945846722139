"""The trainer: one minibatch step is the summed gradient of parts (f)-(h); training learns planted structure."""
from __future__ import annotations

import numpy as np
import pytest

from w2v_core import neg_sampling_loss_and_gradient, window_pairs
from w2v_core import train as train_module
from w2v_core.sampling import NegativeSampler
from w2v_core.train import NEGATIVES, _windows_of, minibatch_step, train_skipgram, window_step
from w2v_core.wordvectors import WordVectors


def two_topic_corpus(rng, n_sentences=400, length=10):
    """Sentences of one topic each: animal words never share a sentence with vehicle words."""
    topics = [[f"animal{i}" for i in range(8)], [f"vehicle{i}" for i in range(8)]]
    return [list(rng.choice(topics[s % 2], size=length)) for s in range(n_sentences)]


@pytest.fixture(scope="module", params=NEGATIVES)
def trained(request):
    sentences = two_topic_corpus(np.random.default_rng(1))
    return train_skipgram(sentences, vector_size=16, window=3, negative=3, min_count=1, sample=0, epochs=3,
                          seed=0, negatives=request.param, workers=1, progress=False, batch_windows=256,
                          loss_every=1)


# --- one step: the gradients of neg_sampling_loss_and_gradient, summed over the pairs -------------------

@pytest.fixture(params=[1 << 20, 1, 17], ids=["one chunk", "a window per chunk", "uneven chunks"])
def chunk_rows(request, monkeypatch):
    """The steps gather rows a chunk of windows at a time: every chunking must give the same step."""
    monkeypatch.setattr(train_module, "_PAIR_CHUNK_ROWS", request.param)
    return request.param


def test_minibatch_step_is_the_summed_gradient_of_every_pair(chunk_rows):
    rng = np.random.default_rng(0)
    n_words, d, alpha = 6, 4, 0.3
    center_vectors = rng.normal(size=(n_words, d))
    outside_vectors = rng.normal(size=(n_words, d))
    # centre 2 appears three times (part h); word 5 is drawn twice for the same pair (part g)
    centers = np.array([2, 2, 0, 2, 4])
    outside = np.array([1, 3, 2, 0, 0])
    negatives = np.array([[5, 5, 0], [1, 4, 4], [3, 5, 1], [1, 1, 1], [2, 3, 5]])

    expected_loss = 0.0
    expected_center = center_vectors.copy()
    expected_outside = outside_vectors.copy()
    for c, o, neg in zip(centers, outside, negatives):
        loss, grad_center, grad_outside = neg_sampling_loss_and_gradient(center_vectors[c], o, outside_vectors, neg)
        expected_loss += loss
        expected_center[c] -= alpha * grad_center
        expected_outside -= alpha * grad_outside

    got_center, got_outside = center_vectors.copy(), outside_vectors.copy()
    got_loss = minibatch_step(got_center, got_outside, centers, outside, negatives, alpha)
    assert got_loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(got_center, expected_center, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got_outside, expected_outside, rtol=0, atol=1e-12)


def test_the_public_scipy_product_gives_the_same_step(monkeypatch):
    rng = np.random.default_rng(3)
    args = (rng.integers(0, 9, 40), rng.integers(0, 9, 40))
    negatives = (args[1][:, None] + rng.integers(1, 9, (40, 4))) % 9  # never the pair's own outside word
    results = []
    for fast in (train_module._csc_matvecs, None):
        monkeypatch.setattr(train_module, "_csc_matvecs", fast)
        vectors = [np.random.default_rng(4).normal(size=(9, 5)).astype(np.float32) for _ in range(2)]
        minibatch_step(*vectors, *args, negatives, 0.1)
        results.append(vectors)
    for fast, slow in zip(*results):
        np.testing.assert_allclose(fast, slow, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("bad, match", [
    (dict(negatives=np.array([[1, 0]])), "must not contain the outside word"),
    (dict(negatives=np.array([1, 2])), "negatives"),
    (dict(centers=np.array([7])), "centers"),
    (dict(alpha=0.0), "alpha"),
])
def test_minibatch_step_rejects_bad_input(bad, match):
    kwargs = dict(centers=np.array([0]), outside=np.array([1]), negatives=np.array([[2, 3]]), alpha=0.1)
    kwargs.update(bad)
    vectors = np.zeros((4, 2)), np.zeros((4, 2))
    with pytest.raises((ValueError, IndexError), match=match):
        minibatch_step(*vectors, kwargs["centers"], kwargs["outside"], kwargs["negatives"], kwargs["alpha"])


# --- windows, negatives -----------------------------------------------------------------------------------

def test_window_step_is_the_summed_gradient_of_every_pair_sharing_the_negatives(chunk_rows):
    rng = np.random.default_rng(2)
    n_words, d, alpha = 9, 4, 0.2
    center_vectors = rng.normal(size=(n_words, d))
    outside_vectors = rng.normal(size=(n_words, d))
    centers = np.array([1, 4, 1])  # the word each window predicts, twice word 1
    contexts = np.array([[2, 3, 1, 2], [0, 0, 5, 6], [7, 8, 3, 2]])  # word 2 twice in a window, word 0 too
    negatives = np.array([[5, 5, 0], [2, 3, 3], [0, 6, 6]])  # one draw per window, repeats allowed
    mask = np.array([[1, 1, 1, 0], [1, 1, 1, 1], [0, 1, 1, 1]], dtype=bool)  # two slots past a sentence end

    expected_loss = 0.0
    expected_center, expected_outside = center_vectors.copy(), outside_vectors.copy()
    for w in range(3):
        for j in range(4):
            if mask[w, j]:  # pair (v_a, o = the window's word), the window's negatives
                a = contexts[w, j]
                loss, grad_center, grad_outside = neg_sampling_loss_and_gradient(center_vectors[a], centers[w],
                                                                                 outside_vectors, negatives[w])
                expected_loss += loss
                expected_center[a] -= alpha * grad_center
                expected_outside -= alpha * grad_outside

    got_loss = window_step(center_vectors, outside_vectors, centers, contexts, negatives, alpha, mask)
    assert got_loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(center_vectors, expected_center, rtol=0, atol=1e-12)
    np.testing.assert_allclose(outside_vectors, expected_outside, rtol=0, atol=1e-12)


@pytest.mark.parametrize("bad, match", [
    (dict(negatives=np.array([[3, 0]])), "must not contain their window's center word"),
    (dict(contexts=np.array([1, 2])), "contexts"),
    (dict(mask=np.array([[1, 0]])), "mask must be a boolean array"),
    (dict(contexts=np.array([[1, 9]])), "contexts"),
    (dict(alpha=float("nan")), "alpha"),
])
def test_window_step_rejects_bad_input(bad, match):
    kwargs = dict(centers=np.array([0]), contexts=np.array([[1, 2]]), negatives=np.array([[2, 3]]), alpha=0.1,
                  mask=None)
    kwargs.update(bad)
    with pytest.raises((ValueError, IndexError), match=match):  # an index out of range is an IndexError
        window_step(np.zeros((4, 2)), np.zeros((4, 2)), **kwargs)


def _epoch_windows(tokens, sentence_ids, spans, window):
    """``(positions, contexts, mask)`` for each window size b, as the trainer groups an epoch's windows."""
    return [(p, *_windows_of(tokens, sentence_ids, p, b, np.float64))
            for b in range(1, window + 1) for p in [np.flatnonzero(spans == b)]]


def _pairs_of_windows(tokens, sentence_ids, spans, window):
    """(center word, outside word) of every unmasked slot of the windows."""
    pairs = []
    for positions, contexts, mask in _epoch_windows(tokens, sentence_ids, spans, window):
        for t, row, keep in zip(positions, contexts, mask[:, :, 0]):
            pairs += [(int(tokens[t]), int(o)) for o, k in zip(row, keep) if k]
    return pairs


def test_full_windows_give_the_pairs_of_part_h_and_never_cross_a_sentence():
    tokens = np.array([10, 11, 12, 13, 14, 20, 21, 22], dtype=np.int32)
    sentence_ids = np.array([0, 0, 0, 0, 0, 1, 1, 1], dtype=np.int32)
    window = 2
    got = sorted(_pairs_of_windows(tokens, sentence_ids, np.full(len(tokens), window), window))
    expected = sorted((sentence[t], sentence[p]) for sentence in ([10, 11, 12, 13, 14], [20, 21, 22])
                      for t, p in window_pairs(sentence, window))
    assert got == expected


def test_a_reduced_window_keeps_only_the_nearer_words():
    tokens = np.arange(7, dtype=np.int32)
    spans = np.array([3, 3, 3, 1, 3, 3, 3])  # position 3 keeps distance 1 only
    groups = _epoch_windows(tokens, np.zeros(7, np.int32), spans, 3)
    positions, contexts, mask = groups[0]  # b = 1
    assert positions.tolist() == [3] and contexts.tolist() == [[2, 4]] and mask.all()
    assert 3 not in groups[2][0] and len(groups[1][0]) == 0


def test_negative_sampler_follows_the_distribution_without_the_outside_word():
    probabilities = np.array([0.5, 0.25, 0.125, 0.125])
    draws = NegativeSampler(probabilities).draw(np.zeros(50_000, dtype=int), 4, np.random.default_rng(0))
    assert draws.shape == (50_000, 4) and not np.any(draws == 0)
    frequencies = np.bincount(draws.ravel(), minlength=4) / draws.size
    np.testing.assert_allclose(frequencies, [0, 0.5, 0.25, 0.25], atol=0.005)  # 0.25/0.5, 0.125/0.5 ...


def test_negative_sampler_never_draws_a_word_of_zero_probability():
    probabilities = np.array([0.0, 0.7, 0.0, 0.3])
    draws = NegativeSampler(probabilities).draw(np.full(20_000, 1), 3, np.random.default_rng(1))
    assert set(np.unique(draws).tolist()) == {3}


def test_negative_sampler_rejects_a_distribution_with_one_word():
    with pytest.raises(ValueError, match="at least two words"):
        NegativeSampler([0.0, 1.0, 0.0])


# --- training ---------------------------------------------------------------------------------------------

def test_loss_decreases(trained):
    loss = np.asarray(trained.training.loss)
    assert loss[0] == pytest.approx(4 * np.log(2), rel=1e-3)  # u = 0 at the start: every score is 0
    assert loss[-20:].mean() < 0.8 * loss[:5].mean()


@pytest.mark.parametrize("workers", [1, 2])
def test_learning_rate_falls_linearly_from_alpha_to_min_alpha(workers):
    sentences = two_topic_corpus(np.random.default_rng(2), n_sentences=50)
    log = train_skipgram(sentences, vector_size=4, min_count=1, sample=0, epochs=2, alpha=0.05, min_alpha=0.001,
                         progress=False, batch_windows=32, workers=workers, loss_every=1).training
    alphas, words = np.asarray(log.alpha), np.asarray(log.words)
    assert alphas[0] == pytest.approx(0.05) and len(words) == len(alphas)
    # alpha follows the fraction of all words done (by every worker) when the minibatch starts
    np.testing.assert_allclose(alphas, 0.05 - (0.05 - 0.001) * words / (2 * 500), rtol=0, atol=1e-12)
    assert np.all(np.diff(words) > 0) and words[-1] > 0.97 * 1000 and alphas[-1] < 0.001 + 0.05 * 0.03


def test_planted_topics_are_recovered_in_the_neighbours(trained):
    for word in ("animal0", "vehicle3"):
        topic = word.rstrip("0123456789")
        neighbours = [w for w, _ in trained.most_similar(word, topn=7)]
        assert all(w.startswith(topic) for w in neighbours), neighbours
    assert trained.similarity("animal1", "animal2") > trained.similarity("animal1", "vehicle2") + 0.5


@pytest.mark.parametrize("negatives", NEGATIVES)
@pytest.mark.parametrize("workers", [1, 2])
def test_same_seed_and_workers_same_vectors_other_seed_other_vectors(negatives, workers):
    sentences = two_topic_corpus(np.random.default_rng(5), n_sentences=300)
    runs = [train_skipgram(sentences, vector_size=8, min_count=1, epochs=2, seed=s, negatives=negatives,
                           workers=workers, batch_windows=64, progress=False).vectors
            for s in (7, 7, 8)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.allclose(runs[0], runs[2])


def test_vectors_are_float32_and_finite(trained):
    assert trained.vectors.dtype == np.float32 and np.all(np.isfinite(trained.vectors))


def _recording(monkeypatch, name):
    """Replace train_module.<name> by a wrapper that records the arguments of every call."""
    real, calls = getattr(train_module, name), []

    def recorded(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(train_module, name, recorded)
    return calls


def test_per_window_negatives_are_never_the_word_being_predicted(monkeypatch):
    calls = _recording(monkeypatch, "_window_gradients")
    sentences = two_topic_corpus(np.random.default_rng(9), n_sentences=100)  # 16 words: clashes are frequent
    train_skipgram(sentences, vector_size=4, min_count=1, sample=0, epochs=2, negative=8, negatives="per-window",
                   workers=1, progress=False, batch_windows=128)
    outputs = np.concatenate([args[4] for args in calls])  # (windows, 1 + K): w_t, then its negatives
    assert outputs.shape[1] == 9 and outputs.shape[0] == 2 * 1000
    assert not np.any(outputs[:, 1:] == outputs[:, :1])
    # and they follow unigram^0.75 without w_t: every other word of the corpus is drawn
    assert len(np.unique(outputs[:, 1:])) == 16


def test_per_pair_negatives_are_fresh_for_every_pair_and_never_its_outside_word(monkeypatch):
    calls = _recording(monkeypatch, "_pair_gradients")
    sentences = two_topic_corpus(np.random.default_rng(9), n_sentences=100)
    train_skipgram(sentences, vector_size=4, min_count=1, sample=0, epochs=1, negative=8, negatives="per-pair",
                   workers=1, progress=False, batch_windows=128)
    targets = np.concatenate([args[3].reshape(-1, 9) for args in calls])  # (pairs, 1 + K): o, then its negatives
    assert not np.any(targets[:, 1:] == targets[:, :1])
    # the C pairs of one window are consecutive, with the same outside word w_t: they do not share negatives
    first = calls[0][3][:, 0, :]
    same_window = np.flatnonzero(first[1:, 0] == first[:-1, 0])
    assert same_window.size > 0
    assert not any(np.array_equal(first[i, 1:], first[i + 1, 1:]) for i in same_window)


def test_per_pair_reads_each_pair_as_gensim_does_the_context_word_predicts_the_window_word(monkeypatch):
    calls = _recording(monkeypatch, "_pair_gradients")
    sentence = [f"w{i}" for i in range(12)]  # distinct words: a word names its position
    wv = train_skipgram([sentence], vector_size=4, window=1, negative=2, min_count=1, sample=0, epochs=1,
                        negatives="per-pair", workers=1, progress=False)
    position = {i: int(word[1:]) for i, word in enumerate(wv.index_to_key)}
    (call,) = calls
    inputs, outputs, mask = call[2], call[3][:, 0, 0], call[4][:, 0, 0]
    assert inputs.shape == (2 * 12,)  # window 1: each position t gives the pairs (w_{t-1}, w_t), (w_{t+1}, w_t)
    for t in range(12):
        rows = slice(2 * t, 2 * t + 2)
        assert [position[o] for o in outputs[rows]] == [t, t]  # w_t is the outside word of both ...
        expected = [p for p in (t - 1, t + 1) if 0 <= p < 12]  # ... and its neighbours' v are the inputs
        assert [position[a] for a, m in zip(inputs[rows], mask[rows]) if m] == expected


def test_one_worker_limits_blas_to_one_thread_and_more_workers_run_in_processes(monkeypatch, tmp_path):
    import json
    import os

    from threadpoolctl import threadpool_info

    record = tmp_path / "steps.txt"  # a forked worker's calls are seen only through a file
    real = train_module._window_gradients

    def recorded(*args):
        threads = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
        with open(record, "a") as out:
            out.write(f"{os.getpid()} {threads}\n")
        return real(*args)

    monkeypatch.setattr(train_module, "_window_gradients", recorded)
    sentences = two_topic_corpus(np.random.default_rng(3), n_sentences=100)
    for workers in (1, 2):
        record.write_text("")
        train_skipgram(sentences, vector_size=4, min_count=1, epochs=1, workers=workers, progress=False,
                       batch_windows=64)
        lines = [line.split(" ", 1) for line in record.read_text().splitlines()]
        assert lines and all(json.loads(threads) == [1] * len(json.loads(threads)) for _, threads in lines)
        pids = {pid for pid, _ in lines}
        assert str(os.getpid()) in pids and len(pids) == workers


def _diverging_in_one_worker(monkeypatch, worker_pid_is_child, error):
    import os

    parent, real = os.getpid(), train_module._window_gradients

    def step(*args):
        if (os.getpid() != parent) == worker_pid_is_child:
            raise error
        return real(*args)

    monkeypatch.setattr(train_module, "_window_gradients", step)


@pytest.mark.parametrize("in_child", [True, False], ids=["forked worker", "worker 0"])
def test_a_worker_that_diverges_stops_every_worker_with_the_reason(monkeypatch, in_child):
    _diverging_in_one_worker(monkeypatch, in_child, FloatingPointError("training diverged: the loss is nan"))
    with pytest.raises(FloatingPointError, match="training diverged: the loss is nan"):
        train_skipgram(two_topic_corpus(np.random.default_rng(3), n_sentences=100), vector_size=4, min_count=1,
                       epochs=1, workers=2, progress=False, batch_windows=64)


def test_a_forked_worker_that_fails_is_named_with_its_traceback(monkeypatch):
    _diverging_in_one_worker(monkeypatch, True, ValueError("a bug in a step"))
    with pytest.raises(RuntimeError, match=r"training worker 1 failed:(.|\n)*ValueError: a bug in a step"):
        train_skipgram(two_topic_corpus(np.random.default_rng(3), n_sentences=100), vector_size=4, min_count=1,
                       epochs=1, workers=2, progress=False, batch_windows=64)


@pytest.mark.parametrize("negatives", NEGATIVES)
@pytest.mark.parametrize("workers", [2, 3])
def test_forked_workers_give_the_vectors_of_the_same_rounds_run_in_one_process(monkeypatch, negatives, workers):
    sentences = two_topic_corpus(np.random.default_rng(5), n_sentences=300)
    settings = dict(vector_size=8, min_count=1, epochs=2, seed=3, negatives=negatives, workers=workers,
                    batch_windows=64, progress=False, loss_every=1)
    forked = train_skipgram(sentences, **settings)
    monkeypatch.setattr(train_module._lockstep, "can_fork", lambda: False)
    serial = train_skipgram(sentences, **settings)
    np.testing.assert_array_equal(forked.vectors, serial.vectors)
    np.testing.assert_array_equal(forked.outside_vectors, serial.outside_vectors)
    assert forked.training.loss == serial.training.loss and forked.training.alpha == serial.training.alpha
    one = train_skipgram(sentences, **{**settings, "workers": 1})
    assert not np.array_equal(one.vectors, forked.vectors)  # rounds of W minibatches are not one stream


def test_two_workers_train_on_the_two_halves_of_an_epoch_in_rounds():
    tasks = [(n, 0, i) for i, n in enumerate([10, 10, 10, 10, 30, 10])]  # (windows, pairs, payload)
    rounds = train_module._rounds(tasks, 2)
    # the first half of the windows (40 of 80) is worker 0's stream, the rest worker 1's
    assert [[t and t[2] for t in r] for r in rounds] == [[0, 4], [1, 5], [2, None], [3, None]]
    assert train_module._rounds(tasks, 1) == [[t] for t in tasks]
    # with the run of each task, the cut moves back to the start of a run: both streams then go through
    # the window sizes in the same order
    rounds = train_module._rounds(tasks, 2, runs=[0, 0, 1, 1, 2, 2])
    assert [[t and t[2] for t in r] for r in rounds] == [[0, 4], [1, 5], [2, None], [3, None]]
    rounds = train_module._rounds(tasks, 2, runs=[0, 0, 0, 1, 1, 1])
    assert [[t and t[2] for t in r] for r in rounds] == [[0, 3], [1, 4], [2, 5]]
    # one run only: moving the cut back would leave worker 0 nothing, so it stays
    rounds = train_module._rounds(tasks, 2, runs=[0] * 6)
    assert [[t and t[2] for t in r] for r in rounds] == [[0, 4], [1, 5], [2, None], [3, None]]


def test_default_workers_is_every_core_this_process_may_use():
    import os

    assert train_module.default_workers() == len(os.sched_getaffinity(0))
    log = train_skipgram(two_topic_corpus(np.random.default_rng(3), n_sentences=20), vector_size=4, min_count=1,
                         epochs=1, progress=False).training
    assert log.workers == train_module.default_workers() and log.negatives == "per-window"


@pytest.mark.parametrize("negatives, step", [("per-window", "_window_gradients"), ("per-pair", "_pair_gradients")])
@pytest.mark.parametrize("workers, who", [(1, "every"), (2, "every"), (2, "worker 0"), (2, "forked")])
def test_ctrl_c_keeps_the_vectors_trained_so_far(monkeypatch, negatives, step, workers, who):
    """Ctrl-C reaches every process of the group; a Jupyter interrupt only the kernel, worker 0."""
    import os

    real_step, calls, parent = getattr(train_module, step), [], os.getpid()
    hit = {"every": lambda: True, "worker 0": lambda: os.getpid() == parent,
           "forked": lambda: os.getpid() != parent}[who]

    def interrupted_step(*args, **kwargs):
        calls.append(1)  # each worker counts its own steps: one a round
        if len(calls) == 4 and hit():
            raise KeyboardInterrupt
        return real_step(*args, **kwargs)

    monkeypatch.setattr(train_module, step, interrupted_step)
    sentences = two_topic_corpus(np.random.default_rng(6), n_sentences=200)
    vectors = train_skipgram(sentences, vector_size=8, min_count=1, epochs=2, progress=False, batch_windows=64,
                             loss_every=1, negatives=negatives, workers=workers)
    assert vectors.training.interrupted
    assert len(vectors.training.loss) == 3 * workers and 0 < vectors.training.epochs_done < 1
    assert np.any(vectors.outside_vectors != 0)  # the steps before the interruption were applied and kept
    assert np.all(np.isfinite(vectors.vectors))


@pytest.mark.parametrize("kwargs, match", [
    (dict(window=0), "window"), (dict(vector_size=0), "vector_size"), (dict(negative=0), "negative"),
    (dict(epochs=0), "epochs"), (dict(min_count=1000), "min_count=1000 leaves no word"),
    (dict(sample=-1.0), "sample"), (dict(sample=5.0), r"sample must be in \[0, 1\)"), (dict(alpha=0.01, min_alpha=0.1), "min_alpha"),
    (dict(window=2.5), "window"), (dict(negatives="per-batch"), "negatives must be one of 'per-window', 'per-pair'"),
    (dict(workers=0), "workers"), (dict(workers=1.5), "workers"), (dict(batch_windows=0), "batch_windows"),
])
def test_bad_training_parameters_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        train_skipgram([["a", "b", "c"]] * 3, **{"min_count": 1, "progress": False, **kwargs})


@pytest.mark.parametrize("sentences, match", [([], "empty corpus"), ([[], []], "empty corpus"),
                                              ("just a string", "single string"), ([["a"], "b c"], r"sentences\[1\]")])
def test_bad_corpora_are_named(sentences, match):
    with pytest.raises(ValueError, match=match):
        train_skipgram(sentences, min_count=1, progress=False)


def test_progress_bar_shows_words_per_second_and_loss(capsys):
    train_skipgram(two_topic_corpus(np.random.default_rng(7), n_sentences=40), vector_size=4, min_count=1,
                   epochs=1, progress=True)
    err = capsys.readouterr().err
    assert "word/s" in err and "loss=" in err


# --- WordVectors ------------------------------------------------------------------------------------------

def test_save_and_load_round_trip_and_gensim_reads_our_file(tmp_path, trained):
    path = tmp_path / "vectors.txt"
    trained.save_word2vec_format(path)
    loaded = WordVectors.load_word2vec_format(path)
    assert loaded.index_to_key == trained.index_to_key
    np.testing.assert_allclose(loaded.vectors, trained.vectors, rtol=1e-5, atol=1e-7)

    from gensim.models import KeyedVectors

    theirs = KeyedVectors.load_word2vec_format(str(path), binary=False)
    assert theirs.index_to_key == trained.index_to_key
    np.testing.assert_allclose(theirs.vectors, trained.vectors, rtol=1e-5, atol=1e-7)
    assert theirs.similarity("animal1", "animal2") == pytest.approx(trained.similarity("animal1", "animal2"), abs=1e-5)
    ours_top = [w for w, _ in trained.most_similar("vehicle1", topn=3)]
    assert [w for w, _ in theirs.most_similar("vehicle1", topn=3)] == ours_top


def test_projector_files_have_one_line_per_word(tmp_path, trained):
    trained.save_projector_tsv(tmp_path / "v.tsv", tmp_path / "m.tsv")
    rows = (tmp_path / "v.tsv").read_text().splitlines()
    words = (tmp_path / "m.tsv").read_text().splitlines()
    assert words == trained.index_to_key and len(rows) == len(words)
    assert [len(r.split("\t")) for r in rows] == [trained.vector_size] * len(rows)


def test_most_similar_ranks_by_cosine_and_excludes_the_word():
    vectors = WordVectors(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0]]), ["a", "b", "c", "d"])
    assert [w for w, _ in vectors.most_similar("a", topn=3)] == ["b", "c", "d"]
    assert vectors.most_similar("a", topn=1)[0][1] == pytest.approx(0.9 / np.hypot(0.9, 0.1))
    assert vectors.similarity("a", "d") == pytest.approx(-1.0)
    with pytest.raises(KeyError, match="'z' is not in the vocabulary"):
        vectors.most_similar("z")


@pytest.mark.parametrize("text, match", [("", "header"), ("2 3\na 1 2 3\n", "announces 2 words"),
                                         ("1 3\na 1 2\n", "3 numbers")])
def test_loading_a_malformed_file_says_what_is_wrong(tmp_path, text, match):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(ValueError, match=match):
        WordVectors.load_word2vec_format(path)


def test_word_vectors_reject_words_with_spaces():
    with pytest.raises(ValueError, match="without white space"):
        WordVectors(np.zeros((1, 2)), ["two words"])


def test_a_diverging_run_stops_with_a_clear_error():
    sentences = two_topic_corpus(np.random.default_rng(8), n_sentences=100)
    with pytest.raises(FloatingPointError, match="training diverged"):
        train_skipgram(sentences, vector_size=8, min_count=1, epochs=3, alpha=1e30, min_alpha=1e29,
                       progress=False, loss_every=1)


def test_a_worker_that_waits_at_the_barrier_does_its_idle_work_once_and_one_that_does_not_wait_none():
    import time

    alone = train_module._lockstep.Team(1)
    calls = []
    assert alone.sync(lambda: calls.append(1)) is False and calls == []  # nobody to wait for

    team = train_module._lockstep.Team(2)
    if team.start() == 1:  # the forked worker arrives late
        time.sleep(0.3)
        team.sync()
        team.finish_child(None)
    try:
        assert team.sync(lambda: calls.append(1)) is True and calls == [1]
    finally:
        team.join()


@pytest.mark.parametrize("negatives", NEGATIVES)
def test_every_minibatch_is_built_once_whichever_worker_builds_it_and_when(monkeypatch, tmp_path, negatives):
    """A worker that waits builds its next minibatch meanwhile: that one is then used, not built again."""
    import os

    record, real = tmp_path / "built.txt", train_module._windows_of

    def recorded(tokens, sentence_ids, positions, b, dtype):
        with open(record, "a") as out:
            out.write(f"{os.getpid()} {b} {positions[0]}\n")
        return real(tokens, sentence_ids, positions, b, dtype)

    monkeypatch.setattr(train_module, "_windows_of", recorded)
    log = train_skipgram(two_topic_corpus(np.random.default_rng(5), n_sentences=300), vector_size=8, min_count=1,
                         epochs=2, negatives=negatives, workers=2, batch_windows=64, progress=False).training
    built = record.read_text().splitlines()
    assert len(built) == len(log.alpha)  # one build per minibatch trained, none twice, none thrown away
    assert len({line.split()[0] for line in built}) == 2  # both workers built their own
