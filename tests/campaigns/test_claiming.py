"""Claiming the next call: order, leases, appointments, claim-time checks, races."""

import threading
from datetime import timedelta

import pytest
from django.db import connections

from huifang.campaigns.choices import TaskState, Wait
from huifang.campaigns.claiming import claim_next, mark_dialled, release
from huifang.campaigns.lifecycle import launch_campaign
from huifang.campaigns.models import Attempt, CallTask
from huifang.campaigns.outcomes import record_outcome
from huifang.campaigns.upkeep import MISSED_APPOINTMENT, expire_leases, miss_appointments
from tests import factories as f

TUESDAY_10 = f.at("2026-11-24 10:00")  # a workday, inside every window


@pytest.fixture
def crew(db):
    team = f.team()
    return team, f.agent("agent1", team), f.agent("agent2", team)


def test_claim_leases_the_best_task_to_one_agent(crew):
    team, a1, a2 = crew
    f.customer("甲")
    f.customer("乙")
    low = f.campaign("低", team=team, priority=3)
    high = f.campaign("高", team=team, priority=8, kind="dormant")
    launch_campaign(low, now=TUESDAY_10)
    launch_campaign(high, now=TUESDAY_10)
    first = claim_next(a1, now=TUESDAY_10)
    assert first.campaign == high and first.state == TaskState.LEASED and first.agent == a1
    assert first.lease_until == TUESDAY_10 + timedelta(minutes=15)
    # the same agent asking again gets the call she already holds
    assert claim_next(a1, now=TUESDAY_10).pk == first.pk
    second = claim_next(a2, now=TUESDAY_10)
    assert second.pk != first.pk and second.campaign == high


def test_agents_outside_the_team_get_nothing(crew):
    team, a1, _ = crew
    outsider = f.agent("outsider", f.team("二组"))
    f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    assert claim_next(outsider, now=TUESDAY_10) is None
    assert claim_next(a1, now=TUESDAY_10) is not None


def test_no_calls_at_night_or_on_a_holiday(crew):
    team, a1, _ = crew
    f.customer()
    launch_campaign(f.campaign(team=team), now=f.at("2026-09-01 10:00"))
    assert claim_next(a1, now=f.at("2026-11-24 20:00")) is None
    assert claim_next(a1, now=f.at("2026-10-01 10:00")) is None  # National Day
    assert claim_next(a1, now=f.at("2026-11-28 10:00")) is None  # a Saturday
    assert claim_next(a1, now=f.at("2026-11-24 08:30")) is not None


def test_south_lunch_break_is_an_hour_longer(crew):
    team, a1, a2 = crew
    f.customer("北方客户", province="北京")
    f.customer("南方客户", province="广东")
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    task = claim_next(a1, now=f.at("2026-11-24 13:30"))
    assert task.customer.name == "北方客户"
    assert claim_next(a2, now=f.at("2026-11-24 13:30")) is None


def test_expired_lease_returns_the_task_and_records_the_abandoned_attempt(crew):
    team, a1, a2 = crew
    f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    task = claim_next(a1, now=TUESDAY_10)
    assert claim_next(a2, now=TUESDAY_10 + timedelta(minutes=14)) is None
    again = claim_next(a2, now=TUESDAY_10 + timedelta(minutes=16))
    assert again.pk == task.pk and again.agent == a2
    abandoned = Attempt.objects.get(task=task)
    assert abandoned.abandoned and not abandoned.dialled and abandoned.agent == a1
    assert again.attempts == 0  # no dial, no attempt counted


def test_an_expired_dialled_lease_counts_as_a_real_attempt(crew):
    team, a1, _ = crew
    f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    task = claim_next(a1, now=TUESDAY_10)
    mark_dialled(task, a1, now=TUESDAY_10)
    assert expire_leases(TUESDAY_10 + timedelta(minutes=20)) == 1
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and task.attempts == 1
    assert Attempt.objects.get(task=task).dialled


def test_release_without_dialling_counts_nothing(crew):
    team, a1, a2 = crew
    f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    task = claim_next(a1, now=TUESDAY_10)
    assert release(task, a1)
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and task.attempts == 0
    assert not Attempt.objects.exists()
    assert claim_next(a2, now=TUESDAY_10).pk == task.pk


def test_do_not_call_is_checked_again_at_claim_time(crew):
    team, a1, _ = crew
    person = f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    type(person).objects.filter(pk=person.pk).update(do_not_call=True)
    assert claim_next(a1, now=TUESDAY_10) is None
    task = CallTask.objects.get()
    assert task.state == TaskState.OPEN and task.wait_reason == Wait.DO_NOT_CALL


def test_frequency_cap_is_checked_again_at_claim_time(crew):
    team, a1, _ = crew
    person = f.customer()
    first = f.campaign("其他项目", kind="dormant", team=team)
    launch_campaign(first, now=TUESDAY_10)
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    # two conversations in another campaign after both launched
    other = CallTask.objects.get(campaign=first)
    for minutes in (0, 5):
        Attempt.objects.create(
            task=other,
            customer=person,
            at=TUESDAY_10 + timedelta(minutes=minutes),
            outcome="complete",
            conversation=True,
        )
    CallTask.objects.filter(pk=other.pk).update(state=TaskState.CLOSED)
    assert claim_next(a1, now=TUESDAY_10 + timedelta(hours=1)) is None
    task = CallTask.objects.exclude(pk=other.pk).get()
    assert task.wait_reason == Wait.FREQUENCY_CAP
    assert task.callable_from == TUESDAY_10 + timedelta(minutes=0, days=30)


