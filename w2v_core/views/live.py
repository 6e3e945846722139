"""A figure that answers controls, with two faces from one object.

In Jupyter, :meth:`LiveFigure.widget` shows ipywidgets controls over an image of the figure; each
move calls :meth:`update`, which sets data on artists made once in :meth:`build`, and re-renders
the same figure (no new figure per move, no pyplot).

On the website no kernel runs, so :meth:`LiveFigure.web_form` precomputes the figure for a grid of
control values and writes a self-contained HTML form (range inputs, selects, buttons and a little
JavaScript that swaps frames), with no request outside the page.

A view with a :meth:`LiveFigure.web_payload` has one drawing for both faces: the website's SVG module
(``_static/w2v_figures.js``), which Jupyter shows through anywidget (:meth:`LiveFigure.jupyter_widget`,
:mod:`w2v_core.views.jupyter_face`); the matplotlib figure stays its printable fallback (:meth:`png`,
the ``<noscript>`` image). A view without one keeps its matplotlib widget.

Displaying a LiveFigure gives a bundle with both faces: Jupyter shows the widget, and the book (whose
``nb_mime_priority_overrides`` put ``text/html`` first) shows the web figure or form.

A figure may state its part's result in a title, legend or caption; in the student's edition of the
book (``W2V_EDITION=student``, set by its build and by the set-up cell of its notebooks) it shows
neutral wording instead: :meth:`LiveFigure.stated` picks one of the two.
"""
from __future__ import annotations

import base64
import html
import io
import itertools
import json
import os
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .web_coding import compact_payload


@dataclass(frozen=True)
class Control:
    """One control: ``kind`` is "slider", "dropdown" or "button" (a button steps to the next value).

    ``values`` are the positions the live widget offers; ``web_values`` the subset precomputed for
    the website (all of ``values`` when None). ``labels`` name the values (str(value) when None).
    """

    name: str
    label: str
    values: Sequence[Any]
    default: Any = None
    kind: str = "slider"
    web_values: Sequence[Any] | None = None
    labels: Sequence[str] | None = None

    def __post_init__(self):
        if self.kind not in ("slider", "dropdown", "button"):
            raise ValueError(f"kind must be 'slider', 'dropdown' or 'button', got {self.kind!r}")
        if len(self.values) == 0:
            raise ValueError(f"control {self.name!r}: values is empty")
        if self.labels is not None and len(self.labels) != len(self.values):
            raise ValueError(f"control {self.name!r}: labels must match values in length")
        for v in self.web_values or ():
            if not any(_same(v, w) for w in self.values):
                raise ValueError(f"control {self.name!r}: web value {v!r} is not among its values")

    @property
    def start(self):
        return self.values[0] if self.default is None else self.default

    def label_of(self, value) -> str:
        if self.labels is None:
            return f"{value:g}" if isinstance(value, float) else str(value)
        return self.labels[[i for i, v in enumerate(self.values) if _same(v, value)][0]]

    @property
    def web(self) -> list:
        return list(self.values if self.web_values is None else self.web_values)


def _same(a, b) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and np.isclose(a, b))


def answers_shown() -> bool:
    """Whether a figure may state its part's result: everywhere but the student's edition."""
    return os.environ.get("W2V_EDITION", "reader") != "student"


