"""Drive every chapter's view through 50 value changes and print the median callback time; then, on
the built website, drive every figure of every page through 100 changes and print the median redraw.

Then the Jupyter face that replaces those widgets for the views with a web payload (anywidget: the
site's drawing module): the kernel's one-off payload per chapter and, for (f)/(g), the kernel side
of a data-file request (bench_jupyter_face).

A callback is what a move of a live control costs: ``set()`` (update the artists) plus ``png()``
(repaint and encode the image the widget shows); target 25 ms. On the website a redraw is what the
figure's own ``data-render-ms`` says after each change (Chromium, headless, device scale 2); target
16 ms. Every ``[data-w2v-figure]`` found on a page is measured: one with a ``[data-w2v-handle]``
during a 100-step drag of the handle, one without (part h) through 100 changes of its controls.
The website part also prints each page's weight (its HTML plus what it loads on start), the site's
total and the largest page (at most 3 MB). It reads the site as built (run ``make book`` first) and
needs Chromium at /usr/bin/chromium; without them it says so and skips. The last line is
``web figure redraw median: worst X ms (chapter)``. Run with ``make bench-widgets``.
"""
from __future__ import annotations

import importlib
import itertools
import statistics
import time
import functools
import math
import http.server
import os
import threading
from pathlib import Path

PARTS = "abcdefgh"
MOVES = 50


def bench_part(part: str) -> float:
    module = importlib.import_module(f"w2v_core.views.part_{part}")
    view = module.view()
    view.png()  # the first render caches the background; a reader's first move is not the case we time
    # Cycle through every control's values in turn, so each control is exercised.
    moves = itertools.cycle([(c.name, v) for c in view.controls if c.kind != "button" for v in c.values]
                            + [(c.name, v) for c in view.controls if c.kind == "button" for v in c.values[:5]])
    times = []
    for name, value in itertools.islice(moves, MOVES):
        start = time.perf_counter()
        view.set(**{name: value})
        view.png()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    medians = {}
    for part in PARTS:
        medians[part] = bench_part(part)
        print(f"chapter ({part}): median {medians[part]:.1f} ms over {MOVES} moves")
    worst = max(medians, key=medians.get)
    print(f"widget update median: worst {medians[worst]:.1f} ms ({worst}) (target 25 ms)")
    bench_jupyter_face()
    bench_web()


def bench_jupyter_face() -> None:
    """The new Jupyter face (w2v_core/views/jupyter_face.py): the kernel computes a figure's payload
    once, when it is displayed (the redraws then happen in the browser, as on the site, with no
    kernel round trip); parts (f)/(g) also answer each data-file request. Printed: the payload and
    the widget's construction (reading and bundling the drawing modules) per chapter, and the
    median kernel side of a data request (answer() and the send through the widget's comm)."""
    from w2v_core.views.jupyter_face import FigureWidget, drawing_available

    if not drawing_available():
        print("Jupyter face: skipped: the drawing modules (_static/w2v_figures.js) are not found")
        return
    for part in PARTS:
        view = importlib.import_module(f"w2v_core.views.part_{part}").view()
        start = time.perf_counter()
        payload = view.coded_payload()  # what the widget receives, coded as the page's
        files = view.web_files()
        built = time.perf_counter()
        widget = FigureWidget(payload, files)
        done = time.perf_counter()
        line = (f"chapter ({part}): Jupyter face: payload {1000 * (built - start):.0f} ms (once, on display), "
                f"widget {1000 * (done - built):.1f} ms")
        if files:
            times = []
            for name in itertools.islice(itertools.cycle(sorted(files)), MOVES):
                t0 = time.perf_counter()
                widget._on_msg(widget, {"type": "w2v-data", "name": name}, [])
                times.append(time.perf_counter() - t0)
            line += (f"; data request, kernel side: median {1000 * statistics.median(times):.3f} ms over {MOVES} "
                     f"requests ({len(files)} files, {sum(map(len, files.values())) / 1e6:.1f} MB)")
        print(line)
        widget.close()


SITE = Path(__file__).resolve().parents[1] / "_build" / "html"
STEPS = 100  # pointer moves of a drag, or control changes of a figure without a handle
WEB_TARGET_MS = 16.0
MAX_PAGE_BYTES = 3e6
#: Every figure of a page has its own figure root; the ones with a handle are dragged, the others
#: (part h) are driven through their <select>, <input type="range"> and <button> controls.
FIGURES_JS = "() => Array.from(document.querySelectorAll('[data-w2v-figure]')).map(r => r.dataset.w2vFigure)"
#: Every figure shows a state and none is fetching (as tests/test_site_browser.py's FIGURES_SETTLED).
SETTLED_JS = """() => Array.from(document.querySelectorAll('[data-w2v-figure]'))
  .every(r => r.getAttribute('data-state') && r.getAttribute('aria-busy') !== 'true')"""
