"""Book-level fixtures (issue 4): the book is built once per test session, and every book, chapter and
browser test reads that one build. The student's and the instructor's editions (issue 14) are built
at most once per session too, on first use (``edition_site("student")``), by tools/build_edition.py.

Loaded as a plugin from tests/conftest.py. By default the build goes to ``_build/`` in the repository,
where ``make book`` puts it, so the two share the execution cache and a test run after ``make book``
only rebuilds what changed. ``W2V_BOOK_OUTPUT=/some/dir`` builds into ``/some/dir/_build`` instead.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
#: The editions besides the reader's (``make book``), each built into _build/<edition>/html.
EDITIONS = ("student", "instructor")
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

from build_edition import html_dir  # noqa: E402  (after the path is set)
from w2v_editions import edition_source  # noqa: E402


def edition_text(docname: str, edition: str) -> str:
    """A document's MyST source as an edition shows it (the notebooks to download are made from it)."""
    return edition_source(source_of(docname).read_text(encoding="utf-8"), edition).text


def toc_files() -> list[str]:
    """Every document of the table of contents, the root first, without suffix (as in _toc.yml)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def chapter_files() -> list[str]:
    """The chapters of the book: the documents of _toc.yml under chapters/."""
    return [f for f in toc_files() if f.startswith("chapters/")]


def source_of(docname: str) -> Path:
    """The source file of a document of the table of contents."""
    for suffix in (".md", ".ipynb"):
        path = ROOT / (docname + suffix)
        if path.exists():
            return path
    raise FileNotFoundError(f"no source for {docname!r} (looked for .md and .ipynb)")


@dataclass
class BuiltSite:
    """One build of the book: where the HTML is, what the build said, and how long it took."""

    html: Path
    returncode: int
    log: str
    seconds: float

    def page(self, docname: str) -> Path:
        return self.html / (docname + ".html")

    def pages(self) -> list[Path]:
        """Every HTML page of the site (not the theme's templates under _static)."""
        return sorted(p for p in self.html.rglob("*.html")
                      if p.relative_to(self.html).parts[0] not in ("_static", "_sources"))


@pytest.fixture(scope="session")
def built_site() -> BuiltSite:
    """Build the book once per session with warnings as errors (-W -n --keep-going); execution errors
    are errors too (nb_execution_raise_on_error in _config.yml). A failed build is returned, not raised:
    test_book asserts on it, and the page tests still check whatever was built."""
    output = Path(os.environ.get("W2V_BOOK_OUTPUT", ROOT))
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT),
               "--path-output", str(output), "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "W2V_EDITION": "reader"})
    seconds = time.perf_counter() - start
    log = done.stdout + done.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "book-build.log").write_text(f"$ {' '.join(command)}\n{log}\nbuilt in {seconds:.1f} s\n",
                                               encoding="utf-8")
    print(f"\n[built_site] jupyter-book build: exit {done.returncode} in {seconds:.1f} s -> {output / '_build/html'}")
    return BuiltSite(html=output / "_build" / "html", returncode=done.returncode, log=log, seconds=seconds)


def _build(command: list[str], name: str, html: Path) -> BuiltSite:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = done.stdout + done.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.log").write_text(f"$ {' '.join(command)}\n{log}\nbuilt in {seconds:.1f} s\n", encoding="utf-8")
    print(f"\n[{name}] exit {done.returncode} in {seconds:.1f} s -> {html}")
    return BuiltSite(html=html, returncode=done.returncode, log=log, seconds=seconds)


@pytest.fixture(scope="session")
def edition_site():
    """``edition_site(edition)``: that edition (student or instructor) built once per session with
    warnings as errors, into ``_build/<edition>/html`` (under ``W2V_BOOK_OUTPUT`` when it is set)."""
    output = Path(os.environ.get("W2V_BOOK_OUTPUT", ROOT))
    built: dict[str, BuiltSite] = {}

    def build(edition: str) -> BuiltSite:
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
        if edition not in built:
            command = [sys.executable, str(ROOT / "tools" / "build_edition.py"), edition, "--path-output", str(output)]
            built[edition] = _build(command, f"book-build-{edition}", html_dir(edition, output))
        return built[edition]

    return build


@pytest.fixture(scope="session")
def browser():
    """The session's one headless Chromium (Debian's), shared by every browser test module."""
    from test_site_browser import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.txt
        sync_playwright = None
    if path is None or sync_playwright is None:
        why = ("Chromium not found: install Debian's package (`apt-get install -y chromium`, as root); "
               "never `playwright install`" if path is None else "the playwright package is not installed")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot run under CI=true: {why}")
        pytest.skip(why)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# ---- Page weight (issue 12): what each visited page loaded, reported at the end of the run ----
#: {site's html folder: {docname: bytes the page loaded}}, filled by test_site_browser.assert_page_weight.
PAGE_WEIGHTS: dict[Path, dict[str, int]] = {}


def record_page_weight(site: BuiltSite, docname: str, loaded: int) -> None:
    PAGE_WEIGHTS.setdefault(site.html, {})[docname] = loaded


def pytest_terminal_summary(terminalreporter):
    """One line per site visited: its size on disk and its heaviest page by what the page loads."""
    if not PAGE_WEIGHTS:
        return
    terminalreporter.section("page weight (everything a page loads, uncompressed; at most 3 MB a page)")
    for html, weights in PAGE_WEIGHTS.items():
        total = sum(f.stat().st_size for f in html.rglob("*") if f.is_file())
        heaviest = max(weights, key=weights.get)
        terminalreporter.write_line(f"{html.relative_to(ROOT) if html.is_relative_to(ROOT) else html}: site "
                                    f"{total / 1e6:.1f} MB on disk; {len(weights)} pages visited, heaviest "
                                    f"{heaviest} {weights[heaviest] / 1e6:.2f} MB")
    report = {str(html): weights for html, weights in PAGE_WEIGHTS.items()}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weights.json").write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
