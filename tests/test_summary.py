"""The summary of results (issue 13): its code forms compute what the package computes.

Each ``ResultForm.code`` of ``derive(part)`` is evaluated with NumPy on a random instance and
compared with the package's function for that part (the function the derivation is checked against),
so a code form on the summary page cannot drift from the code that the chapters run.
"""
from __future__ import annotations

import numpy as np
import pytest

import w2v_core
from w2v_core.activations import log_softmax, sigmoid, softmax
from w2v_core.derivations import PARTS, derive
from w2v_core.views.summary import show_summary


@pytest.fixture
def instance():
    rng = np.random.default_rng(7)
    n_words, d = 6, 3
    outside_vectors = rng.normal(size=(n_words, d))
    center_vectors = rng.normal(size=(n_words, d))
    c, o = 1, 2
    center_vec = center_vectors[c]
    negatives = np.array([0, 4, 5])
    draws = np.array([4, 0, 4, 5, 4])
    window = np.array([2, 3, 2, 0])
    y_hat = softmax(outside_vectors @ center_vec)
    return dict(np=np, sigmoid=sigmoid, softmax=softmax, log_softmax=log_softmax, x=rng.normal(size=5),
                outside_vectors=outside_vectors, center_vectors=center_vectors, center_vec=center_vec, c=c, o=o,
                y=np.eye(n_words)[o], y_hat=y_hat, negatives=negatives, draws=draws,
                s_o=outside_vectors[o] @ center_vec, s_neg=outside_vectors[negatives] @ center_vec,
                s_draws=outside_vectors[draws] @ center_vec, n=np.bincount(draws, minlength=n_words),
                window=window, window_one_hots=[np.eye(n_words)[j] for j in window])


def expected(part: str, env: dict) -> list:
    """What the package returns for each result of ``part``, in the order of ``derive(part).results``."""
    v, o, U_rows = env["center_vec"], env["o"], env["outside_vectors"]
    if part in "abcd":
        loss, grad_center, grad_outside = w2v_core.naive_softmax_loss_and_gradient(v, o, U_rows)
        return {"a": [loss], "b": [grad_center], "c": [grad_outside], "d": [grad_outside]}[part]
    if part == "e":
        return [w2v_core.sigmoid_grad(env["x"])]
    if part == "f":
        _, grad_center, grad_outside = w2v_core.neg_sampling_loss_and_gradient(v, o, U_rows, env["negatives"])
        return [grad_center, grad_outside[o], grad_outside[env["negatives"]]]
    if part == "g":
        _, grad_center, grad_outside = w2v_core.neg_sampling_loss_and_gradient(v, o, U_rows, env["draws"])
        return [grad_outside, grad_center, grad_outside[o]]
    _, grad_centers, grad_outside = w2v_core.skipgram(env["c"], env["window"], env["center_vectors"], U_rows)
    return [grad_outside, grad_centers[env["c"]], grad_centers]


@pytest.mark.parametrize("part", PARTS)
def test_every_code_form_computes_what_the_package_computes(part, instance):
    d = derive(part)
    assert len(d.result_forms) == len(d.results), f"({part}): one ResultForm per result step"
    for form, want in zip(d.result_forms, expected(part, instance)):
        if part == "c" or (part == "g" and want.ndim == 2):
            word = "w" if part == "c" else "x"  # a form for one word, checked for every word (not o in (g))
            words = [w for w in range(len(want)) if part == "c" or w != instance["o"]]
            got = np.array([eval(form.code, {**instance, word: w}) for w in words])  # noqa: S307 - our own strings
            want = want[words]
        elif part == "h" and "zeros" in form.code:
            got = eval(form.code, instance)  # noqa: S307
            others = [w for w in range(len(want)) if w != instance["c"]]
            assert np.array_equal(want[others], np.zeros((len(others), got.size))), "(h): rows w != c must be zero"
            want = want[others[0]]
        else:
            got = eval(form.code, instance)  # noqa: S307
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=f"({part}) {form.code}")


def test_the_summary_shows_every_result_and_refuses_an_unknown_part():
    out = show_summary()
    for part in PARTS:
        for latex in derive(part).result_latex:
            assert latex in out.data
    with pytest.raises(ValueError, match="part must be one of"):
        show_summary("az")
