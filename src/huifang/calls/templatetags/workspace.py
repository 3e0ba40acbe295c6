"""Template filters for the questionnaire panel of the workspace."""

from django import template

from huifang.scripts.placeholders import fill
from huifang.surveys.questionnaire import OTHER

register = template.Library()


@register.filter
def filled(text: str, values: dict) -> str:
    """A question's words with the customer's name and the agent's number put in."""
    return fill(text, values or {})


@register.filter
def choices(question) -> list[tuple[str, str]]:
    """(value, label) for each answer the agent can pick, in order."""
    if question.type in ("scale", "nps"):
        low, high = question.bounds
        labels = dict(question.scale.labels) if question.scale else {}
        return [(str(v), labels.get(v, "")) for v in range(low, high + 1)]
    found = [(o.value, o.label) for o in question.options]
    if question.other and OTHER not in {v for v, _ in found}:
        found.append((OTHER, question.label_of(OTHER)))
    return found


@register.filter
def hotkey(position: int) -> str:
    """The digit that picks the option at `position` (from 1): 1–9, then 0 for the tenth."""
    return {10: "0"}.get(position, str(position) if position < 10 else "")


@register.filter
def chosen(value: str, given) -> bool:
    if given is None:
        return False
    if isinstance(given, list | tuple):
        return value in {str(g) for g in given}
    return value == str(given)
