"""The website's draggable figures (issue 12) in a real browser, with no network and no kernel.

On each chapter with a figure: drag the handle with the mouse to several places and move it with the
arrow keys, pick another observed word (part h, which has no handle: choose each sentence, several
window sizes and center positions with the mouse and the keyboard); after each move the state must have moved and every number the
figure shows (the root's data-state) must equal what w2v_core computes from the state's inputs, to
1e-6. Nothing may leave the site. Text is at least 12 CSS px; the figure looks the same in the dark
theme. A screenshot of each figure at device scale 2 goes to test-artifacts/figures/.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest_book import ARTIFACTS
from test_site_browser import page_report, site_url, visit  # noqa: F401 - the shared fixtures
from w2v_core import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from w2v_core.mistakes.negative_sampling import neg_sampling_gradient_repeats_dropped
from w2v_core.skipgram import skipgram, window_pairs, window_positions
from w2v_core.activations import sigmoid, sigmoid_grad
from w2v_core.views.part_b import LEARNING_RATE
from w2v_core.views import part_f, part_g
from w2v_core.views.web_state import (PLANE_AXIS, SIGMOID_AXIS, state_a, state_b, state_c, state_d, state_e, state_f,
                                      state_g)

pytestmark = pytest.mark.slow

PLANE_FIGURES = {"a": "chapters/a_naive_softmax_loss", "b": "chapters/b_grad_center", "c": "chapters/c_grad_outside_word",
                 "d": "chapters/d_grad_outside_matrix", "e": "chapters/e_sigmoid"}
#: Parts (f) and (g): v_c dragged, K and the draw picked; each draw's numbers are fetched from the site.
SAMPLED_FIGURES = {"f": "chapters/f_negative_sampling", "g": "chapters/g_repeated_negatives"}
FIGURES = {**PLANE_FIGURES, **SAMPLED_FIGURES}
STATES = {"a": state_a, "b": lambda v, o, u: state_b(v, o, u, LEARNING_RATE), "c": state_c, "d": state_d}
TOL = 1e-6
PLANE_STEP = float(PLANE_AXIS[1] - PLANE_AXIS[0])
SIGMOID_STEP = float(SIGMOID_AXIS[1] - SIGMOID_AXIS[0])


def shown_state(root) -> dict:
    return json.loads(root.get_attribute("data-state"))


def assert_numbers_are_w2v_core(part: str, state: dict) -> None:
    """Every shown number against w2v_core's, computed here from the state's inputs."""
    if part == "e":
        x = state["x"]
        assert abs(state["sigmoid"] - sigmoid(x)) < TOL and abs(state["sigmoid_grad"] - sigmoid_grad(x)) < TOL
        want = state_e(x)
    else:
        center_vec = np.array(state["center_vec"])
        outside_vectors = np.array(state["outside_vectors"])
        o = state["outside_idx"]
        loss, grad_center_vec, _ = naive_softmax_loss_and_gradient(center_vec, o, outside_vectors)
        assert abs(state["loss"] - loss) < TOL, (state["loss"], loss)
        assert np.max(np.abs(np.array(state["grad_center_vec"]) - grad_center_vec)) < TOL
        want = STATES[part](center_vec, o, outside_vectors)
    for name, value in want.items():
        assert name in state, f"({part}) the page does not show {name!r}"
        assert np.max(np.abs(np.array(state[name], dtype=float) - np.asarray(value))) < TOL, (part, name)


def inputs(part: str, state: dict):
    return state["x"] if part == "e" else (tuple(state["center_vec"]), state["outside_idx"])


SMALLEST_TEXT = """root => {
  let smallest = 1e9;
  root.querySelectorAll('text, tspan').forEach(t => {
    if (!t.textContent.trim() || t.querySelector('tspan')) return;
    const size = parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getScreenCTM().a;
    smallest = Math.min(smallest, size);
  });
  root.querySelectorAll('span, button, sub, sup, div').forEach(el => {
    if (Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) {
      smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
    }
  });
  return smallest;
}"""


@pytest.mark.parametrize("part", sorted(PLANE_FIGURES))
def test_drag_the_handle_and_every_number_follows_from_w2v_core(visit, part):
    v = visit(FIGURES[part], scale=2)
    page = v.page
    root = page.locator(f'[data-w2v-figure="{part}"]')
    assert root.count() == 1, f"({part}) no figure on {FIGURES[part]}"
    handle = root.locator(f'[data-w2v-handle="{"x" if part == "e" else "center_vec"}"]')
    assert handle.get_attribute("aria-label")
    start = shown_state(root)
    assert_numbers_are_w2v_core(part, start)
    root.locator("svg").first.scroll_into_view_if_needed()
    area = root.locator(".w2v-drag-area").first.bounding_box()

    # The mouse: press on the handle, drag to several places, each time in several steps.
    seen = [inputs(part, start)]
    for fx, fy in [(0.8, 0.25), (0.2, 0.7), (0.55, 0.9), (0.35, 0.4)]:
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(area["x"] + fx * area["width"], area["y"] + fy * area["height"], steps=6)
        page.mouse.up()
        state = shown_state(root)
        assert inputs(part, state) not in seen, f"({part}) a drag did not move the state"
        seen.append(inputs(part, state))
        assert_numbers_are_w2v_core(part, state)
        assert float(root.get_attribute("data-render-ms")) >= 0

    # The keyboard: the handle has focus after a drag; each arrow moves one state (Shift: more).
    handle.focus()
    before = shown_state(root)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    after = shown_state(root)
    if part == "e":
        assert after["x"] == pytest.approx(before["x"] - 10 * SIGMOID_STEP, abs=1e-9)
    else:
        assert after["center_vec"][0] == pytest.approx(before["center_vec"][0] - 2 * PLANE_STEP, abs=1e-9)
        page.keyboard.press("Shift+ArrowUp")
        up = shown_state(root)
        assert up["center_vec"][1] == pytest.approx(after["center_vec"][1] + 5 * PLANE_STEP, abs=1e-9)
        assert_numbers_are_w2v_core(part, up)
    assert_numbers_are_w2v_core(part, after)

    if part != "e":  # pick another observed word
        o = shown_state(root)["outside_idx"]
        root.locator(f'button[data-w2v-word="{(o + 1) % 5}"]').click()
        state = shown_state(root)
        assert state["outside_idx"] == (o + 1) % 5
        assert_numbers_are_w2v_core(part, state)
    if part == "d":  # the layout switch changes the arrangement, not the numbers
        cells = root.locator("svg.w2v-svg text").all_text_contents()
        root.locator("button.w2v-layout").click()
        assert root.locator("svg.w2v-svg text").all_text_contents() != cells
        assert "code" in root.locator("svg.w2v-svg").inner_html()

    assert_looks_right_and_stays_on_site(part, root, v)


def assert_looks_right_and_stays_on_site(part, root, v) -> None:
    page = v.page
    assert root.evaluate(SMALLEST_TEXT) >= 12 - 1e-6, f"({part}) text smaller than 12 CSS px"
    shots = ARTIFACTS / "figures"
    shots.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(shots / f"{part}.png"))
    # The dark theme does not change the figure: it keeps its own light card.
    look = "r => [getComputedStyle(r).backgroundColor, getComputedStyle(r).color]"
    light = root.evaluate(look)
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'; }")
    assert root.evaluate(look) == light
    root.screenshot(path=str(shots / f"{part}-dark-theme.png"))
    assert v.offsite == [], f"({part}) requests left the site: {v.offsite}"
    assert v.errors == [], f"({part}) errors in the page: {v.errors}"


def assert_sampled_numbers_are_w2v_core(part: str, state: dict) -> None:
    """(f), (g): every shown number against w2v_core's, computed here from the state's inputs."""
    center_vec = np.array(state["center_vec"])
    outside_vectors = np.array(state["outside_vectors"])
    o, neg = state["outside_idx"], np.array(state["neg_indices"])
    loss, grad_center_vec, grad_outside_vectors = neg_sampling_loss_and_gradient(center_vec, o, outside_vectors, neg)
    assert abs(state["loss"] - loss) < TOL, (state["loss"], loss)
    assert np.max(np.abs(np.array(state["grad_center_vec"]) - grad_center_vec)) < TOL
    assert np.max(np.abs(np.array(state["grad_outside_vectors"]) - grad_outside_vectors)) < TOL
    assert state["counts"] == np.bincount(neg, minlength=len(outside_vectors)).tolist()
    if part == "g":
        _, _, dropped = neg_sampling_gradient_repeats_dropped(center_vec, o, outside_vectors, neg)
        assert np.max(np.abs(np.array(state["grad_outside_repeats_dropped"]) - dropped)) < TOL
        assert np.max(np.abs(np.array(state["difference"]) - (grad_outside_vectors - dropped))) < TOL
    want = (state_f if part == "f" else state_g)(center_vec, o, outside_vectors, neg)
    for name, value in want.items():
        assert name in state, f"({part}) the page does not show {name!r}"
        assert np.max(np.abs(np.array(state[name], dtype=float) - np.asarray(value))) < TOL, (part, name)


def wait_for_draw(page, root, k: int, draw: int) -> dict:
    page.wait_for_function("([r, key]) => r.getAttribute('data-w2v-draw') === key && r.getAttribute('aria-busy') === 'false'",
                           arg=[root.element_handle(), f"{k}:{draw}"], timeout=15000)
    return shown_state(root)


@pytest.mark.parametrize("part", sorted(SAMPLED_FIGURES))
def test_sampled_figure_drag_k_and_draw_again_follow_w2v_core(visit, part):
    module = {"f": part_f, "g": part_g}[part]
    v = visit(FIGURES[part], scale=2)
    page = v.page
    root = page.locator(f'[data-w2v-figure="{part}"]')
    assert root.count() == 1, f"({part}) no figure on {FIGURES[part]}"
    data = json.loads(root.locator("script.w2v-figure-data").text_content())
    offered = [module.WORDS.index(w) for w in module.WEB_OUTSIDE_WORDS]
    assert len(data["axis"]) == 101 and data["outside_choices"] == offered
    assert all(len(d) >= 20 for by_k in data["draws"].values() for d in by_k.values())
    k, draw = data["k"], data["draw"]
    start = wait_for_draw(page, root, k, draw)
    assert start["outside_idx"] == data["outside_idx"]
    assert start["neg_indices"] == module.negatives(k, draw, start["outside_idx"]).tolist()
    assert_sampled_numbers_are_w2v_core(part, start)
    handle = root.locator('[data-w2v-handle="center_vec"]')
    assert handle.get_attribute("aria-label") and handle.get_attribute("role") == "slider"
    root.locator("svg").first.scroll_into_view_if_needed()
    area = root.locator(".w2v-drag-area").first.bounding_box()

    seen, times = [tuple(start["center_vec"])], []
    for fx, fy in [(0.8, 0.25), (0.2, 0.7), (0.55, 0.9), (0.35, 0.4)]:
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        for step in range(1, 7):
            page.mouse.move(box["x"] + (area["x"] + fx * area["width"] - box["x"]) * step / 6,
                            box["y"] + (area["y"] + fy * area["height"] - box["y"]) * step / 6)
            times.append(float(root.get_attribute("data-render-ms")))
        page.mouse.up()
        state = shown_state(root)
        assert tuple(state["center_vec"]) not in seen, f"({part}) a drag did not move the state"
        seen.append(tuple(state["center_vec"]))
        assert_sampled_numbers_are_w2v_core(part, state)
    print(f"\n({part}) redraw median during the drags: {np.median(times):.2f} ms (max {max(times):.2f} ms)")

    handle.focus()
    before = shown_state(root)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    after = shown_state(root)
    assert after["center_vec"][0] == pytest.approx(before["center_vec"][0] - 2 * PLANE_STEP, abs=1e-9)
    page.keyboard.press("Shift+ArrowUp")
    up = shown_state(root)
    assert up["center_vec"][1] == pytest.approx(after["center_vec"][1] + 5 * PLANE_STEP, abs=1e-9)
    assert_sampled_numbers_are_w2v_core(part, up)

    # Every K, then draw again: the negatives change, the numbers stay w2v_core's, v_c stays put.
    repeats = 0
    for k in module.WEB_K_VALUES:
        root.locator(f'button[data-w2v-k="{k}"]').click()
        state = wait_for_draw(page, root, k, draw)
        assert len(state["neg_indices"]) == k and state["center_vec"] == up["center_vec"]
        assert root.locator(f'button[data-w2v-k="{k}"]').get_attribute("aria-pressed") == "true"
        assert_sampled_numbers_are_w2v_core(part, state)
    drawn = {tuple(state["neg_indices"])}
    for _ in range(3):
        root.locator("button[data-w2v-draw-again]").click()
        draw = (draw + 1) % module.N_DRAWS
        state = wait_for_draw(page, root, k, draw)
        assert state["neg_indices"] == module.negatives(k, draw, state["outside_idx"]).tolist()
        drawn.add(tuple(state["neg_indices"]))
        assert_sampled_numbers_are_w2v_core(part, state)
        repeats += int(max(state["counts"]) > 1)
    assert len(drawn) > 1, f"({part}) draw again did not change the negatives"
    if part == "g":
        assert repeats, "(g) no repeated negative at the largest K: the difference map shows nothing"

    # Pick the observed word o: by its button (the keyboard's way), then by clicking its name in the plane.
    # Each o has its own draws (never o itself); v_c, K and the draw stay; the numbers stay w2v_core's.
    before = shown_state(root)
    for way, w in (("button", offered[1]), ("label", offered[2]), ("keyboard", offered[0])):
        if way == "button":
            root.locator(f'button[data-w2v-word="{w}"]').click()
        elif way == "label":
            root.locator(f'[data-w2v-word-label="{w}"]').click()
        else:
            root.locator(f'button[data-w2v-word="{w}"]').focus()
            page.keyboard.press("Enter")
        page.wait_for_function("([r, o]) => r.getAttribute('data-w2v-outside') === o && r.getAttribute('aria-busy') === 'false'",
                               arg=[root.element_handle(), str(w)], timeout=15000)
        state = shown_state(root)
        assert state["outside_idx"] == w and w not in state["neg_indices"], (part, way)
        assert state["neg_indices"] == module.negatives(k, draw, w).tolist()
        assert state["center_vec"] == before["center_vec"]
        assert root.locator(f'button[data-w2v-word="{w}"]').get_attribute("aria-pressed") == "true"
        assert_sampled_numbers_are_w2v_core(part, state)
        handle.focus()  # and a move of v_c with this o
        page.keyboard.press("ArrowRight")
        before = shown_state(root)
        assert before["outside_idx"] == w and before["center_vec"] != state["center_vec"]
        assert_sampled_numbers_are_w2v_core(part, before)
    assert_looks_right_and_stays_on_site(part, root, v)
def assert_window_numbers_are_w2v_core(state: dict) -> None:
    """Part (h): every shown number against w2v_core.skipgram, computed here from the state's inputs."""
    ids = np.array(state["sentence"])
    t, m = state["center_pos"], state["window"]
    positions = window_positions(len(ids), t, m)
    loss, grad_center_vectors, grad_outside_vectors = skipgram(ids[t], ids[positions], np.array(state["center_vectors"]),
                                                               np.array(state["outside_vectors"]))
    assert abs(state["loss"] - loss) < TOL, (state["loss"], loss)
    assert np.max(np.abs(np.array(state["grad_center_vectors"]) - grad_center_vectors)) < TOL
    assert np.max(np.abs(np.array(state["grad_outside_vectors"]) - grad_outside_vectors)) < TOL
    assert state["outside_positions"] == positions and state["pairs"] == [[t, p] for p in positions]
    assert [tuple(p) for p in state["sentence_pairs"]] == window_pairs(list(ids), m)
    center_vec = np.array(state["center_vectors"])[ids[t]]
    for p, pair_loss in zip(positions, state["pair_losses"], strict=True):
        assert abs(pair_loss - naive_softmax_loss_and_gradient(center_vec, int(ids[p]), np.array(state["outside_vectors"]))[0]) < TOL
    assert np.bincount(ids[positions], minlength=len(state["outside_vectors"])).tolist() == state["outside_counts"]


