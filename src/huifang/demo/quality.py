"""The demo's quality inspection: a finished campaign of last month whose ~200 calls by
the three agents have transcripts of varied quality, checked by the rules, a few of
them already reviewed by the QA inspector and one appealed. Agent 1 is careful, agent
3 still learning, so the queue, the trends and the rules' overturn shares have
something real to show."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from huifang.campaigns.choices import Status, TaskState
from huifang.campaigns.models import Attempt, CallTask, Campaign
from huifang.customers.models import Customer
from huifang.quality import review
from huifang.quality.checking import check, rules_in_use
from huifang.quality.generate import generate, random_faults
from huifang.quality.models import CallTranscript, Finding, Inspection
from huifang.quality.transcript import parse_transcript

CALLS = 200
WEEKS = 6
# How careful each agent is: 1.0 makes clean calls only.
CARE = {"agent1": 0.9, "agent2": 0.7, "agent3": 0.3}
# Findings the demo inspector often overturns, and why: the rules to tune.
OFTEN_WRONG = {"interruption": 0.8, "negative-phrasing": 0.4}
WHY_WRONG = {
    "interruption": "转写切分有误，是客户说完后坐席才接话",
    "negative-phrasing": "语气是确认客户意见，不是否定式提问",
}


def load(company: str, calls: int = CALLS, seed: int = 11) -> int:
    rng = random.Random(seed)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="十月保养满意度回访（已结束）",
        kind="satisfaction_service",
        purpose="了解客户对十月保养服务的满意度",
        status=Status.FINISHED,
        starts_on=today - timedelta(weeks=WEEKS),
        ends_on=today - timedelta(days=1),
    )
    agents = {
        u.username: u for u in User.objects.filter(username__in=CARE).select_related("profile")
    }
    people = list(Customer.objects.filter(external_id__startswith="DEMO").order_by("id")[:calls])
    inspector = User.objects.get(username="qa")
    rows = []
    for n, person in enumerate(people):
        username = rng.choice(sorted(CARE))
        agent = agents[username]
        day = today - timedelta(days=rng.randrange(1, WEEKS * 7))
        at = timezone.make_aware(
            datetime.combine(day, time(rng.randrange(9, 18), rng.randrange(60)))
        )
        task = CallTask.objects.create(
            campaign=campaign,
            customer=person,
            state=TaskState.CLOSED,
            attempts=1,
            last_outcome="completed",
            final_outcome="completed",
            final_class="I",
            closed_at=at,
        )
        attempt = Attempt.objects.create(
            task=task, customer=person, agent=agent, at=at, outcome="completed", conversation=True
        )
        document = generate(
            rng,
            call_id=f"DEMO-{at:%Y%m%d}-{n + 1:04d}",
            agent_no=agent.profile.agent_no,
            company=company,
            customer=person.name[0],
            title=person.title or "先生",
            faults=random_faults(rng, CARE[username]),
            hour=at.astimezone(timezone.get_current_timezone()).hour,
        )
        transcript = parse_transcript(document, document["call_id"])
        rows.append(
            CallTranscript.made_from(
                transcript,
                attempt=attempt,
                agent=agent,
                source=f"{transcript.call_id}.json",
                by=inspector,
                at=at + timedelta(hours=1),
            )
        )
    CallTranscript.objects.bulk_create(rows)
    rules = rules_in_use()
    for row in CallTranscript.objects.filter(attempt__task__campaign=campaign):
        check(row, rules)
    _reviewed(rng, inspector, agents["agent3"])
    return len(rows)


def _reviewed(rng: random.Random, inspector, learner) -> None:
    """The inspector has been through the thirty lowest calls: she overturns most
    interruptions (backchannels the vendor cut badly) and confirms the rest; agent 3
    has appealed one finding that is still waiting."""
    findings = Finding.objects.filter(inspection__transcript__attempt__isnull=False).order_by(
        "inspection__score", "inspection_id", "pk"
    )
    lowest = list(
        Inspection.objects.filter(transcript__attempt__isnull=False)
        .order_by("score", "pk")
        .values_list("pk", flat=True)[:30]
    )
    for finding in findings.filter(inspection_id__in=lowest):
        overturn = finding.rule in OFTEN_WRONG and rng.random() < OFTEN_WRONG[finding.rule]
        comment = WHY_WRONG[finding.rule] if overturn else ""
        review.give_verdict(
            finding, "overturned" if overturn else "confirmed", by=inspector, comment=comment
        )
    open_findings = findings.filter(inspection__transcript__agent=learner, state=Finding.State.OPEN)
    waiting = open_findings.filter(rule="forbidden-phrase").first()
    if waiting is not None:
        review.appeal(waiting, by=learner, comment="这是在复述客户的原话，不是我对客户说的")
    elif (waiting := open_findings.first()) is not None:
        review.appeal(waiting, by=learner, comment="转写有误，我当时不是这样说的，请听录音")
