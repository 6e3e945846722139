"""Build one edition of the book (see _ext/w2v_editions.py): ``make book EDITION=student`` runs

    .venv/bin/python tools/build_edition.py student [--path-output DIR]

and writes ``DIR/_build/student/html`` (DIR is the repository by default). Each edition has its own
folder, with its own doctrees and execution cache beside its html, so that building one edition never
invalidates another. The reader's edition is ``make book`` (jupyter-book's own command, into
``_build/html``); ``build_edition.py reader`` builds the same into the same place.

Jupyter Book's command line always writes to ``<path-output>/_build/html``; this script asks it for
the configuration it would use (``get_config_only``) and gives that to Sphinx with the edition's own
output folder and ``w2v_edition`` set, with warnings as errors (-W -n --keep-going, as ``make book``).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

from w2v_editions import EDITIONS  # noqa: E402  (after the path is set)


def html_dir(edition: str, path_output: Path = ROOT) -> Path:
    """Where an edition's site goes: ``_build/html`` for the reader's, ``_build/<edition>/html`` else."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    build = Path(path_output) / "_build"
    return build / "html" if edition == "reader" else build / edition / "html"


def build(edition: str, path_output: Path = ROOT) -> int:
    """Build ``edition`` into :func:`html_dir`; the exit status (0 when the build had no warning)."""
    from jupyter_book.cli.main import build as jupyter_book_build
    from jupyter_book.sphinx import build_sphinx

    outdir = html_dir(edition, path_output)
    path_config, source, overrides = jupyter_book_build.callback(
        path_source=str(ROOT), path_output=None, config=None, toc=None, warningiserror=True, nitpick=True,
        keep_going=True, freshenv=False, builder="html", custom_builder=None, verbose=0, quiet=0,
        individualpages=False, get_config_only=True)
    overrides["external_toc_path"] = str(ROOT / "_toc.yml")
    overrides["w2v_edition"] = edition
    os.environ["W2V_EDITION"] = edition  # the kernels that execute the chapters see it too
    result = build_sphinx(source, outdir, noconfig=True, path_config=str(path_config), confoverrides=overrides,
                          builder="html", warningiserror=True, keep_going=True)
    if isinstance(result, Exception):
        print(f"build of the {edition} edition failed: {result!r}", file=sys.stderr)
        return 1
    return int(result or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build one edition of the book.")
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("--path-output", type=Path, default=ROOT,
                        help="the folder that receives _build/ (default: the repository)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    status = build(args.edition, args.path_output)
    where = html_dir(args.edition, args.path_output)
    if status == 0:
        print(f"{args.edition} edition built in {time.perf_counter() - start:.0f} s: open {where / 'index.html'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
