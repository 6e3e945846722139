"""Views of parts (e)-(h), the negative-sampling mistakes, and the timing helpers.

Expected values are computed here from the formulas of the exercise (plain NumPy and math.exp), never
by the view or the function under test. No test asserts a speed.
"""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import w2v_core
from w2v_core.mistakes import negative_sampling as mistakes
from w2v_core.timing import (TimingComparison, blas_kernels, compare_losses, processor_name, rows_used,
                             time_per_example)
from w2v_core.views import part_e, part_f, part_g, part_h


# ---- independent references: the exercise's formulas written out --------------------------------
def ref_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def ref_neg_sampling_grads(center_vec, o, outside_vectors, negatives):
    """Part (g)'s result, term by term over the draws (part f when the draws are distinct)."""
    s_o = outside_vectors[o] @ center_vec
    grad_center = -(1 - ref_sigmoid(s_o)) * outside_vectors[o]
    grad_outside = np.zeros_like(outside_vectors)
    grad_outside[o] = -(1 - ref_sigmoid(s_o)) * center_vec
    for k in negatives:
        s_k = outside_vectors[k] @ center_vec
        grad_center = grad_center + (1 - ref_sigmoid(-s_k)) * outside_vectors[k]
        grad_outside[k] += (1 - ref_sigmoid(-s_k)) * center_vec
    return grad_center, grad_outside


def ref_naive_grads(center_vec, o, outside_vectors):
    scores = outside_vectors @ center_vec
    y_hat = np.exp(scores - scores.max())
    y_hat /= y_hat.sum()
    y = np.zeros_like(y_hat)
    y[o] = 1.0
    return outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


def n_web_frames(view) -> int:
    html = view.web_form()
    payload = re.search(r'<script type="application/json" class="w2v-data">(.*?)</script>', html, re.S).group(1)
    return len(json.loads(payload)["frames"])


def shown_arrows(quiver) -> np.ndarray:
    """The (U, V) of the arrows a quiver actually draws: matplotlib keeps the hidden ones in Umask."""
    hidden = np.zeros(len(quiver.U), dtype=bool) | np.asarray(quiver.Umask)
    return np.column_stack([np.asarray(quiver.U)[~hidden], np.asarray(quiver.V)[~hidden]])


def fake_timing() -> TimingComparison:
    sizes = np.array([100, 1000, 10000])
    return TimingComparison(sizes, 1e-6 * sizes, 1e-7 * sizes, np.full(3, 5e-5), dim=50, k=10, n_examples=1)


@pytest.fixture(scope="module")
def view_e():
    return part_e.view()


@pytest.fixture(scope="module")
def view_f():
    return part_f.NegativeSamplingView(timing=fake_timing())


@pytest.fixture(scope="module")
def view_g():
    return part_g.view()


@pytest.fixture(scope="module")
def view_h():
    return part_h.view()


# ---- (e) ----------------------------------------------------------------------------------------
def test_e_tangent_touches_sigmoid_with_slope_sigma_one_minus_sigma(view_e):
    for x0 in (-4.0, 0.0, 2.5):
        view_e.set(x0=x0)
        xs, ys = view_e.tangent.get_data()
        s = 1 / (1 + math.exp(-x0))
        assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(s * (1 - s), rel=1e-12)
        assert np.interp(x0, xs, ys) == pytest.approx(s, rel=1e-12)
        assert view_e.point.get_data()[1][0] == pytest.approx(s, rel=1e-12)


def test_e_measured_slopes_are_the_sigmoid_derivative(view_e):
    # The crosses are central differences of sigmoid: compare with the derivative written out here.
    markers = [line for line in view_e.ax_grad.get_lines() if line.get_marker() == "x"][0]
    x, y = markers.get_data()
    assert len(x) >= 20
    np.testing.assert_allclose(y, np.exp(-x) / (1 + np.exp(-x)) ** 2, atol=1e-9)
    assert view_e.check.ok


def test_e_update_changes_the_picture(view_e):
    view_e.set(x0=1.0)
    before = view_e.png()
    view_e.set(x0=-3.0)
    assert view_e.png() != before


