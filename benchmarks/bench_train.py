"""Our NumPy/SciPy skip-gram trainer against gensim's compiled one, on the same corpus and settings.

Run with ``make bench-train`` (several minutes; ``--runs N`` to change the repetitions). On
``head500.noblanks.cor`` (gensim's test data) with sg=1, negative=5, window=5, 100 dimensions,
min_count=5, sample=1e-3 and 5 epochs, it prints

* for 1 and then 2 workers: gensim and both of our modes (negatives ``per-window``, ``per-pair``)
  trained alternately in this one process, ``--runs`` times each, and the median ratio of speed,
  ours / gensim with the same number of workers (> 1: ours is faster), from wall-clock time and from
  the CPU time of the process (for one worker, the fairer figure on a shared machine: time spent
  waiting for a core is not counted; for two, CPU time adds both workers, so wall clock is the figure);
* each trainer's median WordSim353 Spearman correlation, its words Porter-stemmed like the corpus;
* how training time grows with the corpus (head500 repeated 1x, 2x, 4x; 1 epoch, 1 worker);
* the peak memory of each trainer (tracemalloc, in separate untimed runs);
* the speed-up over a per-example loop in the course's style (one window at a time, dense |V| x d
  gradients), measured on a slice of the corpus and extrapolated as words per second;
* the processor (from /proc/cpuinfo) and the load average, since other programs may share the machine.

BLAS is limited to one thread before NumPy loads (our trainer also limits it itself, per worker).
The header names the OpenBLAS kernels in use, and says so when ``OPENBLAS_CORETYPE`` forces them:
some machines set it for old OpenBLAS builds, and on a processor with AVX-512 the forced Haswell
kernels make the trainer's small products several times slower (gensim, which calls BLAS for single
dot products, hardly changes). To measure with the kernels OpenBLAS itself would choose, unset it (and
``OPENBLAS_L2_SIZE``, which comes with it) for this command alone:
``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE make bench-train``.
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before NumPy is imported, so that no BLAS call can use a second core

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

from w2v_core import neg_sampling_loss, skipgram  # noqa: E402
from w2v_core.corpus import build_vocabulary, encode, read_sentences  # noqa: E402
from w2v_core.evaluate import evaluate_word_pairs, load_word_pairs  # noqa: E402
from w2v_core.reference import train_gensim  # noqa: E402
from w2v_core.sampling import keep_probabilities, unigram_distribution  # noqa: E402
from w2v_core.timing import blas_kernels, processor_name  # noqa: E402
from w2v_core.train import NEGATIVES, train_skipgram  # noqa: E402

SETTINGS = dict(vector_size=100, window=5, negative=5, min_count=5, sample=1e-3, epochs=5)
LOOP_CENTERS = 150  # centers trained by the per-example loop; its rate is extrapolated from them
TRAINERS = ("gensim", *NEGATIVES)


def train(name, sentences, seed, workers, **overrides):
    settings = {**SETTINGS, **overrides}
    if name == "gensim":
        return train_gensim(sentences, seed=seed, workers=workers, alpha=0.025, min_alpha=1e-4, **settings)
    return train_skipgram(sentences, seed=seed, negatives=name, workers=workers, progress=False, **settings)


def cpu_seconds() -> float:
    """CPU time of this process and of its exited children: our forked workers are processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(name, sentences, seed, workers, **overrides):
    wall, cpu = time.perf_counter(), cpu_seconds()
    vectors = train(name, sentences, seed, workers, **overrides)
    return vectors, time.perf_counter() - wall, cpu_seconds() - cpu


