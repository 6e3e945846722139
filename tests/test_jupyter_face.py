"""The Jupyter face of the figures (issue 12): the website's drawing module as an anywidget.

The widget must show the page's numbers (its payload is the view's web_payload(), the one the page
holds), its _esm must be the _static files as they are now, and that module, loaded as anywidget
loads it (from a Blob URL) into a blank page with a minimal fake model, must draw, follow a drag
and, for parts (f)/(g), get its data files from the kernel side rather than from a URL.
"""
from __future__ import annotations

import base64
import importlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from test_site_figures import (PLANE_STEP, assert_numbers_are_w2v_core, assert_sampled_numbers_are_w2v_core,
                               assert_window_numbers_are_w2v_core, inputs, shown_state, wait_for_draw)
from w2v_core.views import jupyter_face, part_e, part_f, part_g
from w2v_core.views.jupyter_face import FigureWidget, bundle, esm_source
from w2v_core.views.live import LiveFigure
from w2v_core.views.web_coding import compact_files, compact_payload

STATIC = Path(__file__).resolve().parents[1] / "_static"
SIBLINGS = ("w2v_sampled.js", "w2v_window.js")


def view_of(part: str) -> LiveFigure:
    return importlib.import_module(f"w2v_core.views.part_{part}").view()


def page_payload(html: str) -> dict:
    """The JSON that the website's figure root holds (web_figure's <script>)."""
    text = re.search(r'<script type="application/json" class="w2v-figure-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(text.replace("<\\/", "</"))


# ---- the payload: the page's numbers -----------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("part", "abcdefgh")
def test_displayed_widget_holds_the_payload_of_the_page_beside_it(part):
    """What Jupyter shows (the widget of the bundle) and what the site shows (its text/html) carry the
    same payload, and it is the view's web_payload()."""
    from ipywidgets.widgets.widget import _instances  # every live widget by model id (Widget.widgets, deprecated)

    view = view_of(part)
    bundle_ = view._repr_mimebundle_()
    model_id = bundle_["application/vnd.jupyter.widget-view+json"]["model_id"]
    widget = _instances[model_id]
    assert isinstance(widget, FigureWidget) and widget.live_figure is view
    assert widget.payload == page_payload(bundle_["text/html"])
    assert widget.payload["part"] == part


@pytest.mark.parametrize("part", "eh")
def test_widget_payload_equals_web_payload(part):
    view = view_of(part)
    widget = view.jupyter_widget()
    assert isinstance(widget, FigureWidget)
    # coded as the page's payload is (web_coding), the one form the drawing module reads
    assert json.dumps(widget.payload, sort_keys=True) == json.dumps(compact_payload(view.web_payload()), sort_keys=True)


def test_a_view_without_a_web_payload_keeps_its_matplotlib_widget():
    from test_live import Bar

    widget = Bar().jupyter_widget()
    assert not isinstance(widget, FigureWidget) and widget.live_figure.__class__ is Bar


def test_without_the_drawing_modules_the_view_falls_back_to_matplotlib(monkeypatch, tmp_path):
    monkeypatch.setattr(jupyter_face, "STATIC_DIR", tmp_path)
    widget = part_e.view().jupyter_widget()
    assert not isinstance(widget, FigureWidget) and hasattr(widget, "children")


def test_payload_must_be_a_web_payload():
    with pytest.raises(ValueError, match="payload"):
        FigureWidget([1, 2])


# ---- _esm: the _static files themselves ----------------------------------------------------------
def test_esm_is_the_static_modules_with_their_siblings_inlined():
    esm = part_e.view().jupyter_widget()._esm
    assert esm == bundle(STATIC)
    main = (STATIC / "w2v_figures.js").read_text(encoding="utf-8")
    for line in main.splitlines():
        if not line.startswith("import {"):
            assert line in esm, f"line of w2v_figures.js missing from the bundle: {line!r}"
    for name in SIBLINGS:
        for line in (STATIC / name).read_text(encoding="utf-8").splitlines():
            assert re.sub(r"^export\s+", "", line) in esm, f"line of {name} missing from the bundle: {line!r}"
    assert not re.search(r'^\s*import\s*\{', esm, re.M), "a relative import is left in the bundle"
    assert "export default {render};" in esm and "\nfunction render({model, el})" in esm


def test_esm_is_read_at_run_time(tmp_path):
    for path in STATIC.glob("*.js"):
        shutil.copy(path, tmp_path / path.name)
    before = esm_source(tmp_path)
    with open(tmp_path / "w2v_sampled.js", "a", encoding="utf-8") as f:
        f.write("\nconst CHANGED_HERE = 1;\n")
    after = FigureWidget({"part": "e"}, static_dir=tmp_path)._esm
    assert after != before and "const CHANGED_HERE = 1;" in after


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_bundle_is_a_valid_es_module(tmp_path):
    target = tmp_path / "bundle.mjs"
    target.write_text(bundle(STATIC), encoding="utf-8")
    result = subprocess.run(["node", "--check", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("edit, message", [
    (("w2v_sampled.js", "import {x} from './other.js';\n"), "w2v_sampled.js: a module inlined"),
    (("w2v_window.js", "export default 3;\n"), "w2v_window.js: only 'export"),
    (("w2v_figures.js", 'import {nothing} from "./w2v_window.js";\n'), r"not exported"),
    (("w2v_figures.js", 'import {a} from "./missing.js";\n'), "missing.js"),
    (("w2v_figures.js", 'import * as x from "./w2v_window.js";\n'), "cannot carry"),
])
def test_bundle_refuses_what_it_cannot_carry(tmp_path, edit, message):
    for path in STATIC.glob("*.js"):
        shutil.copy(path, tmp_path / path.name)
    name, text = edit
    path = tmp_path / name
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        bundle(tmp_path)


def test_bundle_names_a_folder_without_the_module(tmp_path):
    with pytest.raises(ValueError, match="static_dir: no w2v_figures.js"):
        bundle(tmp_path)


# ---- the kernel side of a data request -----------------------------------------------------------
def test_data_request_is_answered_with_the_bytes_the_site_serves():
    view = part_f.view()
    widget = view.jupyter_widget()
    files = compact_files(*part_f.web_data())  # the bytes write_figure_data puts into the site
    payload = widget.payload
    entry = payload["draws"][str(payload["outside_idx"])][str(payload["k"])][payload["draw"]]
    reply, buffers = widget.answer({"type": "w2v-data", "name": entry["file"]})
    assert reply == {"type": "w2v-data", "name": entry["file"]} and buffers == [files[entry["file"]]]
    reply, buffers = widget.answer({"type": "w2v-data", "name": "f/nothing.bin"})
    assert "no data file 'f/nothing.bin'" in reply["error"] and buffers == []
    reply, _ = widget.answer({"type": "state"})
    assert "unknown message 'state'" in reply["error"]
    reply, _ = widget.answer("w2v-data")
    assert "unknown message 'str'" in reply["error"]


def test_the_widget_sends_its_answer_back_to_the_front_end(monkeypatch):
    widget = part_g.view().jupyter_widget()
    sent = []
    monkeypatch.setattr(widget, "send", lambda content, buffers=None: sent.append((content, buffers)))
    files = compact_files(*part_g.web_data())
    name = next(iter(files))
    widget._on_msg(widget, {"type": "w2v-data", "name": name}, [])
    assert sent == [({"type": "w2v-data", "name": name}, [files[name]])]


# ---- in a browser: the module drawn by anywidget's protocol with a fake model -------------------
BLANK = "http://jupyter-face.test/"
#: A minimal anywidget model (get/set/on/off/save_changes/send); send() asks the kernel side (Python,
#: through an exposed function) and delivers its answer as anywidget does: (content, [DataView]).
FAKE_ANYWIDGET = """async ([esm, payload]) => {
  const listeners = {};
  window.w2vSent = [];
  const model = {
    get: key => (key === "payload" ? payload : undefined),
    set: () => {}, save_changes: () => {},
    on: (event, fn) => { (listeners[event] = listeners[event] || []).push(fn); },
    off: (event, fn) => { listeners[event] = (listeners[event] || []).filter(f => f !== fn); },
    send: content => {
      window.w2vSent.push(content);
      window.kernelAnswer(content).then(([reply, b64s]) => {
        const buffers = b64s.map(b64 => {
          const bin = atob(b64), bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          return new DataView(bytes.buffer);
        });
        (listeners["msg:custom"] || []).forEach(fn => fn(reply, buffers));
      });
    },
  };
  const url = URL.createObjectURL(new Blob([esm], {type: "text/javascript"}));
  const widget = (await import(url)).default;
  const el = document.createElement("div");
  document.body.appendChild(el);
  window.w2vCleanup = widget.render({model, el});
  return typeof window.w2vCleanup;
}"""


@pytest.fixture
def jupyter_page(browser):
    """A blank local page that refuses every other request; open(view) renders the view's widget."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2,
                                  service_workers="block")
    offsite, errors = [], []

    def route(r):
        if r.request.url == BLANK:
            r.fulfill(status=200, content_type="text/html", body="<!doctype html><html><head></head><body></body></html>")
        else:
            offsite.append(r.request.url)
            r.abort()
    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(BLANK)
    answered: list[str] = []

    def open_(view: LiveFigure):
        widget = view.jupyter_widget()
        assert isinstance(widget, FigureWidget)

        def kernel_answer(content):
            reply, buffers = widget.answer(content)
            answered.append(reply.get("name"))
            return [reply, [base64.b64encode(b).decode("ascii") for b in buffers]]
        page.expose_function("kernelAnswer", kernel_answer)
        assert page.evaluate(FAKE_ANYWIDGET, [widget._esm, widget.payload]) == "function"
        root = page.locator(f'[data-w2v-figure="{widget.payload["part"]}"]')
        assert root.count() == 1
        return widget, root

    yield page, open_, offsite, errors, answered
    assert offsite == [], f"requests left the page: {offsite}"
    assert errors == [], f"errors in the page: {errors}"
    context.close()


def drag(page, root, handle, fx: float, fy: float) -> None:
    area = root.locator(".w2v-drag-area").first.bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(area["x"] + fx * area["width"], area["y"] + fy * area["height"], steps=6)
    page.mouse.up()


@pytest.mark.slow
@pytest.mark.parametrize("part", "ce")
def test_widget_draws_and_follows_a_drag_with_w2v_core_numbers(jupyter_page, part):
    page, open_, *_ = jupyter_page
    _, root = open_(view_of(part))
    handle = root.locator(f'[data-w2v-handle="{"x" if part == "e" else "center_vec"}"]')
    start = shown_state(root)
    assert_numbers_are_w2v_core(part, start)
    seen = [inputs(part, start)]
    for fx, fy in [(0.8, 0.25), (0.2, 0.7)]:
        drag(page, root, handle, fx, fy)
        state = shown_state(root)
        assert inputs(part, state) not in seen, f"({part}) a drag did not move the state"
        seen.append(inputs(part, state))
        assert_numbers_are_w2v_core(part, state)
    if part != "e":
        handle.focus()
        before = shown_state(root)
        page.keyboard.press("ArrowLeft")
        after = shown_state(root)
        assert after["center_vec"][0] == pytest.approx(before["center_vec"][0] - PLANE_STEP, abs=1e-9)
        assert_numbers_are_w2v_core(part, after)


@pytest.mark.slow
@pytest.mark.parametrize("part", "fg")
def test_sampled_widget_gets_its_data_files_from_the_kernel(jupyter_page, part):
    page, open_, _, _, answered = jupyter_page
    module = {"f": part_f, "g": part_g}[part]
    widget, root = open_(module.view())
    k, draw = widget.payload["k"], widget.payload["draw"]
    start = wait_for_draw(page, root, k, draw)
    assert start["neg_indices"] == module.negatives(k, draw).tolist()
    assert_sampled_numbers_are_w2v_core(part, start)
    files = compact_files(*module.web_data())
    sent = page.evaluate("() => window.w2vSent")
    assert sent and all(m["type"] == "w2v-data" and m["name"] in files for m in sent)
    assert answered == [m["name"] for m in sent]
    drag(page, root, root.locator('[data-w2v-handle="center_vec"]'), 0.8, 0.25)
    moved = shown_state(root)
    assert moved["center_vec"] != start["center_vec"]
    assert_sampled_numbers_are_w2v_core(part, moved)
    root.locator("button[data-w2v-draw-again]").click()
    state = wait_for_draw(page, root, k, (draw + 1) % module.N_DRAWS)
    assert state["neg_indices"] == module.negatives(k, (draw + 1) % module.N_DRAWS).tolist()
    assert_sampled_numbers_are_w2v_core(part, state)
    assert len(page.evaluate("() => window.w2vSent")) > len(sent), "the new draw asked the kernel for nothing"


@pytest.mark.slow
def test_window_widget_of_part_h_follows_its_controls(jupyter_page):
    page, open_, *_ = jupyter_page
    _, root = open_(view_of("h"))
    start = shown_state(root)
    assert_window_numbers_are_w2v_core(start)
    window = root.locator('input[type="range"][data-w2v-control="window"]')
    window.focus()
    page.keyboard.press("ArrowRight")
    state = shown_state(root)
    assert state["window"] != start["window"]
    assert_window_numbers_are_w2v_core(state)
    root.locator('select[data-w2v-control="sentence"]').select_option(index=1)
    other = shown_state(root)
    assert other["sentence"] != state["sentence"]
    assert_window_numbers_are_w2v_core(other)
