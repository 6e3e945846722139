"""The built book (one build per session, see conftest_book.built_site): it builds with warnings as
errors; each part's page shows its exercise, its solution, a verified derivation and a moving figure;
the site references nothing outside itself, serves MathJax itself, keeps every page under 3 MB, and
offers each chapter as a runnable notebook, with launch links to files that exist.

A report of the site (total size, largest pages, build time) goes to test-artifacts/site-report.json.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jupytext
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest_book import ARTIFACTS, ROOT, chapter_files, edition_text, source_of

pytestmark = pytest.mark.slow

MAX_PAGE_BYTES = 3 * 1024 * 1024
PARTS = "abcdefgh"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
OFFSITE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
#: Hosts that serve scripts, styles and fonts to other sites: none may appear in the site's files.
CDN_HOSTS = re.compile(r"cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|fonts\.googleapis\.com"
                       r"|fonts\.gstatic\.com|code\.jquery\.com|cdn\.plot\.ly|requirejs\.org|polyfill\.io",
                       re.IGNORECASE)


def part_chapter(letter: str) -> str:
    matches = [c for c in chapter_files() if Path(c).name.startswith(f"{letter}_")]
    assert len(matches) == 1, f"part ({letter}): expected one chapter chapters/{letter}_*.md in _toc.yml, got {matches}"
    return matches[0]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_of(built_site, docname: str) -> BeautifulSoup:
    page = built_site.page(docname)
    assert page.exists(), f"{docname}: no page {page} (did the build fail? see test-artifacts/book-build.log)"
    soup = soup_of(page)
    return soup.find("article") or soup.find("main") or soup


def test_book_builds_with_warnings_as_errors(built_site):
    problems = [line for line in built_site.log.splitlines() if re.search(r"WARNING|ERROR|Error|Traceback", line)]
    assert built_site.returncode == 0, ("the book does not build with -W -n --keep-going:\n"
                                        + "\n".join(problems[:40] or built_site.log.splitlines()[-40:]))


@pytest.mark.parametrize("letter", PARTS)
def test_part_page_shows_exercise_solution_verified_derivation_and_figure(built_site, letter):
    docname = part_chapter(letter)
    article = article_of(built_site, docname)
    assert article.select("div.exercise"), f"part ({letter}), {docname}: no exercise (sphinx-exercise {{exercise}})"
    assert article.select("div.solution"), f"part ({letter}), {docname}: no solution ({{solution}} block)"
    # The derivation (w2v_core.views.derivation_view) writes under each step the check that verified it.
    # "FAILED" may appear elsewhere on the page: a chapter runs gradcheck on a named mistake to show it fail.
    derivations = article.select("div.w2v-derivation")
    assert derivations, f"part ({letter}), {docname}: no derivation (w2v-derivation block)"
    for derivation in derivations:
        steps = derivation.get_text(" ")
        assert re.search(r"\bverified\b", steps), f"part ({letter}), {docname}: a derivation says nothing verified"
        assert "FAILED" not in steps and not derivation.select(".w2v-check-failed"), (
            f"part ({letter}), {docname}: a derivation step FAILED")
    # parts (a)-(e) have a draggable SVG figure, (h) an SVG figure with controls (w2v_core/views/web_state.py),
    # the others a web form of frames
    figures = article.select(f'[data-w2v-figure="{letter}"]')
    for figure in figures:  # the handle and the state are drawn by the page's script (tests/test_site_figures.py)
        assert figure.select_one("script") and figure.select_one("noscript img"), (
            f"part ({letter}), {docname}: a web figure has no data or no printable fallback")
    forms = article.select("div.w2v-live")
    assert figures or forms, f"part ({letter}), {docname}: no figure (neither a web figure nor a web form)"
    for form in forms:
        assert form.select_one("img.w2v-frame"), f"part ({letter}), {docname}: a web form has no picture"
        assert form.select("[data-control]"), f"part ({letter}), {docname}: a web form has no control"


def test_pages_are_at_most_3_mb_and_report_the_site(built_site):
    pages = built_site.pages()
    assert pages, f"no pages under {built_site.html}"
    sizes = {str(p.relative_to(built_site.html)): p.stat().st_size for p in pages}
    total = sum(f.stat().st_size for f in built_site.html.rglob("*") if f.is_file())
    largest = sorted(sizes.items(), key=lambda item: -item[1])
    report = {"site_bytes": total, "site_mb": round(total / 2**20, 2), "pages": len(pages),
              "largest_pages": [{"page": name, "bytes": size} for name, size in largest[:5]],
              "build_seconds_this_session": round(built_site.seconds, 1)}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "site-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nsite: {total / 2**20:.1f} MB in {len(pages)} pages; largest page {largest[0][0]} "
          f"{largest[0][1] / 2**20:.2f} MB")
    too_big = {name: size for name, size in sizes.items() if size > MAX_PAGE_BYTES}
    assert too_big == {}, f"pages over 3 MB: {too_big}"


def _assets_of(soup: BeautifulSoup) -> list[str]:
    """Every URL that a browser fetches by itself when it opens the page (not the links one may follow)."""
    urls = []
    for tag, attr in (("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("video", "src"),
                      ("audio", "src"), ("embed", "src"), ("object", "data"), ("input", "src")):
        urls += [el[attr] for el in soup.find_all(tag) if el.get(attr)]
    urls += [el["href"] for el in soup.find_all("link") if el.get("href")
             and set(el.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}]
    urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", " ".join(el.get("style", "") for el in soup.find_all(style=True)))
    return urls


def test_site_references_nothing_outside_itself(built_site):
    offsite = {}
    for page in built_site.pages():
        soup = soup_of(page)
        found = [u for u in _assets_of(soup) if OFFSITE.match(u)]
        found += [m.group(0) for m in CDN_HOSTS.finditer(page.read_text(encoding="utf-8"))]
        if found:
            offsite[str(page.relative_to(built_site.html))] = sorted(set(found))
    scripts = [p for suffix in ("*.js", "*.mjs") for p in built_site.html.rglob(suffix)]
    for path in list(built_site.html.rglob("*.css")) + scripts:
        text = path.read_text(encoding="utf-8", errors="replace")
        found = [u for u in re.findall(r"url\(\s*['\"]?([^'\")\s]+)", text) if OFFSITE.match(u)] if path.suffix == ".css" else []
        found += re.findall(r"@import\s+(?:url\()?['\"]?((?:https?:)?//[^'\")\s;]+)", text)
        # MathJax's speech rule engine keeps a CDN as its default source of rule files, which MathJax
        # overrides with its own path: test_site_browser checks that speech loads them from the site.
        # Likewise Pyodide's loader names a CDN as its default source of packages; the answer checker passes
        # the site's own folder instead (packageBaseUrl), and test_checker_browser checks no request leaves.
        if "_static/mathjax/" not in path.as_posix() and "_static/w2v_checker/pyodide-" not in path.as_posix():
            found += [m.group(0) for m in CDN_HOSTS.finditer(text)]
        if found:
            offsite[str(path.relative_to(built_site.html))] = sorted(set(found))
    assert offsite == {}, f"files of the site that reach outside it: {offsite}"


def test_math_comes_from_mathjax_served_by_the_site(built_site):
    assert (built_site.html / "_static/mathjax/tex-chtml.js").exists(), "MathJax is not in the site"
    assert list((built_site.html / "_static/mathjax/output/chtml/fonts/woff-v2").glob("MathJax_Main-Regular.woff"))
    pages_with_math = 0
    for page in built_site.pages():
        soup = soup_of(page)
        if not soup.select(".math"):
            continue
        pages_with_math += 1
        sources = [s["src"] for s in soup.find_all("script", src=True) if "mathjax" in s["src"].lower()]
        assert sources and all(s.split("?")[0].endswith("_static/mathjax/tex-chtml.js") for s in sources), (
            f"{page.name}: MathJax from {sources}")
    assert pages_with_math >= 1, "no page of the book has math"


def test_no_widget_javascript_or_state_on_the_site(built_site):
    # The site has no kernel and no widget manager: each widget shows as its web form, and the
    # widget state (a second copy of every image) is dropped.
    for page in built_site.pages():
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-state+json" not in text, f"{page.name}: embedded widget state"
        assert "require.min.js" not in text and "html-manager" not in text, f"{page.name}: widget JavaScript"
        assert "thebe" not in text.lower().replace("sphinx-thebe", ""), f"{page.name}: thebe"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    return yaml.safe_load(match.group(1)) if match else {}


@pytest.mark.parametrize("docname", chapter_files())
def test_chapter_page_offers_a_runnable_notebook_and_launch_links_that_exist(built_site, docname):
    source = source_of(docname)
    meta = _front_matter(source)
    assert "kernelspec" in meta and meta.get("jupytext", {}).get("text_representation", {}).get("format_name") == "myst", (
        f"{source.relative_to(ROOT)} is not a MyST notebook (front matter needs jupytext format_name: myst and a kernelspec)")
    soup = soup_of(built_site.page(docname))
    links = [a["href"] for a in soup.find_all("a", href=True)]

    downloads = [h for h in links if h.endswith(f"_sources/{docname}.ipynb")]
    assert downloads, f"{docname}: no .ipynb download button"
    notebook_path = built_site.html / "_sources" / f"{docname}.ipynb"
    assert notebook_path.exists(), f"{docname}: the download button points at a missing {notebook_path}"
    notebook = nbformat.read(notebook_path, as_version=4)
    nbformat.validate(notebook)
    setup, *cells = notebook.cells
    assert "w2v-setup" in setup.metadata.get("tags", []), f"{docname}: the notebook does not start with its set-up cell"
    compile(setup.source, f"{docname} set-up cell", "exec")
    assert CONFIG["repository"]["url"] in setup.source
    # A chapter that trains on gensim's corpora or compares with gensim needs w2v_core's "train" extra
    # outside the repository (Colab has no gensim): its set-up cell must check for it and install it.
    needs_train = re.search(r"read_sentences|train_gensim|w2v_core\.reference|load_word_pairs|evaluate_analogies",
                            source.read_text(encoding="utf-8"))
    if needs_train:
        assert "train" in meta.get("w2v_extras", []), f"{docname} uses gensim's data but its front matter lacks w2v_extras: [train]"
        assert "'gensim'" in setup.source and "w2v_core[train] @ git+" in setup.source, setup.source
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["train"]
        assert all(f"'{name}'" in setup.source for name in extras), f"set-up cell does not check {extras}"
    expected = [c.source for c in jupytext.reads(edition_text(docname, "reader"), fmt="md:myst").cells
                if c.cell_type == "code"]
    assert [c.source for c in cells if c.cell_type == "code"] == expected, f"{docname}: notebook code differs from the .md"

    repo = CONFIG["repository"]["url"].rstrip("/")
    org_repo = repo.split("github.com/")[-1]
    launch = CONFIG["launch_buttons"]
    binder = [h for h in links if launch.get("binderhub_url") and h.startswith(launch["binderhub_url"])]
    colab = [h for h in links if launch.get("colab_url") and h.startswith(launch["colab_url"])]
    hub = [h for h in links if launch.get("jupyterhub_url") and h.startswith(launch["jupyterhub_url"])]
    for provider, found in (("binderhub_url", binder), ("colab_url", colab), ("jupyterhub_url", hub)):
        assert bool(found) == bool(launch.get(provider)), f"{docname}: {provider} set but no button, or the reverse"
    for url in binder:
        assert f"/v2/gh/{org_repo}/{CONFIG['repository']['branch']}" in url, url
        target = re.sub(r"^(?:lab/)?tree/", "", parse_qs(urlparse(url).query)["urlpath"][0])
        assert (ROOT / target).exists(), f"{docname}: Binder opens {target}, which is not in the repository"
    for url in hub:
        # JupyterHub's nbgitpuller clones into a folder named after the repository.
        target = re.sub(r"^(?:lab/)?tree/[^/]+/", "", parse_qs(urlparse(url).query)["urlpath"][0])
        assert (ROOT / target).exists(), f"{docname}: JupyterHub opens {target}, which is not in the repository"
    for url in colab:
        prefix = f"/github/{org_repo}/blob/{CONFIG['sphinx']['config']['w2v_published_branch']}/"
        path = urlparse(url).path
        assert path.startswith(prefix), f"{docname}: Colab link {url} is not on the published branch"
        target = path[len(prefix):]
        assert (built_site.html / target).exists(), f"{docname}: Colab opens {target}, which is not in the site"


def test_binder_installs_the_book_package():
    post_build = ROOT / "postBuild"
    assert post_build.exists(), "Binder (repo2docker) needs postBuild to install w2v_core"
    text = post_build.read_text(encoding="utf-8")
    assert re.search(r"pip install .*-e \.", text), "postBuild does not install w2v_core"
    assert "jupytext-config set-default-viewer" in text, "postBuild does not open .md chapters as notebooks"