def peak_megabytes(name, sentences) -> float:
    tracemalloc.start()
    train(name, sentences, 99, 1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def per_example_loop_words_per_second(sentences) -> tuple[float, int]:
    """The course's loop: for each center, w2v_core.skipgram over its window, then a dense SGD step."""
    vocabulary = build_vocabulary(sentences, SETTINGS["min_count"])
    corpus = encode(sentences, vocabulary)
    rng = np.random.default_rng(0)
    n_words, d, window = len(vocabulary), SETTINGS["vector_size"], SETTINGS["window"]
    center_vectors = (rng.random((n_words, d)) * 2 - 1) / d
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


def compare(sentences, pairs, workers: int, runs: int) -> dict:
    """Train gensim and both modes alternately ``runs`` times; print each run; return the figures."""
    results = {name: [] for name in TRAINERS}
    for run in range(runs):
        for name in TRAINERS:
            vectors, wall, cpu = timed(name, sentences, run, workers)
            rho = evaluate_word_pairs(vectors, pairs).spearman
            results[name].append((wall, cpu, rho))
            print(f"  workers={workers} run {run + 1} {name:10s}: {wall:6.2f} s wall, {cpu:6.2f} s CPU "
                  f"(CPU/wall {cpu / wall:.2f}), WordSim353 Spearman {rho:.3f}", flush=True)
    summary = {}
    for name in TRAINERS:
        ours, theirs = results[name], results["gensim"]
        summary[name] = dict(
            wall_ratio=statistics.median(g[0] / o[0] for o, g in zip(ours, theirs)),
            cpu_ratio=statistics.median(g[1] / o[1] for o, g in zip(ours, theirs)),
            rho=statistics.median(r[2] for r in ours),
            wall=statistics.median(r[0] for r in ours),
            cpu_per_wall=statistics.median(r[1] / r[0] for r in ours))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per trainer and worker count")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1x/2x/4x corpus measurement")
    args = parser.parse_args()

    sentences = read_sentences("head500")
    raw_words = sum(map(len, sentences))
    pairs = load_word_pairs("wordsim353", stem=True)
    print(f"processor: {processor_name()}; load average at start {os.getloadavg()[0]:.2f} "
          f"(other programs may share the machine: wall-clock figures move with them)")
    print(f"BLAS kernels: {blas_kernels()}")
    print(f"corpus head500.noblanks.cor: {len(sentences)} texts, {raw_words} words; settings {SETTINGS}")
    summaries = {w: compare(sentences, pairs, w, args.runs) for w in (1, 2)}

    print(f"\nmedians of {args.runs} alternating runs; speed ratio = gensim's time / ours, same number of workers "
          f"(> 1: ours faster)")
    print("| trainer | workers | time (s, wall) | speed vs gensim, wall | speed vs gensim, CPU | CPU / wall "
          "| WordSim353 Spearman | gensim's Spearman |")
    print("|---|---|---|---|---|---|---|---|")
    for workers, summary in summaries.items():
        for name in TRAINERS:
            s = summary[name]
            ratios = ("1 (reference)", "1 (reference)") if name == "gensim" else (
                f"{s['wall_ratio']:.2f}x", f"{s['cpu_ratio']:.2f}x")
            print(f"| {name} | {workers} | {s['wall']:.2f} | {ratios[0]} | {ratios[1]} | {s['cpu_per_wall']:.2f} "
                  f"| {s['rho']:.3f} | {summary['gensim']['rho']:.3f} |")

    if not args.no_scaling:
        print("\ntraining time against corpus size (head500 repeated; 1 epoch, 1 worker; time / (copies x time of 1x)):")
        for name in NEGATIVES:
            base = None
            for copies in (1, 2, 4):
                _, wall, cpu = timed(name, sentences * copies, 0, 1, epochs=1)
                base = base or cpu
                print(f"  {name:10s} {copies}x: {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
                      f"CPU per copy relative to 1x {cpu / (copies * base):.2f}", flush=True)

    loop_rate, n_words = per_example_loop_words_per_second(sentences)
    ours_rate = SETTINGS["epochs"] * raw_words / summaries[1]["per-window"]["wall"]
    print(f"\nper-example loop (course style, |V| = {n_words}, dense |V| x d gradients per window): {loop_rate:,.0f} "
          f"words/s CPU, measured on {LOOP_CENTERS} centers and extrapolated; per-window (1 worker) is "
          f"{ours_rate / loop_rate:,.0f} times faster")
    for name in TRAINERS:
        print(f"peak traced memory, {name}: {peak_megabytes(name, sentences):.0f} MiB (tracemalloc, untimed run)")
    print(f"peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}; gensim workers=N runs N trainer threads plus its "
          f"job-producer thread (counted in CPU time); ours runs N processes in lock-step rounds (their CPU time "
          f"counted too)")


if __name__ == "__main__":
    main()
