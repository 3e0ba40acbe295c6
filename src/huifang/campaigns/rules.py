"""The scheduling core configured for this installation: the holiday calendar with the
arrangements an admin loaded, the contact policies and the outcome table."""

import threading
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from huifang import scheduling
from huifang.campaigns.models import CalendarDay

_lock = threading.Lock()
_cache: dict[str, tuple[float, object]] = {}
CALENDAR_TTL = 60.0


def calendar() -> scheduling.HolidayCalendar:
    """The holiday calendar, rebuilt at most once a minute or when a day is edited."""
    with _lock:
        hit = _cache.get("calendar")
        if hit and time.monotonic() - hit[0] < CALENDAR_TTL:
            return hit[1]
        try:
            days = dict(CalendarDay.objects.values_list("date", "workday"))
        except DatabaseError:  # a fresh data folder, not migrated yet
            days = {}
        built = scheduling.HolidayCalendar(overrides=days, official_years={d.year for d in days})
        _cache["calendar"] = (time.monotonic(), built)
        return built


@receiver([post_save, post_delete], sender=CalendarDay)
def forget_calendar(**kwargs):
    """Read the calendar afresh next time (a day was edited, or loaded in bulk)."""
    with _lock:
        _cache.pop("calendar", None)


def _read_once(setting: str, loader):
    """A data file read once per process: the centre's own (`HUIFANG[setting]`) or the
    packaged one."""
    path = settings.HUIFANG.get(setting)
    key = f"{setting}:{path}"
    if key not in _cache:
        _cache[key] = (0.0, loader(path))
    return _cache[key][1]


def policies() -> dict[str, scheduling.ContactPolicy]:
    return _read_once("POLICIES_FILE", scheduling.load_policies)


def policy(name: str) -> scheduling.ContactPolicy:
    try:
        return policies()[name]
    except KeyError:
        raise ValueError(f"unknown contact policy {name!r}") from None


def dispositions() -> dict[str, scheduling.Disposition]:
    return _read_once("DISPOSITIONS_FILE", scheduling.load_dispositions)


def disposition(code: str) -> scheduling.Disposition:
    try:
        return dispositions()[code]
    except KeyError:
        raise ValueError(f"unknown outcome {code!r}") from None


def outcome_label(code: str) -> str:
    """An outcome's label in the active language: the table's `label_en` when English
    is active, its Chinese `label` otherwise; an unknown code is shown as it is."""
    row = dispositions().get(code)
    if row is None:
        return code
    if (get_language() or "").startswith("en") and row.label_en:
        return row.label_en
    return row.label


def conversation_codes() -> list[str]:
    return [d.code for d in dispositions().values() if d.conversation]
