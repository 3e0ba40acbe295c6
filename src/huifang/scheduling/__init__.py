"""Call scheduling 呼叫调度 (features.md C): the holiday calendar, contact-time policies,
allowed call slots, the outcome table and retry planning.

Plain Python: nothing here imports Django, so the rules are tested in milliseconds and
called the same way by the views, the API, the CLI and the background workers.
"""

from huifang.scheduling.dispositions import (
    AAPOR_CLASSES,
    KINDS,
    Disposition,
    DispositionError,
    load_dispositions,
    parse_delay,
)
from huifang.scheduling.holidays import HolidayCalendar, qingming_day, statutory_holidays
from huifang.scheduling.policies import (
    PROVINCES,
    SOUTH_PROVINCE_SPELLINGS,
    SOUTH_PROVINCES,
    ContactPolicy,
    PolicyError,
    get_policy,
    is_south,
    load_policies,
    load_south_provinces,
    normalise_province,
    province_spellings,
)
from huifang.scheduling.retries import AttemptLimits, Plan, Try, plan_next
from huifang.scheduling.slots import (
    PARTS_OF_DAY,
    SHANGHAI,
    NoSlotError,
    blocked_reason,
    next_slot,
    part_of_day,
    start_of_day,
    to_local,
)

__all__ = [
    "AAPOR_CLASSES",
    "KINDS",
    "PARTS_OF_DAY",
    "PROVINCES",
    "SHANGHAI",
    "SOUTH_PROVINCES",
    "SOUTH_PROVINCE_SPELLINGS",
    "AttemptLimits",
    "ContactPolicy",
    "Disposition",
    "DispositionError",
    "HolidayCalendar",
    "NoSlotError",
    "Plan",
    "PolicyError",
    "Try",
    "blocked_reason",
    "get_policy",
    "is_south",
    "load_dispositions",
    "load_policies",
    "load_south_provinces",
    "next_slot",
    "normalise_province",
    "parse_delay",
    "part_of_day",
    "plan_next",
    "province_spellings",
    "qingming_day",
    "start_of_day",
    "statutory_holidays",
    "to_local",
]
