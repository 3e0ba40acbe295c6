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
from huifang.text import _

MAX_BYTES = 2_000_000


class ScriptError(placed.PlacedError):
    """A script file that cannot be used: every problem with its place."""


def read_yaml(text: str, name: str) -> Any:
    """The survey loader's YAML reading (lines on mappings, YAML 1.2 booleans, so
    `yes` stays text), with errors as ScriptError."""
    return placed.read_yaml(text, name, ScriptError)


def read_file(path: str | Path) -> Any:
    """The parsed YAML of `path`; ScriptError when it cannot be read."""
    path = Path(path)
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ScriptError(name, [_("文件太大，话术文件不应超过 2 MB")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScriptError(name, [_("文件不存在")]) from None
    except IsADirectoryError:
        raise ScriptError(name, [_("这是一个文件夹，不是话术文件")]) from None
    except UnicodeDecodeError:
        raise ScriptError(name, [_("不是 UTF-8 编码的文字文件")]) from None
    except OSError as exc:
        raise ScriptError(name, [_("无法读取（{reason}）").format(reason=exc.strerror)]) from None
    return read_yaml(text, name)


class Problems:
    """Collects problems with their place while a file is read."""

    def __init__(self):
        self.problems: list[str] = []
        self.rows: list[tuple[int | None, str]] = []

    def __bool__(self) -> bool:
        return bool(self.problems)

    def add(self, where: str, message: str, line: int | None = None) -> None:
        prefix = _("第 {line} 行 ").format(line=line) if line else ""
        placed = _("{where}：{message}").format(where=where, message=message) if where else message
        self.problems.append(f"{prefix}{placed}")
        self.rows.append((line, placed))

    def raise_for(self, name: str) -> None:
        if self.problems:
            raise ScriptError(name, self.problems, self.rows)

    def unknown_keys(self, data: Mapping, allowed: set[str] | tuple, where: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(
                    where,
                    _("未知字段 {key!r}（可用：{allowed}）").format(
                        key=key, allowed=_("、").join(sorted(allowed))
                    ),
                    data.line,
                )

    def text(self, data: Mapping, key: str, where: str, required: bool = True) -> str | None:
        """The text under `key`, stripped; None (and a problem if required) when
        it is missing, empty or not text."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(where, _("缺少 {key}").format(key=key), data.line)
            return None
        if isinstance(value, bool | dict | list):
            self.add(f"{where} {key}", _("应为文字"), data.line)
            return None
        text = str(value).strip()
        if required and not text:
            self.add(f"{where} {key}", _("不能为空"), data.line)
            return None
        return text

    def words(self, data: Mapping, key: str, where: str) -> tuple[str, ...]:
        """A list of short texts (kinds, tags); a single text is taken as one."""
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, dict | list | bool) for v in value):
            self.add(f"{where} {key}", _("应为文字的列表"), data.line)
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())


def kind_of(value: Any) -> str:
    if value is None:
        return _("空")
    return {
        str: _("文字"),
        list: _("列表"),
        int: _("数字"),
        float: _("数字"),
        bool: _("布尔值"),
    }.get(type(value), _("映射") if isinstance(value, dict) else type(value).__name__)