def test_e_web_form_has_a_frame_per_point(view_e):
    assert n_web_frames(view_e) == len(part_e.TANGENT_POINTS) <= view_e.max_web_frames


# ---- (f) ----------------------------------------------------------------------------------------
def test_f_arrows_are_the_k_distinct_negatives(view_f):
    for k, draw in ((1, 0), (4, 2), (8, 7)):
        view_f.set(k=k, draw=draw)
        neg = view_f.current["negatives"]
        assert len(neg) == k == len(set(neg.tolist()))
        assert view_f.outside_idx not in neg
        np.testing.assert_allclose(shown_arrows(view_f.neg_arrows), view_f.outside_vectors[neg])


def test_f_tip_arrows_are_the_exercise_gradients(view_f):
    view_f.set(k=5, draw=3)
    neg = view_f.current["negatives"]
    grad_center, grad_outside = ref_neg_sampling_grads(view_f.center_vec, view_f.outside_idx, view_f.outside_vectors, neg)
    step = view_f.center_step
    np.testing.assert_allclose([step.U[0], step.V[0]], grad_center, rtol=1e-12)
    np.testing.assert_allclose(shown_arrows(view_f.neg_steps), grad_outside[neg], rtol=1e-12)


def test_f_new_draw_changes_the_picture(view_f):
    view_f.set(k=4, draw=0)
    before, neg_before = view_f.png(), view_f.current["negatives"]
    view_f.set(draw=1)
    assert not np.array_equal(view_f.current["negatives"], neg_before)
    assert view_f.png() != before


def test_f_offers_at_least_20_draws_of_each_k(view_f):
    for k in part_f.WEB_K_VALUES:
        draws = [part_f.negatives(k, i) for i in range(part_f.N_DRAWS)]
        assert len(draws) >= 20 and all(len(set(d.tolist())) == k for d in draws)
        assert len({tuple(d) for d in draws}) > 1


def test_f_timing_panel_draws_the_measurements(view_f):
    lines = view_f.ax_time.get_lines()
    assert len(lines) == 3
    np.testing.assert_allclose(lines[0].get_ydata(), 1e6 * view_f.timing.naive)
    np.testing.assert_allclose(lines[2].get_ydata(), 1e6 * view_f.timing.negative_rows)


# ---- (g) ----------------------------------------------------------------------------------------
def test_g_heat_maps_show_correct_and_dropped_accumulations(view_g):
    seen_repeat = False
    for k, draw in ((6, 0), (12, 3), (3, 5)):
        view_g.set(k=k, draw=draw)
        neg = view_g.current["negatives"]
        counts = np.bincount(neg, minlength=len(part_g.WORDS))
        _, right = ref_neg_sampling_grads(view_g.center_vec, view_g.outside_idx, view_g.outside_vectors, neg)
        _, once = ref_neg_sampling_grads(view_g.center_vec, view_g.outside_idx, view_g.outside_vectors, np.unique(neg))
        np.testing.assert_allclose(view_g.image_ok.get_array(), right, atol=1e-12)
        np.testing.assert_allclose(view_g.image_bad.get_array(), once, atol=1e-12)
        np.testing.assert_allclose(view_g.image_diff.get_array(), right - once, atol=1e-12)
        assert [b.get_width() for b in view_g.bars] == counts.tolist()
        framed = [f.get_visible() for f in view_g.frames[: len(part_g.WORDS)]]
        assert framed == (counts > 1).tolist()
        seen_repeat |= bool((counts > 1).any())
    assert seen_repeat, "the toy must produce repeated draws, or the view shows nothing"


def test_g_update_changes_the_picture_and_web_frames(view_g):
    view_g.set(k=6, draw=0)
    before = view_g.png()
    view_g.set(k=12)
    assert view_g.png() != before
    assert part_g.N_DRAWS >= 20


