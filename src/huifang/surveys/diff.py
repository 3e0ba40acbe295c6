"""What changed between two versions of a questionnaire, question by question (E6):
questions added, removed or moved, and for each question kept, every field whose
value differs — its wording, type, options (each by value), jumps, condition and
flags. Changes to the title, purpose, length and the greeting and closing words are
listed first."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from huifang.surveys.questionnaire import Question, Questionnaire
from huifang.text import _

# Every field of a question but its id, its options (compared one by one) and its line.
QUESTION_FIELDS = tuple(f.name for f in fields(Question) if f.name not in ("id", "options", "line"))


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | moved | changed
    question: str | None
    field: str | None = None
    before: Any = None
    after: Any = None

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "question": self.question,
            "field": self.field,
            "before": _plain(self.before),
            "after": _plain(self.after),
        }

    def line(self) -> str:
        who = self.question or _("问卷")
        if self.kind == "added":
            return f"+ {who}  {self.after}"
        if self.kind == "removed":
            return f"- {who}  {self.before}"
        if self.kind == "moved":
            return f"~ {who} " + _("位置") + f": {self.before} → {self.after}"
        return f"~ {who} {self.field}: {_show(self.before)} → {_show(self.after)}"


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__ if k != "line"}
    return value


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return repr(value)
    return str(_plain(value))


def _where(q: Questionnaire, qid: str) -> str:
    return f"{q.section_of(qid).kind} #{q.position[qid] + 1}"


def _options(old: Question, new: Question) -> list[Change]:
    before = {o.value: o for o in old.options}
    after = {o.value: o for o in new.options}
    changes = []
    for value, option in before.items():
        if value not in after:
            changes.append(Change("changed", old.id, f"options[{value}]", option.label, None))
        elif after[value] != option:
            for key in ("label", "goto"):
                if getattr(option, key) != getattr(after[value], key):
                    changes.append(
                        Change(
                            "changed",
                            old.id,
                            f"options[{value}].{key}",
                            getattr(option, key),
                            getattr(after[value], key),
                        )
                    )
    for value, option in after.items():
        if value not in before:
            changes.append(Change("changed", old.id, f"options[{value}]", None, option.label))
    if [o.value for o in old.options if o.value in after] != [
        o.value for o in new.options if o.value in before
    ]:
        changes.append(
            Change(
                "changed",
                old.id,
                "options.order",
                tuple(o.value for o in old.options),
                tuple(o.value for o in new.options),
            )
        )
    return changes


def diff(old: Questionnaire, new: Questionnaire) -> list[Change]:
    changes = [
        Change("changed", None, key, getattr(old, key), getattr(new, key))
        for key in ("id", "title", "purpose", "max_minutes")
        if getattr(old, key) != getattr(new, key)
    ]
    for kind in ("greeting", "closing"):
        says = [[s.say for s in q.sections if s.kind == kind] for q in (old, new)]
        if says[0] != says[1]:
            changes.append(
                Change("changed", None, f"{kind}.say", *(s[0] if s else None for s in says))
            )
    old_ids, new_ids = list(old.position), list(new.position)
    kept = [qid for qid in old_ids if qid in new.position]
    order_before = [qid for qid in old_ids if qid in new.position]
    order_after = [qid for qid in new_ids if qid in old.position]
    for qid in old_ids:
        if qid not in new.position:
            changes.append(Change("removed", qid, before=old.question(qid).text))
    for qid in kept:
        a, b = old.question(qid), new.question(qid)
        moved = old.section_of(qid).kind != new.section_of(qid).kind or (
            order_before.index(qid) != order_after.index(qid)
        )
        if moved:
            changes.append(Change("moved", qid, None, _where(old, qid), _where(new, qid)))
        for key in QUESTION_FIELDS:
            if getattr(a, key) != getattr(b, key):
                changes.append(Change("changed", qid, key, getattr(a, key), getattr(b, key)))
        changes.extend(_options(a, b))
    for qid in new_ids:
        if qid not in old.position:
            changes.append(Change("added", qid, after=new.question(qid).text))
    if old.tests != new.tests:
        changes.append(
            Change(
                "changed",
                None,
                "tests",
                tuple(t.name for t in old.tests),
                tuple(t.name for t in new.tests),
            )
        )
    return changes
