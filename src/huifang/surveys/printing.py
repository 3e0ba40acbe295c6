"""Printing a questionnaire back as YAML: loading the printout gives the same
questionnaire (a tested round trip), so storing, diffing and editing never change
its logic behind anyone's back. Fields at their defaults are left out; the order of
keys follows formats.md."""

from __future__ import annotations

from typing import Any

import yaml

from huifang.surveys.questionnaire import Option, PathTest, Question, Questionnaire, Section


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Text as plain YAML, quoted where a reader would take it for something else
    (the dumper's YAML 1.1 resolver quotes yes/no too); several lines as a block."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Flow(dict):
    """A small mapping printed on one line, as options are in formats.md."""


_Dumper.add_representer(str, _text)
_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, True)
)


def _option(option: Option) -> dict:
    data = _Flow(value=option.value, label=option.label)
    if option.goto:
        data["goto"] = option.goto
    return data


def _question(q: Question) -> dict:
    data: dict[str, Any] = {"id": q.id, "text": q.text, "type": q.type}
    if q.options:
        data["options"] = [_option(o) for o in q.options]
    if q.scale is not None:
        scale: dict[str, Any] = {"min": q.scale.min, "max": q.scale.max}
        if q.scale.labels:
            scale["labels"] = dict(q.scale.labels)
        data["scale"] = scale
    for key, default in (("other", False), ("exhaustive", False), ("personal", False)):
        if getattr(q, key) != default:
            data[key] = getattr(q, key)
    if not q.required:
        data["required"] = False
    if q.when is not None:
        data["when"] = q.when
    if q.lint_ignore:
        data["lint_ignore"] = list(q.lint_ignore)
    if q.lint_reason:
        data["lint_reason"] = q.lint_reason
    return data


def _section(section: Section) -> dict:
    data: dict[str, Any] = {"kind": section.kind}
    if section.say is not None:
        data["say"] = section.say
    if section.questions:
        data["questions"] = [_question(q) for q in section.questions]
    return data


def _test(test: PathTest) -> dict:
    data: dict[str, Any] = {"name": test.name, "answers": dict(test.answers)}
    if test.expect is not None:
        data["expect"] = list(test.expect)
    if test.end is not None:
        data["end"] = test.end
    return data


def as_data(q: Questionnaire) -> dict:
    data: dict[str, Any] = {"id": q.id, "title": q.title}
    if q.purpose:
        data["purpose"] = q.purpose
    if q.max_minutes is not None:
        data["max_minutes"] = q.max_minutes
    data["sections"] = [_section(s) for s in q.sections]
    if q.tests:
        data["tests"] = [_test(t) for t in q.tests]
    return data


def dumps(q: Questionnaire) -> str:
    return yaml.dump(as_data(q), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
