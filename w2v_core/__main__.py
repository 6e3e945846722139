"""Command line: ``python -m w2v_core train CORPUS --out vectors.txt [options]``, ``evaluate VECTORS`` and
``verify [PART ...]``, ``check PART FILE`` and ``grade SUBMISSION...`` (see ``--help``)."""
from __future__ import annotations

import argparse
import sys

from .corpus import GENSIM_CORPORA


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m w2v_core",
                                     description="word2vec, derived: train and evaluate skip-gram word vectors, "
                                                 "and re-check the book's derivations.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    train = commands.add_parser(
        "train", help="train skip-gram vectors on a text file (one sentence per line)",
        description="Train skip-gram word2vec with negative sampling. The options mean what they mean in "
                    "gensim's Word2Vec(sg=1). Ctrl-C stops training and still saves the vectors trained so far.")
    train.add_argument("corpus", metavar="CORPUS",
                       help=f"a UTF-8 text file, one sentence per line, or one of: {', '.join(GENSIM_CORPORA)} "
                            "(corpora shipped with gensim)")
    train.add_argument("--out", required=True, help="where to write the vectors (word2vec text format)")
    train.add_argument("--projector", metavar="PREFIX",
                       help="also write PREFIX_vectors.tsv and PREFIX_metadata.tsv for projector.tensorflow.org")
    train.add_argument("--preprocess", action="store_true",
                       help="lower-case and keep words only (default: split lines on white space, as gensim)")
    train.add_argument("--vector-size", type=int, default=100, help="d, the vector length (default 100)")
    train.add_argument("--window", type=int, default=5, help="largest center-outside distance (default 5)")
    train.add_argument("--negative", type=int, default=5, help="K, negatives per pair (default 5)")
    train.add_argument("--min-count", type=int, default=5, help="drop words seen fewer times (default 5)")
    train.add_argument("--sample", type=float, default=1e-3, help="subsampling threshold, a fraction in [0, 1); 0 = off (default 1e-3)")
    train.add_argument("--epochs", type=int, default=5, help="passes over the corpus (default 5)")
    train.add_argument("--alpha", type=float, default=0.025, help="initial learning rate (default 0.025)")
    train.add_argument("--min-alpha", type=float, default=1e-4, help="final learning rate (default 1e-4)")
    train.add_argument("--negatives-mode", choices=["per-window", "per-pair"], default="per-window",
                       help="per-window (default): one draw of K negatives shared by the pairs of a window, "
                            "faster; per-pair: fresh negatives for every pair, the exercise's exact scheme")
    train.add_argument("--workers", type=int, default=None,
                       help="worker processes (default: every core); 1 trains on one core")
    train.add_argument("--seed", type=int, default=0,
                       help="random seed; the same seed and --workers give the same vectors")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    evaluate = commands.add_parser("evaluate", help="score vectors on WordSim353, SimLex-999 and analogies")
    evaluate.add_argument("vectors", help="a word2vec text file")
    evaluate.add_argument("--stem", action="store_true", help="Porter-stem the test words (for a stemmed corpus)")
    verify = commands.add_parser(
        "verify", help="re-check the derivations of parts (a)-(h), step by step",
        description="Run every check of the book's derivations (SymPy and exact random instances, then the NumPy "
                    "function) and print what each step was checked by. Exit status 1 if any check fails.")
    verify.add_argument("parts", nargs="*", metavar="PART",
                        help="parts to check, a to h, softmax for the key lemma, h_neg for (h) with negative sampling (default: all)")
    check = commands.add_parser(
        "check", help="check a written answer or a whole derivation of one part, line by line",
        description="Read the LaTeX in FILE (.md, .tex or .txt: $$ blocks, aligned environments, lines that begin "
                    "with '=', prose in between) and judge it against part PART: each answer against the true value, "
                    "each step of a derivation against the step before. Exit status 0 when everything checked is "
                    "correct, 1 when not, 2 for a usage error.")
    check.add_argument("part", metavar="PART", help="the part, a to h")
    check.add_argument("file", metavar="FILE", help="a text file with the answer(s) or derivation(s); - for stdin")
    check.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    check.add_argument("--mode", choices=("auto", "answer", "derivation"), default="auto",
                       help="auto (default): one line of mathematics is an answer, more is a derivation")
    check.add_argument("--quantity", help="what a line without a left side answers (e.g. v_c, u_o, U)")
    from .grade.cli import add_parser as add_grade_parser

    add_grade_parser(commands)
    return parser


def _check(args) -> int:
    import json

    from . import check
    from .check.lines import math_rows

    if args.part not in "abcdefgh" or len(args.part) != 1:
        raise ValueError(f"PART must be one of a, b, c, d, e, f, g, h; got {args.part!r}")
    try:
        text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read FILE {args.file!r}: {exc}") from None
    mode = args.mode
    if mode == "auto":
        try:
            mode = "answer" if len(math_rows(text)) <= 1 else "derivation"
        except ValueError:
            mode = "answer"
    report = check.answer(args.part, text, args.quantity) if mode == "answer" else check.derivation(args.part, text)
    print(json.dumps(report.to_dict(), indent=1) if args.json else report)
    return 0 if report.ok else 1


def _train(args) -> int:
    from .corpus import read_sentences
    from .train import train_skipgram

    sentences = read_sentences(args.corpus, preprocess=args.preprocess)
    vectors = train_skipgram(sentences, vector_size=args.vector_size, window=args.window, negative=args.negative,
                             min_count=args.min_count, sample=args.sample, epochs=args.epochs, alpha=args.alpha,
                             min_alpha=args.min_alpha, seed=args.seed, negatives=args.negatives_mode,
                             workers=args.workers, progress=not args.no_progress)
    log = vectors.training
    vectors.save_word2vec_format(args.out)
    if args.projector:
        vectors.save_projector_tsv(f"{args.projector}_vectors.tsv", f"{args.projector}_metadata.tsv")
    state = f"interrupted after {log.epochs_done:.2f} epochs" if log.interrupted else f"{args.epochs} epochs"
    print(f"{len(vectors)} words x {vectors.vector_size} dimensions, {state}, negatives {log.negatives}, "
          f"{log.workers} worker(s), {log.words_per_second:,.0f} words/s; "
          f"vectors written to {args.out}")
    return 130 if log.interrupted else 0


def _evaluate(args) -> int:
    from .evaluate import evaluate_analogies, evaluate_word_pairs, load_word_pairs
    from .wordvectors import WordVectors

    vectors = WordVectors.load_word2vec_format(args.vectors)
    for name in ("wordsim353", "simlex999"):
        try:
            print(f"{name}: {evaluate_word_pairs(vectors, load_word_pairs(name, stem=args.stem))}")
        except ValueError as exc:
            print(f"{name}: not scored ({exc})")
    print(evaluate_analogies(vectors, stem=args.stem))
    return 0


def _verify(args) -> int:
    from .derivations import derive

    from .derivations import LEMMAS, PARTS, VARIANTS

    known = [*PARTS, *LEMMAS, *VARIANTS]
    unknown = [p for p in args.parts if p not in known]
    if unknown:
        raise ValueError(f"PART must be one of {', '.join(known)}; got {', '.join(map(repr, unknown))}")
    reports = [derive(part).verify() for part in (args.parts or known)]
    for report in reports:
        print(report)
    failed = [r.part for r in reports if not r.ok]
    print(f"derivations: {len(reports) - len(failed)} of {len(reports)} passed every check"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        from .grade.cli import run as _grade

        return {"train": _train, "evaluate": _evaluate, "verify": _verify, "check": _check,
                "grade": _grade}[args.command](args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
