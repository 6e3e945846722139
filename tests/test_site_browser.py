"""The built site in a real browser, with no network and no kernel.

Debian's Chromium, driven by playwright, opens every page from a local server. On each page: no
request leaves the site, no script error, no broken link to a file of the site, the math is typeset
by MathJax (no raw TeX left in the text); on a chapter page, moving each control of each web form
changes the picture. A screenshot of every page goes to test-artifacts/screenshots/.

Every page, in every edition, weighs at most 3 MB counting everything it loads until it is idle (its
figures mounted and their data fetched, the math typeset): the sum of the uncompressed bodies of its
requests (issue 12). The report at the end of the run gives the site's size and its heaviest page.

Without Chromium the tests skip and say how to install it; under CI=true they fail instead.
"""
from __future__ import annotations

import functools
import http.server
import io
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from PIL import Image

from conftest_book import ARTIFACTS, EDITIONS, chapter_files, record_page_weight, source_of, toc_files

pytestmark = pytest.mark.slow

#: Issue 12: what a page loads (its HTML, scripts, styles, fonts, data files), uncompressed.
MAX_PAGE_BYTES = 3_000_000
#: Every figure has mounted (it shows a state) and none is still fetching its numbers.
FIGURES_SETTLED = """() => Array.from(document.querySelectorAll('[data-w2v-figure]'))
  .every(r => r.getAttribute('data-state') && r.getAttribute('aria-busy') !== 'true')"""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Pages that Sphinx writes besides the table of contents.
EXTRA_PAGES = ["index", "genindex", "search"]
PAGES = toc_files() + EXTRA_PAGES
CHAPTERS = set(chapter_files())


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


# The session's one Chromium, `browser`, is in conftest_book.py: every browser test module shares it
# (two sync Playwright instances cannot run in one process).


#: A page that only the test server knows: the site's MathJax with its accessibility explorer and
#: speech on, which load the most of MathJax (MathML input, the speech rule engine and its rule files).
SPEECH_PAGE = "__w2v_mathjax_speech.html"
SPEECH_HTML = b"""<!doctype html><html><head><meta charset="utf-8">
<script>window.MathJax = {loader: {load: ['a11y/explorer']}, options: {enableExplorer: true, a11y: {speech: true}}};</script>
<script defer src="_static/mathjax/tex-chtml.js"></script></head>
<body><p>\\(\\frac{\\partial J}{\\partial v_c} = U(\\hat y - y)\\)</p></body></html>"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/" + SPEECH_PAGE:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(SPEECH_HTML)))
            self.end_headers()
            self.wfile.write(SPEECH_HTML)
        else:
            super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class SiteServer:
    """A built site served on a free local port until ``close()``."""

    def __init__(self, site):
        if not site.page("intro").exists():
            pytest.fail(f"the book did not build: no {site.page('intro')}\n{site.log[-3000:]}")
        handler = functools.partial(_QuietHandler, directory=str(site.html))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site):
    server = SiteServer(built_site)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def edition_url(edition_site):
    """``edition_url(edition)``: the URL of that edition's site (student, instructor), served once."""
    servers: dict[str, SiteServer] = {}

    def url(edition: str) -> str:
        if edition not in servers:
            servers[edition] = SiteServer(edition_site(edition))
        return servers[edition].url

    yield url
    for server in servers.values():
        server.close()


@pytest.fixture(scope="session")
def page_report():
    """What each page loaded, gathered over the session and written to test-artifacts/pages.json."""
    report: dict[str, dict] = {}
    yield report
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "pages.json").write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")


