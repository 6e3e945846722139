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
from w2v_core.skipgram import skipgram
from w2v_core.views import part_a, part_b, part_c, part_d, part_e, part_f, part_g, part_h, web_sampled, web_state
from w2v_core.views.plotting import TOY_OUTSIDE_VECTORS, TOY_WORDS, arrow_positions
from w2v_core.views.web_coding import expand_payload
from w2v_core.views.web_state import (PLANE_AXIS, QUANTUM, decode, encode, line_grid, pack, plane_grid,
                                      plane_payload, state_a, state_b, state_c, state_d, state_e, state_f, state_g,
                                      unpack)

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
    shipped = json.loads(re.search(r'<script type="application/json" class="w2v-figure-data">(.*?)</script>',
                                   figure_b).group(1))
    # the integers travel delta coded and deflated (web_coding); expanded, the page's numbers are w2v_core's
    assert all(set(f["shared" if f.get("split") else "data"]) == {"deflate", "delta"}
               for f in shipped["grid"]["fields"].values())
    payload = expand_payload(shipped)
    assert payload["grid"]["cells"] == [101, 101] and payload["grid"]["n_words"] == 5
    got = unpack(payload["grid"], 3, (70, 58))
    want = state_b(np.array([PLANE_AXIS[58], PLANE_AXIS[70]]), 3, TOY_OUTSIDE_VECTORS, 0.5)
    for name in want:
        assert np.max(np.abs(got[name] - want[name])) < 1e-6, name
    assert re.search(r'<noscript><img alt="[^"]+" [^>]*src="data:image/png;base64,iVBOR', figure_b)
    assert "http" not in figure_b
    assert len(figure_b) < 400_000  # 1.8 MB before the coding


@pytest.mark.parametrize("module, has_figure", [(part_a, True), (part_c, True), (part_d, True), (part_e, True),
                                                (part_f, True), (part_g, True), (part_h, True)])
def test_the_book_embeds_the_figure_where_there_is_one_and_the_png_form_elsewhere(module, has_figure, monkeypatch):
    view = module.view()
    if has_figure:  # the payload itself is tested above; here only which face the bundle carries
        monkeypatch.setattr(type(view), "web_figure", lambda self, payload=None: '<div data-w2v-figure="x"></div>')
    html = view._repr_mimebundle_()["text/html"]
    assert html.startswith('<div data-w2v-figure') if has_figure else html.startswith('<div class="w2v-live"')


