"""The words the plain cores say to people, translatable without Django.

The cores (the survey engine and linter, the script library, the QA rules) import
nothing from Django. Their messages are written in Chinese, the product's default
language, as `_("…{name}…").format(name=…)`; `makemessages` collects them like any
other string. When Django is running, the surveys app installs its `gettext` here
(`apps.py`), so a message is said in the language of the request or command that
asked for it.

Content (the words an agent reads to a customer, the phrases a QA rule looks for) is
Chinese whatever the interface language is, and never goes through this module."""

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


def quoted(text: str) -> str:
    """A word or label quoted as the active language quotes (「…」 / “…”)."""
    return _("「{text}」").format(text=text)
