"""The website's figures (issue 12): state functions, the grid of states and its packing.

The state functions must give what w2v_core gives (each number is compared with a call to
w2v_core's own function, or with a central-difference measurement), the grid must hold that state at
every position, and the packed data must give it back to within the shipped quantum.
"""
import json
import re

import numpy as np
import pytest

from w2v_core import naive_softmax_loss_and_gradient
from w2v_core.activations import sigmoid, sigmoid_grad, softmax
from w2v_core.gradcheck import gradcheck
from w2v_core.losses import cross_entropy
from w2v_core.views import part_a, part_b, part_c, part_d, part_e, part_f, web_state
from w2v_core.views.plotting import TOY_OUTSIDE_VECTORS, TOY_WORDS, arrow_positions
from w2v_core.views.web_state import (PLANE_AXIS, QUANTUM, decode, encode, line_grid, pack, plane_grid,
                                      plane_payload, state_a, state_b, state_c, state_d, state_e, unpack)

RNG = np.random.default_rng(12)
POINTS = [np.array([0.48, 0.84]), np.array([-2.94, 1.2]), np.array([0.0, 0.0]), RNG.uniform(-3, 3, 2)]


@pytest.mark.parametrize("center_vec", POINTS)
@pytest.mark.parametrize("o", [0, 3])
def test_plane_states_are_w2v_core_numbers(center_vec, o):
    loss, grad_c, grad_u = naive_softmax_loss_and_gradient(center_vec, o, TOY_OUTSIDE_VECTORS)
    y_hat = softmax(TOY_OUTSIDE_VECTORS @ center_vec)
    for state in (state_a(center_vec, o, TOY_OUTSIDE_VECTORS), state_b(center_vec, o, TOY_OUTSIDE_VECTORS, 0.5),
                  state_c(center_vec, o, TOY_OUTSIDE_VECTORS), state_d(center_vec, o, TOY_OUTSIDE_VECTORS)):
        assert state["loss"] == loss
        assert np.array_equal(state["grad_center_vec"], grad_c)
    a = state_a(center_vec, o, TOY_OUTSIDE_VECTORS)
    assert np.array_equal(a["y_hat"], y_hat)
    assert np.isclose(a["cross_entropy"], cross_entropy(np.eye(5)[o], y_hat)) and np.isclose(a["cross_entropy"], loss)
    c = state_c(center_vec, o, TOY_OUTSIDE_VECTORS)
    assert np.array_equal(c["grad_outside_vectors"], grad_u)
    # dJ/du_w = coefficient_w * v_c: the bars and the arrows are the same numbers.
    assert np.allclose(np.outer(c["coefficients"], center_vec), grad_u)
    assert np.array_equal(state_d(center_vec, o, TOY_OUTSIDE_VECTORS)["grad_outside_vectors"], grad_u)


@pytest.mark.parametrize("center_vec", POINTS[:2])
def test_part_b_gradient_is_the_measured_slope_and_the_step_lowers_the_loss(center_vec):
    o = 2
    b = state_b(center_vec, o, TOY_OUTSIDE_VECTORS, 0.5)
    report = gradcheck(lambda v: naive_softmax_loss_and_gradient(v, o, TOY_OUTSIDE_VECTORS)[:2], center_vec)
    assert report.ok and np.allclose(report.numeric, b["grad_center_vec"], atol=1e-6)
    assert np.allclose(b["expected"] - TOY_OUTSIDE_VECTORS[o], b["grad_center_vec"])  # U y_hat - u_o
    assert np.allclose(b["new_center_vec"], center_vec - 0.5 * b["grad_center_vec"])
    assert b["loss_after"] == naive_softmax_loss_and_gradient(b["new_center_vec"], o, TOY_OUTSIDE_VECTORS)[0]
    assert b["loss_after"] < b["loss"]


@pytest.mark.parametrize("x", [-7.5, -1.0, 0.0, 2.37])
def test_part_e_state_is_the_sigmoid_its_slope_and_a_tangent(x):
    e = state_e(x)
    assert e["sigmoid"] == sigmoid(x) and e["sigmoid_grad"] == sigmoid_grad(x)
    assert abs(e["measured_slope"] - e["sigmoid_grad"]) < 1e-8
    x0, y0, x1, y1 = e["tangent"]
    assert x0 < x < x1
    assert np.isclose((y1 - y0) / (x1 - x0), sigmoid_grad(x))
    assert np.isclose(y0 + (x - x0) * (y1 - y0) / (x1 - x0), sigmoid(x))  # the line touches sigma at x


