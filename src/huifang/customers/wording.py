"""How the import pipeline puts lists into its messages.

Every message of the import is written in Chinese (the msgid) and goes through Django's
gettext when it is made, not when a module is imported, so it speaks the language active
then: zh-hans by default, English through the en catalogue. A bad value is quoted with
`repr`, which shows stray spaces and line breaks, and named `%(value)s` so that a
translation may put it anywhere in the sentence.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _


def listing(items: Iterable) -> str:
    """Items as a list within a sentence: 姓名、电话 (in English 姓名, 电话)."""
    # Translators: the separator between the items of a list, e.g. dealers.
    return _("、").join(str(item) for item in items)
