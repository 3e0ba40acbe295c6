"""Checking a stored transcript 自动质检: the rules in use (ours, with the centre's
file of HUIFANG_QA_RULES laid over them), and the inspection with its findings and
the customer's signals, stored in one transaction."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huifang.quality import signals as customer_signals
from huifang.quality.inspect import inspect
from huifang.quality.models import CallTranscript, Finding, Inspection
from huifang.quality.rules import RuleSet, load_rules
from huifang.quality.transcript import Segment, Transcript


def rules_in_use() -> RuleSet:
    return _rules(settings.HUIFANG["QA_RULES_FILE"])


@cache
def _rules(path: str | None) -> RuleSet:
    return load_rules(path)


def as_transcript(row: CallTranscript) -> Transcript:
    return Transcript(
        call_id=row.call_id,
        direction=row.direction,
        agent_no=row.agent_no,
        company=row.company,
        ended_by=row.ended_by,
        segments=tuple(Segment(**s) for s in row.segments),
    )


def check(row: CallTranscript, rules: RuleSet | None = None) -> Inspection:
    """The call's inspection, made now. An inspection that an inspector or the agent
    has begun to review (a verdict, an appeal) is kept as it is: checking again never
    throws away anyone's work."""
    rules = rules or rules_in_use()
    transcript = as_transcript(row)
    report = inspect(transcript, rules)
    found = customer_signals.detect(transcript)
    with transaction.atomic():
        existing = Inspection.objects.select_for_update().filter(transcript=row).first()
        if existing is not None:
            begun = (
                existing.findings.exclude(verdicts=None).exists()
                or existing.findings.exclude(appeals=None).exists()
            )
            if begun:
                return existing
            existing.delete()
        inspection = Inspection.objects.create(
            transcript=row,
            checked_at=timezone.now(),
            rules_digest=rules.digest,
            score=report.score,
            passed=report.passed,
            pass_mark=rules.pass_mark,
            speech_rate=report.speech_rate,
            not_measurable=list(report.not_measurable),
            signals=[
                {"kind": s.kind, "segment": s.segment, "start": s.start, "evidence": s.evidence}
                for s in found
            ],
        )
        Finding.objects.bulk_create(
            Finding(
                inspection=inspection,
                rule=f.rule,
                segment=f.segment,
                start=f.start,
                evidence=f.evidence,
                words=f.words,
                deduction=f.deduction,
                red_line=f.red_line,
                suggestion=f.suggestion,
            )
            for f in report.findings
        )
    return inspection
