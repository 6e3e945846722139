"""Drive every chapter's view through 50 value changes and print the median callback time.

A callback is what a move of a live control costs: ``set()`` (update the artists) plus ``png()``
(repaint and encode the image the widget shows). Run with ``make bench-widgets``.
"""
from __future__ import annotations

import importlib
import itertools
import statistics
import time

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


if __name__ == "__main__":
    main()
