"""Reading the script files (YAML) with the line of every mapping, and the error that
names each problem's place:

    library.yaml: 第 42 行 话术 hold.ask text：未知占位符 {customer}（可用：greeting、…）

As in the survey loader, `yes`/`no`/`on`/`off` stay text (only true/false are
booleans), and every problem is collected before one `ScriptError` is raised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huifang import placed
from huifang.placed import Mapping  # noqa: F401 - the type the readers check


class ScriptError(placed.PlacedError):
    """A script file that cannot be used: every problem with its place."""


def read_yaml(text: str, name: str) -> Any:
    """The survey loader's YAML reading (lines on mappings, YAML 1.2 booleans, so
    `yes` stays text), with errors as ScriptError."""
    return placed.read_yaml(text, name, ScriptError)


def read_file(path: str | Path) -> Any:
    """The parsed YAML of `path`; ScriptError when it cannot be read."""
    return placed.read_file(path, ScriptError)


class Problems(placed.Problems):
    error = ScriptError


kind_of = placed.kind_of