class PageVisit:
    """A page opened in a fresh browser context that refuses every request outside the site."""

    def __init__(self, browser, site_url: str, docname: str, scale: float = 1):
        self.site_url = site_url
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.broken: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block",
                                          device_scale_factor=scale)
        self.context.route("**/*", self._route)
        # Resource Timing keeps 250 entries by default: room for every request of a page.
        self.context.add_init_script("performance.setResourceTimingBufferSize(10000)")
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("response", self._response)
        self.page.on("requestfailed", lambda request: self.broken.append(f"{request.url}: {request.failure}")
                     if request.url.startswith(site_url) else None)
        self.page.goto(site_url + (docname if docname.endswith(".html") else docname + ".html"), wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function(FIGURES_SETTLED, timeout=20_000)  # figures decode their data after load
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.site_url) or url.startswith("data:"):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def _response(self, response):
        if response.status >= 400:
            self.broken.append(f"{response.url}: HTTP {response.status}")

    def loaded(self) -> dict[str, int]:
        """Each request of the page (its URL without the site's address) and its body's size,
        uncompressed (Resource Timing API; the buffer is raised at load, see the context's init script)."""
        entries = self.page.evaluate(
            "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".map(e => [e.name, e.decodedBodySize || 0])")
        sizes: dict[str, int] = {}
        for url, size in entries:
            name = url.removeprefix(self.site_url)
            sizes[name] = sizes.get(name, 0) + int(size)
        return sizes

    def bytes_loaded(self) -> int:
        """What the page and everything it loaded weigh, uncompressed (Resource Timing API)."""
        return sum(self.loaded().values())

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url, page_report, request):
    visits = []

    def open_page(docname: str, scale: float = 1) -> PageVisit:
        v = PageVisit(browser, site_url, docname, scale)
        visits.append((docname, v))
        return v

    yield open_page
    for docname, v in visits:
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        try:
            v.page.screenshot(path=str(shots / (docname.replace("/", "__") + ".png")), full_page=True)
            page_report.setdefault(docname, {}).update(
                {"offsite_requests": v.offsite, "page_errors": v.errors, "broken": v.broken,
                 "bytes_loaded": v.bytes_loaded()})
        finally:
            v.close()


MATH_STATE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const math = Array.from(document.querySelectorAll('.math'));
  const typeset = math.filter(el => el.querySelector('mjx-container')).length;
  // The reader's text without code, scripts and typeset math: TeX must not be left in it.
  const body = document.body.cloneNode(true);
  body.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight').forEach(el => el.remove());
  return {mathjax: !!window.MathJax, math: math.length, typeset: typeset,
          containers: document.querySelectorAll('mjx-container').length, text: body.textContent};
}"""
RAW_TEX = re.compile(r"\\\(|\\\[|\$\$|\\(?:frac|hat|top|sum|partial|sigma|mathbf|boldsymbol|log|exp)\b")


@pytest.mark.parametrize("docname", PAGES)
def test_page_stays_on_site_without_errors_and_typesets_math_within_3_mb(visit, built_site, docname):
    assert_on_site_without_errors_and_typeset(visit(docname), docname, built_site)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("docname", PAGES)
def test_every_edition_stays_on_site_without_errors_and_typesets_math_within_3_mb(browser, edition_url, edition_site,
                                                                                  page_report, edition, docname):
    """The student's and the instructor's editions (issue 14) pass the same test as the reader's."""
    v = PageVisit(browser, edition_url(edition), docname)
    try:
        page_report.setdefault(f"{edition}/{docname}", {}).update(
            {"offsite_requests": v.offsite, "page_errors": v.errors, "broken": v.broken,
             "bytes_loaded": v.bytes_loaded()})
        assert_on_site_without_errors_and_typeset(v, f"{edition} edition, {docname}", edition_site(edition))
    finally:
        v.close()


def assert_on_site_without_errors_and_typeset(v: PageVisit, docname: str, site=None) -> None:
    state = v.page.evaluate(MATH_STATE)
    assert v.offsite == [], f"{docname}: requests left the site: {v.offsite}"
    assert v.errors == [], f"{docname}: uncaught errors in the page: {v.errors}"
    assert v.broken == [], f"{docname}: requests to the site failed: {v.broken}"
    assert state["typeset"] == state["math"], (
        f"{docname}: MathJax typeset {state['typeset']} of {state['math']} math elements "
        f"(MathJax loaded: {state['mathjax']})")
    raw = sorted({m.group(0) for m in RAW_TEX.finditer(state["text"])})
    assert raw == [], f"{docname}: raw TeX visible in the text: {raw}"
    if site is not None:
        assert_page_weight(v, docname, site)


def assert_page_weight(v: PageVisit, docname: str, site) -> None:
    """At most MAX_PAGE_BYTES loaded, once the page is idle (figures settled, math typeset: call
    after MATH_STATE); recorded for the run's report (conftest_book.PAGE_WEIGHTS)."""
    v.page.wait_for_load_state("networkidle")  # the fonts that typesetting asked for
    sizes = v.loaded()
    total = sum(sizes.values())
    record_page_weight(site, docname, total)
    heaviest = ", ".join(f"{name.split('?')[0]} {size / 1e6:.2f} MB"
                         for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:5])
    assert total <= MAX_PAGE_BYTES, (f"{docname}: the page loads {total / 1e6:.2f} MB in {len(sizes)} requests, "
                                     f"more than {MAX_PAGE_BYTES / 1e6:g} MB; the heaviest: {heaviest}")


