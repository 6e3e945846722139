"""The command line: python -m w2v_core train CORPUS --out vectors.txt."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from w2v_core.__main__ import main
from w2v_core.wordvectors import WordVectors


@pytest.fixture
def corpus(tmp_path):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(12)]
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(" ".join(rng.choice(words, size=8)) for _ in range(60)) + "\n")
    return path


def test_help_lists_the_options():
    out = subprocess.run([sys.executable, "-m", "w2v_core", "train", "--help"], capture_output=True, text=True,
                         check=True).stdout
    for option in ("--out", "--vector-size", "--window", "--negative", "--min-count", "--sample", "--epochs",
                   "--alpha", "--min-alpha", "--seed", "--projector", "--negatives-mode", "--workers"):
        assert option in out


def test_train_writes_vectors_that_gensim_reads(tmp_path, corpus, capsys):
    out = tmp_path / "v.txt"
    code = main(["train", str(corpus), "--out", str(out), "--vector-size", "6", "--min-count", "1", "--epochs", "2",
                 "--no-progress", "--projector", str(tmp_path / "p")])
    assert code == 0
    assert "12 words x 6 dimensions" in capsys.readouterr().out
    from gensim.models import KeyedVectors

    theirs = KeyedVectors.load_word2vec_format(str(out))
    ours = WordVectors.load_word2vec_format(out)
    assert len(theirs) == 12 and theirs.vector_size == 6
    np.testing.assert_allclose(theirs.vectors, ours.vectors)
    assert (tmp_path / "p_vectors.tsv").exists() and (tmp_path / "p_metadata.tsv").exists()


@pytest.mark.parametrize("extra, message", [
    (["--window", "0"], "window must be an integer >= 1, got 0"),
    (["--vector-size", "0"], "vector_size must be an integer >= 1, got 0"),
    (["--min-count", "1000"], "min_count=1000 leaves no word"),
    (["--workers", "0"], "workers must be an integer >= 1, got 0"),
])
def test_bad_options_exit_with_a_clear_message(tmp_path, corpus, capsys, extra, message):
    assert main(["train", str(corpus), "--out", str(tmp_path / "v.txt"), "--no-progress", *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "v.txt").exists()


@pytest.mark.parametrize("content, message", [(b"", "corpus is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "looks binary")])
def test_a_corpus_that_is_not_text_is_named(tmp_path, capsys, content, message):
    path = tmp_path / "c.bin"
    path.write_bytes(content)
    assert main(["train", str(path), "--out", str(tmp_path / "v.txt"), "--no-progress"]) == 2
    assert message in capsys.readouterr().err


def test_ctrl_c_still_saves_the_vectors(tmp_path, corpus, capsys, monkeypatch):
    from w2v_core import train as train_module

    real_step, calls = train_module._pair_gradients, []

    def interrupted_step(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_step(*args, **kwargs)

    monkeypatch.setattr(train_module, "_pair_gradients", interrupted_step)
    out = tmp_path / "v.txt"
    code = main(["train", str(corpus), "--out", str(out), "--min-count", "1", "--vector-size", "4", "--no-progress",
                 "--negatives-mode", "per-pair", "--workers", "2"])
    assert code == 130
    assert "interrupted after" in capsys.readouterr().out
    assert len(WordVectors.load_word2vec_format(out)) == 12


def test_evaluate_scores_a_vector_file(tmp_path, capsys):
    words = ["love", "sex", "tiger", "cat", "computer", "keyboard", "money", "cash", "king", "queen"]
    WordVectors(np.random.default_rng(0).normal(size=(10, 5)), words).save_word2vec_format(tmp_path / "v.txt")
    assert main(["evaluate", str(tmp_path / "v.txt")]) == 0
    out = capsys.readouterr().out
    assert "wordsim353: Spearman" in out and "analogy accuracy" in out


def test_verify_rechecks_the_derivations_and_says_which_passed(capsys):
    assert main(["verify", "e", "g"]) == 0
    out = capsys.readouterr().out
    assert "part (e): all checks passed" in out and "part (g): all checks passed" in out
    assert out.rstrip().endswith("derivations: 2 of 2 passed every check")


def test_verify_fails_loudly_when_a_step_is_wrong(monkeypatch, capsys):
    import dataclasses

    from w2v_core import derivations

    real = derivations.derive

    def with_a_wrong_step(part):
        d = real(part)
        if part == "e":  # step 2 of the sigmoid's derivative, doubled
            d.steps[2] = dataclasses.replace(d.steps[2], expr=2 * d.steps[2].expr)
        return d

    monkeypatch.setattr(derivations, "derive", with_a_wrong_step)
    assert main(["verify", "e", "b"]) == 1
    out = capsys.readouterr().out
    # step 2 no longer follows from step 1, and step 3 no longer follows from step 2
    assert "part (e): 2 check(s) FAILED" in out and "[2] FAILED" in out and "[3] FAILED" in out
    assert "part (b): all checks passed" in out and out.rstrip().endswith("FAILED: e")


def test_verify_names_an_unknown_part(capsys):
    assert main(["verify", "q"]) == 2
    assert "PART must be one of a, b, c, d, e, f, g, h, softmax, h_neg; got 'q'" in capsys.readouterr().err
