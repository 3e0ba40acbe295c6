"""The inspector's review 质检复核 and what it teaches: verdicts on findings (an
overturned finding stops counting and is kept), agents' appeals, each rule's share of
overturned findings, and an agent's scores by week."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from huifang.quality.checking import rules_in_use
from huifang.quality.inspect import score
from huifang.quality.models import Appeal, Finding, Inspection, Verdict

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


class ReviewError(ValueError):
    """A verdict or an appeal that cannot be taken, with the reason."""


def give_verdict(finding: Finding, state: str, *, by, comment: str = "", at=None) -> Verdict:
    """Confirm or overturn `finding`; the call's score and pass follow, and the
    finding's open appeals are answered by this verdict."""
    if state not in (Finding.State.CONFIRMED, Finding.State.OVERTURNED):
        raise ReviewError(_("复核结论只能是确认或推翻"))
    with transaction.atomic():
        inspection = (
            Inspection.objects.select_for_update()
            .select_related("transcript")
            .get(pk=finding.inspection_id)
        )
        if inspection.transcript.agent_id == by.pk:
            raise ReviewError(_("不能复核自己的通话"))
        finding = Finding.objects.get(pk=finding.pk)
        verdict = Verdict.objects.create(
            finding=finding, state=state, comment=comment.strip(), by=by, at=at or timezone.now()
        )
        finding.state = state
        finding.save(update_fields=["state"])
        finding.appeals.filter(answer=None).update(answer=verdict)
        rescore(inspection)
    return verdict


def rescore(inspection: Inspection) -> None:
    findings = list(inspection.findings.all())
    counting = [f for f in findings if f.counts]
    inspection.score, inspection.passed = score(counting, inspection.pass_mark)
    inspection.reviewed = all(f.state != Finding.State.OPEN for f in findings)
    inspection.save(update_fields=["score", "passed", "reviewed"])


def appeal(finding: Finding, *, by, comment: str, at=None) -> Appeal:
    """The agent of the call objects to a finding, with her reason."""
    comment = comment.strip()
    if not comment:
        raise ReviewError(_("请写明申诉理由"))
    if finding.inspection.transcript.agent_id != by.pk:
        raise ReviewError(_("只能对自己的通话申诉"))
    with transaction.atomic():
        # One open appeal per finding, however quickly the button is pressed twice.
        Inspection.objects.select_for_update().get(pk=finding.inspection_id)
        if finding.appeals.filter(answer=None).exists():
            raise ReviewError(_("这条质检结果已在申诉中"))
        return Appeal.objects.create(
            finding=finding, comment=comment, by=by, at=at or timezone.now()
        )


@dataclass(frozen=True)
class RuleShare:
    """How often a rule fired and how often an inspector overturned it: a rule that
    cries wolf shows a high share."""

    rule: str
    title: str
    findings: int
    reviewed: int
    overturned: int

    @property
    def share(self) -> float | None:
        """Overturned among the reviewed findings; None before any review."""
        return self.overturned / self.reviewed if self.reviewed else None


def rule_shares() -> list[RuleShare]:
    rows = Finding.objects.values("rule").annotate(
        n=Count("id"),
        reviewed=Count("id", filter=~Q(state=Finding.State.OPEN)),
        overturned=Count("id", filter=Q(state=Finding.State.OVERTURNED)),
    )
    rules = rules_in_use()
    shares = [
        RuleShare(
            r["rule"],
            rule.title if (rule := rules.rule(r["rule"])) else r["rule"],
            r["n"],
            r["reviewed"],
            r["overturned"],
        )
        for r in rows
    ]
    return sorted(shares, key=lambda s: (-(s.share or 0), -s.findings, s.rule))


def signal_counts(inspections) -> list[tuple[str, int, int]]:
    """Each customer signal (H1): how often it was heard, and in how many calls."""
    heard, calls = Counter(), Counter()
    for found in inspections.values_list("signals", flat=True):
        kinds = [s["kind"] for s in found]
        heard.update(kinds)
        calls.update(set(kinds))
    return [(kind, n, calls[kind]) for kind, n in heard.most_common()]


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    calls: int
    average: float


def weekly_scores(inspections) -> list[Week]:
    """Average score by the week of the call (Monday, Asia/Shanghai)."""
    weeks: dict[datetime.date, list[int]] = defaultdict(list)
    called = Coalesce("transcript__attempt__at", "transcript__uploaded_at")
    for checked, points in inspections.annotate(called=called).values_list("called", "score"):
        day = checked.astimezone(SHANGHAI).date()
        weeks[day - datetime.timedelta(days=day.weekday())].append(points)
    return [
        Week(monday, len(scores), round(sum(scores) / len(scores), 1))
        for monday, scores in sorted(weeks.items())
    ]


def frequent_findings(inspections, limit: int = 5) -> list[tuple[str, str, int]]:
    """The rules that fire most often on these calls (overturned ones not counted)."""
    counts = Counter(
        Finding.objects.filter(inspection__in=inspections)
        .exclude(state=Finding.State.OVERTURNED)
        .values_list("rule", flat=True)
    )
    rules = rules_in_use()
    return [
        (rule_id, rule.title if (rule := rules.rule(rule_id)) else rule_id, n)
        for rule_id, n in counts.most_common(limit)
    ]
