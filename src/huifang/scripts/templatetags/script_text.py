"""`{{ script.text|placeholders }}`: a script's words with each `{placeholder}` marked
(and explained on hover), line breaks kept."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from huifang.scripts.placeholders import PLACEHOLDERS
from huifang.text import _

register = template.Library()
_BRACED = re.compile(r"\{([^{}\n]*)\}")


@register.filter
def placeholders(text: str) -> str:
    def mark(match: re.Match) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS:
            return f'<var class="ph" title="{escape(_(PLACEHOLDERS[name]))}">{{{name}}}</var>'
        return f'<var class="ph unknown" title="{escape(_("未知占位符"))}">{{{name}}}</var>'

    # Escaping leaves braces alone, so the placeholders are found in the escaped text.
    return mark_safe(_BRACED.sub(mark, escape(text or "")).replace("\n", "<br>"))
