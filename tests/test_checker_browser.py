"""The answer checker on the built site, in a real browser with no network and no kernel (issue 10).

Chromium opens each chapter page that has an answer box, from a local server that serves the built site,
refusing every request that would leave it. The tests type into the page the inputs that test_check.py
passes to ``w2v_core.check`` in Python (tests/check_cases.py and its derivations), and assert the verdicts,
mistakes and first wrong lines that it asserts. They also check that nothing of the checker loads before the first press of
Check, that a loading state shows meanwhile, that a derivation's steps show with their marks and the first
wrong line highlighted, that the box has labels and a live region, that it scrolls nowhere sideways on a
narrow screen, and they save screenshots (device scale 2, light and dark theme) under
test-artifacts/checker/.
"""
from __future__ import annotations

import functools
import http.server
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from check_cases import CORRECT, MISTAKES, UNREADABLE, WRONG
from conftest_book import ARTIFACTS
from test_check import DERIVATION_B

pytestmark = pytest.mark.slow



@dataclass(frozen=True)
class PageCase:
    """One input of the Python tests and what they assert, as the page must show it: the report's verdict
    (``result is None``, as ``check.answer(...).verdict``) or one result's verdict and mistake."""

    id: str
    part: str
    mode: str
    text: str
    quantity: str | None
    verdict: str
    mistake: str | None = None
    result: int | None = None
    ok: bool | None = None
    first_wrong_line: int | None = None


def page_cases() -> list[PageCase]:
    """The inputs of tests/test_check.py with the verdicts it asserts (tests/check_cases.py and its derivations)."""
    cases = [PageCase(f"correct-{p}-{k}", p, "answer", latex, q, "correct", ok=True)
             for k, (p, latex, q) in enumerate(CORRECT)]
    cases += [PageCase(f"mistake-{p}-{m}-{k}", p, "answer", latex, q, "mistake", mistake=m, result=0)
              for k, (p, latex, q, m) in enumerate(MISTAKES)]
    cases += [PageCase(f"{v}-{p}-{k}", p, "answer", latex, q, v, result=0) for k, (p, latex, q, v) in enumerate(WRONG)]
    cases += [PageCase(f"unreadable-{k}", "b", "answer", text, None, "unreadable", result=0)
              for k, text in enumerate(UNREADABLE)]
    cases += [
        PageCase("derivation-b-correct", "b", "derivation", DERIVATION_B, None, "correct", ok=True),
        PageCase("derivation-b-transposed-at-line-15", "b", "derivation",
                 DERIVATION_B.replace(r"$$= U(\hat y - y)$$", r"$$= U^\top(\hat y - y)$$"), None, "mistake",
                 mistake="grad_center_with_U_transposed", result=1, first_wrong_line=15),
    ]
    return cases


