"""Why nothing is callable: each reason produced on purpose, and the counts always add
up to the open tasks."""

from datetime import timedelta

import pytest

from huifang.campaigns.choices import TaskState, Wait
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.lifecycle import launch_campaign
from huifang.campaigns.models import Attempt, CallTask
from huifang.campaigns.outcomes import record_outcome
from huifang.campaigns.waiting import CALLABLE, waiting
from huifang.customers.models import Customer
from tests import factories as f

NOW = f.at("2026-11-24 10:00")


@pytest.fixture
def setup(db):
    team = f.team()
    agent = f.agent("agent1", team)
    for i in range(12):
        f.customer(f"客户{i}", province="广东" if i % 2 else "北京")
    campaign = f.campaign(team=team)
    launch_campaign(campaign, now=NOW)
    return campaign, agent


def _open(campaign):
    return CallTask.objects.filter(campaign=campaign, state=TaskState.OPEN).count()


@pytest.mark.parametrize(
    "when,reason",
    [
        ("2026-11-25 07:00", Wait.WINDOW),
        ("2026-11-24 20:00", Wait.WINDOW),
        ("2026-11-28 10:00", Wait.HOLIDAY),
        ("2027-01-01 10:00", Wait.HOLIDAY),  # New Year's Day, from the computed fallback
    ],
)
def test_time_reasons_cover_every_open_task(setup, when, reason):
    campaign, _ = setup
    result = waiting([campaign], f.at(when))
    assert result.counts == {reason: 12}
    assert result.next_at is not None and result.next_at > f.at(when)


def test_lunch_holds_the_south_longer(setup):
    campaign, _ = setup
    result = waiting([campaign], f.at("2026-11-24 13:30"))
    assert result.counts == {CALLABLE: 6, Wait.LUNCH: 6}


def test_every_stored_reason_and_the_total(setup):
    campaign, agent = setup
    other = f.agent("agent2", campaign.team)
    tasks = list(CallTask.objects.filter(campaign=campaign).order_by("id"))
    # retry delay and appointment come from recorded outcomes
    t = claim_next(agent, now=NOW)
    record_outcome(t, agent, "no_answer", now=NOW)
    t = claim_next(agent, now=NOW)
    record_outcome(t, agent, "appointment", now=NOW, appointment_at=NOW + timedelta(hours=3))
    # the rest are set as claim time would set them
    for task, reason in zip(
        tasks[4:],
        [
            Wait.DAILY_LIMIT,
            Wait.NUMBER_LIMIT,
            Wait.FREQUENCY_CAP,
            Wait.DO_NOT_CALL,
            Wait.MAX_ATTEMPTS,
        ],
        strict=False,
    ):
        CallTask.objects.filter(pk=task.pk).update(
            wait_reason=reason,
            callable_from=None
            if reason in {Wait.DO_NOT_CALL, Wait.MAX_ATTEMPTS}
            else NOW + timedelta(days=1),
        )
    result = waiting([campaign], NOW + timedelta(minutes=1))
    for reason in (
        Wait.RETRY_DELAY,
        Wait.APPOINTMENT,
        Wait.DAILY_LIMIT,
        Wait.NUMBER_LIMIT,
        Wait.FREQUENCY_CAP,
        Wait.DO_NOT_CALL,
        Wait.MAX_ATTEMPTS,
    ):
        assert result.counts.get(reason) == 1, reason
    assert result.total == _open(campaign)
    # the appointment, when due, is reserved for its agent as another agent sees it
    due = NOW + timedelta(hours=3, minutes=2)
    seen_by_other = waiting([campaign], due, agent=other)
    assert seen_by_other.counts.get(Wait.RESERVED) == 1
    assert seen_by_other.total == _open(campaign)


def test_claim_time_checks_store_their_reasons(setup):
    campaign, agent = setup
    Customer.objects.update(do_not_call=True)
    assert claim_next(agent, now=NOW) is None
    result = waiting([campaign], NOW)
    assert result.counts == {Wait.DO_NOT_CALL: 12}


def test_max_attempts_lowered_after_launch(setup):
    campaign, agent = setup
    CallTask.objects.update(attempts=3)
    campaign.max_attempts = 3
    campaign.save()
    assert claim_next(agent, now=NOW) is None
    assert waiting([campaign], NOW).counts == {Wait.MAX_ATTEMPTS: 12}


def test_daily_limit_at_claim_time(setup):
    campaign, agent = setup
    for task in CallTask.objects.filter(campaign=campaign):
        for minutes in (1, 2):
            Attempt.objects.create(
                task=task, customer=task.customer, at=NOW - timedelta(minutes=minutes), number="x"
            )
    assert claim_next(agent, now=NOW) is None
    assert waiting([campaign], NOW).counts == {Wait.DAILY_LIMIT: 12}
