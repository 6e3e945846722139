"""Our NumPy/SciPy skip-gram trainer against gensim's compiled one, on the same corpus and settings.

Run with ``make bench-train`` (a few minutes). On ``head500.noblanks.cor`` (gensim's test data) with
sg=1, negative=5, window=5, 100 dimensions, min_count=5, sample=1e-3 and 5 epochs, it trains ours and
gensim (workers=1) alternately in this one process, 3 times each, and prints

* the median ratio of words per second, ours / gensim: wall clock, and CPU time of the process
  (the fairer figure on a shared machine: time spent waiting for a core is not counted);
* each run's Spearman correlation on WordSim353, its words Porter-stemmed like the corpus;
* the speed-up over a per-example loop in the course's style (one pair at a time, dense |V| x d
  gradients), measured on a slice of the corpus and extrapolated as words per second;
* the peak memory of each trainer (tracemalloc, in separate untimed runs).

Both trainers run on one core: BLAS is limited to one thread before NumPy loads, gensim gets
workers=1, and ours calls no multi-threaded code.
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before NumPy is imported, so that no BLAS call can use a second core

import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

from w2v_core import neg_sampling_loss, skipgram  # noqa: E402
from w2v_core.reference import train_gensim  # noqa: E402
from w2v_core.corpus import build_vocabulary, encode, read_sentences  # noqa: E402
from w2v_core.evaluate import evaluate_word_pairs, load_word_pairs  # noqa: E402
from w2v_core.sampling import keep_probabilities, unigram_distribution  # noqa: E402
from w2v_core.train import train_skipgram  # noqa: E402

SETTINGS = dict(vector_size=100, window=5, negative=5, min_count=5, sample=1e-3, epochs=5)
RUNS = 3
LOOP_CENTERS = 150  # centers trained by the per-example loop; its rate is extrapolated from them


def run_ours(sentences, seed):
    return train_skipgram(sentences, seed=seed, progress=False, **SETTINGS)


def run_gensim(sentences, seed):
    return train_gensim(sentences, seed=seed, alpha=0.025, min_alpha=1e-4, **SETTINGS)


def timed(train, sentences, seed):
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = train(sentences, seed)
    return vectors, time.perf_counter() - wall, time.process_time() - cpu


def peak_megabytes(train, sentences):
    tracemalloc.start()
    train(sentences, 99)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def per_example_loop_words_per_second(sentences) -> tuple[float, int]:
    """The course's loop: for each center, w2v_core.skipgram over its window, then a dense SGD step."""
    vocabulary = build_vocabulary(sentences, SETTINGS["min_count"])
    corpus = encode(sentences, vocabulary)
    rng = np.random.default_rng(0)
    n_words, d, window = len(vocabulary), SETTINGS["vector_size"], SETTINGS["window"]
    center_vectors = (rng.random((n_words, d)) - 0.5) / d
    outside_vectors = np.zeros((n_words, d))
    loss_and_gradient = neg_sampling_loss(unigram_distribution(vocabulary.counts), SETTINGS["negative"], rng)
    kept = rng.random(corpus.tokens.shape[0]) < keep_probabilities(vocabulary.counts, SETTINGS["sample"])[corpus.tokens]
    tokens, sentence_ids = corpus.tokens[kept], corpus.sentence_ids[kept]
    start = time.process_time()
    for t in range(LOOP_CENTERS):
        span = window - int(rng.integers(0, window))
        others = [p for p in range(t - span, t + span + 1)
                  if p != t and 0 <= p < tokens.shape[0] and sentence_ids[p] == sentence_ids[t]]
        if not others:
            continue
        _, grad_center, grad_outside = skipgram(int(tokens[t]), tokens[others], center_vectors, outside_vectors,
                                                loss_and_gradient)
        center_vectors -= 0.025 * grad_center
        outside_vectors -= 0.025 * grad_outside
    seconds = time.process_time() - start
    raw_words_per_kept_center = corpus.raw_word_count / kept.sum()
    return LOOP_CENTERS * raw_words_per_kept_center / seconds, n_words


def main() -> None:
    sentences = read_sentences("head500")
    raw_words = sum(map(len, sentences))
    pairs = load_word_pairs("wordsim353", stem=True)
    print(f"corpus head500.noblanks.cor: {len(sentences)} texts, {raw_words} words; settings {SETTINGS}, "
          f"words/s counts raw corpus words x epochs")
    results = {"ours": [], "gensim": []}
    for run in range(RUNS):
        for name, train in (("ours", run_ours), ("gensim", run_gensim)):
            vectors, wall, cpu = timed(train, sentences, seed=run)
            spearman = evaluate_word_pairs(vectors, pairs)
            words = SETTINGS["epochs"] * raw_words
            results[name].append((words / wall, words / cpu, spearman.spearman))
            print(f"run {run + 1} {name:6s}: {words / wall:9,.0f} words/s wall, {words / cpu:9,.0f} words/s CPU, "
                  f"WordSim353 (stemmed) Spearman {spearman.spearman:.3f} on {spearman.pairs_used} pairs")
    wall_ratio = statistics.median(o[0] / g[0] for o, g in zip(results["ours"], results["gensim"]))
    cpu_ratio = statistics.median(o[1] / g[1] for o, g in zip(results["ours"], results["gensim"]))
    ours_rho = statistics.median(r[2] for r in results["ours"])
    gensim_rho = statistics.median(r[2] for r in results["gensim"])
    print(f"median ratio of words/s, ours / gensim: {wall_ratio:.2f} (wall clock), {cpu_ratio:.2f} (CPU time)")
    print(f"median Spearman: ours {ours_rho:.3f}, gensim {gensim_rho:.3f}, difference {ours_rho - gensim_rho:+.3f}")

    loop_rate, n_words = per_example_loop_words_per_second(sentences)
    ours_cpu_rate = statistics.median(r[1] for r in results["ours"])
    print(f"per-example loop (course style, |V| = {n_words}, dense |V| x d gradients per pair): {loop_rate:,.0f} words/s "
          f"CPU, measured on {LOOP_CENTERS} centers and extrapolated; ours is {ours_cpu_rate / loop_rate:,.0f} times faster")

    for name, train in (("ours", run_ours), ("gensim", run_gensim)):
        print(f"peak traced memory, {name}: {peak_megabytes(train, sentences):.0f} MiB (tracemalloc, untimed run)")
    print(f"peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print("threads: BLAS limited to 1 before NumPy loaded; gensim workers=1 (plus its job-producer thread, "
          "counted in CPU time); ours single-threaded (NumPy and SciPy sparse kernels)")


if __name__ == "__main__":
    main()