def window_inputs(state: dict) -> tuple:
    return tuple(state["sentence"]), state["window"], state["center_pos"]


def test_the_window_figure_of_part_h_follows_every_control(visit):
    v = visit("chapters/h_skipgram_window", scale=2)
    page = v.page
    root = page.locator('[data-w2v-figure="h"]')
    assert root.count() == 1, "(h) no figure on chapters/h_skipgram_window"
    select = root.locator('select[data-w2v-control="sentence"]')
    window = root.locator('input[type="range"][data-w2v-control="window"]')
    center = root.locator('input[type="range"][data-w2v-control="center_pos"]')
    for control in (select, window, center):  # every control has a name a screen reader reads
        assert control.evaluate("el => el.labels.length && el.labels[0].textContent.trim()"), control
    seen = [window_inputs(shown_state(root))]
    assert_window_numbers_are_w2v_core(shown_state(root))

    def moved(what: str) -> dict:
        state = shown_state(root)
        assert window_inputs(state) not in seen[-1:], f"(h) {what} did not change the state"
        seen.append(window_inputs(state))
        assert_window_numbers_are_w2v_core(state)
        assert float(root.get_attribute("data-render-ms")) >= 0
        return state

    n_sentences = select.locator("option").count()
    assert n_sentences >= 3
    lengths = set()
    for s in [1, 2, 0]:  # every sentence, with the mouse
        select.select_option(str(s))
        state = moved(f"choosing sentence {s}")
        assert state["sentence_idx"] == s
        lengths.add(len(state["sentence"]))
        # The mouse on the window slider and on two words of the sentence.
        window.scroll_into_view_if_needed()
        box = window.bounding_box()
        for fx in (0.85, 0.2):
            page.mouse.click(box["x"] + fx * box["width"], box["y"] + box["height"] / 2)
            state = moved(f"a click on the window slider at {fx}")
            assert state["window"] == int(window.input_value())
        n = len(state["sentence"])
        for p in ((0, n - 1) if state["center_pos"] == n - 1 else (n - 1, 0)):
            root.locator(f'button[data-w2v-token="{p}"]').click()
            state = moved(f"pressing word {p}")
            assert state["center_pos"] == p and int(center.input_value()) == p
    assert min(lengths) <= 3 < max(lengths)

    # The keyboard: the sliders' arrows, Home and End; a word's button with Enter; the select's arrows.
    center.focus()
    before = shown_state(root)
    page.keyboard.press("ArrowRight")
    assert moved("ArrowRight on t")["center_pos"] == before["center_pos"] + 1
    page.keyboard.press("End")
    assert moved("End on t")["center_pos"] == len(before["sentence"]) - 1
    window.focus()
    page.keyboard.press("Home")
    assert moved("Home on m")["window"] == 1
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert moved("ArrowRight twice on m")["window"] == 3
    root.locator('button[data-w2v-token="2"]').focus()
    page.keyboard.press("Enter")
    assert moved("Enter on word 2")["center_pos"] == 2
    select.focus()
    page.keyboard.press("ArrowDown")
    state = moved("ArrowDown on the sentence")
    assert state["sentence_idx"] == 1 and state["center_pos"] <= 2  # t is kept inside the shorter sentence
    assert int(center.get_attribute("max")) == len(state["sentence"]) - 1

    # Only row c of dJ/dW is non-zero, and the page says which words fill the window.
    state = shown_state(root)
    rows = np.abs(np.array(state["grad_center_vectors"])).sum(axis=1)
    assert np.flatnonzero(rows).tolist() == [state["sentence"][state["center_pos"]]]

    assert root.evaluate(SMALLEST_TEXT) >= 12 - 1e-6, "(h) text smaller than 12 CSS px"
    shots = ARTIFACTS / "figures"
    shots.mkdir(parents=True, exist_ok=True)
    select.select_option("2")
    root.locator('button[data-w2v-token="3"]').click()
    root.screenshot(path=str(shots / "h.png"))
    look = "r => [getComputedStyle(r).backgroundColor, getComputedStyle(r).color]"
    light = root.evaluate(look)
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'; }")
    assert root.evaluate(look) == light
    root.screenshot(path=str(shots / "h-dark-theme.png"))
    assert v.offsite == [], f"(h) requests left the site: {v.offsite}"
    assert v.errors == [], f"(h) errors in the page: {v.errors}"


