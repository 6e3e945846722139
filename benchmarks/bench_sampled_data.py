"""Where the cold time of figures (f) and (g)'s data goes, and what batching the grid saves.

Prints, for each part: seconds per draw on the 101 x 101 grid, one state at a time (the state function
called per v_c, as before) against the whole grid in one call (``web_sampled.draw_grid``, through
``neg_sampling_loss_and_gradient_batch``), their ratio, and the cold time of the whole ``web_data()``
(every o, K and draw the page offers, the sharing checks and the files) into a fresh cache. The
one-at-a-time figure is measured on a sample of positions and scaled to the grid.

Run: .venv/bin/python benchmarks/bench_sampled_data.py
"""
from __future__ import annotations

import os
import tempfile
import time

import numpy as np


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        os.environ["W2V_WEB_DATA_CACHE"] = cache  # cold: nothing computed before
        from w2v_core.views import part_f, part_g, web_sampled
        from w2v_core.views.web_state import PLANE_AXIS, state_f, state_g

        cells = len(PLANE_AXIS) ** 2
        for module, state in ((part_f, state_f), (part_g, state_g)):
            outside_vectors, _ = module.toy_vectors()
            o = module.WORDS.index(module.OUTSIDE_WORD)
            neg = module.negatives(max(module.WEB_K_VALUES), 0)
            sample = np.random.default_rng(0).uniform(-3, 3, size=(400, 2))
            t0 = time.perf_counter()
            for v in sample:
                state(v, o, outside_vectors, neg)
            one_at_a_time = (time.perf_counter() - t0) / len(sample) * cells
            t0 = time.perf_counter()
            repeats = 5
            for _ in range(repeats):
                web_sampled.draw_grid(state, outside_vectors, o, neg)
            batched = (time.perf_counter() - t0) / repeats
            t0 = time.perf_counter()
            page, files = module.web_data()
            cold = time.perf_counter() - t0
            draws = sum(len(e) for by_k in page["draws"].values() for e in by_k.values())
            print(f"({module.__name__[-1]}) a draw on {cells} positions: one at a time {one_at_a_time:.2f} s, "
                  f"batched {1e3 * batched:.1f} ms, ratio {one_at_a_time / batched:.0f}x; "
                  f"web_data cold {cold:.1f} s for {len(page['outside_choices'])} o x {draws // len(page['outside_choices'])} "
                  f"draws ({sum(map(len, files.values())) / 1e6:.1f} MB in {len(files)} files)")


if __name__ == "__main__":
    main()
