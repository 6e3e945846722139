"""Views of parts (a)-(d) and the mistakes of the naive-softmax chapters.

Every expected number here is computed in the test from the paper's formulas, with U = the toy
outside vectors transposed (d x |V|), never by the view or by w2v_core.
"""
import json
import math
import re

import numpy as np
import pytest

from w2v_core import gradcheck, naive_softmax_loss_and_gradient
from w2v_core.mistakes import naive_softmax as mistakes
from w2v_core.views import part_a, part_b, part_c, part_d
from w2v_core.views.live import LiveFigure
from w2v_core.views.plotting import (PLANE_LIMIT, TOY_OUTSIDE_VECTORS, TOY_WORDS, arrow_positions, center_vector,
                                     draw_outside_vectors)

U = TOY_OUTSIDE_VECTORS.T  # the paper's U: d x |V|, column w is u_w
N_WORDS, DIM = TOY_OUTSIDE_VECTORS.shape


def paper_v_c(angle_deg, length):
    return length * np.array([math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))])


def paper_y_hat(v_c):
    scores = np.array([U[:, w] @ v_c for w in range(N_WORDS)])
    e = np.exp(scores)
    return e / e.sum()


def one_hot(o):
    y = np.zeros(N_WORDS)
    y[o] = 1.0
    return y


MODULES = {"a": part_a, "b": part_b, "c": part_c, "d": part_d}


@pytest.fixture(scope="module", params=sorted(MODULES))
def any_view(request):
    return MODULES[request.param].view()


# -- the shared toy data and helpers ----------------------------------------------------------------
def test_toy_data_is_fixed_and_read_only():
    assert TOY_OUTSIDE_VECTORS.shape == (len(TOY_WORDS), 2) == (5, 2)
    with pytest.raises(ValueError):
        TOY_OUTSIDE_VECTORS[0, 0] = 9.0


@pytest.mark.parametrize("angle, length", [(0.0, 1.0), (90.0, 2.0), (225.0, 0.5)])
def test_center_vector_is_polar(angle, length):
    assert np.allclose(center_vector(angle, length), paper_v_c(angle, length))
    assert math.isclose(np.linalg.norm(center_vector(angle, length)), length)


def test_draw_outside_vectors_rejects_an_unknown_label_place():
    from matplotlib.figure import Figure
    with pytest.raises(ValueError, match="label_at"):
        draw_outside_vectors(Figure().subplots(), label_at="nowhere")


# -- every view ---------------------------------------------------------------------------------------
def test_view_function_returns_a_live_figure(any_view):
    assert isinstance(any_view, LiveFigure)


def test_set_changes_the_picture(any_view):
    before = any_view.png()
    changes = {"angle": 210.0}
    if "o" in any_view.params:
        changes["o"] = (any_view.params["o"] + 2) % N_WORDS
    any_view.set(**changes)
    after = any_view.png()
    assert before != after


@pytest.mark.slow
def test_web_form_has_one_frame_per_grid_point_and_at_most_60(any_view):
    expected = int(np.prod([len(c.web) for c in any_view.controls]))
    assert 1 < expected <= 60
    form = any_view.web_form()
    payload = json.loads(re.search(r'<script type="application/json" class="w2v-data">(.*?)</script>', form, re.S).group(1))
    assert len(payload["frames"]) == expected
    assert payload["shape"] == [len(c.web) for c in any_view.controls]
    assert len(set(payload["frames"])) == expected  # every frame shows something different