#: What a page and everything it loaded weigh, uncompressed (Resource Timing API, as tests/test_site_browser.py).
LOADED_JS = ("() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
             ".reduce((total, entry) => total + (entry.decodedBodySize || 0), 0)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def site_pages(site: Path = SITE) -> list[Path]:
    """Every HTML page of the built site (not the theme's templates under _static, nor _sources)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("_static", "_sources"))


def _renders(root, change, last: str | None) -> tuple[list[float], str | None]:
    """Run ``change()`` and return the figure's data-render-ms if its state moved."""
    change()
    state = root.get_attribute("data-state")
    return ([float(root.get_attribute("data-render-ms"))] if state != last else []), state


def drag_figure(page, root) -> list[float]:
    """A loop of STEPS pointer moves round the figure's drag area (or its drawing), the handle held."""
    handle = root.locator("[data-w2v-handle]").first
    handle.scroll_into_view_if_needed()
    area_node = root.locator(".w2v-drag-area")
    area = (area_node.first if area_node.count() else root.locator("svg").first).bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    times, last = [], root.get_attribute("data-state")
    for k in range(STEPS):  # every step a new position on a circle
        angle = k / STEPS * 2 * math.pi
        x = area["x"] + area["width"] * (0.5 + 0.4 * math.cos(angle))
        y = area["y"] + area["height"] * (0.5 + 0.4 * math.sin(angle))
        new, last = _renders(root, lambda: page.mouse.move(x, y), last)
        times += new
    page.mouse.up()
    return times


def drive_controls(page, root) -> list[float]:
    """STEPS control changes of a figure without a handle: the keyboard on each range input (to its
    end and back), the next option of each select, a click on each button, in turn."""
    controls = root.locator("select, input[type=range], button")
    n = controls.count()
    if n == 0:
        return []
    controls.first.scroll_into_view_if_needed()
    times, last, k = [], root.get_attribute("data-state"), 0
    direction: dict[int, str] = {}
    while k < STEPS:
        n = controls.count()  # a control may change the others (part h: a sentence has its own words)
        i = k % n
        control = controls.nth(i)
        tag = control.evaluate("el => el.tagName")
        if tag == "SELECT":
            count = control.locator("option").count()
            change = lambda c=control, count=count: c.select_option(str((int(c.input_value()) + 1) % count))
        elif tag == "INPUT":
            value, low, high = (float(control.evaluate(f"el => el.{a}")) for a in ("value", "min", "max"))
            if value >= high:
                direction[i] = "ArrowLeft"
            elif value <= low:
                direction[i] = "ArrowRight"
            change = lambda c=control, key=direction.get(i, "ArrowRight"): c.press(key)
        else:
            if not control.is_visible():
                k += 1
                continue
            change = control.click
        new, last = _renders(root, change, last)
        times += new
        k += 1
    return times


def bench_web() -> None:
    if not (SITE / "intro.html").exists():
        print(f"web figures: skipped: no built site at {SITE}; run `make book` first")
        return
    if not os.access("/usr/bin/chromium", os.X_OK):
        print("web figures: skipped: needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`)")
        return
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    medians: dict[str, float] = {}
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for path in site_pages():
                name = path.relative_to(SITE).as_posix()
                context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2,
                                              service_workers="block")
                context.add_init_script("performance.setResourceTimingBufferSize(10000)")
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{server.server_port}/{name}", wait_until="load")
                page.wait_for_load_state("networkidle")
                page.wait_for_function(SETTLED_JS, timeout=20_000)  # figures mounted, their data fetched
                page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
                page.wait_for_load_state("networkidle")  # the fonts typesetting asked for
                sizes[name] = int(page.evaluate(LOADED_JS))
                for part in page.evaluate(FIGURES_JS):
                    root = page.locator(f'[data-w2v-figure="{part}"]').first
                    if part in ("f", "g"):  # its draw's numbers are fetched before the first redraw
                        page.wait_for_selector(f'[data-w2v-figure="{part}"][data-w2v-draw]')
                    dragged = root.locator("[data-w2v-handle]").count() > 0
                    times = drag_figure(page, root) if dragged else drive_controls(page, root)
                    if not times:
                        print(f"chapter ({part}): the figure did not redraw")
                        continue
                    medians[part] = statistics.median(times)
                    how = "drag steps" if dragged else "control changes"
                    print(f"chapter ({part}): web figure redraw median {medians[part]:.2f} ms over {len(times)} of "
                          f"{STEPS} {how} (max {max(times):.2f} ms)")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    total = sum(f.stat().st_size for f in SITE.rglob("*") if f.is_file())
    print("page sizes (the HTML plus what it loads on start, uncompressed):")
    for name, size in sizes.items():
        html_bytes = (SITE / name).stat().st_size
        flag = "" if size <= MAX_PAGE_BYTES else "  (over 3 MB)"
        print(f"  {name}: {size / 1e6:.2f} MB (HTML {html_bytes / 1e6:.2f} MB){flag}")
    largest = max(sizes, key=sizes.get)
    print(f"site total {total / 1e6:.2f} MB on disk; largest page {largest} {sizes[largest] / 1e6:.2f} MB "
          f"(target at most {MAX_PAGE_BYTES / 1e6:g} MB)")
    if medians:
        worst = max(medians, key=medians.get)
        print(f"target: a redraw within one frame, at most {WEB_TARGET_MS:g} ms")
        print(f"web figure redraw median: worst {medians[worst]:.2f} ms ({worst})")


if __name__ == "__main__":
    main()