# ---- (h) ----------------------------------------------------------------------------------------
def test_h_pairs_are_those_within_the_window(view_h):
    for s, sentence in enumerate(part_h.SENTENCES):
        n = len(sentence)
        for m, t in ((1, 0), (2, 1), (4, n - 1)):
            view_h.set(sentence=s, window=m, center=t)
            drawn = np.nan_to_num(np.asarray(np.ma.filled(view_h.pair_image.get_array(), np.nan)), nan=-1)
            assert np.all(drawn[n:] == -1) and np.all(drawn[:, n:] == -1)  # beyond the sentence: blank
            expected = [(i, j) for i in range(n) for j in range(n) if i != j and abs(i - j) <= m]
            assert sorted(zip(*np.nonzero(drawn[:n, :n] > 0))) == expected
            assert sorted(np.flatnonzero(drawn[t, :n] == 2).tolist()) == [j for j in range(n) if j != t and abs(j - t) <= m]


def test_h_gradient_heat_maps_are_the_window_sums(view_h):
    # "the dog saw the fox ...": center "the" at 3 has "the" twice in its window of m = 3.
    for s, m, t in ((0, 2, 6), (2, 3, 3), (1, 2, 1)):
        view_h.set(sentence=s, window=m, center=t)
        ids = part_h.word_ids(part_h.SENTENCES[s])
        V, U = view_h.center_vectors, view_h.outside_vectors
        grad_v, grad_u = np.zeros_like(V), np.zeros_like(U)
        for j in range(max(0, t - m), min(len(ids), t + m + 1)):
            if j != t:
                g_c, g_u = ref_naive_grads(V[ids[t]], ids[j], U)
                grad_v[ids[t]] += g_c
                grad_u += g_u
        shown_v = np.asarray(view_h.image_c.get_array())
        np.testing.assert_allclose(shown_v, grad_v, atol=1e-12)
        np.testing.assert_allclose(np.asarray(view_h.image_u.get_array()), grad_u, atol=1e-12)
        assert np.count_nonzero(np.abs(shown_v).sum(axis=1)) == 1  # only row c


def test_h_update_changes_the_picture_and_the_website_ships_every_state(view_h):
    view_h.set(sentence=0, window=1, center=3)
    before = view_h.png()
    view_h.set(window=3)
    assert view_h.png() != before
    before = view_h.png()
    view_h.set(sentence=1)  # t = 3 is clamped to the short sentence's last position
    assert view_h.png() != before and view_h.current["center_pos"] == 2
    payload = view_h.web_payload()
    shipped = sum(len(e["outside_positions"][i]) for e in payload["sentences"] for i in range(len(payload["windows"])))
    assert shipped == sum(len(s) for s in part_h.SENTENCES) * len(part_h.WINDOWS)


@pytest.mark.parametrize("module", [part_e, part_g, part_h])
def test_view_function_returns_a_live_figure(module):
    from w2v_core.views.live import LiveFigure
    assert isinstance(module.view(), LiveFigure)


# ---- mistakes: each fails its check, the correct function passes ---------------------------------
U4 = np.array([[1.0, 0.0], [0.5, 1.0], [-1.0, 0.5], [0.0, -1.0]])
V_C = np.array([1.0, 0.5])


def check_center(fn, negatives):
    return w2v_core.gradcheck(lambda v: (fn(v, 0, U4, negatives)[0], fn(v, 0, U4, negatives)[1]), V_C)


def check_outside(fn, negatives):
    return w2v_core.gradcheck(lambda U: (fn(V_C, 0, U, negatives)[0], fn(V_C, 0, U, negatives)[2]), U4)


def test_correct_negative_sampling_passes_with_and_without_repeats():
    for negatives in ([2, 3], [2, 3, 2]):
        assert check_center(w2v_core.neg_sampling_loss_and_gradient, negatives).ok
        assert check_outside(w2v_core.neg_sampling_loss_and_gradient, negatives).ok


def test_sigmoid_with_lost_exponent_sign_fails():
    x = np.array([-2.0, 0.0, 1.5])
    np.testing.assert_allclose(mistakes.sigmoid_exponent_sign_lost(x), 1 / (1 + np.exp(x)))
    wrong = w2v_core.gradcheck(lambda x: (mistakes.sigmoid_exponent_sign_lost(x).sum(),
                                          mistakes.sigmoid_grad_quoted_with_lost_sign(x)), x)
    right = w2v_core.gradcheck(lambda x: (w2v_core.sigmoid(x).sum(), w2v_core.sigmoid_grad(x)), x)
    assert right.ok and not wrong.ok
    assert np.all(np.sign(wrong.analytic) == -np.sign(wrong.numeric))