class LiveFigure(ABC):
    """Base class of every chapter's view. Subclasses set ``controls`` and implement
    ``build(fig)`` (make axes and artists once) and ``update(**params)`` (set their data)."""

    controls: tuple[Control, ...] = ()
    figsize: tuple[float, float] = (8.0, 3.6)
    dpi: int = 80
    web_dpi: int = 72
    max_web_frames: int = 60
    alt: str = "interactive figure"

    def __init__(self):
        self.answers = answers_shown()
        self.fig = Figure(figsize=self.figsize, dpi=self.dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self._dynamic: list = []
        self._backgrounds: dict = {}
        self.build(self.fig)
        self.params = {c.name: c.start for c in self.controls}
        self.update(**self.params)
        # Lay the figure out once with the constrained engine, then freeze it: later draws only
        # repaint artists, which keeps a redraw cheap.
        self.fig.set_layout_engine("constrained")
        self.canvas.draw()
        self.fig.set_layout_engine("none")
        self._backgrounds.clear()

    # -- to be provided by each view ------------------------------------------------------------
    @abstractmethod
    def build(self, fig: Figure) -> None:
        """Make the axes and every artist that :meth:`update` will change."""

    @abstractmethod
    def update(self, **params) -> None:
        """Set the artists' data for these control values (never create a new figure)."""

    # -- shared machinery -----------------------------------------------------------------------
    def stated(self, result: str, neutral: str) -> str:
        """A title's or legend's text: ``result`` states the part's answer, ``neutral`` does not and
        is what the student's edition shows."""
        return result if self.answers else neutral

    def dynamic(self, *artists):
        """Mark artists that :meth:`update` changes. When a view marks any, a redraw restores a cached
        background (axes, ticks, static artists) and paints only these: several times faster. Axis
        limits must then stay fixed. Returns the artists, so ``line, = self.dynamic(*ax.plot(...))``."""
        for artist in artists:
            artist.set_animated(True)
        self._dynamic.extend(artists)
        self._backgrounds.clear()
        return artists

    def _draw(self) -> None:
        if not self._dynamic:
            self.canvas.draw()
            return
        dpi = self.fig.dpi
        background = self._backgrounds.get(dpi)
        if background is None:
            self.canvas.draw()  # animated artists are skipped here
            self._backgrounds[dpi] = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(background)
        for artist in self._dynamic:
            self.fig.draw_artist(artist)

    def set(self, **changes) -> None:
        """Change some control values and update the figure's artists."""
        unknown = set(changes) - set(self.params)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this view has {sorted(self.params)}")
        self.params.update(changes)
        self.update(**self.params)

    def png(self, dpi: int | None = None, *, palette: bool = False) -> bytes:
        """The figure as PNG bytes. ``palette`` quantizes to 256 colours (web frames: ~3x smaller)."""
        if dpi is not None and dpi != self.fig.dpi:
            self.fig.set_dpi(dpi)
        self._draw()
        image = Image.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("RGB")
        if dpi is not None and dpi != self.dpi:
            self.fig.set_dpi(self.dpi)
        if palette:
            image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=6 if palette else 1)
        return buf.getvalue()

    def widget(self):
        """The live face: ipywidgets controls over an Image that is re-rendered in place."""
        import ipywidgets as widgets

        image = widgets.Image(value=self.png(), format="png")
        inputs = []
        for control in self.controls:
            options = [(control.label_of(v), v) for v in control.values]
            if control.kind == "slider":
                w = widgets.SelectionSlider(options=options, value=self.params[control.name], description=control.label,
                                            continuous_update=True, style={"description_width": "initial"})
            elif control.kind == "dropdown":
                w = widgets.Dropdown(options=options, value=self.params[control.name], description=control.label,
                                     style={"description_width": "initial"})
            else:
                w = widgets.Button(description=control.label)
            inputs.append(w)

            def on_change(change, name=control.name):
                self.set(**{name: change["new"]})
                image.value = self.png()

            def on_click(_button, control=control):
                values = list(control.values)
                i = [k for k, v in enumerate(values) if _same(v, self.params[control.name])][0]
                self.set(**{control.name: values[(i + 1) % len(values)]})
                image.value = self.png()

            if control.kind == "button":
                w.on_click(on_click)
            else:
                w.observe(on_change, names="value")
        box = widgets.VBox([widgets.HBox(inputs, layout=widgets.Layout(flex_flow="row wrap")), image])
        box.live_figure = self  # lets tests and benchmarks reach the figure behind the widget
        return box

    def web_frames(self) -> tuple[list[list[str]], list[str]]:
        """Labels of each control's web values, and base64 PNG frames over their grid (C order)."""
        grids = [c.web for c in self.controls]
        n_frames = int(np.prod([len(g) for g in grids])) if grids else 1
        if n_frames > self.max_web_frames:
            raise ValueError(f"{type(self).__name__}: {n_frames} web frames, more than max_web_frames={self.max_web_frames}")
        saved = dict(self.params)
        frames = []
        for combo in itertools.product(*grids):
            self.set(**{c.name: v for c, v in zip(self.controls, combo)})
            frames.append(base64.b64encode(self.png(self.web_dpi, palette=True)).decode("ascii"))
        self.set(**saved)
        labels = [[c.label_of(v) for v in g] for c, g in zip(self.controls, grids)]
        return labels, frames

    def web_form(self) -> str:
        """The website face: a self-contained HTML form over precomputed frames."""
        labels, frames = self.web_frames()
        uid = "w2v-" + uuid.uuid4().hex[:10]
        start = []
        rows = []
        for c, names in zip(self.controls, labels):
            web = c.web
            at = [i for i, v in enumerate(web) if _same(v, self.params[c.name])]
            i0 = at[0] if at else 0
            start.append(i0)
            label = html.escape(c.label)
            if c.kind == "slider":
                rows.append(f'<label>{label} <input type="range" data-control="{c.name}" min="0" max="{len(web) - 1}" '
                            f'step="1" value="{i0}" aria-label="{label}"> <output>{html.escape(names[i0])}</output></label>')
            elif c.kind == "dropdown":
                opts = "".join(f'<option value="{i}"{" selected" if i == i0 else ""}>{html.escape(n)}</option>'
                               for i, n in enumerate(names))
                rows.append(f'<label>{label} <select data-control="{c.name}" aria-label="{label}">{opts}</select></label>')
            else:
                rows.append(f'<button type="button" data-control="{c.name}" data-value="{i0}">{label}</button>')
        shape = [len(n) for n in labels]
        payload = json.dumps({"shape": shape, "labels": labels, "frames": frames})
        first = int(np.ravel_multi_index(start, shape)) if shape else 0
        return f"""<div class="w2v-live" id="{uid}" style="margin:0.5em 0">
<div class="w2v-controls" style="display:flex;flex-wrap:wrap;gap:0.4em 1.2em;align-items:center;font-size:0.9em">{''.join(rows)}</div>
<img class="w2v-frame" alt="{html.escape(self.alt)}" style="max-width:100%;height:auto" src="data:image/png;base64,{frames[first]}">
<script type="application/json" class="w2v-data">{payload}</script>
<script>(function() {{
  var root = document.getElementById("{uid}");
  var data = JSON.parse(root.querySelector("script.w2v-data").textContent);
  var inputs = Array.prototype.slice.call(root.querySelectorAll("[data-control]"));
  var img = root.querySelector("img.w2v-frame");
  function position(el) {{ return parseInt(el.tagName === "BUTTON" ? el.dataset.value : el.value, 10); }}
  function show() {{
    var flat = 0;
    inputs.forEach(function(el, k) {{
      var i = position(el);
      flat = flat * data.shape[k] + i;
      var out = el.tagName === "INPUT" ? el.parentNode.querySelector("output") : null;  // only a slider has one
      if (out) {{ out.textContent = data.labels[k][i]; }}
    }});
    img.src = "data:image/png;base64," + data.frames[flat];
  }}
  inputs.forEach(function(el, k) {{
    if (el.tagName === "BUTTON") {{
      el.addEventListener("click", function() {{ el.dataset.value = (position(el) + 1) % data.shape[k]; show(); }});
    }} else {{
      el.addEventListener("input", show);
      el.addEventListener("change", show);
    }}
  }});
}})();</script>
</div>"""

    def web_payload(self) -> dict | None:
        """The website's interactive vector figure (see :mod:`w2v_core.views.web_state`): every
        state's numbers, precomputed, and the scene that ``_static/w2v_figures.js`` draws. None for
        a view that has none yet: its website face is then :meth:`web_form`'s PNG frames."""
        return None

    def web_files(self) -> dict[str, bytes]:
        """The data files that the web figure fetches by name (parts f/g), coded as the page names them
        (:func:`w2v_core.views.web_coding.compact_files`): the bytes the site serves under
        ``_static/w2v_data/``; none by default."""
        return {}

    def coded_payload(self) -> dict:
        """:meth:`web_payload` with its integers delta coded and deflated
        (:func:`w2v_core.views.web_coding.compact_payload`): what both faces receive."""
        payload = self.web_payload()
        if payload is None:
            raise ValueError(f"{type(self).__name__} has no web payload; use web_form()")
        return compact_payload(payload)

    def web_figure(self, coded: dict | None = None) -> str:
        """The website face of a view with a :meth:`web_payload`: a root element that the site's
        drawing module turns into an SVG figure with a draggable handle, holding the packed
        states as JSON (:meth:`coded_payload`), and the current state as a PNG in ``<noscript>``
        (the printable fallback). ``coded``: the coded payload, when the caller has it already."""
        payload = self.coded_payload() if coded is None else coded
        fallback = base64.b64encode(self.png(self.web_dpi, palette=True)).decode("ascii")
        data = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
        part = html.escape(payload["part"])
        return (f'<div class="w2v-figure" data-w2v-figure="{part}" data-state="" data-render-ms="">'
                f'<script type="application/json" class="w2v-figure-data">{data}</script>'
                f'<noscript><img alt="{html.escape(self.alt)}" style="max-width:100%;height:auto" '
                f'src="data:image/png;base64,{fallback}"></noscript></div>')

    def has_web_figure(self) -> bool:
        """Whether this view defines a :meth:`web_payload` (its faces are then the SVG drawing)."""
        return type(self).web_payload is not LiveFigure.web_payload

    def jupyter_widget(self, coded: dict | None = None):
        """The live face in Jupyter: for a view with a web payload, the website's own drawing as an
        anywidget (:class:`w2v_core.views.jupyter_face.FigureWidget`) when anywidget and the drawing
        modules are there; otherwise the matplotlib :meth:`widget`. ``coded``: this view's
        :meth:`coded_payload`, when the caller has it already."""
        if self.has_web_figure():
            try:
                from .jupyter_face import FigureWidget, drawing_available
            except ImportError:  # anywidget not installed: the matplotlib widget still works
                drawing_available = None
            if drawing_available is not None and drawing_available():
                # Coded as the page's payload is: the drawing module has one way to read numbers.
                live = FigureWidget(self.coded_payload() if coded is None else coded, self.web_files())
                live.live_figure = self  # lets tests and benchmarks reach the figure behind the widget
                return live
        return self.widget()

    def _repr_mimebundle_(self, include=None, exclude=None):
        coded = self.coded_payload() if self.has_web_figure() else None  # once, for both faces
        web = self.web_figure(coded) if coded is not None else self.web_form()
        bundle = {"text/html": web, "text/plain": f"<{type(self).__name__}: interactive figure>"}
        try:
            live = self.jupyter_widget(coded)
            widget_bundle = live._repr_mimebundle_() or {}
            if isinstance(widget_bundle, tuple):  # anywidget answers (data, metadata)
                widget_bundle = widget_bundle[0]
            bundle.update({k: v for k, v in widget_bundle.items() if k != "text/plain"})
        except Exception:  # no ipywidgets front end (plain Python): the HTML face is still there
            pass
        return bundle