def test_every_built_page_is_visited(built_site):
    built = {str(p.relative_to(built_site.html).with_suffix("")) for p in built_site.pages()}
    assert built - set(PAGES) == set(), f"pages built but not visited by the browser tests: {built - set(PAGES)}"


def test_a_page_with_math_loads_mathjax_from_the_site(visit):
    # The notation chapter is plain prose and math: it must show typeset math, served by the site.
    v = visit("chapters/00_notation")
    state = v.page.evaluate(MATH_STATE)
    assert state["mathjax"] and state["containers"] > 0, "no typeset math on the notation chapter"
    src = v.page.evaluate("() => Array.from(document.scripts).map(s => s.src).filter(s => /mathjax/i.test(s))")
    assert src and all(s.startswith(v.site_url) for s in src), f"MathJax not served by the site: {src}"


def test_mathjax_speech_and_explorer_work_offline(visit):
    # MathJax's speech rule engine names a CDN as its default source of rules; the site's MathJax
    # must take them from the site instead (the route refuses anything else).
    v = visit(SPEECH_PAGE)
    v.page.evaluate("() => MathJax.startup.promise")
    v.page.focus("mjx-container")
    v.page.keyboard.press("ArrowDown")
    v.page.wait_for_load_state("networkidle")
    speech = v.page.get_attribute("mjx-container", "aria-label") or ""
    assert "partial" in speech, f"no speech for the formula: {speech!r}"
    assert v.offsite == [] and v.broken == [] and v.errors == [], (v.offsite, v.broken, v.errors)


#: Every Font Awesome icon of the page (the theme's <i>/<span class="fa-solid fa-...">): what its
#: ::before draws and in which font, and whether it is on screen. The theme's script that turned these
#: into inline SVGs is not loaded (_ext/w2v_site.py); the theme's CSS draws them with its webfont.
ICONS = r"""() => Array.from(document.querySelectorAll('[class*="fa-"]'))
  .filter(el => /(^|\s)(fa-solid|fas|fa-regular|far|fa-brands|fab)(\s|$)/.test(el.className))
  .map((el, i) => {
    el.dataset.w2vIcon = String(i);
    const before = getComputedStyle(el, '::before'), box = el.getBoundingClientRect();
    return {i, classes: el.className, content: before.content, family: before.fontFamily, weight: before.fontWeight,
            shown: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight
                   && getComputedStyle(el).visibility !== 'hidden'};
  })"""
LOADED_FONTS = """async () => { await document.fonts.ready;
  return Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => [f.family.replace(/"/g, ''), f.weight]); }"""


@pytest.mark.parametrize("docname", ["intro", "chapters/b_grad_center", "search"])
def test_every_icon_of_the_theme_is_drawn_without_its_script(visit, docname):
    v = visit(docname)
    assert v.page.locator('script[src*="fontawesome.js"]').count() == 0, f"{docname}: the theme's 1.5 MB script is back"
    icons = v.page.evaluate(ICONS)
    assert len(icons) >= 5, f"{docname}: only {len(icons)} icons found; the theme shows more (search, menu, theme)"
    loaded = {(family, str(weight)) for family, weight in v.page.evaluate(LOADED_FONTS)}
    for icon in icons:
        what = f"{docname}: icon {icon['classes']!r}"
        assert re.fullmatch(r'"[^"]{1,2}"', icon["content"]), f"{what} draws no glyph (::before content {icon['content']!r})"
        assert "Font Awesome" in icon["family"], f"{what} is not drawn in Font Awesome's font ({icon['family']!r})"
        family = icon["family"].split(",")[0].strip().strip('"')
        assert (family, str(icon["weight"])) in loaded, f"{what}: its font {family} {icon['weight']} is not loaded ({loaded})"
        if icon["shown"]:  # and on screen it has ink: not one flat colour
            shot = Image.open(io.BytesIO(v.page.locator(f'[data-w2v-icon="{icon["i"]}"]').screenshot())).convert("L")
            low, high = shot.getextrema()
            assert high - low > 60, f"{what}: nothing drawn where the icon is (grey levels {low}-{high})"
    assert any(icon["shown"] for icon in icons), f"{docname}: no icon on screen to look at"
    assert v.errors == [] and v.offsite == [], (v.errors, v.offsite)


