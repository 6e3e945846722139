"""Reading corpora, the vocabulary and the encoded corpus."""
from __future__ import annotations

import numpy as np
import pytest

from w2v_core.corpus import build_vocabulary, corpus_path, encode, read_sentences, tokenize


def test_read_sentences_splits_lines_like_gensim(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("The cat sat.\n\n  on the   mat \n", encoding="utf-8")
    assert read_sentences(path) == [["The", "cat", "sat."], ["on", "the", "mat"]]
    assert read_sentences(path, preprocess=True) == [["the", "cat", "sat"], ["on", "the", "mat"]]


def test_tokenize_keeps_words_and_inner_apostrophes():
    assert tokenize("Don't stop: 4 o'clock, Hume-Highway!") == ["don't", "stop", "o'clock", "hume", "highway"]


def test_the_gensim_corpora_are_found_by_name():
    lee = read_sentences("lee")
    assert len(lee) == 300 and sum(map(len, lee)) == 59890  # the counts of design.md, section 5
    assert corpus_path("head500").name == "head500.noblanks.cor"


@pytest.mark.parametrize("content, match", [(b"", "empty"), (b"\n  \n\t\n", "empty"),
                                            (b"abc\x00\x01\x02", "looks binary"), (b"caf\xe9 au lait\n", "UTF-8")])
def test_a_file_that_is_not_a_text_corpus_is_named(tmp_path, content, match):
    path = tmp_path / "bad.cor"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=match):
        read_sentences(path)


def test_a_missing_file_is_named():
    with pytest.raises(ValueError, match="no such file"):
        read_sentences("/no/such/corpus.txt")


def test_vocabulary_keeps_min_count_and_sorts_by_frequency_then_first_appearance():
    sentences = [["b", "a", "c", "a"], ["d", "c", "b", "a", "e"]]
    vocab = build_vocabulary(sentences, min_count=2)
    assert vocab.index_to_key == ["a", "b", "c"]  # a: 3; b and c: 2 each, b seen first
    assert vocab.counts.tolist() == [3, 2, 2]
    assert vocab.key_to_index == {"a": 0, "b": 1, "c": 2}


def test_vocabulary_order_agrees_with_gensim():
    from gensim.models import Word2Vec

    sentences = read_sentences("lee")[:60]
    model = Word2Vec(min_count=3, vector_size=4, workers=1)
    model.build_vocab(sentences)
    theirs = model.wv
    vocab = build_vocabulary(sentences, min_count=3)
    assert vocab.counts.tolist() == [theirs.get_vecattr(w, "count") for w in theirs.index_to_key]
    assert set(vocab.index_to_key) == set(theirs.index_to_key)


@pytest.mark.parametrize("min_count, match", [(0, "min_count must be an integer >= 1"),
                                              (3, "min_count=3 leaves no word")])
def test_bad_min_count_is_named(min_count, match):
    with pytest.raises(ValueError, match=match):
        build_vocabulary([["a", "b", "a"]], min_count)


def test_encode_drops_rare_words_and_keeps_sentence_ids():
    sentences = [["a", "x", "b"], ["y"], ["b", "a"]]
    vocab = build_vocabulary(sentences + [["a", "b"]], min_count=2)
    corpus = encode(sentences, vocab)
    a, b = vocab.key_to_index["a"], vocab.key_to_index["b"]
    assert corpus.tokens.tolist() == [a, b, b, a]
    assert corpus.sentence_ids.tolist() == [0, 0, 2, 2]
    assert corpus.raw_word_count == 6
    assert corpus.tokens.dtype == np.int32
