"""Files whose problems are reported with their places, and the YAML reader that
keeps each mapping's line so that a problem found later can still name it."""

import re
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