def test_plane_grid_holds_the_state_at_every_position_for_every_o():
    axis = np.array([-1.5, 0.0, 0.6])
    grid = plane_grid(state_c, TOY_OUTSIDE_VECTORS, axis)
    assert grid["grad_outside_vectors"].shape == (5, 3, 3, 5, 2) and grid["loss"].shape == (5, 3, 3)
    for o in range(5):
        for iy, y in enumerate(axis):
            for ix, x in enumerate(axis):
                state = state_c(np.array([x, y]), o, TOY_OUTSIDE_VECTORS)
                assert grid["loss"][o, iy, ix] == state["loss"]
                assert np.array_equal(grid["grad_outside_vectors"][o, iy, ix], state["grad_outside_vectors"])


def test_pack_stores_shared_fields_once_and_unpack_gives_every_state_back():
    axis = np.array([-3.0, -0.06, 1.2, 2.94])
    grid = plane_grid(state_c, TOY_OUTSIDE_VECTORS, axis)
    packed = pack(grid)
    fields = packed["fields"]
    assert packed["cells"] == [4, 4] and packed["n_words"] == 5
    assert fields["loss"]["by_o"] and fields["grad_center_vec"]["by_o"]
    # Only row o of dJ/dU depends on o; the coefficients likewise.
    assert fields["grad_outside_vectors"].get("split") and fields["coefficients"].get("split")
    for o in range(5):
        for iy in range(4):
            for ix in range(4):
                got = unpack(packed, o, (iy, ix))
                want = state_c(np.array([axis[ix], axis[iy]]), o, TOY_OUTSIDE_VECTORS)
                for name in want:
                    assert np.max(np.abs(got[name] - want[name])) <= QUANTUM / 2 + 1e-15, (name, o, iy, ix)
    a = pack(plane_grid(state_a, TOY_OUTSIDE_VECTORS, axis))["fields"]
    assert a["y_hat"]["by_o"] is False  # y_hat does not depend on o: stored once


def test_pack_of_a_line_grid():
    axis = np.linspace(-2, 2, 5)
    packed = pack(line_grid(state_e, axis), per_o=False)
    for i, x in enumerate(axis):
        got = unpack(packed, None, (i,))
        assert abs(got["sigmoid"] - sigmoid(x)) <= QUANTUM / 2 + 1e-15
        assert np.allclose(got["tangent"], state_e(x)["tangent"], atol=QUANTUM)


def test_encode_rounds_to_the_quantum_and_refuses_what_it_cannot_ship():
    values = np.array([[0.12345678, -3.3], [200.0, 0.0]])
    assert np.max(np.abs(decode(encode(values), (2, 2)) - values)) <= QUANTUM / 2
    with pytest.raises(ValueError, match="finite"):
        encode([1.0, np.nan])
    with pytest.raises(ValueError, match="below"):
        encode([300.0])


def test_plane_payload_snaps_the_start_and_holds_every_drawn_point():
    axis = np.linspace(-3, 3, 7)
    payload = plane_payload("b", state_b, TOY_OUTSIDE_VECTORS, TOY_WORDS, 3, [0.9, -1.1], {"arrows": []},
                            reach=("new_center_vec",), axis=axis, learning_rate=0.5)
    assert payload["start"] == [4, 2]  # x = 1 and y = -1 are the nearest positions
    grid = plane_grid(state_b, TOY_OUTSIDE_VECTORS, axis, learning_rate=0.5)
    assert payload["limit"] > np.abs(grid["new_center_vec"]).max()
    assert payload["field_max"]["loss"] == grid["loss"].max()
    json.dumps(payload)  # plain JSON, nothing else


def test_the_website_grid_is_101_by_101_positions():
    assert len(PLANE_AXIS) == 101 and PLANE_AXIS[0] == -3 and PLANE_AXIS[-1] == 3
    assert np.allclose(np.diff(PLANE_AXIS), 0.06)
    assert len(web_state.SIGMOID_AXIS) >= 1000


@pytest.fixture(scope="module")
def figure_b():
    return part_b.view().web_figure()