# -- parts (f) and (g): negatives drawn, v_c dragged --------------------------------------------------
def by_hand_sigma(x):
    """The logistic function written out here, independently of w2v_core.activations."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


@pytest.mark.parametrize("center_vec", POINTS)
def test_state_f_is_the_exercise_formulas_by_hand(center_vec):
    outside_vectors, _ = part_f.toy_vectors()
    o, neg = part_f.WORDS.index(part_f.OUTSIDE_WORD), np.array([0, 3, 7])
    state = state_f(center_vec, o, outside_vectors, neg)
    s_o, s_k = outside_vectors[o] @ center_vec, outside_vectors[neg] @ center_vec
    loss = -np.log(by_hand_sigma(s_o)) - np.sum(np.log(by_hand_sigma(-s_k)))
    assert state["loss"] == pytest.approx(loss, rel=1e-12, abs=1e-12)
    grad_center = -(1 - by_hand_sigma(s_o)) * outside_vectors[o] + (1 - by_hand_sigma(-s_k)) @ outside_vectors[neg]
    np.testing.assert_allclose(state["grad_center_vec"], grad_center, rtol=1e-12, atol=1e-14)
    rows = np.zeros_like(outside_vectors)
    rows[o] = -(1 - by_hand_sigma(s_o)) * center_vec
    rows[neg] = np.outer(1 - by_hand_sigma(-s_k), center_vec)
    np.testing.assert_allclose(state["grad_outside_vectors"], rows, rtol=1e-12, atol=1e-14)


def test_state_g_counts_every_draw_and_shows_what_the_mistake_drops():
    outside_vectors, center_vec = part_g.toy_vectors()
    o, neg = part_g.WORDS.index(part_g.OUTSIDE_WORD), np.array([0, 0, 0, 1, 2, 2])
    state = state_g(center_vec, o, outside_vectors, neg)
    assert state["counts"].tolist() == [3, 1, 2, 0, 0, 0]
    once = np.outer(by_hand_sigma(outside_vectors @ center_vec), center_vec)  # row w drawn once: sigma(s_w) v_c
    n = np.array([3, 1, 2, 0, 0, 0])[:, None]
    correct, dropped = n * once, np.minimum(n, 1) * once
    correct[o] = dropped[o] = -(1 - by_hand_sigma(outside_vectors[o] @ center_vec)) * center_vec
    np.testing.assert_allclose(state["grad_outside_vectors"], correct, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(state["grad_outside_repeats_dropped"], dropped, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(state["difference"], (n - np.minimum(n, 1)) * once, rtol=1e-12, atol=1e-14)
    assert np.all(state["difference"][[1, 3, 4, 5]] == 0) and np.all(state["difference"][[0, 2]] != 0)


SMALL_AXIS = np.linspace(-3.0, 3.0, 7)
#: The small data's observed words: each module's first o and one other (whose draws differ).
SMALL_OUTSIDE = {"f": (part_f.WORDS.index("sat"), part_f.WORDS.index("the")),
                 "g": (part_g.WORDS.index("sat"), part_g.WORDS.index("the"))}


def small_data(part):
    module, state = {"f": (part_f, state_f), "g": (part_g, state_g)}[part]
    outside_vectors, _ = module.toy_vectors()
    draws = {o: {k: [module.negatives(k, i, o) for i in range(4)] for k in module.WEB_K_VALUES}
             for o in SMALL_OUTSIDE[part]}
    extra = {"draw_constants": ("counts",)} if part == "g" else {}
    rows = ("grad_outside_vectors",) + (("grad_outside_repeats_dropped", "difference") if part == "g" else ())
    page, files = web_sampled.sampled_data(part, state, outside_vectors, SMALL_OUTSIDE[part][0], draws, rows,
                                           axis=SMALL_AXIS, **extra)
    return module, state, outside_vectors, draws, page, files


def draw_entries(page):
    return [entry for by_k in page["draws"].values() for entries in by_k.values() for entry in entries]


@pytest.mark.parametrize("part", ["f", "g"])
def test_sampled_data_gives_every_state_back_within_the_quantum_for_every_o(part):
    module, state, outside_vectors, draws, page, files = small_data(part)
    n = len(SMALL_AXIS)
    assert page["outside_choices"] == list(SMALL_OUTSIDE[part]) and page["outside_idx"] == SMALL_OUTSIDE[part][0]
    for o, by_k in draws.items():
        for k, negs in by_k.items():
            for d, neg in enumerate(negs):
                assert o not in neg.tolist()
                for iy in range(n):
                    for ix in range(n):
                        got = web_sampled.read_state(page, files, k, d, (iy, ix), outside_idx=o)
                        assert got["neg_indices"] == neg.tolist() and got["outside_idx"] == o
                        # One v_c alone, through the single-vector path (the data came from the batched one).
                        want = state(np.array([SMALL_AXIS[ix], SMALL_AXIS[iy]]), o, outside_vectors, neg)
                        for name, value in want.items():
                            assert np.max(np.abs(np.asarray(got[name], dtype=float) - value)) <= QUANTUM / 2 + 1e-12, name
    # The two o's give different numbers at the same K, draw and v_c (row o, loss): o is really picked.
    first, other = SMALL_OUTSIDE[part]
    k = module.WEB_K_VALUES[0]
    a, b = (web_sampled.read_state(page, files, k, 0, (1, 5), outside_idx=o) for o in (first, other))
    assert a["loss"] != b["loss"] and not np.array_equal(a["grad_outside_vectors"], b["grad_outside_vectors"])
    # A per-draw file holds only the loss and dJ/dv_c: 3 int32 per position.
    for entry in draw_entries(page):
        assert len(files[entry["file"]]) == 3 * 4 * n * n


def test_only_part_g_needs_files_for_repeated_words_and_rows_drawn_once_sit_in_the_page():
    *_, page_f, files_f = small_data("f")
    draw_files = {e["file"] for e in draw_entries(page_f)}
    assert set(files_f) == draw_files  # (f): every row in the page
    *_, page_g, files_g = small_data("g")
    row_files = set(files_g) - {e["file"] for e in draw_entries(page_g)}
    assert row_files, "(g) draws repeat, so rows of words drawn n >= 2 times go to files"
    for rows in page_g["rows"]["fields"].values():
        for slots in rows:
            for slot, ref in slots.items():
                if isinstance(ref, list):  # a row in a file is a row of a word drawn at least twice
                    assert slot not in ("o", "0", "1") and ref[0] in row_files
    # Row o for each o the page offers: an "o" slot on each of them, and only on them.
    for rows in page_g["rows"]["fields"].values():
        assert {w for w, slots in enumerate(rows) if "o" in slots} == set(SMALL_OUTSIDE["g"])


def test_sampled_data_refuses_a_sharing_claim_that_fails():
    outside_vectors, _ = part_f.toy_vectors()
    draws = {5: {2: [np.array([0, 1]), np.array([0, 2])]}}

    def row_depends_on_the_draw(center_vec, o, u, neg):
        state = state_f(center_vec, o, u, neg)
        state["grad_outside_vectors"] = state["grad_outside_vectors"] * (1 + neg[-1])  # row 0 changes with the draw
        return state

    with pytest.raises(ValueError, match="differs between draws"):
        web_sampled.sampled_data("f", row_depends_on_the_draw, outside_vectors, 5, draws, ("grad_outside_vectors",),
                                 axis=SMALL_AXIS)

    def constant_that_moves(center_vec, o, u, neg):
        return {**state_f(center_vec, o, u, neg), "counts": center_vec[:, :1]}

    with pytest.raises(ValueError, match="changes with v_c"):
        web_sampled.sampled_data("f", constant_that_moves, outside_vectors, 5, draws, ("grad_outside_vectors",),
                                 draw_constants=("counts",), axis=SMALL_AXIS)

    # A row of a word w != o claimed shared between two o's, where it depends on o: refused as well.
    def row_depends_on_o(center_vec, o, u, neg):
        state = state_f(center_vec, o, u, neg)
        state["grad_outside_vectors"] = state["grad_outside_vectors"] * (1 + o)
        return state

    two_o = {5: {2: [np.array([0, 1])]}, 6: {2: [np.array([0, 1])]}}
    with pytest.raises(ValueError, match="differs between draws"):
        web_sampled.sampled_data("f", row_depends_on_o, outside_vectors, 5, two_o, ("grad_outside_vectors",),
                                 axis=SMALL_AXIS)
    with pytest.raises(ValueError, match="outside_idx"):
        web_sampled.sampled_data("f", state_f, outside_vectors, 7, two_o, ("grad_outside_vectors",), axis=SMALL_AXIS)


def test_draw_grid_is_the_state_at_each_position_and_refuses_a_state_without_the_batch_axis():
    outside_vectors, _ = part_g.toy_vectors()
    neg = part_g.negatives(12, 3)
    fields = web_sampled.draw_grid(state_g, outside_vectors, 4, neg, SMALL_AXIS)
    for iy, y in enumerate(SMALL_AXIS):
        for ix, x in enumerate(SMALL_AXIS):
            one = state_g(np.array([x, y]), 4, outside_vectors, neg)
            for name, value in one.items():
                assert np.array_equal(fields[name][iy, ix], value), name  # bit for bit: one code path
    with pytest.raises(ValueError, match="first axis"):
        web_sampled.draw_grid(lambda v, o, u, n: {"loss": 1.0}, outside_vectors, 4, neg, SMALL_AXIS)


@pytest.mark.parametrize("module", [part_f, part_g])
def test_the_shipped_data_decodes_to_w2v_core_numbers(module):
    """The website's own data (computed once, then cached in .cache/w2v_web_data): 101 x 101 positions,
    20 draws of each K for each o the page offers, and sampled states that decode to w2v_core's
    numbers within 5e-8."""
    page, files = module.web_data()
    assert page["axis"] == PLANE_AXIS.tolist()
    offered = [module.WORDS.index(w) for w in module.WEB_OUTSIDE_WORDS]
    assert page["outside_choices"] == offered and len(offered) >= 3
    assert all(len(entries) >= 20 for by_k in page["draws"].values() for entries in by_k.values())
    outside_vectors, _ = module.toy_vectors()
    state = state_f if module is part_f else state_g
    rng = np.random.default_rng(5)
    for _ in range(60):
        o, k = int(rng.choice(offered)), int(rng.choice(module.WEB_K_VALUES))
        d, iy, ix = int(rng.integers(module.N_DRAWS)), int(rng.integers(101)), int(rng.integers(101))
        got = web_sampled.read_state(page, files, k, d, (iy, ix), outside_idx=o)
        assert got["neg_indices"] == module.negatives(k, d, o).tolist() and o not in got["neg_indices"]
        want = state(np.array([PLANE_AXIS[ix], PLANE_AXIS[iy]]), o, outside_vectors, got["neg_indices"])
        for name, value in want.items():
            assert np.max(np.abs(np.asarray(got[name], dtype=float) - value)) <= 5e-8 + 1e-12, (module.__name__, name)
    page_bytes = len(json.dumps(page))
    file_bytes = sum(len(b) for b in files.values())
    entries = draw_entries(page)
    print(f"\n{module.__name__}: {len(entries)} draws, {len({e['file'] for e in entries})} distinct; "
          f"page data {page_bytes / 1e6:.2f} MB, {len(files)} files {file_bytes / 1e6:.2f} MB")
    # The page under 3 MB with its HTML; about 7 MB of files per o the page offers.
    assert page_bytes < 2.2e6 and file_bytes < 7.5e6 * len(offered)


# ---- part (h): every (sentence, m, t) state ---------------------------------------------------------
H_RNG = np.random.default_rng(8)
H_CENTER, H_OUTSIDE = H_RNG.normal(size=(6, 3)), H_RNG.normal(size=(6, 3))


def reference_pair(center_vec, o, outside_vectors):
    """The naive-softmax pair loss and gradients written out here, independently of w2v_core:
    J = -log y_hat_o, dJ/dv_c = U (y_hat - y), dJ/dU = v_c (y_hat - y)^T (rows here: its transpose)."""
    scores = outside_vectors @ center_vec
    y_hat = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    y = np.zeros(len(scores))
    y[o] = 1.0
    return -np.log(y_hat[o]), outside_vectors.T @ (y_hat - y), np.outer(y_hat - y, center_vec)


@pytest.mark.parametrize("sentence, window, center_pos", [([0, 1, 2, 3, 4], 2, 2), ([0, 1, 2, 0, 5, 0], 3, 3),
                                                          ([4, 2, 1], 5, 1), ([1, 3], 1, 0)])
def test_state_h_is_w2v_core_skipgram_and_the_window_written_out(sentence, window, center_pos):
    state = web_state.state_h(sentence, window, center_pos, H_CENTER, H_OUTSIDE)
    positions = [p for p in range(len(sentence)) if p != center_pos and abs(p - center_pos) <= window]
    assert state["outside_positions"].tolist() == positions
    c = sentence[center_pos]
    loss, grad_c, grad_u = skipgram(c, [sentence[p] for p in positions], H_CENTER, H_OUTSIDE)
    assert state["loss"] == loss and state["center_idx"] == c
    assert np.array_equal(state["grad_center_vectors"], grad_c)
    assert np.array_equal(state["grad_outside_vectors"], grad_u)
    # Independently: the sum over the window of the pair formulas; rows other than c of dJ/dW are zero.
    pairs = [reference_pair(H_CENTER[c], sentence[p], H_OUTSIDE) for p in positions]
    assert np.allclose(state["pair_losses"], [j for j, _, _ in pairs], atol=1e-12)
    assert np.isclose(state["loss"], sum(j for j, _, _ in pairs))
    assert np.allclose(state["grad_center_vectors"][c], sum(g for _, g, _ in pairs), atol=1e-12)
    assert np.allclose(state["grad_outside_vectors"], sum(g for _, _, g in pairs), atol=1e-12)
    others = [w for w in range(6) if w != c]
    assert np.all(state["grad_center_vectors"][others] == 0)
    assert state["pairs"].tolist() == [[center_pos, p] for p in positions]
    counts = [sum(sentence[p] == w for p in positions) for w in range(6)]
    assert state["outside_counts"].tolist() == counts


def test_state_h_a_window_cut_at_both_ends_and_a_center_among_its_outside_words():
    # A 3-token sentence with m = 2: the window of the middle word would reach -1 and 3.
    cut = web_state.state_h([4, 2, 1], 2, 1, H_CENTER, H_OUTSIDE)
    assert cut["outside_positions"].tolist() == [0, 2]
    assert cut["sentence_pairs"].tolist() == [[0, 1], [0, 2], [1, 0], [1, 2], [2, 0], [2, 1]]
    # Word 0 at positions 0, 3 and 5: the center at 3 has word 0 twice among its outside words.
    repeated = web_state.state_h([0, 1, 2, 0, 5, 0], 3, 3, H_CENTER, H_OUTSIDE)
    assert repeated["outside_counts"][0] == 2
    single = [reference_pair(H_CENTER[0], o, H_OUTSIDE)[2] for o in (0, 1, 2, 5)]
    # Row 0 of dJ/dU gets the pair (0 -> 0) twice: once more than a single pair would give.
    assert np.allclose(repeated["grad_outside_vectors"], single[0] * 2 + single[1] + single[2] + single[3])


def test_state_h_refuses_bad_input_and_names_it():
    with pytest.raises(ValueError, match="sentence"):
        web_state.state_h([0.5, 1], 1, 0, H_CENTER, H_OUTSIDE)
    with pytest.raises(IndexError, match="sentence"):
        web_state.state_h([0, 9], 1, 0, H_CENTER, H_OUTSIDE)
    with pytest.raises(ValueError, match="at least 2 tokens"):
        web_state.state_h([3], 1, 0, H_CENTER, H_OUTSIDE)
    with pytest.raises(IndexError, match="center_pos"):
        web_state.state_h([0, 1, 2], 1, 3, H_CENTER, H_OUTSIDE)
    with pytest.raises(ValueError, match="window"):
        web_state.state_h([0, 1, 2], 0, 1, H_CENTER, H_OUTSIDE)
    with pytest.raises(ValueError, match="outside_vectors"):
        web_state.state_h([0, 1], 1, 0, H_CENTER, H_OUTSIDE[:, :2])


def test_window_payload_holds_every_state_and_gives_each_back():
    sentences = [[0, 1, 2, 0, 5, 0], [4, 2, 1]]
    payload = web_state.window_payload("h", sentences, list("abcdef"), H_CENTER, H_OUTSIDE, (1, 2, 3, 4, 5),
                                       {"sentence": 0, "window": 2, "center_pos": 1}, {})
    json.dumps(payload)
    for s, ids in enumerate(sentences):
        for m in (1, 2, 3, 4, 5):
            for t in range(len(ids)):
                got = web_state.unpack_window(payload, s, m, t)
                want = web_state.state_h(ids, m, t, H_CENTER, H_OUTSIDE)
                for name in ("loss", "grad_center_vectors", "grad_outside_vectors", "outside_counts", "pair_losses"):
                    assert np.max(np.abs(got[name] - want[name]), initial=0) <= QUANTUM / 2 + 1e-12, (s, m, t, name)
                assert got["outside_positions"].tolist() == want["outside_positions"].tolist()
                assert got["sentence_pairs"].tolist() == want["sentence_pairs"].tolist()
    assert payload["loss_max"] == max(web_state.state_h(ids, m, t, H_CENTER, H_OUTSIDE)["loss"]
                                      for ids in sentences for m in (1, 2, 3, 4, 5) for t in range(len(ids)))


def test_part_h_ships_every_state_and_both_faces_show_state_h():
    view = part_h.view()
    payload = view.web_payload()
    assert len(part_h.SENTENCES) >= 3 and min(len(s) for s in part_h.SENTENCES) <= 3
    assert any(len(set(s)) < len(s) for s in part_h.SENTENCES[1:])  # a sentence with repeated words
    assert payload["windows"] == list(range(1, max(len(s) for s in part_h.SENTENCES)))
    n_states = sum(len(e["ids"]) for e in payload["sentences"]) * len(payload["windows"])
    assert n_states == sum(len(s) for s in part_h.SENTENCES) * len(part_h.WINDOWS)
    got = web_state.unpack_window(payload, 2, 3, 3)
    view.set(sentence=2, window=3, center=3)  # the Jupyter face, at the same state
    for name in ("loss", "grad_center_vectors", "grad_outside_vectors"):
        assert np.max(np.abs(got[name] - view.current[name])) < 1e-6
        assert np.array_equal(view.current[name], web_state.state_h(part_h.word_ids(part_h.SENTENCES[2]), 3, 3,
                                                                    view.center_vectors, view.outside_vectors)[name])
    figure = view.web_figure()
    assert figure.startswith('<div class="w2v-figure" data-w2v-figure="h"') and "http" not in figure
    assert len(figure) < 400_000
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


@pytest.mark.parametrize("module, chapter", [(part_f, "f_negative_sampling.md"), (part_g, "g_repeated_negatives.md")])
def test_the_chapter_names_the_observed_words_the_website_offers(module, chapter):
    """The sentence that introduces figure (f) or (g) says that o can be picked, and names exactly the
    words of WEB_OUTSIDE_WORDS (in that order)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "chapters" / chapter).read_text(encoding="utf-8")
    section = text[text.index("## See it move"):]
    section = section[:section.index("```")]
    sentence = section[section.index("Pick the observed word $o$ by clicking"):]
    sentence = sentence[:sentence.index(", in Jupyter any word")]
    assert re.findall(r'"(\w+)"', sentence) == list(module.WEB_OUTSIDE_WORDS)