@pytest.mark.parametrize("fn", [mistakes.neg_sampling_gradient_sigma_flipped,
                                mistakes.neg_sampling_gradient_outside_sign_flipped])
def test_sign_mistakes_fail(fn):
    assert not check_outside(fn, [2, 3]).ok
    assert not check_center(fn, [2, 3]).ok


def test_fancy_index_accumulation_fails_only_with_repeats():
    fn = mistakes.neg_sampling_gradient_repeats_dropped
    assert check_outside(fn, [2, 3]).ok  # distinct draws: the bug is invisible
    report = check_outside(fn, [2, 3, 2])
    assert not report.ok and report.worst_index[0] == 2
    assert check_center(fn, [2, 3, 2]).ok  # dJ/dv_c sums over draws without fancy indexing
    dropped = mistakes.add_rows_dropping_repeats(np.zeros((4, 1)), [2, 3, 2], np.ones((3, 1)))
    assert dropped.ravel().tolist() == [0.0, 0.0, 1.0, 1.0]


def test_sampling_the_outside_word_happens_and_is_refused():
    p = w2v_core.unigram_distribution(np.array([50.0, 20.0, 20.0, 10.0]))
    draws = mistakes.draw_negatives_including_outside(p, 1000, np.random.default_rng(0))
    assert np.any(draws == 0)
    assert not np.any(w2v_core.draw_negatives(0, p, 1000, np.random.default_rng(0)) == 0)
    with pytest.raises(ValueError, match="outside_idx"):
        w2v_core.neg_sampling_loss_and_gradient(V_C, 0, U4, np.array([2, 0]))


# ---- timing ---------------------------------------------------------------------------------------
def test_rows_used_gives_the_same_loss_and_gradients():
    rng = np.random.default_rng(4)
    U = rng.normal(size=(30, 5))
    v = rng.normal(size=5)
    o, neg = 7, np.array([3, 20, 11])
    loss, g_c, g_u = w2v_core.neg_sampling_loss_and_gradient(v, o, U, neg)
    rows, local = rows_used(o, neg)
    assert rows.tolist() == [7, 3, 20, 11] and local.tolist() == [1, 2, 3]
    small = w2v_core.neg_sampling_loss_and_gradient(v, 0, U[rows], local)
    assert small[0] == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(small[1], g_c, rtol=1e-12)
    np.testing.assert_allclose(small[2], g_u[rows], rtol=1e-12)


