"""Drive every chapter's view through 50 value changes and print the median callback time; then, on
the built website, drag every chapter's SVG figure through 100 steps and print the median redraw.

A callback is what a move of a live control costs: ``set()`` (update the artists) plus ``png()``
(repaint and encode the image the widget shows). On the website a redraw is what the figure's own
``data-render-ms`` says after each pointer move (Chromium, headless, device scale 2). The website
part needs the built site (``make book``) and Chromium at /usr/bin/chromium; without them it says so.
Run with ``make bench-widgets``.
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
    print(f"widget update median: worst {medians[worst]:.1f} ms ({worst})")
    bench_web()


SITE = Path(__file__).resolve().parents[1] / "_build" / "html"
WEB_FIGURES = {"a": "chapters/a_naive_softmax_loss", "b": "chapters/b_grad_center", "c": "chapters/c_grad_outside_word",
               "d": "chapters/d_grad_outside_matrix", "e": "chapters/e_sigmoid",
               "f": "chapters/f_negative_sampling", "g": "chapters/g_repeated_negatives"}
DRAG_STEPS = 100


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def bench_web() -> None:
    if not (SITE / "intro.html").exists() or not os.access("/usr/bin/chromium", os.X_OK):
        print(f"web figures: skipped (needs the built site {SITE}, `make book`, and /usr/bin/chromium)")
        return
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    medians = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=2)
            for part, doc in WEB_FIGURES.items():
                page.goto(f"http://127.0.0.1:{server.server_port}/{doc}.html", wait_until="load")
                root = page.locator(f'[data-w2v-figure="{part}"]')
                if root.count() == 0:
                    print(f"chapter ({part}): no web figure on the page")
                    continue
                if part in ("f", "g"):  # its draw's numbers are fetched before the first redraw
                    page.wait_for_selector(f'[data-w2v-figure="{part}"][data-w2v-draw]')
                root.locator("svg").first.scroll_into_view_if_needed()
                area = root.locator(".w2v-drag-area").first.bounding_box()
                handle = root.locator("[data-w2v-handle]").bounding_box()
                page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
                page.mouse.down()
                times, last = [], None
                for k in range(DRAG_STEPS):  # a loop round the drag area: every step a new state
                    t = k / DRAG_STEPS * 6.283185307179586
                    page.mouse.move(area["x"] + area["width"] * (0.5 + 0.4 * math.cos(t)),
                                    area["y"] + area["height"] * (0.5 + 0.4 * math.sin(t)))
                    state = root.get_attribute("data-state")
                    if state != last:
                        times.append(float(root.get_attribute("data-render-ms")))
                    last = state
                page.mouse.up()
                medians[part] = statistics.median(times)
                print(f"chapter ({part}): web figure redraw median {medians[part]:.2f} ms over {len(times)} of "
                      f"{DRAG_STEPS} drag steps (max {max(times):.2f} ms)")
            browser.close()
    finally:
        server.shutdown()
    if medians:
        worst = max(medians, key=medians.get)
        print(f"web figure redraw median: worst {medians[worst]:.2f} ms ({worst})")


if __name__ == "__main__":
    main()
