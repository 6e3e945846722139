"""The website's checker extension (_ext/w2v_checker.py) without a book build: what it ships, that a
rebuild fetches and rewrites nothing, and the answer box's HTML. The box in a real browser is tested in
test_checker_browser.py."""
from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("w2v_checker", ROOT / "_ext" / "w2v_checker.py")
w2v_checker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(w2v_checker)


def test_importing_the_checker_does_not_import_numpy():
    script = ("import sys; sys.modules['numpy'] = None\n"
              "import w2v_core.check\n"
              "assert 'numpy' not in [m for m, v in sys.modules.items() if v is not None], 'numpy was imported'\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_closure_is_what_the_checker_imports_and_nothing_that_needs_numpy():
    root, files = w2v_checker.w2v_core_closure()
    assert (root / "w2v_core" / "__init__.py").is_file()
    # What the import loads, and what the checker imports on first use (the judge, the catalogue of mistakes).
    assert {"w2v_core/__init__.py", "w2v_core/check/__init__.py", "w2v_core/check/judge.py",
            "w2v_core/mistakes/__init__.py", "w2v_core/mistakes/catalogue.py", "w2v_core/derivations/notation.py"} <= set(files)
    # Modules of the package that import numpy at the top: none may be shipped to the browser.
    for numpy_module in ("w2v_core/activations.py", "w2v_core/losses.py", "w2v_core/sampling.py",
                         "w2v_core/mistakes/naive_softmax.py", "w2v_core/__main__.py"):
        assert numpy_module not in files
    assert all(name.startswith("w2v_core/") and name.endswith(".py") for name in files), files


def test_the_closure_zip_is_reproducible_and_holds_the_sources():
    first, files = w2v_checker.closure_zip()
    second, _ = w2v_checker.closure_zip()
    assert first == second, "two builds of the same package give different archives"
    root, _ = w2v_checker.w2v_core_closure()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert sorted(archive.namelist()) == sorted(files)
        for name in files:
            assert archive.read(name) == (root / name).read_bytes()


def _wheel(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_wheel_is_shipped_without_its_test_suites(tmp_path):
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    wheel.write_bytes(_wheel({"pkg/__init__.py": b"x = 1", "pkg/tests/__init__.py": b"", "pkg/tests/test_a.py": b"",
                              "pkg/core/tests/test_b.py": b"", "pkg/testsuite.py": b"y = 2",
                              "pkg-1.0.dist-info/METADATA": b"Name: pkg"}))
    with zipfile.ZipFile(io.BytesIO(w2v_checker.wheel_without_tests(wheel))) as archive:
        assert sorted(archive.namelist()) == ["pkg-1.0.dist-info/METADATA", "pkg/__init__.py", "pkg/testsuite.py"]


def test_the_lock_file_keeps_pyodide_s_identity_and_no_package():
    lock = json.dumps({"info": {"abi_version": "2026_0", "python": "3.14.2"},
                       "packages": {"numpy": {"file_name": "numpy.whl"}}}).encode()
    trimmed = json.loads(w2v_checker.trimmed_lock(lock))
    assert trimmed == {"info": {"abi_version": "2026_0", "python": "3.14.2"}, "packages": {}}


def _fake_cache(tmp_path: Path, version: str = "0.0.1") -> Path:
    """A cache as a first build leaves it: the npm package's files and the stripped wheels."""
    cache = tmp_path / "cache"
    modules = cache / f"npm-pyodide-{version}" / "node_modules"
    pyodide = modules / "pyodide"
    pyodide.mkdir(parents=True)
    (modules / "ws").mkdir()
    for name in w2v_checker.PYODIDE_FILES:
        (pyodide / name).write_bytes(f"contents of {name}".encode())
    (pyodide / "pyodide-lock.json").write_text(json.dumps({"info": {"python": "3.14"}, "packages": {"a": {}}}))
    for name in w2v_checker.WHEELS:
        compiled = w2v_checker.compiled_path(cache, name, metadata.version(name), version)
        compiled.parent.mkdir(parents=True, exist_ok=True)
        compiled.write_bytes(_wheel({f"{name}/__init__.pyc": b""}))
    return cache


def test_a_rebuild_fetches_nothing_and_rewrites_nothing(tmp_path, monkeypatch):
    cache = _fake_cache(tmp_path)
    target = tmp_path / "html" / "_static" / "w2v_checker"

    def no_network(*args, **kwargs):
        raise AssertionError(f"the build ran {args[0]!r} although everything is cached")

    real_run = subprocess.run
    monkeypatch.setattr(w2v_checker.subprocess, "run",
                        lambda command, **kw: real_run(command, **kw) if command[1] == "-c" else no_network(command))
    written, version = w2v_checker.write_checker_files(cache, target, "0.0.1")
    assert written > 0 and len(version) == 16
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["pyodide"]["index"] == "pyodide-0.0.1/"
    shipped = {a["url"] for a in manifest["archives"]}
    assert {f"python/{n}-{metadata.version(n)}.zip" for n in w2v_checker.WHEELS} | {"python/w2v_core-check.zip"} == shipped
    for url in shipped | {f"pyodide-0.0.1/{n}" for n in w2v_checker.PYODIDE_FILES}:
        assert (target / url).is_file(), url
    for page_file in ("checker.js", "checker.css", "checker-worker.mjs", "checker-engine.mjs"):
        assert (target / page_file).is_file(), page_file
    assert json.loads((target / "pyodide-0.0.1" / "pyodide-lock.json").read_text())["packages"] == {}

    (target / "python" / "sympy-0.0.0.zip").write_bytes(b"left by an older build")
    again, same_version = w2v_checker.write_checker_files(cache, target, "0.0.1")
    assert (again, same_version) == (0, version), "a rebuild with nothing changed rewrote files"
    assert not (target / "python" / "sympy-0.0.0.zip").exists(), "a file of an older build was left on the site"


def test_fetching_without_npm_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(w2v_checker.shutil, "which", lambda name: None)
    with pytest.raises(w2v_checker.W2VCheckerError, match="npm is not on PATH"):
        w2v_checker.fetch_pyodide(tmp_path / "empty-cache", "0.0.1")


@pytest.mark.slow
def test_the_compiled_sympy_holds_bytecode_of_pyodide_s_python_in_place_of_every_module(tmp_path):
    # The real thing, from the cache that a book build leaves (fetched and compiled there if it is absent).
    cache = ROOT / ".cache" / "w2v_checker"
    pyodide = w2v_checker.fetch_pyodide(cache)
    compiled = w2v_checker.compiled_wheels(cache, pyodide, w2v_checker.PYODIDE_VERSION)
    python = json.loads((pyodide / "pyodide-lock.json").read_text())["info"]["python"]  # e.g. 3.14.2
    wheel = w2v_checker.fetch_wheel(cache, "sympy", metadata.version("sympy"))
    with zipfile.ZipFile(wheel) as original, zipfile.ZipFile(compiled["sympy"]) as shipped:
        modules = {n for n in original.namelist() if n.endswith(".py") and not w2v_checker.is_test_file(n)}
        names = set(shipped.namelist())
        assert {n + "c" for n in modules} <= names and not any(n.endswith(".py") for n in names)
        assert not any(w2v_checker.is_test_file(n) for n in names)
        # Bytecode of Pyodide's Python (3.14), not of the Python running the build (3.11): the magic numbers differ.
        magic = shipped.read("sympy/__init__.pyc")[:4]
        assert python.startswith("3.14"), python
        if sys.version_info[:2] != (3, 14):
            assert magic != importlib.util.MAGIC_NUMBER, "SymPy was compiled by the build's Python, not Pyodide's"


def test_the_answer_box_has_the_attributes_tests_and_assistive_tools_find():
    quantities = [("u_w", r"\frac{\partial J}{\partial u_w}"), ("u_o", r"\frac{\partial J}{\partial u_o}")]
    soup = BeautifulSoup(w2v_checker.answer_box_html("c", "w2v-check-c-0", 6, quantities,
                                                     {"u_w": "a<b", "u_o": "x"}, "abc"), "html.parser")
    textarea = soup.select_one('textarea[data-w2v-check="c"]')
    assert textarea is not None and soup.select_one(f'label[for="{textarea["id"]}"]') is not None
    assert soup.select_one("button[data-w2v-check-button]")["type"] == "button"
    verdict = soup.select_one("[data-w2v-verdict]")
    assert verdict["data-verdict"] == "" and verdict["data-mistake"] == "" and verdict["aria-live"] == "polite"
    assert soup.select_one("[data-w2v-status]")["role"] == "status"
    assert json.loads(soup.select_one("[data-w2v-check-form]")["data-w2v-quantities"]) == ["u_w", "u_o"]
    picker = [i["value"] for i in soup.select("[data-w2v-quantity] input[type=radio]")]
    assert picker == ["", "u_w", "u_o"]
    assert {i["value"] for i in soup.select("[data-w2v-mode] input")} == {"answer", "derivation"}
    assert json.loads(soup.select_one("[data-w2v-check-form]")["data-w2v-labels"]) == {"u_w": "a<b", "u_o": "x"}
    assert soup.select_one("[data-w2v-check-form]")["data-w2v-version"] == "abc"


def test_every_radio_of_the_answer_box_has_a_name_in_words():
    """A radio whose label is only typeset math has no accessible name (issue 12): each is named in words."""
    quantities = [("u_w", r"\frac{\partial J}{\partial u_w}"), ("u_o", r"\frac{\partial J}{\partial u_o}")]
    soup = BeautifulSoup(w2v_checker.answer_box_html("c", "w2v-check-c-0", 6, quantities, {}, "",
                                                     {"u_w": "dJ/du_w", "u_o": "dJ/du_o"}), "html.parser")
    names = {}
    for radio in soup.select("input[type=radio]"):
        label = radio.find_parent("label")
        words = label.get_text(" ", strip=True) if label and not label.select(".math") else ""
        names[radio["value"]] = radio.get("aria-label") or words
    assert names == {"answer": "an answer", "derivation": "a derivation, line by line", "": "as its left side says",
                     "u_w": "dJ/du_w", "u_o": "dJ/du_o"}


def test_a_part_with_one_quantity_has_no_picker():
    html = w2v_checker.answer_box_html("b", "w2v-check-b-0", 6, [("v_c", r"\frac{\partial J}{\partial v_c}")], {})
    assert BeautifulSoup(html, "html.parser").select("[data-w2v-quantity]") == []
