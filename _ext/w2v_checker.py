"""The answer checker's door on the website: a box under an exercise that checks a student's LaTeX in the
reader's browser, with no kernel and no network.

In a chapter::

    ```{answer-check} b
    ```

renders the box for part (b): a textarea (``data-w2v-check="b"``) with a live MathJax preview, a choice
between checking an answer and a derivation line by line, a quantity picker where the part has several
quantities, the Check button (``data-w2v-check-button``) and the verdict (``data-w2v-verdict`` with
``data-verdict`` and ``data-mistake``), then every step with its mark.

The checking itself is ``w2v_core.check.check_json``, the same function that Jupyter and the command line
call, run by Pyodide (CPython compiled to WebAssembly) in a Web Worker. Nothing is loaded until the reader
first presses Check. Everything it loads is served by the site, from ``_static/w2v_checker/``:

* ``pyodide-VERSION/``: the Python core from the npm package ``pyodide`` (its ``.mjs`` loaders, the WebAssembly
  interpreter and the standard library), and its lock file with the package list emptied, because the
  page loads no package of Pyodide's own distribution;
* ``python/``: SymPy and mpmath, from their pure-Python wheels on PyPI at the versions installed in the
  build's environment (the versions the Python tests ran), without their ``tests`` folders, compiled to
  bytecode by Pyodide itself under Node.js at build time (``w2v_checker_pyc.mjs``: the browser would
  otherwise compile SymPy's 850 modules on the first Check, the larger part of its wait); and
  ``w2v_core-check.zip``, the modules of ``w2v_core`` that ``import w2v_core.check`` loads when numpy
  cannot be imported (worked out at build time by a subprocess, never listed by hand);
* ``manifest.json``: what to fetch, in which format, its size and digest (the digest busts the browser's
  cache when a file changes);
* the page's script and style, and the worker, from ``_ext/w2v_checker_static/``.

The npm package and the wheels are fetched at build time (``npm install --prefix``, ``pip download``) into
``.cache/w2v_checker/`` beside the book's sources, and compiled there once; a rebuild fetches and compiles
nothing and copies only files that changed. The build needs Node.js and npm.
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

PYODIDE_VERSION = "314.0.7"
#: What a page needs of the npm package: the loader, the interpreter and the standard library.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: The pure-Python distributions that w2v_core.check needs besides the standard library.
WHEELS = ("sympy", "mpmath")
STATIC_SOURCE = Path(__file__).with_name("w2v_checker_static")
STATIC_TARGET = "w2v_checker"  # under _static
CLOSURE_ZIP = "w2v_core-check.zip"
#: Every archive is stored with this time, so that its bytes depend on its contents only.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class W2VCheckerError(RuntimeError):
    """A step of preparing the checker's files failed; the message says which and how to fix it."""


# -- fetching, once, into the cache -----------------------------------------------------------------------
def cache_dir(app: Sphinx) -> Path:
    return Path(app.config.w2v_checker_cache or Path(app.srcdir) / ".cache" / "w2v_checker")


def fetch_pyodide(cache: Path, version: str = PYODIDE_VERSION) -> Path:
    """The npm package ``pyodide@version``, installed once into the cache (``npm install --prefix``, which also
    brings ``ws``, the one module Pyodide needs to run under Node.js for the build's compile step)."""
    prefix = cache / f"npm-pyodide-{version}"
    package = prefix / "node_modules" / "pyodide"
    needed = (*PYODIDE_FILES, "pyodide-lock.json")
    if all((package / name).is_file() for name in needed) and (prefix / "node_modules" / "ws").is_dir():
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise W2VCheckerError("npm is not on PATH: the checker needs the npm package pyodide "
                              f"({version}); install Node.js and npm (apt-get install -y npm)")
    prefix.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--no-save",
                           "--silent", f"pyodide@{version}"], capture_output=True, text=True, cwd=prefix)
    missing = [name for name in needed if not (package / name).is_file()]
    if done.returncode != 0 or missing:
        raise W2VCheckerError(f"npm install pyodide@{version} failed (exit {done.returncode}; missing {missing}): "
                              f"{(done.stderr or done.stdout).strip()[-500:]}")
    logger.info(f"[w2v_checker] fetched the npm package pyodide@{version} into {prefix}")
    return package