def test_the_jupyter_figures_f_and_g_show_their_state_functions_numbers_for_the_picked_o():
    """(f), (g): with the control o set, what the matplotlib view holds and draws is, to the last bit,
    state_f / state_g for that o (the website's source), and its negatives are that o's draws."""
    from w2v_core.timing import TimingComparison

    sizes = np.array([100, 1000])
    timing = TimingComparison(sizes, 1e-6 * sizes, 1e-7 * sizes, np.full(2, 5e-5), dim=50, k=10, n_examples=1)
    view_f = part_f.NegativeSamplingView(timing=timing)
    o = part_f.WORDS.index("tree")
    view_f.set(k=4, draw=7, o=o)
    want = state_f(view_f.center_vec, o, view_f.outside_vectors, part_f.negatives(4, 7, o))
    assert view_f.current["loss"] == want["loss"]
    assert np.array_equal(view_f.current["grad_outside_vectors"], want["grad_outside_vectors"])
    assert [view_f.observed_step.U[0], view_f.observed_step.V[0]] == want["grad_outside_vectors"][o].tolist()
    view_g = part_g.view()
    o = part_g.WORDS.index("the")
    view_g.set(k=12, draw=1, o=o)
    want = state_g(view_g.center_vec, o, view_g.outside_vectors, part_g.negatives(12, 1, o))
    assert np.array_equal(view_g.image_ok.get_array(), want["grad_outside_vectors"])
    assert np.array_equal(view_g.image_bad.get_array(), want["grad_outside_repeats_dropped"])