def test_web_figure_carries_the_contract_the_states_and_a_png_fallback(figure_b):
    assert re.match(r'<div class="w2v-figure" data-w2v-figure="b" data-state="" data-render-ms="">', figure_b)
    payload = json.loads(re.search(r'<script type="application/json" class="w2v-figure-data">(.*?)</script>',
                                   figure_b).group(1))
    assert payload["grid"]["cells"] == [101, 101] and payload["grid"]["n_words"] == 5
    got = unpack(payload["grid"], 3, (70, 58))
    want = state_b(np.array([PLANE_AXIS[58], PLANE_AXIS[70]]), 3, TOY_OUTSIDE_VECTORS, 0.5)
    for name in want:
        assert np.max(np.abs(got[name] - want[name])) < 1e-6, name
    assert re.search(r'<noscript><img alt="[^"]+" [^>]*src="data:image/png;base64,iVBOR', figure_b)
    assert "http" not in figure_b
    assert len(figure_b) < 2.5e6


@pytest.mark.parametrize("module, has_figure", [(part_a, True), (part_c, True), (part_d, True), (part_e, True),
                                                (part_f, False)])
def test_the_book_embeds_the_figure_where_there_is_one_and_the_png_form_elsewhere(module, has_figure, monkeypatch):
    view = module.view()
    if has_figure:  # the payload itself is tested above; here only which face the bundle carries
        monkeypatch.setattr(type(view), "web_figure", lambda self: '<div data-w2v-figure="x"></div>')
    html = view._repr_mimebundle_()["text/html"]
    assert html.startswith('<div data-w2v-figure') if has_figure else html.startswith('<div class="w2v-live"')


# -- one source of numbers for both faces (issue 12) ---------------------------------------------------
def _drawn_a(view):
    return {"y_hat": [bar.get_height() for bar in view.pred_bars]}


def _drawn_b(view):
    return {"expected": arrow_positions(view.expected_arrow)[1], "grad_center_vec": arrow_positions(view.gradient_arrow)[1],
            "new_center_vec": arrow_positions(view.step_arrow)[1],
            "loss": view.loss_bars[0].get_height(), "loss_after": view.loss_bars[1].get_height()}


def _drawn_c(view):
    return {"coefficients": [bar.get_height() for bar in view.coef_bars],
            "grad_outside_vectors": [np.subtract(*arrow_positions(a)[::-1]) for a in view.gradient_arrows]}


def _drawn_d(view):
    return {"grad_outside_vectors": np.asarray(view.image.get_array()).T}  # the paper's layout, transposed


JUPYTER_FACES = {"a": (part_a.PartAView, dict(angle=150.0, length=2.0, o=2), state_a, _drawn_a),
                 "b": (part_b.PartBView, dict(angle=150.0, length=2.0, o=2),
                       lambda v, o, u: state_b(v, o, u, part_b.LEARNING_RATE), _drawn_b),
                 "c": (part_c.PartCView, dict(angle=150.0, length=2.0, o=2), state_c, _drawn_c),
                 "d": (part_d.PartDView, dict(angle=150.0, o=2, layout="paper"), state_d, _drawn_d)}


@pytest.mark.parametrize("part", sorted(JUPYTER_FACES))
def test_the_jupyter_figure_draws_the_numbers_of_the_websites_state_function(part):
    """Both faces of a figure take their numbers from one state function: what the matplotlib view
    draws for v_c is, to the last bit, what that function (the website's source) gives for v_c."""
    make, params, state, drawn = JUPYTER_FACES[part]
    view = make()
    view.set(**params)
    center_vec = arrow_positions(view.center_arrow)[1]
    want = state(center_vec, params["o"], TOY_OUTSIDE_VECTORS)
    for name, shown in drawn(view).items():
        np.testing.assert_allclose(np.asarray(shown, dtype=float), np.asarray(want[name]), rtol=0, atol=1e-12,
                                   err_msg=f"({part}) {name}")
        assert np.array_equal(np.asarray(view.current[name]), np.asarray(want[name])), f"({part}) {name}"


def test_the_jupyter_sigmoid_draws_the_numbers_of_the_websites_state_function():
    view = part_e.view()
    view.set(x0=-2.5)
    want = state_e(-2.5)
    xs, ys = view.tangent.get_data()
    assert np.array_equal([xs[0], ys[0], xs[1], ys[1]], want["tangent"])
    assert view.point.get_data()[1][0] == want["sigmoid"] and view.slope_point.get_data()[1][0] == want["sigmoid_grad"]
    assert f"{want['measured_slope']:.6f}" in view.readout.get_text()
