"""Reading the scheduling data files (YAML) with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).parent


def read_yaml(
    path: str | Path | None, default_name: str, error: type[Exception]
) -> tuple[Any, str]:
    """The parsed content of `path` (the packaged `default_name` when None) and the name
    to use in messages. Unreadable files and YAML syntax errors raise `error`."""
    if path is None:
        path = PACKAGE_DIR / default_name
        where = default_name
    else:
        path = Path(path)
        where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{where}: cannot read the file ({exc})") from None
    try:
        return yaml.safe_load(text), where
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"{where}: {line}not valid YAML ({problem})") from None