def test_processor_name_reads_the_model_and_counts_logical_cores(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    one = "cpu family\t: {}\nmodel\t\t: {}\nmodel name\t: Example CPU 9000\n\n"
    cpuinfo.write_text("processor\t: 0\n" + one.format(25, 17) + "processor\t: 1\n" + one.format(26, 2))
    assert processor_name(str(cpuinfo)) == "Example CPU 9000 (family 25, model 17), 2 logical cores"
    cpuinfo.write_text("model name\t: Example CPU 9000\n")
    assert processor_name(str(cpuinfo)) == "Example CPU 9000, 1 logical core"
    cpuinfo.write_text("processor\t: 0\n")
    assert processor_name(str(cpuinfo)) == "unknown processor"
    assert processor_name(str(tmp_path / "absent")).startswith("unknown processor (no ")


def test_blas_kernels_say_whether_openblas_coretype_forced_them(monkeypatch):
    # OpenBLAS reads the variable only when it loads; the report reads it when asked, to say so.
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    forced = blas_kernels()
    assert forced.endswith("(forced by OPENBLAS_CORETYPE=Haswell)") and "openblas" in forced
    monkeypatch.delenv("OPENBLAS_CORETYPE")
    assert blas_kernels().endswith("(chosen by OpenBLAS for this processor)")


def test_time_per_example_calls_each_example_per_repeat():
    calls = []
    seconds = time_per_example(lambda a, b: calls.append((a, b)), [(1, 2), (3, 4)], repeats=3)
    assert calls == [(1, 2), (3, 4)] * 3
    assert np.isfinite(seconds) and seconds > 0


def test_compare_losses_measures_every_size():
    result = compare_losses([20, 40], dim=4, k=3, n_examples=2, rng=np.random.default_rng(0), repeats=1)
    assert result.vocab_sizes.tolist() == [20, 40]
    for times in (result.naive, result.negative_dense, result.negative_rows):
        assert times.shape == (2,) and np.all(np.isfinite(times)) and np.all(times > 0)


@pytest.mark.parametrize("kwargs, name", [
    (dict(vocab_sizes=[5]), "vocab_sizes"),
    (dict(vocab_sizes=[]), "vocab_sizes"),
    (dict(vocab_sizes=[50], k=0), "k"),
    (dict(vocab_sizes=[50], dim=0), "dim"),
])
def test_compare_losses_rejects_bad_input(kwargs, name):
    args = dict(k=10, rng=np.random.default_rng(0), n_examples=1, repeats=1) | kwargs
    with pytest.raises(ValueError, match=name):
        compare_losses(**args)


def test_time_per_example_rejects_no_examples():
    with pytest.raises(ValueError, match="examples"):
        time_per_example(print, [])


# ---- (f), (g): the observed word o is a control, as on the website ---------------------------------
@pytest.mark.parametrize("word", ["the", "tree", "dog"])
def test_f_control_o_moves_u_o_its_gradient_and_the_negatives(view_f, word):
    o = part_f.WORDS.index(word)
    view_f.set(k=8, draw=4, o=o)
    neg = view_f.current["negatives"]
    assert view_f.outside_idx == o and o not in neg.tolist()
    assert neg.tolist() == part_f.negatives(8, 4, o).tolist()
    grad_center, grad_outside = ref_neg_sampling_grads(view_f.center_vec, o, view_f.outside_vectors, neg)
    np.testing.assert_allclose([view_f.observed_arrow.U[0], view_f.observed_arrow.V[0]], view_f.outside_vectors[o])
    np.testing.assert_allclose(view_f.observed_step.get_offsets()[0], view_f.outside_vectors[o])
    np.testing.assert_allclose([view_f.observed_step.U[0], view_f.observed_step.V[0]], grad_outside[o], rtol=1e-12)
    np.testing.assert_allclose([view_f.center_step.U[0], view_f.center_step.V[0]], grad_center, rtol=1e-12)
    assert view_f.observed_label.get_text() == f"o = {word}"
    view_f.set(o=part_f.WORDS.index(part_f.OUTSIDE_WORD))


def test_g_control_o_changes_the_draws_and_the_rows(view_g):
    before = view_g.png()
    o = part_g.WORDS.index("the")
    view_g.set(k=12, draw=2, o=o)
    neg = view_g.current["negatives"]
    assert o not in neg.tolist() and neg.tolist() == part_g.negatives(12, 2, o).tolist()
    _, right = ref_neg_sampling_grads(view_g.center_vec, o, view_g.outside_vectors, neg)
    _, once = ref_neg_sampling_grads(view_g.center_vec, o, view_g.outside_vectors, np.unique(neg))
    np.testing.assert_allclose(view_g.image_ok.get_array(), right, atol=1e-12)
    np.testing.assert_allclose(view_g.image_bad.get_array(), once, atol=1e-12)
    colours = [label.get_color() for label in view_g.axes[1].get_yticklabels()]
    assert colours[o] == "C2" and colours.count("C2") == 1
    assert view_g.png() != before
    view_g.set(o=part_g.WORDS.index(part_g.OUTSIDE_WORD))


@pytest.mark.parametrize("module", [part_f, part_g])
def test_the_web_payload_starts_on_the_views_o_when_the_page_offers_it(module):
    view = module.view() if module is part_g else module.NegativeSamplingView(timing=fake_timing())
    offered = [module.WORDS.index(w) for w in module.WEB_OUTSIDE_WORDS]
    view.set(o=offered[-1])
    payload = view.web_payload()
    assert payload["outside_idx"] == offered[-1] and payload["outside_choices"] == offered
    not_offered = next(w for w in range(len(module.WORDS)) if w not in offered)
    view.set(o=not_offered)
    assert view.web_payload()["outside_idx"] == module.WORDS.index(module.OUTSIDE_WORD)