# -- part (a) -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("angle, length, o", [(60.0, 1.0, 1), (195.0, 3.0, 3), (330.0, 2.5, 4)])
def test_part_a_draws_y_hat_the_one_hot_y_and_the_loss_both_ways(angle, length, o):
    view = part_a.PartAView()
    view.set(angle=angle, length=length, o=o)
    v_c = paper_v_c(angle, length)
    y_hat = paper_y_hat(v_c)
    assert np.allclose([bar.get_height() for bar in view.pred_bars], y_hat)
    assert [bar.get_height() for bar in view.onehot_bars] == list(one_hot(o))
    assert np.allclose(arrow_positions(view.center_arrow)[1], v_c)
    assert np.allclose(arrow_positions(view.observed_arrow)[1], U[:, o])
    text = view.loss_text.get_text()
    shown = [float(x) for x in re.findall(r"= (\d+\.\d+)", text)]
    assert len(shown) == 2 and np.allclose(shown, -math.log(y_hat[o]), atol=5e-5)
    assert TOY_WORDS[o] in text


# -- part (b) -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("angle, length, o", [(60.0, 1.0, 3), (180.0, 2.0, 0), (300.0, 3.0, 2)])
def test_part_b_draws_the_expectation_the_gradient_and_the_step(angle, length, o):
    view = part_b.PartBView()
    view.set(angle=angle, length=length, o=o)
    v_c = paper_v_c(angle, length)
    y_hat = paper_y_hat(v_c)
    expected = sum(y_hat[w] * U[:, w] for w in range(N_WORDS))
    gradient = expected - U[:, o]
    new_v_c = v_c - part_b.LEARNING_RATE * gradient
    assert np.allclose(arrow_positions(view.expected_arrow)[1], expected)
    assert np.allclose(arrow_positions(view.gradient_arrow), [np.zeros(2), gradient])
    assert np.allclose(arrow_positions(view.step_arrow), [v_c, new_v_c])
    loss_before = -math.log(y_hat[o])
    loss_after = -math.log(paper_y_hat(new_v_c)[o])
    assert np.allclose([bar.get_height() for bar in view.loss_bars], [loss_before, loss_after])
    assert loss_after < loss_before  # a small step against the gradient lowers the loss here
    assert max(loss_before, loss_after) < part_b.LOSS_AXIS_TOP


def test_part_b_loss_axis_holds_every_loss_of_the_grid():
    view = part_b.PartBView()
    tallest = 0.0
    for c in view.controls:
        assert c.name in ("angle", "length", "o")
    for angle in view.controls[0].values:
        for length in view.controls[1].values:
            for o in range(N_WORDS):
                v_c = paper_v_c(angle, length)
                gradient = U @ (paper_y_hat(v_c) - one_hot(o))
                after = v_c - part_b.LEARNING_RATE * gradient
                tallest = max(tallest, -math.log(paper_y_hat(v_c)[o]), -math.log(paper_y_hat(after)[o]))
                assert np.all(np.abs(after) <= PLANE_LIMIT)  # the step's tip stays inside the plane
    assert tallest < part_b.LOSS_AXIS_TOP


# -- part (c) -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("angle, length, o", [(60.0, 1.0, 0), (150.0, 2.0, 2), (270.0, 3.0, 4)])
def test_part_c_draws_each_gradient_from_the_tip_of_its_outside_vector(angle, length, o):
    view = part_c.PartCView()
    view.set(angle=angle, length=length, o=o)
    v_c = paper_v_c(angle, length)
    y_hat = paper_y_hat(v_c)
    for w, grad_arrow in enumerate(view.gradient_arrows):
        case = (y_hat[w] - 1.0) * v_c if w == o else y_hat[w] * v_c
        start, end = arrow_positions(grad_arrow)
        assert np.allclose(start, U[:, w]) and np.allclose(end - start, case)
        assert np.all(np.abs(end) <= part_c.PLANE_LIMIT_C)
    assert np.allclose([bar.get_height() for bar in view.coef_bars], y_hat - one_hot(o))
    # u_o's arrow is drawn apart: its colour differs from every other gradient arrow's
    colours = [tuple(a.get_edgecolor()) for a in view.gradient_arrows]
    assert all(colours[o] != colours[w] for w in range(N_WORDS) if w != o)


