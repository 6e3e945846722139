"""How fast the answer checker gives a verdict, in Python and in the reader's browser, and what it adds to the site.

Prints (a benchmark, not a test; run with ``make bench-check``):

* in Python, the median time of ``w2v_core.check.check_json`` on an answer of part (b) and on a ten-line
  derivation of part (b) (targets 200 ms and 2 s);
* in headless Chromium on the built site (``make book`` first), with every request outside the site
  refused, the time from the first press of Check to its verdict, loading Python included (target 8 s),
  then the median time of a check once loaded, on the answer and on the derivation (target 1 s);
* the site's size with and without the checker's files (``_static/w2v_checker``), and what a reader
  downloads on the first Check.

Each figure is printed with its target and their ratio; nothing here fails on a slow machine.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHECKER_STATIC = "_static/w2v_checker"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

ANSWER = r"\frac{\partial J}{\partial v_c} = U(\hat y - y)"
#: Ten lines from the definition of the loss to the vectorized gradient, as a student writes them.
DERIVATION = "\n".join([
    r"$$\frac{\partial J}{\partial v_c} = \frac{\partial}{\partial v_c}\left(-\log \hat y_o\right)$$",
    r"$$= \frac{\partial}{\partial v_c}\left(-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)\right)$$",
    r"$$= -u_o + \frac{\partial}{\partial v_c} \log \sum_{w} \exp(u_w^\top v_c)$$",
    r"$$= -u_o + \frac{1}{\sum_{x} \exp(u_x^\top v_c)} \sum_{w} \exp(u_w^\top v_c)\, u_w$$",
    r"$$= -u_o + \sum_{w} \frac{\exp(u_w^\top v_c)}{\sum_{x} \exp(u_x^\top v_c)} u_w$$",
    r"$$= -u_o + \sum_{w} \hat y_w u_w$$",
    r"$$= -U y + \sum_{w} \hat y_w u_w$$",
    r"$$= -U y + U \hat y$$",
    r"$$= U \hat y - U y$$",
    r"$$= U(\hat y - y)$$",
])
CASES = {"answer": ("answer", ANSWER), "ten-line derivation": ("derivation", DERIVATION)}


def report(what: str, seconds: float, target: float) -> None:
    print(f"{what}: {seconds * 1000:.0f} ms (target {target * 1000:.0f} ms, {seconds / target:.2f} x the target)")


def verdict_of(answer_json: str) -> str:
    results = json.loads(answer_json)["results"]
    return ", ".join(r["verdict"] + (f" ({r['mistake']})" if r["mistake"] else "") for r in results) or "no result"


def bench_python(repeats: int) -> None:
    from w2v_core import check

    for (name, (mode, text)), target in zip(CASES.items(), (0.2, 2.0)):
        check.check_json("b", text, mode=mode)  # the first call imports and caches what later calls reuse
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            answer = check.check_json("b", text, mode=mode)
            times.append(time.perf_counter() - start)
        report(f"python, {name} of part (b), median of {repeats} [{verdict_of(answer)}]",
               statistics.median(times), target)


def site_sizes(site: Path) -> None:
    files = [f for f in site.rglob("*") if f.is_file()]
    total = sum(f.stat().st_size for f in files)
    checker = [f for f in files if f.relative_to(site).as_posix().startswith(CHECKER_STATIC + "/")]
    added = sum(f.stat().st_size for f in checker)
    print(f"site: {total / 2**20:.1f} MB with the checker, {(total - added) / 2**20:.1f} MB without it "
          f"(the checker's {len(checker)} files: {added / 2**20:.1f} MB, {added / (total - added):.2f} x the rest)")
    manifest = json.loads((site / CHECKER_STATIC / "manifest.json").read_text())
    first = [site / CHECKER_STATIC / manifest["pyodide"]["index"] / name for name in manifest["pyodide"]["files"]]
    first += [site / CHECKER_STATIC / a["url"] for a in manifest["archives"]]
    first += [site / CHECKER_STATIC / name for name in ("checker-worker.mjs", "checker-engine.mjs", "manifest.json")]
    raw = sum(f.stat().st_size for f in first)
    compressed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in first)
    print(f"first Check downloads {raw / 2**20:.1f} MB ({compressed / 2**20:.1f} MB from a server that gzips); "
          f"the page itself loads only checker.js and checker.css before that")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, format, *args):  # noqa: A002
        pass


def bench_browser(site: Path, repeats: int) -> None:
    from playwright.sync_api import sync_playwright

    pages = [p for p in site.rglob("*.html") if 'data-w2v-check="b"' in p.read_text(encoding="utf-8")]
    if not pages:
        print("browser: no page of the built site has an answer box for part (b); skipped")
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    offsite: list[str] = []

    def route(r):
        if r.request.url.startswith(url) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(service_workers="block")
            context.route("**/*", route)
            page = context.new_page()
            page.goto(url + pages[0].relative_to(site).as_posix(), wait_until="load")
            page.wait_for_load_state("networkidle")
            box = page.locator('[data-w2v-check-form="b"]').first

            def one_check(mode: str, text: str) -> tuple[float, str]:
                box.locator("[data-w2v-check]").fill(text)
                box.locator(f'[data-w2v-mode] input[value="{mode}"]').check()
                start = time.perf_counter()
                box.locator("[data-w2v-check-button]").click()
                box.locator(":scope[data-w2v-state=done], :scope[data-w2v-state=error]").wait_for(timeout=300_000)
                seconds = time.perf_counter() - start
                error = box.get_attribute("data-w2v-error")
                shown = box.locator("[data-w2v-verdict]").get_attribute("data-verdict")
                return seconds, f"error: {error}" if error else shown

            seconds, shown = one_check("answer", ANSWER)
            report(f"browser, first press of Check to its verdict, loading included [{shown}]", seconds, 8.0)
            stages = json.loads(box.get_attribute("data-w2v-load-timings") or "{}")
            print("browser, the first load by stage: " + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in stages.items()))
            for name, (mode, text) in CASES.items():
                times, shown = [], ""
                for _ in range(repeats):
                    seconds, shown = one_check(mode, text)
                    times.append(seconds)
                report(f"browser, {name} once loaded, median of {repeats} [{shown}]", statistics.median(times), 1.0)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"browser: requests that tried to leave the site: {len(offsite)}" + (f" {offsite}" if offsite else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="checks per median (default 5)")
    parser.add_argument("--site", type=Path, default=SITE, help=f"the built site (default {SITE})")
    parser.add_argument("--no-browser", action="store_true", help="Python only")
    args = parser.parse_args(argv)
    bench_python(args.repeats)
    if not (args.site / CHECKER_STATIC / "manifest.json").is_file():
        print(f"no built site with the checker at {args.site}: run `make book` first for the browser figures")
        return 0
    site_sizes(args.site)
    if not args.no_browser:
        bench_browser(args.site, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
