"""Accessibility of the built site (issue 12): axe-core on every page, failing on any violation.

axe-core (the npm package, pinned in tools/axe_core.py and installed once into .cache/) is injected
into every page of the reader's site (every document of _toc.yml and the pages Sphinx adds) and runs
the WCAG 2.0 and 2.1 rules of levels A and AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa). Each page must
have no violation in any of three states:

1. as a reader finds it after load: the draggable figures mounted, the answer boxes built;
2. with every fold opened (solutions, dropdowns, hidden cells) and every figure moved one step with the
   arrow keys, so that what a reader can unfold is checked, a handle has the focus and a figure shows
   a state other than the one it mounted with;
3. the same in the dark theme, switched with the theme's own button (contrast differs there: the dark
   theme shows HTML outputs on a light panel of its own).

The student's and the instructor's editions are checked on every page that differs from the reader's
(the chapters with the instructor's section or the student's answer boxes, the summary's note, ...): a
page is compared with the reader's with its link addresses and asset versions left out (the launch
buttons point at each edition's branch). A page that is the same is skipped, saying so: the reader's
test checks it. Which pages differ is decided on the builds of the session, never by a list here.

A failure prints, per page and state, each rule's id, impact, how many nodes and, for each, its CSS
selector, the start of its HTML and axe's summary of what to fix, so that whoever added the markup can
find it. Every page's findings also go to test-artifacts/axe/.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from axe_core import AXE_CORE_VERSION, WCAG_TAGS, AxeCoreUnavailable, axe_script
from conftest_book import ARTIFACTS, EDITIONS
from test_site_browser import PAGES, PageVisit, edition_url, page_report, site_url, visit  # noqa: F401 - the shared fixtures

pytestmark = pytest.mark.slow

#: Wait for what mounts after load: every draggable figure has drawn a state.
MOUNTED = """() => Array.from(document.querySelectorAll('[data-w2v-figure]')).every(f => f.hasAttribute('data-state'))"""

#: Open every fold a reader can open: <details> (sphinx-design dropdowns, sphinx-togglebutton's hidden
#: cells) and sphinx-togglebutton's folded admonitions (the solutions), so that axe sees their content.
#: Returns how many folds stay closed (none should).
OPEN_FOLDS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle.toggle-hidden').forEach(item => {
    const title = item.querySelector(':scope > .admonition-title');
    if (title) title.click();
  });
  return document.querySelectorAll('details:not([open]), .toggle-hidden').length;
}"""

#: Switch to the dark theme with the theme's own button (it cycles light, dark, system); true once dark.
DARK_THEME = """async () => {
  const button = document.querySelector('.theme-switch-button');
  for (let k = 0; k < 3 && button && document.documentElement.dataset.theme !== 'dark'; k++) {
    button.click();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  return document.documentElement.dataset.theme === 'dark';
}"""

RUN_AXE = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' | '),
                              html: n.html.slice(0, 160), summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)}))
  }));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        return axe_script().read_text(encoding="utf-8")
    except AxeCoreUnavailable as why:
        pytest.fail(str(why))


def move_every_figure(page) -> None:
    """Move each draggable figure one step with the arrow keys: its handle keeps the focus (so its focus
    style is checked) and the figure shows a state other than the one it mounted with."""
    handles = page.locator("[data-w2v-handle]")
    for k in range(handles.count()):
        handle = handles.nth(k)
        root = handle.locator("xpath=ancestor::*[@data-w2v-figure][1]")
        before = root.get_attribute("data-state")
        handle.focus()
        page.keyboard.press("ArrowRight")
        if root.get_attribute("data-state") == before:  # at the right edge of the grid: step back instead
            page.keyboard.press("ArrowLeft")
        assert root.get_attribute("data-state") != before, (
            f"{page.url}: figure {root.get_attribute('data-w2v-figure')!r} did not move with the arrow keys")


#: True once no finite CSS transition or animation is running. A fixed pause of 100 ms was not enough
#: for one CI run: axe read the dark theme's search field on #585e68, a background this page shows
#: neither settled in the light theme nor in the dark one, most likely a colour caught mid-change.
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)"


