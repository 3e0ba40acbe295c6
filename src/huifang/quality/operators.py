"""Reading a check's `match:` from the rules file: every operator of
`quality/matching.py` with its argument checked, compiled into a `Match`, and every
problem kept with its place (the rules file's own problems are read in `rules.py`)."""

from __future__ import annotations

import re

from huifang import placed
from huifang.quality import matching
from huifang.quality.literals import needed
from huifang.quality.matching import Anchor, Match
from huifang.quality.phrases import SEPARATOR
from huifang.text import _, listing

ANCHORS = {
    "followed_by": (True, True),
    "not_followed_by": (True, False),
    "preceded_by": (False, True),
    "not_preceded_by": (False, False),
}
OPERATORS = (
    "any", "all", "at_least", "none", "regex", "unless", "only", "says", "chars",
    "gap_after", "silence_until_next", "overlaps", "either", "echo", *ANCHORS,
)  # fmt: skip


class MatchReader:
    """Compiles matches; `used` gathers every phrase item they name, for the one
    phrase index of the rule set."""

    def __init__(self, problems: placed.Problems):
        self.problems = problems
        self.phrases: dict[str, tuple[str, ...]] = {}
        self.used: dict[str, tuple[str, ...]] = {}

    def add(self, where: str, message: str, data=None) -> None:
        self.problems.add(where, message, getattr(data, "line", None))

    def number(self, data, key, where, default, low=None, high=None):
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f"{where} {key}", _("应为数字"), data)
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(f"{where} {key}", _("超出范围（{value}）").format(value=value), data)
            return default
        return value

    def flag(self, data, key, where) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.add(f"{where} {key}", _("应为 true 或 false"), data)
            return False
        return value

    def choice(self, data, key, allowed, where, default):
        value = data.get(key, default)
        if value is not default and value not in allowed:
            self.add(
                f"{where} {key}",
                _("应为 {allowed} 之一，不是 {value}").format(
                    allowed=listing(allowed), value=value
                ),
                data,
            )
            return default
        return value

    def match(self, data, where) -> Match:
        match = Match()
        if not isinstance(data, dict) or not data:
            self.add(where, _("应为映射（条件: 参数）"))
            return match
        for key, value in data.items():
            test = self.operator(str(key), value, f"{where} {key}", data)
            if test is not None:
                match.tests.append(test)
        return match

    def operator(self, key: str, value, where: str, data):
        if key not in OPERATORS:
            self.add(
                where,
                _("未知条件 {key}（可用：{allowed}）").format(key=key, allowed=listing(OPERATORS)),
                data,
            )
            return None
        if key in ("any", "all", "none"):
            keys = self.items(value, where, data)
            operators = {"any": matching.any_of, "all": matching.all_of, "none": matching.none_of}
            return operators[key](keys) if keys else None
        if key == "at_least":
            if not isinstance(value, dict) or set(value) != {"n", "of"}:
                self.add(where, _("应为 {n: 数量, of: [词语…]}"), data)
                return None
            keys = self.items(value["of"], where, value)
            n = self.number(value, "n", where, 1, 1, len(keys) or 1)
            return matching.at_least(int(n), keys) if keys else None
        if key in ("regex", "unless"):
            pattern = self.pattern(value, where, data)
            if pattern is None:
                return None
            if key == "unless":
                return matching.unless(pattern)
            texts = needed(pattern)
            if texts is None or any(SEPARATOR in t for t in texts):
                return matching.regex(pattern)
            return matching.regex(pattern, self.items(texts, where, data))
        if key == "only":
            texts = set()
            for item in self.items(value, where, data, index=False):
                texts.update(self.phrases.get(item[1:], ()) if item.startswith("@") else (item,))
            return matching.only(frozenset(matching.plain(t) for t in texts))
        if key == "says":
            if value not in matching.FIELDS:
                self.add(
                    where, _("应为 {allowed} 之一").format(allowed=listing(matching.FIELDS)), data
                )
                return None
            return matching.says(value)
        if key == "chars":
            if not isinstance(value, dict) or not value or set(value) - {"min", "max"}:
                self.add(where, _("应为 {min: 字数, max: 字数}"), data)
                return None
            low = self.number(value, "min", where, None, 0) if "min" in value else None
            high = self.number(value, "max", where, None, 0) if "max" in value else None
            return matching.chars(low, high)
        if key in ("gap_after", "echo"):
            number = self.number(data, key, where.rsplit(" ", 1)[0], 0, 0)
            return (
                matching.gap_after(number)
                if key == "gap_after"
                else matching.echo(int(number) or 1)
            )
        if key in ("silence_until_next", "overlaps"):
            if not isinstance(value, dict) or set(value) != {"speaker", "min"}:
                self.add(where, _("应为 {speaker: 说话人, min: 秒数}"), data)
                return None
            speaker = self.choice(value, "speaker", matching.SPEAKER_CHOICES, where, "any")
            seconds = self.number(value, "min", where, 0, 0)
            return getattr(matching, key)(speaker, seconds)
        if key == "either":
            if not isinstance(value, list) or not value:
                self.add(where, _("应为条件的列表"), data)
                return None
            return matching.either(
                [self.match(m, f"{where}[{n + 1}]") for n, m in enumerate(value)]
            )
        return self.anchor(key, value, where, data)

    def anchor(self, key, value, where, data):
        if not isinstance(value, dict):
            self.add(where, _("应为映射（speaker、segments、seconds、include_self、match）"), data)
            return None
        self.problems.unknown_keys(
            value, {"speaker", "segments", "seconds", "include_self", "match"}, where
        )
        if "match" not in value:
            self.add(where, _("缺少 match"), value)
            return None
        anchor = Anchor(
            speaker=self.choice(value, "speaker", matching.SPEAKER_CHOICES, where, "any"),
            segments=int(self.number(value, "segments", where, 1, 1)),
            seconds=self.number(value, "seconds", where, None, 0) if "seconds" in value else None,
            include_self=self.flag(value, "include_self", where),
            match=self.match(value["match"], f"{where} match"),
        )
        after, wanted = ANCHORS[key]
        return matching.anchored(anchor, after, wanted)

    def items(self, value, where, data, index=True) -> list[str]:
        """Phrase items (`@list` or a phrase) as index keys; each is indexed once."""
        if isinstance(value, str):
            value = [value]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v for v in value)
        ):
            self.add(where, _("应为词语或 @词表 的列表"), data)
            return []
        keys = []
        for item in value:
            if item.startswith("@"):
                if item[1:] not in self.phrases:
                    self.add(
                        where,
                        _("未知词表 {item}（可用：{allowed}）").format(
                            item=item, allowed=listing(f"@{k}" for k in self.phrases)
                        ),
                        data,
                    )
                    continue
                if index:
                    self.used[item[1:]] = self.phrases[item[1:]]
            elif index:
                self.used["=" + item] = (item,)
            keys.append(matching.list_key(item) if index else item)
        return keys

    def pattern(self, value, where, data) -> re.Pattern | None:
        if not isinstance(value, str) or not value:
            self.add(where, _("应为正则表达式"), data)
            return None
        try:
            return re.compile(value)
        except re.error as exc:
            self.add(where, _("正则表达式有误（{reason}）").format(reason=exc), data)
            return None
