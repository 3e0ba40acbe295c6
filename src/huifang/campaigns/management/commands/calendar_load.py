"""`huifang calendar load FILE`: load a year's official holiday arrangement (放假安排),
for a year the calendar package does not know yet."""

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from huifang.campaigns.models import CalendarDay
from huifang.commands import BadInput, HuifangCommand

WORKDAY = {"上班": True, "workday": True, "work": True, "1": True}
DAY_OFF = {"休息": False, "放假": False, "holiday": False, "off": False, "0": False}


def read_arrangement(path: Path) -> list[CalendarDay]:
    """CSV lines `date,上班|休息[,name]` (a header line is allowed). Every line is
    checked before anything is stored."""
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    days, errors = [], []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or not row[0].strip() or row[0].strip().lower() in {"date", "日期"}:
                continue
            try:
                day = date.fromisoformat(row[0].strip())
            except ValueError:
                errors.append(f"{path.name}: line {number}: {row[0]!r} is not a date (2027-01-01)")
                continue
            kind = row[1].strip().lower() if len(row) > 1 else ""
            if kind not in WORKDAY | DAY_OFF:
                errors.append(f"{path.name}: line {number}: {kind!r} is neither 上班 nor 休息")
                continue
            name = row[2].strip() if len(row) > 2 else ""
            days.append(CalendarDay(date=day, workday={**WORKDAY, **DAY_OFF}[kind], name=name))
    if errors:
        raise BadInput(errors[0] + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    if not days:
        raise BadInput(f"{path.name}: no days in the file")
    return days


class Command(HuifangCommand):
    help = (
        "Load an official holiday arrangement: CSV lines date,上班|休息[,name] — the days off "
        "and the 调休 make-up working days of a year. Replaces what was loaded for those years."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def run(self, file, **_):
        days = read_arrangement(Path(file))
        years = sorted({d.date.year for d in days})
        with transaction.atomic():
            CalendarDay.objects.filter(date__year__in=years).delete()
            CalendarDay.objects.bulk_create(days)
        off = sum(1 for d in days if not d.workday)
        self.say(
            f"已载入 {', '.join(map(str, years))} 年安排：休息 {off} 天，调休上班 {len(days) - off} 天"
        )
        return {"years": years, "days_off": off, "workdays": len(days) - off}
