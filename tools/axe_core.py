"""axe-core, the accessibility engine the browser tests run on every page (issue 12).

``axe_script()`` returns the path of ``axe.min.js`` from the npm package ``axe-core`` at the pinned
version, installed once into ``.cache/axe-core-VERSION/`` beside the book's sources with
``npm install --prefix`` (the pattern of ``_ext/w2v_checker.py`` for pyodide). Later runs fetch
nothing, so the tests work offline once the cache holds it. The version is pinned because axe-core's
rules change between releases: a new release may find what the old one did not, and that must be a
decision (a change of this constant), not a surprise in CI.

    .venv/bin/python tools/axe_core.py      # fetch it now and print where it is
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The npm package's version, pinned (see above).
AXE_CORE_VERSION = "4.14.1"
#: The WCAG 2.0 and 2.1 rules at levels A and AA: what the book promises (issue 12).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


class AxeCoreUnavailable(RuntimeError):
    """axe-core is neither in the cache nor installable (no npm, or npm failed)."""


def axe_script(cache: Path | None = None, version: str = AXE_CORE_VERSION) -> Path:
    """The path of ``axe.min.js`` of ``axe-core@version``, installed into ``cache`` (default
    ``ROOT/.cache``) on first use. Raises AxeCoreUnavailable, saying why, when it cannot be had."""
    prefix = Path(cache or ROOT / ".cache") / f"axe-core-{version}"
    script = prefix / "node_modules" / "axe-core" / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        raise AxeCoreUnavailable(f"npm is not on PATH: the accessibility test needs the npm package axe-core@{version}; "
                                 "install Node.js and npm (apt-get install -y npm)")
    prefix.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--no-save",
                           "--silent", f"axe-core@{version}"], capture_output=True, text=True, cwd=prefix)
    if done.returncode != 0 or not script.is_file():
        raise AxeCoreUnavailable(f"npm install axe-core@{version} failed (exit {done.returncode}; "
                                 f"{script} {'present' if script.is_file() else 'missing'}): "
                                 f"{(done.stderr or done.stdout).strip()[-500:]}")
    return script


if __name__ == "__main__":
    print(axe_script())
    sys.exit(0)