# Every page's weight, counting all it loads, is checked where every page is visited (test_site_browser.py).


def test_the_page_inflates_the_coded_integers_bit_for_bit(visit):
    """The page's one decoding path (inflateInts in w2v_figures.js) against w2v_core.views.web_coding:
    random int32 over the whole range, the extremes among them, so that every difference and the
    zigzag map wrap around 2**32, with second differences along two axes."""
    import base64

    from w2v_core.views.web_coding import encode_ints, grid_ops

    v = visit(PLANE_FIGURES["a"])
    rng = np.random.default_rng(12)
    ints = rng.integers(-2**31, 2**31, size=(7, 9, 3), dtype=np.int64).astype(np.int32)
    ints.flat[:4] = [2**31 - 1, -2**31, -1, 0]
    ops = grid_ops(ints.shape, [0, 1])
    got = v.page.evaluate("""async ([b64, ops]) => {
        const {inflateInts} = await import(document.querySelector('script[type="module"][src*="w2v_figures.js"]').src);
        const bin = atob(b64), bytes = Uint8Array.from(bin, c => c.charCodeAt(0));
        return Array.from(await inflateInts(bytes, ops));
      }""", [base64.b64encode(encode_ints(ints, ops)).decode("ascii"), ops])
    assert got == ints.ravel().tolist()