CASES = page_cases()
SHOTS = ARTIFACTS / "checker"
#: Python's first load on a busy two-core machine: generous, the benchmark says how long it really takes.
FIRST_CHECK_MS = 240_000
CHECK_MS = 90_000
CHECKER_FILES = ("/_static/w2v_checker/pyodide-", "/_static/w2v_checker/python/", "/_static/w2v_checker/checker-")


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    # What any web server sends for these: a module worker and WebAssembly's streaming compile insist on it.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def checker_site(built_site):
    if not built_site.page("intro").exists():
        pytest.fail(f"the book did not build: no {built_site.page('intro')}\n{built_site.log[-3000:]}")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_SiteHandler, directory=str(built_site.html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", built_site
    server.shutdown()
    server.server_close()


def pages_with_boxes(html: Path) -> dict[str, str]:
    """Part letter -> the page (relative URL) holding its answer box."""
    found = {}
    for page in sorted(html.rglob("*.html")):
        if page.relative_to(html).parts[0] in ("_static", "_sources"):
            continue
        text = page.read_text(encoding="utf-8")
        for part in "abcdefgh":
            if f'data-w2v-check="{part}"' in text:
                found.setdefault(part, page.relative_to(html).as_posix())
    return found


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's one Chromium (tests/conftest_book.py). A module of its own would start a second
    sync Playwright in this process, which fails once another browser module has started the first."""
    return browser


class CheckerPage:
    """One chapter page in its own context: every request outside the site refused and recorded."""

    def __init__(self, browser, site_url: str, page_url: str, **context_options):
        self.site_url = site_url
        self.offsite: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.broken: list[str] = []
        self.context = browser.new_context(service_workers="block", **context_options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("response", lambda r: self.broken.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None)
        self.page.on("requestfailed", lambda r: self.broken.append(f"{r.url}: {r.failure}")
                     if r.url.startswith(site_url) else None)
        self.page.goto(site_url + page_url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.site_url) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def box(self, part: str):
        return self.page.locator(f'[data-w2v-check-form="{part}"]').first

    def offers(self, case: PageCase) -> bool:
        """Can a reader ask this of the box: is the case's quantity in its picker (or the part's only one)?"""
        offered = json.loads(self.box(case.part).get_attribute("data-w2v-quantities"))
        return case.quantity is None or case.quantity in offered

    def check(self, case: PageCase, timeout_ms: int = CHECK_MS) -> dict:
        """Type the case into its box, press Check, wait for the verdict; what the page then shows."""
        box = self.box(case.part)
        box.locator("[data-w2v-check]").fill(case.text)
        box.locator(f'[data-w2v-mode] input[value="{case.mode}"]').check()
        if box.locator("[data-w2v-quantity]").count():
            # Chosen as the page's script reads it (a wide typeset label may cover a radio's click target).
            box.locator(f'[data-w2v-quantity] input[value="{case.quantity or ""}"]').evaluate(
                "el => { el.checked = true; el.dispatchEvent(new Event('change', {bubbles: true})); }")
        box.locator("[data-w2v-check-button]").click()
        box.locator(":scope[data-w2v-state=done], :scope[data-w2v-state=error]").wait_for(timeout=timeout_ms)
        return box.evaluate("""box => {
          const verdict = box.querySelector('[data-w2v-verdict]');
          return {state: box.dataset.w2vState, error: box.dataset.w2vError || null,
                  verdict: verdict.dataset.verdict, mistake: verdict.dataset.mistake || null,
                  ok: verdict.dataset.ok === 'true',
                  text: verdict.textContent,
                  results: Array.from(box.querySelectorAll('[data-w2v-result]')).map(r => ({
                    verdict: r.dataset.verdict, mistake: r.dataset.mistake || null,
                    steps: Array.from(r.querySelectorAll('.w2v-step')).map(s => ({
                      status: s.dataset.status, line: s.dataset.line ? parseInt(s.dataset.line, 10) : null,
                      first_wrong: s.classList.contains('w2v-first-wrong'),
                      typeset: !!s.querySelector('mjx-container'),
                      raw: !!s.querySelector('.w2v-step-raw')}))}))};
        }""")

    def assert_stayed_on_site(self):
        assert self.offsite == [], f"requests left the site: {self.offsite}"
        assert self.errors == [], f"uncaught errors in the page: {self.errors}"
        assert self.broken == [], f"requests to the site failed: {self.broken}"

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def boxes(checker_site):
    site_url, built_site = checker_site
    found = pages_with_boxes(built_site.html)
    assert found, "no page of the built site has an answer box ({answer-check} PART)"
    return found


@pytest.fixture(scope="module")
def checker_pages(chromium, checker_site, boxes):
    """One open page per part with a box, shared by the cases (Python loads once per page)."""
    site_url, _ = checker_site
    opened: dict[str, CheckerPage] = {}

    def open_for(part: str) -> CheckerPage:
        if part not in boxes:
            pytest.skip(f"no answer box for part ({part}) in the built site yet")
        if part not in opened:
            opened[part] = CheckerPage(chromium, site_url, boxes[part], viewport={"width": 1100, "height": 900})
        return opened[part]

    yield open_for
    for page in opened.values():
        page.close()


def test_nothing_loads_before_check_then_a_loading_state_then_a_verdict(chromium, checker_site, boxes):
    site_url, _ = checker_site
    part, url = sorted(boxes.items())[0]
    v = CheckerPage(chromium, site_url, url, viewport={"width": 1100, "height": 900})
    try:
        box = v.box(part)
        box.locator("[data-w2v-check]").fill(r"\frac{\partial J}{\partial v_c} = U(\hat y - y)")
        v.page.wait_for_timeout(600)  # the preview
        assert box.locator("[data-w2v-preview] mjx-container").count() >= 1, "the preview is not typeset by MathJax"
        early = [u for u in v.requests if any(f in u for f in CHECKER_FILES)]
        assert early == [], f"the checker loaded before the first press of Check: {early}"
        box.locator("[data-w2v-check-button]").click()
        assert box.get_attribute("data-w2v-state") == "loading"
        assert box.locator("[data-w2v-check-button]").is_disabled()
        v.page.wait_for_function("b => b.querySelector('[data-w2v-status]').textContent.trim().length > 0",
                                 arg=box.element_handle(), timeout=5000)
        box.locator(":scope[data-w2v-state=done], :scope[data-w2v-state=error]").wait_for(timeout=FIRST_CHECK_MS)
        assert box.get_attribute("data-w2v-error") is None, box.get_attribute("data-w2v-error")
        assert box.locator("[data-w2v-verdict]").get_attribute("data-verdict") in (
            "correct", "mistake", "shape", "wrong", "unreadable")
        loaded = [u for u in v.requests if "/_static/w2v_checker/" in u]
        assert any("pyodide.asm.wasm" in u for u in loaded) and any("w2v_core-check.zip" in u for u in loaded), loaded
        worker = v.page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)"
                                 ".filter(n => n.includes('checker-worker.mjs')).length")
        assert worker >= 1, "the checker did not start its Web Worker"
        v.assert_stayed_on_site()
    finally:
        v.close()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_page_gives_the_verdict_that_python_gives(checker_pages, case):
    v = checker_pages(case.part)
    if not v.offers(case):
        pytest.skip(f"the box of part ({case.part}) offers no quantity {case.quantity!r}")
    shown = v.check(case, timeout_ms=FIRST_CHECK_MS)
    assert shown["error"] is None, f"{case.id}: the checker failed in the browser: {shown['error']}"
    if case.result is None:
        verdict, mistake = shown["verdict"], shown["mistake"]
    else:
        assert len(shown["results"]) > case.result, f"{case.id}: the page shows {len(shown['results'])} results"
        verdict, mistake = shown["results"][case.result]["verdict"], shown["results"][case.result]["mistake"]
    assert verdict == case.verdict, f"{case.id}: the page says {verdict!r}: {shown['text']}"
    if case.mistake is not None:
        assert mistake == case.mistake, f"{case.id}: the page names {mistake!r}: {shown['text']}"
    if case.ok is not None:
        assert shown["ok"] == case.ok, f"{case.id}: the page's ok is {shown['ok']}"
    steps = [s for r in shown["results"] for s in r["steps"]]
    # Every step read is shown typeset; what could not be read is shown as text.
    assert all(s["typeset"] for s in steps if s["status"] != "unreadable"), f"{case.id}: steps not typeset: {steps}"
    assert all(s["raw"] for s in steps if s["status"] == "unreadable"), f"{case.id}: unreadable steps not shown: {steps}"
    if case.first_wrong_line is not None:
        highlighted = [s["line"] for s in steps if s["first_wrong"]]
        assert highlighted == [case.first_wrong_line], f"{case.id}: highlighted lines {highlighted}"
    v.assert_stayed_on_site()


def test_the_box_is_labelled_live_and_fits_a_narrow_screen_in_both_themes(chromium, checker_site, boxes):
    site_url, _ = checker_site
    derivations = [c for c in CASES if c.mode == "derivation" and c.first_wrong_line and c.part in boxes]
    case = derivations[0] if derivations else next(c for c in CASES if c.part in boxes and c.quantity is None)
    SHOTS.mkdir(parents=True, exist_ok=True)
    v = CheckerPage(chromium, site_url, boxes[case.part], viewport={"width": 1100, "height": 900}, device_scale_factor=2)
    try:
        box = v.box(case.part)
        textarea = box.locator("[data-w2v-check]")
        label = v.page.locator(f'label[for="{textarea.get_attribute("id")}"]')
        assert label.count() == 1 and label.inner_text().strip(), "the textarea has no label"
        assert box.locator("[data-w2v-verdict]").get_attribute("aria-live") == "polite"
        assert box.locator("[data-w2v-status]").get_attribute("role") == "status"
        shown = v.check(case, timeout_ms=FIRST_CHECK_MS)
        assert shown["error"] is None, shown["error"]
        for theme, width in (("light", 1100), ("dark", 1100), ("light", 380)):
            v.page.set_viewport_size({"width": width, "height": 900})
            v.page.evaluate("t => { document.documentElement.dataset.theme = t; document.documentElement.dataset.mode = t; }",
                            theme)
            v.page.wait_for_timeout(300)
            box.scroll_into_view_if_needed()
            widths = v.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{theme}, {width} px: the page scrolls sideways ({widths})"
            overflow = box.evaluate("b => b.scrollWidth - b.clientWidth")
            assert overflow <= 1, f"{theme}, {width} px: the answer box is {overflow} px wider than its space"
            colours = box.evaluate("""b => { const s = getComputedStyle(b.querySelector('[data-w2v-check]'));
                                      return [s.color, s.backgroundColor]; }""")
            assert colours[0] != colours[1], f"{theme}: the textarea's text has its background's colour {colours}"
            box.screenshot(path=str(SHOTS / f"answer-box-{theme}-{width}px.png"))
        v.assert_stayed_on_site()
    finally:
        v.close()