CONTROLS = """root => Array.from(root.querySelectorAll('[data-control]')).map(el => ({
  tag: el.tagName, name: el.dataset.control, max: el.max ? parseInt(el.max, 10) : null,
  options: el.tagName === 'SELECT' ? el.options.length : null}))"""
# Each slider's shown value against the label of its position, from the form's own data.
SLIDER_LABELS = """root => {
  const data = JSON.parse(root.querySelector('script.w2v-data').textContent);
  return Array.from(root.querySelectorAll('[data-control]')).map((el, k) => el.tagName !== 'INPUT' ? null :
    {shown: el.parentNode.querySelector('output').textContent, expected: data.labels[k][parseInt(el.value, 10)]});
}"""


@pytest.mark.parametrize("docname", sorted(CHAPTERS))
def test_every_web_control_changes_the_picture(visit, docname):
    v = visit(docname)
    forms = v.page.locator("div.w2v-live")
    # Every chapter responds: a figure you can drag (test_site_figures.py moves it) or a PNG web form.
    if "view()" in source_of(docname).read_text(encoding="utf-8"):
        assert forms.count() + v.page.locator("[data-w2v-figure]").count() >= 1, f"{docname}: no figure, no web form"
    for f in range(forms.count()):
        form = forms.nth(f)
        img = form.locator("img.w2v-frame")
        controls = form.evaluate(CONTROLS)
        assert controls, f"{docname}: web form {f} has no control"
        for k, control in enumerate(controls):
            element = form.locator("[data-control]").nth(k)
            before = img.get_attribute("src")
            what = f"{docname}: form {f}, control {control['name']!r} ({control['tag'].lower()})"
            if control["tag"] == "INPUT":
                assert control["max"] >= 1, f"{what}: a slider with a single position"
                element.focus()
                at_end = int(element.input_value()) == control["max"]
                v.page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            elif control["tag"] == "SELECT":
                assert control["options"] >= 2, f"{what}: a select with a single option"
                current = int(element.input_value())
                element.select_option(value=str((current + 1) % control["options"]))
            else:
                element.click()
            after = img.get_attribute("src")
            assert after != before, f"{what}: moving it did not change the picture"
            assert after.startswith("data:image/png;base64,"), f"{what}: the picture is not an inline PNG"
            for label in form.evaluate(SLIDER_LABELS):
                assert label is None or label["shown"] == label["expected"], (
                    f"{what}: a slider shows {label['shown']!r} for its position {label['expected']!r}")
    assert v.errors == [], f"{docname}: errors while moving controls: {v.errors}"
    assert v.offsite == [], f"{docname}: requests left the site: {v.offsite}"


#: Every block a chapter shows as output or code: what the package printed, and the source it shows.
SCROLL_STATE = """() => {
  const blocks = Array.from(document.querySelectorAll('div.cell_output pre, div.output pre, div.cell_output .highlight'));
  return blocks.filter(el => el.scrollWidth > el.clientWidth + 1)
               .map(el => ({width: el.clientWidth, needs: el.scrollWidth, text: el.textContent.slice(0, 80)}));
}"""


@pytest.mark.parametrize("docname", sorted(CHAPTERS))
def test_no_output_block_of_a_chapter_scrolls_sideways_at_1280_px(visit, docname):
    v = visit(docname)  # the visit's viewport is 1280 px wide
    assert v.page.viewport_size["width"] == 1280
    scrolling = v.page.evaluate(SCROLL_STATE)
    assert scrolling == [], f"{docname}: output blocks wider than the page (they scroll sideways): {scrolling[:5]}"


@pytest.mark.parametrize("docname", sorted(CHAPTERS))
def test_no_table_of_a_chapter_is_clipped(visit, docname):
    v = visit(docname)
    clipped = v.page.evaluate("""() => Array.from(document.querySelectorAll('article table')).map(t => {
        return {table: t.scrollWidth, box: t.parentElement.clientWidth, head: t.rows[0].textContent.slice(0, 60)};
      }).filter(x => x.table > x.box + 1)""")
    assert clipped == [], f"{docname}: a table is wider than its container (clipped or scrolling): {clipped}"
