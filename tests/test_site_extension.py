"""The site extension's guard against stale pages: a change to w2v_core alone re-executes the chapters.

Unit tests of the Sphinx event handlers on a stand-in application; the book build itself is tested in
test_book.py.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("w2v_site", ROOT / "_ext" / "w2v_site.py")
w2v_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(w2v_site)


def fake_app(tmp_path: Path):
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    (cache / "global.db").write_text("cached outputs")
    env = SimpleNamespace(mystnb_config=SimpleNamespace(execution_cache_path=str(cache)),
                          found_docs={"intro", "chapters/a", "chapters/b", "bibliography"},
                          metadata={"chapters/a": {"kernelspec": {}}, "chapters/b": {"kernelspec": {}},
                                    "intro": {}, "bibliography": {}})
    return SimpleNamespace(outdir=str(tmp_path / "_build" / "html"), env=env), cache


def test_first_build_empties_the_cache_and_rereads_every_notebook(tmp_path):
    app, cache = fake_app(tmp_path)
    w2v_site.check_w2v_core(app)
    assert app.w2v_core_changed and not cache.exists()
    # Pages already being re-read are not listed again; pages without a kernel are not notebooks.
    assert w2v_site.outdated_after_w2v_core(app, app.env, {"chapters/b"}, set(), set()) == ["chapters/a"]


def test_a_build_with_the_same_package_keeps_the_cache(tmp_path):
    app, cache = fake_app(tmp_path)
    w2v_site.check_w2v_core(app)
    w2v_site.stamp_w2v_core(app, None)
    cache.mkdir()
    w2v_site.check_w2v_core(app)
    assert not app.w2v_core_changed and cache.exists()
    assert w2v_site.outdated_after_w2v_core(app, app.env, set(), set(), set()) == []


def test_a_changed_package_or_a_failed_build_forces_a_rerun(tmp_path):
    app, cache = fake_app(tmp_path)
    stamp = tmp_path / "_build" / w2v_site.W2V_CORE_STAMP
    stamp.write_text("0" * 64 + "\n")  # the digest of some other version of w2v_core
    w2v_site.check_w2v_core(app)
    assert app.w2v_core_changed and not cache.exists()
    w2v_site.stamp_w2v_core(app, RuntimeError("the build failed"))
    assert stamp.read_text().startswith("0" * 64), "a failed build must not record the package as built"


def test_the_digest_follows_every_module_of_the_package(tmp_path, monkeypatch):
    package = tmp_path / "w2v_core"
    (package / "derivations").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    module = package / "derivations" / "sigmoid.py"
    module.write_text("SIGN = -1\n")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: SimpleNamespace(origin=str(package / "__init__.py")))
    before = w2v_site.w2v_core_digest()
    module.write_text("SIGN = +1\n")  # a sign flipped in a submodule
    assert w2v_site.w2v_core_digest() != before
    module.write_text("SIGN = -1\n")
    assert w2v_site.w2v_core_digest() == before


def test_downloaded_notebooks_read_myst_directives_as_plain_markdown():
    source = "\n".join([
        "(question-b)=", "## The question", "",
        "```{exercise} Part (b)", ":label: ex-b", ":nonumber:", "",
        "Find $\\partial J/\\partial v_c$ ({doc}`part (a) <a_naive_softmax_loss>`).", "```", "",
        "```{dropdown} Hint 1: expand the log", "Split the log {cite}`rong2014word2vec`.", "```", "",
        "```{solution} ex-b", ":label: sol-b", ":class: dropdown", "", "$$", "J = 1", "$$", "```",
        "See {ref}`the layout box <derivative-layout>` and {doc}`00_notation`.",
    ])
    out = w2v_site.myst_as_markdown(source)
    assert "{" + "exercise}" not in out and "{solution}" not in out and "{dropdown}" not in out
    assert "{doc}" not in out and "{ref}" not in out and "{cite}" not in out and "(question-b)=" not in out
    assert ":label:" not in out and ":class:" not in out
    assert "> **Exercise: Part (b)**" in out and "> Find $\\partial J/\\partial v_c$ (part (a))." in out
    assert "<details><summary>Hint 1: expand the log</summary>" in out and "(rong2014word2vec)" in out
    solution = out[out.index("<details><summary>Solution</summary>"):]
    assert "$$\nJ = 1\n$$" in solution and solution.index("</details>") > solution.index("J = 1")
    assert "the layout box" in out and out.rstrip().endswith("and 00_notation.")


def test_the_figures_module_loads_as_a_module_and_what_it_imports_not_at_all():
    config = SimpleNamespace(html_js_files=["other.js", "w2v_figures.js", "w2v_sampled.js"])
    w2v_site.load_figures_as_a_module(None, config)
    assert config.html_js_files == ["other.js", ("w2v_figures.js", {"type": "module"})]


def test_the_data_files_of_f_and_g_land_in_the_site(tmp_path, monkeypatch):
    from w2v_core.views import part_f, part_g
    from w2v_core.views.web_coding import decode_ints, sampled_file_ops

    def page(part):  # one draw file holding a loss on 2 x 2 positions (the real numbers: test_web_state.py)
        return {"axis": [0.0, 1.0], "draw_fields": [{"name": "loss", "shape": []}],
                "draws": {"0": {"1": [{"file": f"{part}/1.bin"}]}}, "rows": {"dim": 1, "fields": {}}}
    blobs = {part_f: (page("f"), {"f/1.bin": np.array([1, 2, 3, 4], "<i4").tobytes()}),
             part_g: (page("g"), {"g/1.bin": np.array([-5, 0, 7, 2**31 - 1], "<i4").tobytes()})}
    for module, data in blobs.items():
        monkeypatch.setattr(module, "web_data", lambda data=data: data)
    stale = tmp_path / "html/_static/w2v_data/f/0123.bin"  # a raw file of an earlier build
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"\0" * 4)
    app = SimpleNamespace(outdir=str(tmp_path / "html"), builder=SimpleNamespace(format="html"))
    w2v_site.write_figure_data(app, None)
    for page_, files in blobs.values():  # coded as the page names them (.w2vz), the same integers
        (name, blob), = files.items()
        written = (tmp_path / "html/_static/w2v_data" / name.replace(".bin", ".w2vz")).read_bytes()
        assert decode_ints(written, sampled_file_ops(page_)[name]).tobytes() == blob
    assert not stale.exists()
    w2v_site.write_figure_data(SimpleNamespace(outdir=str(tmp_path / "failed"), builder=app.builder), RuntimeError())
    assert not (tmp_path / "failed").exists()  # a failed build writes nothing


def test_the_figures_module_loads_as_a_module_and_its_imports_are_not_scripts():
    # Jupyter Book lists every .js of _static as a classic script; an ES module listed so would fail
    # on its first `import` or `export`.
    config = SimpleNamespace(html_js_files=["w2v_figures.js", "w2v_window.js", "other.js", ("x.js", {"defer": "defer"})])
    w2v_site.load_figures_as_a_module(None, config)
    assert config.html_js_files == ["other.js", ("x.js", {"defer": "defer"}), ("w2v_figures.js", {"type": "module"})]
    # Every module that w2v_figures.js imports is among those left out.
    source = (ROOT / "_static" / "w2v_figures.js").read_text(encoding="utf-8")
    imported = set(re.findall(r'^import .* from "\./([\w.]+)";', source, re.M))
    assert imported and imported <= set(w2v_site.FIGURES_IMPORTS), imported


def test_pages_lose_the_theme_fontawesome_script_and_their_icons_are_hidden_from_screen_readers():
    calls = []

    def render(template, context):
        calls.append(template)
        return ('<head>\n  <script defer src="../_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>\n'
                '<script src="_static/other.js"></script></head><button aria-label="Search">'
                '<i class="fa-solid fa-magnifying-glass"></i></button><span class="fa-solid fa-bars"></span>'
                '<i class="fas fa-rocket" aria-hidden="true"></i><i class="note">text</i>')
    templates = SimpleNamespace(render=render)
    app = SimpleNamespace(builder=SimpleNamespace(format="html", templates=templates))
    w2v_site.drop_fontawesome_script(app)
    page = templates.render("page.html", {"pagename": "intro"})
    assert calls == ["page.html"] and "fontawesome.js" not in page and '<script src="_static/other.js">' in page
    assert ('<i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>' in page
            and '<span class="fa-solid fa-bars" aria-hidden="true"></span>' in page)
    assert page.count("aria-hidden") == 3 and '<i class="note">text</i>' in page  # not twice, and no other <i>
