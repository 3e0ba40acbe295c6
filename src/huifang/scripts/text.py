"""The words the script core says to people, translatable without Django.

The core (placeholders, greetings, care lines, the library loader) imports nothing
from Django. Its messages are written in Chinese, the product's default language, as
`_("…{name}…").format(name=…)`; `makemessages` collects them like any other string.
When Django is running, the scripts app installs its `gettext` here (`apps.py`), so a
message is said in the language of the request or command that asked for it.

The scripts themselves (the words an agent reads to a customer) are content, not
interface: they are Chinese whatever the interface language is, and never go
through this module."""

from collections.abc import Callable

_translate: Callable[[str], str] = str


def use(translate: Callable[[str], str]) -> None:
    """Translate every later message with `translate` (Django's gettext)."""
    global _translate
    _translate = translate


def _(message: str) -> str:
    return _translate(message)


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages` where it is defined; translate it with `_`
    where it is shown."""
    return message


def listing(items) -> str:
    """Items joined as a list is written in the active language (甲、乙 / A, B)."""
    return _("、").join(str(item) for item in items)
