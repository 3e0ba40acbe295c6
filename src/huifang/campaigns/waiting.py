"""Why nothing is callable (C6): every open task counted under the one reason it
cannot be called now, and when the next one becomes callable. The counts add up to
the open tasks, so an empty queue is never a mystery."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from huifang import scheduling
from huifang.campaigns import rules
from huifang.campaigns.choices import TaskState, Wait
from huifang.campaigns.models import CallTask, Campaign

CALLABLE = "callable"


@dataclass
class Waiting:
    counts: dict[str, int] = field(default_factory=dict)
    next_at: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def labelled(self) -> list[tuple[str, str, int]]:
        labels = dict(Wait.choices) | {CALLABLE: _("可立即呼叫")}
        return [
            (k, labels.get(k, k), n) for k, n in sorted(self.counts.items(), key=lambda i: -i[1])
        ]

    def add(self, reason: str, n: int) -> None:
        if n:
            self.counts[reason] = self.counts.get(reason, 0) + n

    def soonest(self, at: datetime | None) -> None:
        if at is not None and (self.next_at is None or at < self.next_at):
            self.next_at = at


def waiting(campaigns, now: datetime, agent=None) -> Waiting:
    """Counts by reason over the open tasks of `campaigns` at `now`. With `agent`,
    appointments held for another agent count as `reserved`."""
    result = Waiting()
    calendar = rules.calendar()
    for campaign in campaigns:
        _campaign(campaign, now, agent, calendar, result)
    return result


def _campaign(campaign: Campaign, now, agent, calendar, result: Waiting) -> None:
    tasks = CallTask.objects.filter(campaign=campaign, state=TaskState.OPEN)
    policy = rules.policy(campaign.policy)
    # Future tasks: the reason they were given when sent back.
    later = tasks.filter(Q(callable_from__gt=now) | Q(callable_from__isnull=True))
    for row in later.values("wait_reason", "south").annotate(
        n=Count("id"), first=Min("callable_from")
    ):
        reason = row["wait_reason"] or Wait.RETRY_DELAY
        result.add(reason, row["n"])
        if row["first"] is not None:
            start = row["first"]
            if reason != Wait.APPOINTMENT:
                start = scheduling.next_slot(start, policy, row["south"], calendar)
            result.soonest(start)
    due = tasks.filter(callable_from__lte=now)
    appointments = due.filter(appointment_at__isnull=False)
    if agent is not None:
        reserved = appointments.filter(reserved_until__gt=now).exclude(reserved_for=agent)
        held = reserved.count()
        result.add(Wait.RESERVED, held)
        if held:
            result.soonest(reserved.aggregate(m=Min("reserved_until"))["m"])
        result.add(CALLABLE, appointments.count() - held)
    else:
        result.add(CALLABLE, appointments.count())
    for south in (False, True):
        n = due.filter(appointment_at__isnull=True, south=south).count()
        if not n:
            continue
        reason = scheduling.blocked_reason(now, policy, south, calendar)
        result.add(reason or CALLABLE, n)
        if reason:
            result.soonest(scheduling.next_slot(now, policy, south, calendar))
