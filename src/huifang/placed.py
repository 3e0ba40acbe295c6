"""Files whose problems are reported with their places, and the YAML reader that
keeps each mapping's line so that a problem found later can still name it."""

import os
import re
from pathlib import Path
from typing import Any

import yaml

from huifang.text import _


class PlacedError(ValueError):
    """A file that cannot be used: every problem with its place (a questionnaire, the
    script library's files, a QA rules file, a transcript)."""

    def __init__(self, name: str, problems: list[str], rows: list[tuple] | None = None):
        self.name = name
        self.problems = problems
        # The same problems as (line or None, message without the line), for tables.
        self.rows = rows if rows is not None else [(None, p) for p in problems]
        super().__init__("\n".join(f"{name}: {p}" for p in problems))

    @property
    def first(self) -> str:
        """One line for the command contract: the first problem, and how many more."""
        more = len(self.problems) - 1
        line = f"{self.name}: {self.problems[0]}"
        return line + (_("（另有 {n} 处问题）").format(n=more) if more else "")


# --- YAML with lines and YAML 1.2 booleans ----------------------------------------


class Mapping(dict):
    """A YAML mapping that knows the line it starts on."""

    line: int | None = None


# libyaml's parser where it is installed (ten times faster), the same rules either way.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    result = Mapping(loader.construct_mapping(node, deep=True))
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(text: str, name: str, error: type[PlacedError] = PlacedError) -> Any:
    """The parsed YAML, mappings carrying their lines; `error` when it does not parse."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        where = _("第 {line} 行：").format(line=line) if line else ""
        problem = getattr(exc, "problem", None) or str(exc)
        message = _("不是有效的 YAML（{problem}）").format(problem=problem)
        raise error(name, [where + message], [(line, message)]) from None


def read_bytes(path: str | Path, error: type[PlacedError], max_bytes: int = 2_000_000) -> bytes:
    """The bytes of `path`; `error` naming the file when it cannot be read."""
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as file:
            too_big = os.fstat(file.fileno()).st_size > max_bytes
            data = b"" if too_big else file.read()
    except FileNotFoundError:
        raise error(name, [_("文件不存在")]) from None
    except IsADirectoryError:
        raise error(name, [_("这是一个文件夹，不是文件")]) from None
    except OSError as exc:
        raise error(name, [_("无法读取（{reason}）").format(reason=exc.strerror)]) from None
    if too_big or len(data) > max_bytes:
        limit = max_bytes // 1_000_000 or 1
        raise error(name, [_("文件太大，不应超过 {mb} MB").format(mb=limit)])
    return data


def read_text(path: str | Path, error: type[PlacedError], max_bytes: int = 2_000_000) -> str:
    """The UTF-8 text of `path`; `error` naming the file when it cannot be read."""
    data = read_bytes(path, error, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(str(path), [_("不是 UTF-8 编码的文字文件")]) from None


def read_file(path: str | Path, error: type[PlacedError] = PlacedError) -> Any:
    """The parsed YAML of `path`, mappings carrying their lines; `error` when it cannot
    be read or parsed."""
    return read_yaml(read_text(path, error), str(path), error)


class Problems:
    """Collects problems with their place while a file is read, to raise them all at
    once as `error`."""

    error: type[PlacedError] = PlacedError

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
            raise self.error(name, self.problems, self.rows)

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