def test_number_limit_across_campaigns(crew):
    team, a1, _ = crew
    person = f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    number = person.phones.get().e164
    for minutes in (1, 2, 3):
        Attempt.objects.create(
            task=CallTask.objects.get(),
            customer=person,
            number=number,
            at=f.at("2026-11-24 09:00") + timedelta(minutes=minutes),
            outcome="no_answer",
        )
    assert claim_next(a1, now=TUESDAY_10) is None
    task = CallTask.objects.get()
    assert task.wait_reason in {Wait.DAILY_LIMIT, Wait.NUMBER_LIMIT}


def test_appointment_is_reserved_then_open_to_the_group(crew):
    team, a1, a2 = crew
    f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    task = claim_next(a1, now=TUESDAY_10)
    due = f.at("2026-11-24 20:30")  # outside the windows: the customer chose it
    record_outcome(task, a1, "appointment", now=TUESDAY_10, appointment_at=due)
    assert claim_next(a2, now=due - timedelta(minutes=1)) is None
    assert claim_next(a2, now=due + timedelta(minutes=5)) is None  # reserved for agent1
    assert claim_next(a1, now=due + timedelta(minutes=5)).pk == task.pk
    release(CallTask.objects.get(pk=task.pk), a1)
    assert claim_next(a2, now=due + timedelta(minutes=11)).pk == task.pk


def test_due_appointments_come_before_priority(crew):
    team, a1, a2 = crew
    f.customer("预约客户")
    f.customer("普通客户")
    launch_campaign(f.campaign(team=team, priority=1), now=TUESDAY_10)
    launch_campaign(f.campaign("急", kind="dormant", team=team, priority=9), now=TUESDAY_10)
    low = CallTask.objects.get(customer__name="预约客户", campaign__priority=1)
    CallTask.objects.filter(pk=low.pk).update(appointment_at=TUESDAY_10, callable_from=TUESDAY_10)
    assert claim_next(a1, now=TUESDAY_10).pk == low.pk


def _race(agents, using: str, now) -> tuple[list[int], list[int]]:
    """Each agent claims and closes calls until told there is none; returns the
    claimed ids and, at each 'none', how many tasks were still open."""
    claimed, open_at_empty = [], []
    lock = threading.Lock()

    def work(user):
        try:
            while True:
                task = claim_next(user, now=now, using=using)
                if task is None:
                    left = CallTask.objects.using(using).filter(state=TaskState.OPEN).count()
                    with lock:
                        open_at_empty.append(left)
                    return
                CallTask.objects.using(using).filter(pk=task.pk, agent=user).update(
                    state=TaskState.CLOSED, agent=None, lease_until=None
                )
                with lock:
                    claimed.append(task.pk)
        finally:
            connections[using].close()

    threads = [threading.Thread(target=work, args=(u,)) for u in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return claimed, open_at_empty


def _race_setup(using: str):
    team = f.team(using=using)
    agents = [f.agent(f"racer{i}", team, using=using) for i in range(16)]
    f.customers_bulk(2000, using=using)
    launch_campaign(f.campaign(team=team, using=using), now=TUESDAY_10, using=using)
    return agents


@pytest.mark.django_db(transaction=True)
def test_sixteen_claimers_on_sqlite_get_every_task_exactly_once():
    agents = _race_setup("default")
    claimed, open_at_empty = _race(agents, "default", TUESDAY_10)
    assert len(claimed) == 2000 and len(set(claimed)) == 2000
    assert open_at_empty == [0] * 16


@f.needs_postgres
@pytest.mark.django_db(transaction=True, databases=["default", "postgres"])
def test_sixteen_claimers_on_postgres_get_every_task_exactly_once():
    agents = _race_setup("postgres")
    claimed, open_at_empty = _race(agents, "postgres", TUESDAY_10)
    assert len(claimed) == 2000 and len(set(claimed)) == 2000
    assert open_at_empty == [0] * 16


def test_an_appointment_nobody_honoured_on_its_day_is_missed(crew):
    team, a1, a2 = crew
    f.customer()
    launch_campaign(f.campaign(team=team), now=TUESDAY_10)
    task = claim_next(a1, now=TUESDAY_10)
    due = f.at("2026-11-24 16:00")
    record_outcome(task, a1, "appointment", now=TUESDAY_10, appointment_at=due)
    assert miss_appointments(f.at("2026-11-24 23:59")) == 0  # still its day
    assert miss_appointments(f.at("2026-11-25 08:00")) == 1
    task.refresh_from_db()
    assert task.appointment_at is None and task.reserved_for is None
    missed = Attempt.objects.get(situation=MISSED_APPOINTMENT)
    assert not missed.dialled and missed.agent == a1
    # back in the ordinary queue, for any agent of the group
    assert claim_next(a2, now=f.at("2026-11-25 09:00")).pk == task.pk