def settle(page) -> None:
    """Wait for the open page's transitions (a fold opening, the theme switching) to finish."""
    page.wait_for_timeout(50)  # a transition starts on the frame after the change that triggers it
    page.wait_for_function(SETTLED, timeout=10_000)


def axe_violations(v: PageVisit, axe_source: str) -> dict[str, list[dict]]:
    """axe-core's WCAG 2 A/AA violations on the open page in the three states of the module's docstring:
    each state's name maps to its list of violations (empty when the page passes)."""
    page = v.page
    page.wait_for_function(MOUNTED, timeout=15_000)
    if page.evaluate("() => !!(window.MathJax && MathJax.startup && MathJax.startup.promise)"):
        page.evaluate("() => MathJax.startup.promise")
    page.add_script_tag(content=axe_source)
    found = {"as loaded": page.evaluate(RUN_AXE, list(WCAG_TAGS))}
    closed = page.evaluate(OPEN_FOLDS)
    assert closed == 0, f"{v.page.url}: {closed} fold(s) did not open, so axe would not see inside them"
    move_every_figure(page)
    settle(page)
    found["folds opened, figures moved"] = page.evaluate(RUN_AXE, list(WCAG_TAGS))
    assert page.evaluate(DARK_THEME), f"{v.page.url}: the theme's button did not switch to the dark theme"
    settle(page)
    found["dark theme, folds opened"] = page.evaluate(RUN_AXE, list(WCAG_TAGS))
    return found


def describe(where: str, found: dict[str, list[dict]]) -> str:
    """Every violation of a page, precisely enough to find the offending markup."""
    lines = []
    for phase, violations in found.items():
        for violation in violations:
            lines.append(f"{where} [{phase}]: {violation['id']} ({violation['impact']}), {len(violation['nodes'])} "
                         f"node(s): {violation['help']}")
            for node in violation["nodes"][:8]:
                lines.append(f"    {node['target']}\n      {node['html']}\n      {node['summary']}")
            if len(violation["nodes"]) > 8:
                lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def check_page(v: PageVisit, axe_source: str, where: str, report: dict) -> None:
    found = axe_violations(v, axe_source)
    report.setdefault(where, {})["axe_violations"] = {
        phase: {x["id"]: len(x["nodes"]) for x in violations} for phase, violations in found.items()}
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe" / (where.replace("/", "__").replace(" ", "_") + ".json")).write_text(
        json.dumps(found, indent=2), encoding="utf-8")
    assert v.errors == [], f"{where}: uncaught errors in the page: {v.errors}"
    assert v.offsite == [], f"{where}: requests left the site: {v.offsite}"
    assert all(not violations for violations in found.values()), (
        f"axe-core found WCAG 2 A/AA violations:\n{describe(where, found)}")


@pytest.mark.parametrize("docname", PAGES)
def test_axe_core_finds_no_violation_on_the_page(visit, axe_source, page_report, docname):
    check_page(visit(docname), axe_source, docname, page_report)


#: What differs between editions' copies of a page that is the same to a reader: link addresses (each
#: edition's launch buttons name its branch) and the assets' version suffixes.
_ADDRESSES = re.compile(r'\b(?:href|src|action)="[^"]*"')


def same_page_as_the_readers(reader: Path, edition: Path) -> bool:
    """Whether an edition's page is the reader's but for its link addresses (see _ADDRESSES)."""
    if not (reader.is_file() and edition.is_file()):
        return False
    def normalized(path: Path) -> str:
        return _ADDRESSES.sub("", path.read_text(encoding="utf-8"))
    return normalized(reader) == normalized(edition)


