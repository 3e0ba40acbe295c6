"""`{{ text|masked }}`: a phone number typed into a complaint, a note or a result shown
as 138****8000, like every number on the pages (A5)."""

from django import template

from huifang.accounts.masking import mask_text

register = template.Library()


@register.filter
def masked(value):
    return mask_text(value) if isinstance(value, str) else value