def fetch_wheel(cache: Path, name: str, version: str) -> Path:
    """The pure-Python wheel ``name==version`` from PyPI (``pip download`` the first time)."""
    wheels = cache / "wheels"
    found = sorted(wheels.glob(f"{name}-{version}-py3-none-any.whl"))
    if found:
        return found[0]
    wheels.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                           "--dest", str(wheels), f"{name}=={version}"], capture_output=True, text=True)
    found = sorted(wheels.glob(f"{name}-{version}-py3-none-any.whl"))
    if done.returncode != 0 or not found:
        raise W2VCheckerError(f"pip download {name}=={version} found no pure-Python wheel (exit {done.returncode}): "
                              f"{(done.stderr or done.stdout).strip()[-500:]}")
    logger.info(f"[w2v_checker] fetched {found[0].name} into {wheels}")
    return found[0]


# -- archives the page loads -------------------------------------------------------------------------
def deterministic_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes), sorted by name, with fixed times: the same entries give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def is_test_file(name: str) -> bool:
    """A file of a ``tests`` package (SymPy's and mpmath's own test suites): never imported by the checker."""
    return "tests" in name.split("/")[:-1]


def wheel_without_tests(wheel: Path) -> bytes:
    """The wheel's files less its test suites, as a zip to unpack into site-packages."""
    with zipfile.ZipFile(wheel) as archive:
        return deterministic_zip([(info.filename, archive.read(info)) for info in archive.infolist()
                                  if not info.is_dir() and not is_test_file(info.filename)])


#: Run in a subprocess: which files of w2v_core does the checker load when numpy is absent? Its import, then a
#: few checks (modules it imports on first use: the judge, the catalogue of mistakes), then every other module
#: of the subpackages so loaded that imports without numpy (a path the checks did not take may need one).
CLOSURE_SCRIPT = r"""
import importlib, json, pkgutil, sys
sys.modules["numpy"] = None  # as in the browser: any import of numpy fails
from w2v_core import check
for part in check.QUANTITIES:
    check.check_json(part, "0", "answer")
check.check_json("b", r"U^\top(\hat y - y)", "answer")
check.check_json("b", "$$J = -\\log \\hat y_o$$\n$$= -u_o^\\top v_c$$", "derivation")
packages = [name for name, module in list(sys.modules.items())
            if name.startswith("w2v_core.") and module is not None and hasattr(module, "__path__")]
for package in packages:
    for info in pkgutil.iter_modules(sys.modules[package].__path__, package + "."):
        try:
            importlib.import_module(info.name)
        except Exception:
            pass  # needs numpy (or more): not part of what the browser can run
from pathlib import Path
root = Path(sys.modules["w2v_core"].__file__).resolve().parent.parent
files = sorted({str(Path(module.__file__).resolve().relative_to(root))
                for name, module in list(sys.modules.items())
                if (name == "w2v_core" or name.startswith("w2v_core.")) and getattr(module, "__file__", None)})
print(json.dumps({"root": str(root), "files": files}))
"""