def test_same_page_as_the_readers_sees_a_change_of_text_but_not_of_address(tmp_path):
    reader, edition = tmp_path / "r.html", tmp_path / "e.html"
    reader.write_text('<a href="main/x.md">launch</a><p>text</p>', encoding="utf-8")
    edition.write_text('<a href="gh-pages-student/x.ipynb">launch</a><p>text</p>', encoding="utf-8")
    assert same_page_as_the_readers(reader, edition)
    edition.write_text('<a href="main/x.md">launch</a><p>other text</p>', encoding="utf-8")
    assert not same_page_as_the_readers(reader, edition)
    assert not same_page_as_the_readers(reader, tmp_path / "missing.html")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("docname", PAGES)
def test_axe_core_finds_no_violation_in_every_edition(browser, built_site, edition_site, edition_url, axe_source,
                                                       page_report, edition, docname):
    name = docname if docname.endswith(".html") else docname + ".html"
    if same_page_as_the_readers(built_site.html / name, edition_site(edition).html / name):
        pytest.skip(f"{edition} edition, {docname}: the same page as the reader's but for its links, checked there")
    v = PageVisit(browser, edition_url(edition), docname)
    try:
        check_page(v, axe_source, f"{edition}/{docname}", page_report)
    finally:
        v.close()


def test_axe_core_is_the_pinned_version_and_finds_a_known_violation(browser, axe_source):
    """The test can fail: on a page with faint text and docutils' old markup of a bibliography (the
    issue's three rules), axe as this module runs it reports each, so an empty result means something."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())
        page.set_content('<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
                         '<p style="color:#aaaaaa;background:#ffffff">faint text</p>'
                         '<div role="list"><div role="doc-biblioentry">an entry</div></div></main></body></html>')
        page.add_script_tag(content=axe_source)
        version = page.evaluate("() => axe.version")
        ids = {x["id"] for x in page.evaluate(RUN_AXE, list(WCAG_TAGS))}
    finally:
        context.close()
    assert version == AXE_CORE_VERSION, f"axe-core {version} loaded, {AXE_CORE_VERSION} pinned"
    assert {"color-contrast", "aria-required-children", "aria-deprecated-role"} <= ids, f"axe-core missed known violations: {sorted(ids)}"


#: A link's text colour and the first opaque background behind it, as "rgb(...)" strings.
LINK_COLOURS = """a => ({color: getComputedStyle(a).color, background: (() => {
  for (let node = a; node; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(bg)) return bg;
  }
  return getComputedStyle(document.body).backgroundColor;
})()})"""


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two opaque CSS colours given as rgb()/rgba() strings."""
    def luminance(colour: str) -> float:
        channels = [float(c) / 255 for c in re.findall(r"[\d.]+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    bright, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (bright + 0.05) / (dark + 0.05)


def test_contrast_ratio_is_wcags():
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    assert contrast_ratio("rgb(232, 146, 23)", "rgb(255, 255, 255)") == pytest.approx(2.45, abs=0.01)  # the theme's hover orange


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_links_keep_their_contrast_while_hovered(visit, theme):
    """axe-core judges a page at rest; a reader also points at links. The theme's hover colour (its
    orange, #e89217) reaches 2.45:1 on white: every article link, hovered, must reach 4.5:1 (WCAG 1.4.3)."""
    v = visit("chapters/f_negative_sampling")
    page = v.page
    page.wait_for_function(MOUNTED, timeout=15_000)
    if theme == "dark":
        assert page.evaluate(DARK_THEME)
    page.evaluate(OPEN_FOLDS)
    settle(page)
    links = page.locator("article a[href]")
    checked, faint = 0, []
    for k in range(links.count()):
        link = links.nth(k)
        if checked == 25 or not link.is_visible() or not link.inner_text().strip():
            continue
        link.scroll_into_view_if_needed()
        link.hover()
        settle(page)
        colours = link.evaluate(LINK_COLOURS)
        ratio = contrast_ratio(colours["color"], colours["background"])
        if ratio < 4.5:
            faint.append(f"{link.inner_text().strip()[:40]!r}: {colours['color']} on {colours['background']}, {ratio:.2f}:1")
        checked += 1
    assert checked >= 5, f"only {checked} visible links checked on the page"
    assert not faint, f"{theme} theme, links too faint while hovered:\n  " + "\n  ".join(faint)
