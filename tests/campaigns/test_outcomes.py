"""Recording outcomes: every code of dispositions.md appends an attempt and
reschedules or closes the task as the table says."""

from datetime import timedelta

import pytest

from huifang.campaigns import rules
from huifang.campaigns.choices import TaskState, Wait
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.lifecycle import launch_campaign
from huifang.campaigns.models import Attempt, CallTask
from huifang.campaigns.outcomes import OutcomeError, record_outcome
from huifang.customers.models import Customer
from tests import factories as f

NOW = f.at("2026-11-24 10:00")
FINAL = {
    "complete": "I",
    "partial": "P",
    "refused": "R",
    "language": "O",
    "unable": "O",
    "deceased": "O",
    "not_eligible": "NE",
    "wrong_number": "NE",
    "empty_number": "NE",
    "disconnected": "NE",
    "quota_full": "NE",
}
RETRY = [
    "break_off",
    "driving",
    "in_meeting",
    "not_available",
    "no_answer",
    "busy",
    "unreachable",
    "silent_line",
]


@pytest.fixture
def call(db):
    team = f.team()
    agent = f.agent("agent1", team)
    f.customer()
    launch_campaign(f.campaign(team=team), now=NOW)
    return agent, claim_next(agent, now=NOW)


def test_every_code_is_known():
    assert set(FINAL) | set(RETRY) | {"appointment", "new_number"} == set(rules.dispositions())


@pytest.mark.parametrize("code,klass", FINAL.items())
def test_final_outcomes_close_the_task(call, code, klass):
    agent, task = call
    done = record_outcome(task, agent, code, now=NOW)
    assert done.state == TaskState.CLOSED and done.final_outcome == code
    assert done.final_class == klass
    attempt = Attempt.objects.get(task=task)
    assert attempt.outcome == code and attempt.dialled and attempt.agent == agent


@pytest.mark.parametrize("code", RETRY)
def test_retry_outcomes_return_the_task_later(call, code):
    agent, task = call
    delay = rules.disposition(code).delay
    done = record_outcome(task, agent, code, now=NOW)
    assert done.state == TaskState.OPEN and done.agent is None and done.attempts == 1
    assert done.callable_from >= NOW + delay
    assert done.wait_reason in {Wait.RETRY_DELAY, Wait.DAILY_LIMIT}


def test_appointment_keeps_the_agreed_time_and_the_agent(call):
    agent, task = call
    when = f.at("2026-11-25 19:30")
    done = record_outcome(task, agent, "appointment", now=NOW, appointment_at=when)
    assert done.callable_from == when and done.appointment_at == when
    assert done.reserved_for == agent and done.reserved_until == when + timedelta(minutes=10)
    assert done.wait_reason == Wait.APPOINTMENT


def test_reaching_the_customer_on_another_call_cancels_the_appointment(call):
    agent, task = call
    when = f.at("2026-11-25 19:30")
    record_outcome(task, agent, "appointment", now=NOW, appointment_at=when)
    other = f.campaign(name="保险到期提醒", kind="reminder", team=task.campaign.team)
    launch_campaign(other, now=NOW)
    second = claim_next(agent, now=NOW)
    assert second.campaign == other and second.customer == task.customer

    record_outcome(second, agent, "busy", now=NOW)  # no conversation: still booked
    task.refresh_from_db()
    assert task.appointment_at == when and task.reserved_for == agent

    second = claim_next(agent, now=NOW + timedelta(minutes=20))
    record_outcome(second, agent, "complete", now=NOW + timedelta(minutes=25))
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and task.appointment_at is None
    assert task.reserved_for is None and task.wait_reason == Wait.RETRY_DELAY


def test_appointment_needs_a_future_time(call):
    agent, task = call
    with pytest.raises(OutcomeError, match="appointment"):
        record_outcome(task, agent, "appointment", now=NOW)
    with pytest.raises(OutcomeError, match="future"):
        record_outcome(task, agent, "appointment", now=NOW, appointment_at=NOW - timedelta(hours=1))
    assert not Attempt.objects.exists()


def test_new_number_is_added_not_overwritten(call):
    agent, task = call
    old = task.phone.e164
    done = record_outcome(task, agent, "new_number", now=NOW, new_number="139 1234 5678")
    numbers = set(task.customer.phones.values_list("e164", flat=True))
    assert numbers == {old, "+8613912345678"}
    assert done.phone.e164 == "+8613912345678"
    assert done.callable_from >= NOW + timedelta(minutes=10)


def test_refusal_with_do_not_call_flags_the_customer(call):
    agent, task = call
    record_outcome(task, agent, "refused", now=NOW, do_not_call=True)
    person = Customer.objects.get()
    assert person.do_not_call and person.do_not_call_reason


def test_deceased_stops_every_campaign(call):
    agent, task = call
    other = f.campaign("其他", kind="dormant")
    launch_campaign(other, now=NOW)
    record_outcome(task, agent, "deceased", now=NOW)
    assert not CallTask.objects.exclude(state=TaskState.CLOSED).exists()
    assert Customer.objects.get().do_not_call


def test_only_the_holder_may_record(call):
    agent, task = call
    other = f.agent("agent2")
    with pytest.raises(OutcomeError, match="not in your hands"):
        record_outcome(task, other, "complete", now=NOW)
    assert not Attempt.objects.exists()


def test_running_out_of_tries_closes_with_the_never_reached_class(db):
    team = f.team()
    agent = f.agent("agent1", team)
    f.customer()
    launch_campaign(f.campaign(team=team, max_attempts=2), now=NOW)
    task = claim_next(agent, now=NOW)
    task = record_outcome(task, agent, "no_answer", now=NOW)
    later = task.callable_from + timedelta(minutes=1)
    task = claim_next(agent, now=later)
    assert task is not None
    done = record_outcome(task, agent, "no_answer", now=later)
    assert done.state == TaskState.CLOSED and done.final_class == "UH"