def w2v_core_closure() -> tuple[Path, list[str]]:
    """The root above the package and the package's files that the checker imports (relative paths)."""
    done = subprocess.run([sys.executable, "-c", CLOSURE_SCRIPT], capture_output=True, text=True,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    if done.returncode != 0:
        raise W2VCheckerError("importing w2v_core.check without numpy failed, so the checker cannot run in the "
                              f"browser:\n{done.stderr.strip()[-2000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    files = found["files"]
    if "w2v_core/check/__init__.py" not in files:
        raise W2VCheckerError(f"w2v_core.check is not a package of w2v_core: the closure is {files}")
    return Path(found["root"]), files


def closure_zip() -> tuple[bytes, list[str]]:
    root, files = w2v_core_closure()
    return deterministic_zip([(name, (root / name).read_bytes()) for name in files]), files


PYC_SCRIPT = Path(__file__).with_name("w2v_checker_pyc.mjs")


def compiled_path(cache: Path, name: str, version: str, pyodide_version: str) -> Path:
    """Where the cache keeps a wheel compiled by one Pyodide with one version of the compile script."""
    script = _digest(PYC_SCRIPT.read_bytes())[:8]
    return cache / "compiled" / f"{name}-{version}-pyodide-{pyodide_version}-{script}.zip"


def compiled_wheels(cache: Path, pyodide: Path, pyodide_version: str) -> dict[str, Path]:
    """Each wheel of WHEELS, less its tests, compiled to Pyodide's bytecode: name -> the zip in the cache.

    The reader's browser would otherwise compile SymPy's modules on the first Check, the larger part of its
    wait. Made once per (wheel, Pyodide, compile script) and kept in the cache.
    """
    wanted = {}
    for name in WHEELS:
        version = metadata.version(name)
        wanted[name] = (version, compiled_path(cache, name, version, pyodide_version))
    todo = []
    for name, (version, compiled) in wanted.items():
        if compiled.is_file():
            continue
        stripped = cache / "stripped" / f"{name}-{version}.zip"
        if not stripped.is_file():
            _write_if_changed(stripped, wheel_without_tests(fetch_wheel(cache, name, version)))
        todo += [str(stripped), str(compiled)]
    if todo:
        node = shutil.which("node")
        if node is None:
            raise W2VCheckerError("node is not on PATH: the build compiles SymPy with Pyodide under Node.js; "
                                  "install Node.js (apt-get install -y nodejs npm)")
        (cache / "compiled").mkdir(parents=True, exist_ok=True)
        done = subprocess.run([node, str(PYC_SCRIPT), str(pyodide), *todo], capture_output=True, text=True)
        if done.returncode != 0:
            for output in todo[1::2]:
                Path(output).unlink(missing_ok=True)
            raise W2VCheckerError(f"compiling {todo[0::2]} with Pyodide failed (exit {done.returncode}): "
                                  f"{(done.stderr or done.stdout).strip()[-1500:]}")
        logger.info(f"[w2v_checker] compiled with Pyodide: {done.stdout.strip()}")
    return {name: compiled for name, (version, compiled) in wanted.items()}


def trimmed_lock(lock: bytes) -> bytes:
    """Pyodide's lock file with no packages: the page installs none of Pyodide's distribution."""
    data = json.loads(lock)
    return json.dumps({"info": data["info"], "packages": {}}, sort_keys=True).encode()


def _write_if_changed(target: Path, data: bytes) -> bool:
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def prepare_checker_files(app: Sphinx) -> None:
    """Fetch (once) and write the checker's files into _static/w2v_checker; write only what changed."""
    if app.builder.format != "html":
        return
    app.w2v_checker_version = ""
    try:
        written, app.w2v_checker_version = write_checker_files(
            cache_dir(app), Path(app.outdir) / "_static" / STATIC_TARGET, app.config.w2v_checker_pyodide_version)
    except W2VCheckerError as error:
        logger.warning(f"[w2v_checker] the answer checker will not work on the site: {error}")
        return
    if written:
        logger.info(f"[w2v_checker] wrote {written} file(s) into _static/{STATIC_TARGET}")


def write_checker_files(cache: Path, target: Path, pyodide_version: str = PYODIDE_VERSION) -> tuple[int, str]:
    """Everything the page loads, with its manifest. Returns how many files were (re)written and the
    manifest's digest, which the page puts in the URLs it loads so that a browser never mixes builds."""
    pyodide = fetch_pyodide(cache, pyodide_version)
    outputs: dict[str, bytes] = {}
    index = f"pyodide-{pyodide_version}"  # the version in the path: a new Pyodide is never mixed with a cached one
    for name in PYODIDE_FILES:
        outputs[f"{index}/{name}"] = (pyodide / name).read_bytes()
    outputs[f"{index}/pyodide-lock.json"] = trimmed_lock((pyodide / "pyodide-lock.json").read_bytes())

    archives = []
    for name, compiled in compiled_wheels(cache, pyodide, pyodide_version).items():
        version = metadata.version(name)
        path = f"python/{name}-{version}.zip"
        outputs[path] = compiled.read_bytes()
        archives.append({"url": path, "format": "zip", "into": "site-packages", "name": f"{name} {version}"})
    closure, files = closure_zip()
    outputs[f"python/{CLOSURE_ZIP}"] = closure
    archives.append({"url": f"python/{CLOSURE_ZIP}", "format": "zip", "into": "site-packages",
                     "name": "w2v_core.check", "modules": files})

    for path in sorted(p for p in STATIC_SOURCE.rglob("*") if p.is_file()):
        outputs[path.relative_to(STATIC_SOURCE).as_posix()] = path.read_bytes()

    digests = {path: _digest(data) for path, data in outputs.items()}
    for archive in archives:
        archive["bytes"] = len(outputs[archive["url"]])
        archive["digest"] = digests[archive["url"]]
    manifest = {
        "pyodide": {"version": pyodide_version, "index": f"{index}/",
                    "files": {name: digests[f"{index}/{name}"] for name in (*PYODIDE_FILES, "pyodide-lock.json")},
                    "bytes": sum(len(outputs[f"{index}/{name}"]) for name in PYODIDE_FILES)},
        "archives": archives,
        "scripts": {name: digest for name, digest in digests.items() if name.endswith((".js", ".mjs", ".css"))},
    }
    outputs["manifest.json"] = json.dumps(manifest, indent=1, sort_keys=True).encode()
    version = _digest(outputs["manifest.json"])
    written = sum(_write_if_changed(target / path, data) for path, data in outputs.items())
    # Files of an older checker (another SymPy version, say) would only weigh on the site.
    keep = {target / path for path in outputs}
    for old in [p for p in target.rglob("*") if p.is_file() and p not in keep]:
        old.unlink()
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return written, version


# -- the directive --------------------------------------------------------------------------------------
class answer_check(nodes.General, nodes.Element):
    """The answer box of one part; rendered by visit_answer_check_html."""


def quantities_of(part: str) -> list[tuple[str, str]]:
    from w2v_core import check

    return [(str(key), str(label)) for key, label in check.QUANTITIES[part]]


def all_quantity_labels() -> dict[str, str]:
    """Every quantity's LaTeX label, as the pickers show it (a result may name another part's quantity)."""
    from w2v_core import check

    return {str(key): str(label) for pairs in check.QUANTITIES.values() for key, label in pairs}


def quantity_words() -> dict[str, str]:
    """Every quantity in words (the loss J, sigma(x), ...), for a result whose quantity no picker offers."""
    from w2v_core.check.parts import QUANTITY_WORDS

    return {str(key): str(words) for key, words in QUANTITY_WORDS.items()}


class AnswerCheckDirective(SphinxDirective):
    """``{answer-check} PART``: the answer box for one part of the exercise, (a) to (h)."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec = {"rows": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        from w2v_core import check

        part = self.arguments[0].strip().lower()
        if part not in check.QUANTITIES:
            raise self.error(f"answer-check: unknown part {part!r}; expected one of {sorted(check.QUANTITIES)}")
        serial = self.env.new_serialno("w2v-answer-check")
        node = answer_check(part=part, uid=f"w2v-check-{part}-{serial}", rows=self.options.get("rows", 6),
                            quantities=quantities_of(part), labels=all_quantity_labels(), words=quantity_words())
        self.set_source_info(node)
        return [node]


def _math(latex: str) -> str:
    """Inline math that MathJax typesets (Sphinx's MathJax processes elements of class ``math``)."""
    return f'<span class="math notranslate nohighlight">\\({html.escape(latex)}\\)</span>'


def answer_box_html(part: str, uid: str, rows: int, quantities: list[tuple[str, str]], labels: dict[str, str],
                    version: str = "", words: dict[str, str] | None = None) -> str:
    esc = html.escape
    picker = ""
    if len(quantities) > 1:
        choices = [f'<label><input type="radio" name="{uid}-quantity" value="" checked> '
                   "as its left side says</label>"]
        # The label shows the quantity as typeset math, which gives the radio no accessible name (axe-core's
        # rule "label", issue 12): the radio is also named in words ("dJ/du_w").
        choices += [f'<label><input type="radio" name="{uid}-quantity" value="{esc(key)}" '
                    f'aria-label="{esc((words or {}).get(key, key))}"> {_math(label)}</label>'
                    for key, label in quantities]
        picker = (f'<fieldset class="w2v-check-quantity" data-w2v-quantity><legend>Which quantity, where the left '
                  f'side does not say</legend>{"".join(choices)}</fieldset>')
    example = r"\frac{\partial J}{\partial v_c} = U(\hat y - y)"
    return f"""<div class="w2v-check" id="{uid}" data-w2v-check-form="{esc(part)}" data-w2v-version="{esc(version)}"
 data-w2v-quantities="{esc(json.dumps([key for key, _ in quantities]))}"
 data-w2v-labels="{esc(json.dumps(labels))}" data-w2v-words="{esc(json.dumps(words or {}))}">
<p class="w2v-check-title"><strong>Check your work on part ({esc(part)}).</strong> Type your answer in LaTeX as in a
write-up, or paste a whole derivation (<code>$$...$$</code> blocks, <code>aligned</code> environments, prose
between them). Python runs in your browser: nothing you type leaves this page.</p>
<label class="w2v-check-label" for="{uid}-input">Your LaTeX for part ({esc(part)})</label>
<textarea id="{uid}-input" class="w2v-check-input" data-w2v-check="{esc(part)}" rows="{rows}" spellcheck="false"
 autocomplete="off" autocapitalize="off" aria-describedby="{uid}-preview-label" placeholder="{esc(example)}"></textarea>
<p class="w2v-check-preview-label" id="{uid}-preview-label">Preview of what you typed:</p>
<div class="w2v-check-preview mathjax_process" data-w2v-preview aria-live="off"></div>
<fieldset class="w2v-check-mode" data-w2v-mode><legend>Check it as</legend>
<label><input type="radio" name="{uid}-mode" value="answer" checked> an answer</label>
<label><input type="radio" name="{uid}-mode" value="derivation"> a derivation, line by line</label>
<span class="w2v-check-mode-note" data-w2v-mode-note></span></fieldset>
{picker}
<div class="w2v-check-actions"><button type="button" class="w2v-check-button" data-w2v-check-button
 aria-describedby="{uid}-status">Check</button>
<span class="w2v-check-status" id="{uid}-status" role="status" aria-live="polite" data-w2v-status></span></div>
<div class="w2v-check-verdict" data-w2v-verdict data-verdict="" data-mistake="" aria-live="polite" aria-atomic="true"></div>
<div class="w2v-check-details mathjax_process" data-w2v-details></div>
<noscript><p>The checker needs JavaScript: it runs Python in your browser.</p></noscript>
</div>"""


def visit_answer_check_html(self, node: answer_check) -> None:
    version = getattr(self.builder.app, "w2v_checker_version", "")
    self.body.append(answer_box_html(node["part"], node["uid"], node["rows"], node["quantities"], node["labels"],
                                     version, node.get("words", {})))
    raise nodes.SkipNode


def skip_answer_check(self, node: answer_check) -> None:
    raise nodes.SkipNode


def add_checker_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """The page's script and style, on pages with an answer box only (the heavy files wait for Check)."""
    if doctree is None or app.builder.format != "html" or not any(doctree.findall(answer_check)):
        return
    app.add_css_file(f"{STATIC_TARGET}/checker.css")
    app.add_js_file(f"{STATIC_TARGET}/checker.js", defer="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("w2v_checker_pyodide_version", PYODIDE_VERSION, "html")
    app.add_config_value("w2v_checker_cache", "", "html")
    app.add_node(answer_check, html=(visit_answer_check_html, None), latex=(skip_answer_check, None),
                 text=(skip_answer_check, None), man=(skip_answer_check, None), texinfo=(skip_answer_check, None))
    app.add_directive("answer-check", AnswerCheckDirective)
    app.connect("builder-inited", prepare_checker_files)
    app.connect("html-page-context", add_checker_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
