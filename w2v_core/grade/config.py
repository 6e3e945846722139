"""Points per function and sandbox limits: ``points.toml`` beside this file, overridden by a user's file."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .functions import VERSIONS, graded_functions
from .sandbox import Limits

DEFAULTS = Path(__file__).with_name("points.toml")


@dataclass
class Config:
    points: dict  # version -> function name -> points
    limits: Limits


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"--config {path}: cannot read it as TOML ({exc})") from None


def load_config(path: str | Path | None = None) -> Config:
    """The defaults, with every key of ``path`` (a TOML file) put over them; ValueError names a bad key."""
    data = _read(DEFAULTS)
    if path is not None:
        user = _read(Path(path))
        for section, values in user.items():
            if section not in data or not isinstance(values, dict):
                raise ValueError(f"--config {path}: unknown section [{section}]; expected one of "
                                 f"{', '.join(f'[{s}]' for s in data)}")
            for key, value in values.items():
                if key not in data[section]:
                    raise ValueError(f"--config {path}: unknown key {key!r} in [{section}]; expected one of "
                                     f"{', '.join(data[section])}")
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise ValueError(f"--config {path}: [{section}] {key} must be a number >= 0, got {value!r}")
                data[section][key] = value
    for version in VERSIONS:
        missing = {g.name for g in graded_functions(version)} - set(data[version])
        if missing:
            raise ValueError(f"{DEFAULTS}: no points for {', '.join(sorted(missing))} in [{version}]")
    limit_fields = {f.name for f in fields(Limits)}
    limits = Limits(**{k: (int(v) if k in ("memory_mb", "file_mb", "output_chars") else float(v))
                       for k, v in data["limits"].items() if k in limit_fields})
    return Config({v: dict(data[v]) for v in VERSIONS}, limits)