# -- part (d) -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("angle, o", [(60.0, 1), (240.0, 3)])
def test_part_d_heat_map_is_the_gradient_in_either_layout(angle, o):
    view = part_d.PartDView()
    v_c = paper_v_c(angle, part_d.CENTER_LENGTH)
    paper = np.array([[v_c[i] * (paper_y_hat(v_c)[w] - one_hot(o)[w]) for w in range(N_WORDS)] for i in range(DIM)])

    view.set(angle=angle, o=o, layout="paper")
    shown = np.asarray(view.image.get_array())
    assert shown.shape == (DIM, N_WORDS) and np.allclose(shown, paper)
    assert [float(t.get_text()) for t in view.cell_texts] == pytest.approx(list(paper.ravel()), abs=5e-3)
    paper_png = view.png()

    view.set(layout="code")
    shown = np.asarray(view.image.get_array())
    assert shown.shape == (N_WORDS, DIM) and np.allclose(shown, paper.T)
    assert [float(t.get_text()) for t in view.cell_texts] == pytest.approx(list(paper.T.ravel()), abs=5e-3)
    assert view.png() != paper_png
    # only the chosen layout's row and column names are shown
    assert all(t.get_visible() for t in view.layout_artists["code"])
    assert not any(t.get_visible() for t in view.layout_artists["paper"])


def test_part_d_rejects_an_unknown_layout():
    with pytest.raises(ValueError, match="layout"):
        part_d.PartDView().quantities(0.0, 0, "sideways")


# -- mistakes: each fails its check, the right answer passes -------------------------------------------
RNG = np.random.default_rng(7)
V_C = RNG.normal(size=2)
OUT = RNG.normal(size=(4, 2))  # |V| = 4, d = 2
O = 2


def test_right_gradients_pass_the_check():
    assert gradcheck(lambda v: naive_softmax_loss_and_gradient(v, O, OUT)[:2], V_C).ok
    assert gradcheck(lambda m: naive_softmax_loss_and_gradient(V_C, O, m)[::2], OUT).ok


def test_swapped_cross_entropy_is_infinite_for_a_one_hot_truth():
    y = np.array([0.0, 1.0, 0.0])
    y_hat = np.array([0.2, 0.7, 0.1])
    assert mistakes.cross_entropy_arguments_swapped(y, y_hat) == math.inf
    assert math.isfinite(-math.log(0.7))


def test_U_transposed_is_refused_when_V_differs_from_d_and_wrong_when_equal():
    with pytest.raises(ValueError):
        mistakes.grad_center_with_U_transposed(V_C, O, OUT)
    square = OUT[:2]
    assert not gradcheck(lambda v: mistakes.grad_center_with_U_transposed(v, 1, square), V_C).ok
    assert gradcheck(lambda v: naive_softmax_loss_and_gradient(v, 1, square)[:2], V_C).ok


@pytest.mark.parametrize("wrong", [mistakes.grad_center_as_outer_product])
def test_center_gradient_of_the_wrong_shape_is_rejected(wrong):
    with pytest.raises(ValueError, match="shape"):
        gradcheck(lambda v: wrong(v, O, OUT), V_C)


@pytest.mark.parametrize("wrong", [mistakes.grad_outside_without_center, mistakes.grad_outside_ignoring_observed_case,
                                   mistakes.grad_outside_reshaped_not_transposed])
def test_outside_gradient_mistakes_fail_the_check(wrong):
    loss, grad = wrong(V_C, O, OUT)
    assert grad.shape == OUT.shape  # they look right...
    assert math.isclose(loss, naive_softmax_loss_and_gradient(V_C, O, OUT)[0])
    assert not gradcheck(lambda m: wrong(V_C, O, m), OUT).ok  # ...and are not


def test_paper_layout_is_rejected_on_shape():
    with pytest.raises(ValueError, match="shape"):
        gradcheck(lambda m: mistakes.grad_outside_in_paper_layout(V_C, O, m), OUT)
