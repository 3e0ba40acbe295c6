"""`{{ code|outcome_label }}`: a call outcome's label in the active language."""

from django import template

from huifang.campaigns import rules

register = template.Library()


@register.filter
def outcome_label(code: str) -> str:
    return rules.outcome_label(code)
