"""Evaluation: scores on hand-made vectors with known answers, and agreement with gensim's own evaluation."""
from __future__ import annotations

import numpy as np
import pytest

from w2v_core.evaluate import evaluate_analogies, evaluate_word_pairs, load_word_pairs, pca_2d
from w2v_core.wordvectors import WordVectors


def angle_vectors(words, angles):
    return WordVectors(np.stack([np.cos(angles), np.sin(angles)], axis=1), words)


def test_spearman_is_one_when_cosines_rank_the_pairs_as_humans_do():
    vectors = angle_vectors(["a", "b", "c", "d"], np.array([0.0, 0.2, 1.0, 2.5]))
    # cos(a,b) > cos(a,c) > cos(a,d): human scores in the same order, then reversed
    pairs = [("a", "b", 9.0), ("a", "c", 5.0), ("a", "d", 1.0), ("a", "zzz", 3.0)]
    score = evaluate_word_pairs(vectors, pairs)
    assert score.spearman == pytest.approx(1.0) and (score.pairs_used, score.pairs_total) == (3, 4)
    reversed_pairs = [(a, b, -s) for a, b, s in pairs]
    assert evaluate_word_pairs(vectors, reversed_pairs).spearman == pytest.approx(-1.0)


def test_too_few_known_pairs_is_an_error_that_suggests_stemming():
    vectors = angle_vectors(["a", "b"], np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="stem=True"):
        evaluate_word_pairs(vectors, [("a", "b", 1.0), ("x", "y", 2.0)])


def test_word_pair_files_load_and_stem():
    pairs = load_word_pairs("wordsim353")
    assert len(pairs) == 353 and pairs[0] == ("love", "sex", 6.77)
    stemmed = dict(((a, b), s) for a, b, s in load_word_pairs("wordsim353", stem=True))
    assert ("comput", "keyboard") in stemmed  # "computer keyboard" in the file
    assert len(load_word_pairs("simlex999")) == 999


def test_analogy_is_solved_by_vector_arithmetic(tmp_path):
    # man -> king is the same offset as woman -> queen; a decoy "prince" sits near king
    words = ["man", "woman", "king", "queen", "prince", "apple"]
    vectors = WordVectors(np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 2.0], [1.0, 1.0, 2.0],
                                    [1.1, -0.1, 2.0], [0.0, 0.0, -1.0]]), words)
    path = tmp_path / "q.txt"
    path.write_text(": royalty\nman king woman queen\nMAN woman king queen\nman king woman unknownword\n")
    score = evaluate_analogies(vectors, path)
    assert (score.correct, score.questions_used, score.questions_total) == (2, 2, 3)
    assert score.sections == {"royalty": (2, 2)}


def test_our_scores_equal_gensims_on_the_same_vectors():
    from gensim.models import KeyedVectors
    from gensim.test.utils import datapath

    rng = np.random.default_rng(0)
    words = sorted({w for a, b, _ in load_word_pairs("wordsim353") for w in (a, b)})[:300]
    theirs = KeyedVectors(vector_size=10)
    theirs.add_vectors(words, rng.normal(size=(len(words), 10)).astype(np.float32))
    ours = evaluate_word_pairs(theirs, load_word_pairs("wordsim353"))
    expected = theirs.evaluate_word_pairs(datapath("wordsim353.tsv"))[1].statistic
    assert ours.spearman == pytest.approx(expected, abs=1e-6)


def test_pca_finds_the_direction_of_largest_spread():
    rng = np.random.default_rng(0)
    t = rng.normal(size=200)
    points = np.outer(t, [3.0, 4.0, 0.0]) / 5 + 0.01 * rng.normal(size=(200, 3)) + 7.0
    coords = pca_2d(points)
    assert coords.shape == (200, 2)
    assert abs(np.corrcoef(coords[:, 0], t)[0, 1]) > 0.999
    assert coords[:, 1].std() < 0.02 and coords[:, 0].std() > 0.9
    np.testing.assert_allclose(coords.mean(axis=0), 0.0, atol=1e-12)


def test_pca_rejects_a_single_point():
    with pytest.raises(ValueError, match="at least 2 rows"):
        pca_2d(np.ones((1, 3)))


def test_projection_figure_names_the_themes_and_places_words_by_their_principal_axes():
    from w2v_core.views.training import projection_figure

    # Two themes far apart along one axis: their words must land on opposite sides of the first axis.
    words = ["a", "b", "c", "d"]
    vectors = WordVectors(np.array([[5.0, 0.1, 0.0], [5.2, -0.1, 0.0], [-5.0, 0.0, 0.1], [-5.1, 0.0, -0.1]]), words)
    fig = projection_figure([("ours", vectors)], words, [0, 0, 1, 1], group_names=["first", "second"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["first", "second"]
    points = ax.collections[0].get_offsets() if len(ax.collections) == 1 else np.concatenate(
        [c.get_offsets() for c in ax.collections])
    x = dict(zip(words, np.asarray(points)[:, 0]))
    assert np.sign(x["a"]) == np.sign(x["b"]) != np.sign(x["c"]) == np.sign(x["d"])
    assert sorted(t.get_text() for t in ax.texts) == words
    # a and b (and c and d) nearly coincide; their labels must still not overlap.
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(boxes[i].overlaps(boxes[j]) for i in range(len(boxes)) for j in range(i))
    assert fig._repr_png_().startswith(b"\x89PNG")
