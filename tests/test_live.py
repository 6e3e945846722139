"""The LiveFigure machinery: the live widget redraws one figure in place; the web form holds every frame."""
import base64
import re

import numpy as np
import pytest

from w2v_core.views.live import Control, LiveFigure


class Bar(LiveFigure):
    """One bar whose height is the slider value; the dropdown picks its colour; the button a label."""

    controls = (Control("height", "height", (0.2, 0.5, 0.9), default=0.5),
                Control("colour", "colour", ("red", "blue"), kind="dropdown"),
                Control("tag", "next tag", ("p", "q", "r"), kind="button"))
    figsize = (2.0, 2.0)

    def build(self, fig):
        self.ax = fig.add_subplot()
        self.ax.set_ylim(0, 1)
        (self.bar,) = self.dynamic(*self.ax.bar([0], [0.0]))
        (self.text,) = self.dynamic(self.ax.text(0, 0.95, ""))
        self.updates = 0

    def update(self, height, colour, tag):
        self.bar.set_height(height)
        self.bar.set_color(colour)
        self.text.set_text(tag)
        self.updates += 1


def _controls(box):
    row, image = box.children
    return row.children, image


def test_slider_move_updates_the_same_figure_and_the_image():
    view = Bar()
    box = view.widget()
    (slider, dropdown, button), image = _controls(box)
    figure, before = view.fig, image.value
    slider.value = 0.9
    assert view.params["height"] == 0.9 and view.bar.get_height() == 0.9
    assert image.value != before
    assert view.fig is figure and box.live_figure is view
    dropdown.value = "blue"
    assert view.params["colour"] == "blue"


def test_button_steps_through_its_values_and_wraps_around():
    view = Bar()
    (_, _, button), image = _controls(view.widget())
    seen = []
    for _ in range(4):
        button.click()
        seen.append(view.params["tag"])
    assert seen == ["q", "r", "p", "q"]


def test_redraw_with_a_cached_background_matches_a_full_draw():
    blitted = Bar()
    blitted.set(height=0.9, colour="blue", tag="r")
    fresh = Bar()
    fresh._dynamic.clear()  # no blitting: every artist drawn by a full draw
    for artist in (fresh.bar, fresh.text):
        artist.set_animated(False)
    fresh.set(height=0.9, colour="blue", tag="r")
    assert blitted.png() == fresh.png()


def test_web_form_holds_one_frame_per_combination_and_starts_at_the_current_values():
    view = Bar()
    html = view.web_form()
    frames = re.search(r'"frames": \[(.*?)\]', html).group(1).split(", ")
    assert len(frames) == 3 * 2 * 3
    assert html.count('type="range"') == 1 and html.count("<select") == 1 and html.count("<button") == 1
    shown = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    view.set(height=0.5, colour="red", tag="p")
    assert base64.b64decode(shown)[:8] == b"\x89PNG\r\n\x1a\n"
    assert shown == frames[np.ravel_multi_index((1, 0, 0), (3, 2, 3))].strip('"')
    assert "http" not in html  # nothing outside the page


def test_web_form_refuses_too_many_frames():
    class Many(Bar):
        max_web_frames = 5

    with pytest.raises(ValueError, match="max_web_frames"):
        Many().web_form()


def test_mimebundle_offers_the_widget_and_the_html_form():
    bundle = Bar()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="w2v-live"')


@pytest.mark.parametrize("kwargs, message", [
    (dict(values=()), "values is empty"),
    (dict(values=(1, 2), kind="knob"), "kind"),
    (dict(values=(1, 2), labels=("one",)), "labels"),
    (dict(values=(1, 2), web_values=(3,)), "web value"),
])
def test_control_rejects_bad_definitions(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Control("x", "x", **kwargs)


def test_set_rejects_unknown_controls():
    with pytest.raises(ValueError, match="unknown control"):
        Bar().set(width=3)
