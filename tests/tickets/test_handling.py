"""Working tickets in the database: the row and its log written together, a stale save
refused with what changed, routing by the rules, deadlines recomputed from the log,
and the SLA ladder written once per level however often the worker runs."""

from datetime import timedelta

import pytest
from django.core import mail

from huifang.tickets import handling
from huifang.tickets.handling import TicketChanged, act, open_ticket, sweep
from huifang.tickets.models import Notification, Ticket, TicketEvent
from huifang.tickets.workflow import WorkflowError
from tests import factories
from tests.factories import at

pytestmark = pytest.mark.django_db

COMPLETE = {
    "customer": "王伟先生",
    "vehicle": "哈弗H6 LGW12345678901234",
    "category": "gearbox",
    "service_station": "北京长城汽车4S店服务站",
    "dealer": "BJ01",
    "parts": "变速箱",
    "what_happened": "3月1日第二次进站，更换变速箱油后仍然顿挫",
    "customer_request": "一周内修好",
    "customer_type": "agitated",
    "severity": "important",
}
MONDAY = "2025-03-03 09:00"


@pytest.fixture
def people():
    return {
        "agent": factories.agent("agent1"),
        "supervisor": factories.agent("supervisor", role="supervisor"),
        "handler": _handler("handler1", "quality"),
        "other": _handler("handler2", "after_sales"),
    }


def _handler(username, department):
    return factories.handler(username, department, email=f"{username}@example.com")


def ticket(people, created=MONDAY, **intake):
    return open_ticket(
        customer=factories.customer(),
        by=people["agent"],
        description="换挡顿挫，低速时有异响",
        source="inbound",
        intake={**COMPLETE, **intake},
        created_at=at(created),
    )


def test_opening_sets_the_columns_and_the_clocks(people):
    made = ticket(people)
    assert (made.status, made.category, made.dealer, made.severity) == (
        "new", "gearbox", "BJ01", "important",
    )  # fmt: skip
    assert made.next_due == at("2025-03-03 14:00") and made.version == 0  # 3 h + lunch + 1 h


def test_routing_by_the_rules_names_the_rule_and_tells_the_department(
    people, django_capture_on_commit_callbacks
):
    made = ticket(people)
    with django_capture_on_commit_callbacks(execute=True):
        made = act(made, "route", user=people["agent"], version=0, now=at("2025-03-03 09:30"))
    assert made.status == "routed" and made.department == "quality" and made.version == 1
    event = made.events.get()
    assert event.data["rule"] and event.by == people["agent"] and event.sequence == 1
    bell = Notification.objects.get()
    assert bell.user == people["handler"] and bell.kind == "routed"
    assert mail.outbox[0].to == ["handler1@example.com"]


def test_an_incomplete_intake_cannot_be_routed_and_nothing_is_written(people):
    made = ticket(people, parts="")
    with pytest.raises(WorkflowError, match="零部件名称"):
        act(made, "route", user=people["agent"], version=0)
    made.refresh_from_db()
    assert made.status == "new" and made.version == 0 and not made.events.exists()


def test_a_stale_save_is_refused_with_what_changed(people):
    made = ticket(people)
    act(made, "route", user=people["agent"], version=0, now=at("2025-03-03 09:30"))
    # The supervisor opened the ticket at version 0 too and now writes a comment.
    with pytest.raises(TicketChanged) as refused:
        act(made, "comment", user=people["supervisor"], version=0, note="请尽快处理")
    assert "agent1" in str(refused.value) and "「派单」" in str(refused.value)
    assert TicketEvent.objects.count() == 1
    # Having looked again, she writes it at the version she now sees.
    act(made, "comment", user=people["supervisor"], version=1, note="请尽快处理")
    assert TicketEvent.objects.count() == 2


def test_the_log_cannot_be_changed(people):
    made = act(ticket(people), "route", user=people["agent"], version=0)
    event = made.events.get()
    event.note = "改过"
    with pytest.raises(ValueError, match="never changed"):
        event.save()


def test_a_severity_change_recomputes_the_deadlines(people):
    made = ticket(people)
    made = act(
        made,
        "edit",
        user=people["supervisor"],
        version=0,
        values={"severity": "urgent"},
        now=at("2025-03-03 09:10"),
    )
    assert made.severity == "urgent" and made.intake["severity"] == "urgent"
    assert made.next_due == at("2025-03-03 11:00")  # 2 hours round the clock from 09:00
    assert made.events.get().data["changes"] == {"severity": ["important", "urgent"]}


def test_an_unknown_intake_field_is_refused(people):
    with pytest.raises(WorkflowError, match="受理信息没有「colour」这一项"):
        act(ticket(people), "edit", user=people["agent"], version=0, values={"colour": "红"})


def test_the_ladder_climbs_once_per_level_however_often_the_worker_runs(
    people, django_capture_on_commit_callbacks
):
    made = ticket(people)
    # First response due 14:00 (4 business hours); the warning at 80 % is 13:12.
    with django_capture_on_commit_callbacks(execute=True):
        act(made, "route", user=people["agent"], version=0, now=at("2025-03-03 09:05"))
        assert sweep(at("2025-03-03 11:00")) == 0
        assert sweep(at("2025-03-03 13:20")) == 1
        assert sweep(at("2025-03-03 13:20")) == 0
        assert sweep(at("2025-03-03 14:05")) == 1  # overdue: the handler
        assert sweep(at("2025-03-03 14:30")) == 0
    steps = list(TicketEvent.objects.filter(action="sla").values_list("data", flat=True))
    assert steps == [
        {"clock": "first_response", "level": 0},
        {"clock": "first_response", "level": 1},
    ]
    kinds = list(
        Notification.objects.filter(user=people["handler"])
        .order_by("created_at")
        .values_list("kind", flat=True)
    )
    assert kinds == ["routed", "warning", "overdue"]
    # Much later, the rest of the ladder: the head, then the supervisors, once each.
    with django_capture_on_commit_callbacks(execute=True):
        sweep(at("2025-03-05 09:00"))
        sweep(at("2025-03-05 09:00"))
    levels = [
        d["level"]
        for d in TicketEvent.objects.filter(action="sla").values_list("data", flat=True)
        if d["clock"] == "first_response"
    ]
    assert levels == [0, 1, 2, 3]
    assert Notification.objects.filter(user=people["supervisor"], kind="overdue").exists()


def test_starting_stops_the_first_response_ladder(people):
    made = ticket(people)
    made = act(made, "route", user=people["agent"], version=0, now=at("2025-03-03 09:05"))
    act(made, "start", user=people["handler"], version=1, now=at("2025-03-03 10:00"))
    sweep(at("2025-03-03 14:30"))
    assert not TicketEvent.objects.filter(action="sla", data__clock="first_response").exists()


def test_a_closed_ticket_has_no_deadline(people):
    made = ticket(people)
    steps = [
        ("route", people["agent"], {}),
        ("start", people["handler"], {}),
        ("return_result", people["handler"], {"result": "已更换阀体"}),
        ("start_feedback", people["agent"], {}),
        ("close", people["agent"], {"satisfaction": "satisfied"}),
    ]
    when = at("2025-03-03 09:05")
    for n, (action, user, data) in enumerate(steps):
        when += timedelta(minutes=10)
        made = act(made, action, user=user, version=n, now=when, **data)
    assert made.status == "closed" and made.next_due is None and made.next_step_at is None
    assert made.satisfaction == "satisfied" and made.result == "已更换阀体"
    assert Ticket.objects.filter(next_step_at__isnull=False).count() == 0
    assert handling.sweep(at("2025-04-01 09:00")) == 0


def test_a_handler_sees_only_her_departments_tickets(people):
    from huifang.tickets.access import may_take, visible

    ours = act(ticket(people), "route", user=people["agent"], version=0)  # → quality
    theirs = act(ticket(people, category="repair_delay"), "route", user=people["agent"], version=0)
    assert theirs.department != "quality"
    assert list(visible(people["handler"])) == [ours]
    assert set(visible(people["supervisor"])) == {ours, theirs}
    assert set(visible(people["agent"])) == {ours, theirs}  # she took both down
    assert list(visible(factories.agent("agent2"))) == []
    assert may_take(people["handler"], ours, "return_result")
    assert not may_take(people["handler"], ours, "close")  # the centre's part
    assert not may_take(people["handler"], theirs, "return_result")
    assert not may_take(people["agent"], ours, "return_result")


def test_an_edited_holiday_calendar_moves_the_open_tickets_deadlines(people):
    from huifang.campaigns.models import CalendarDay

    t = ticket(people)  # 重要: update every 8 business hours
    t = act(t, "route", user=people["agent"], version=0, department="quality", now=at(MONDAY))
    t = act(t, "start", user=people["handler"], version=1, now=at("2025-03-03 10:00"))
    t = act(t, "comment", user=people["handler"], version=2, now=at("2025-03-03 17:00"),
            note="已电话告知客户在等配件", contacted=True)  # fmt: skip
    assert t.next_due == at("2025-03-04 17:00")  # 1 hour on Monday, 7 on Tuesday
    waiting = ticket(people, created="2025-03-03 17:00")
    waiting_due = waiting.next_due  # first response: 1 hour on Monday, 3 on Tuesday
    handling._calendar_seen.clear()
    now = at("2025-03-03 17:30")
    assert handling.follow_calendar(now) == 0  # nothing moved
    assert handling.follow_calendar(now) == 0  # and nothing read again
    CalendarDay.objects.create(date=at(MONDAY).date().replace(day=4), workday=False, name="停电")
    assert handling.follow_calendar(now) == 2
    assert Ticket.objects.get(pk=t.pk).next_due == at("2025-03-05 17:00")
    assert Ticket.objects.get(pk=waiting.pk).next_due == waiting_due + timedelta(days=1)
    handling._calendar_seen.clear()


def test_a_waiting_ticket_has_no_deadline_until_it_resumes(people):
    t = ticket(people)
    t = act(t, "route", user=people["agent"], version=0, department="quality", now=at(MONDAY))
    t = act(t, "wait", user=people["handler"], version=1, now=at("2025-03-03 10:00"),
            waiting_for="customer")  # fmt: skip
    assert t.next_due is None and t.next_step_at is None
    assert not Ticket.objects.filter(pk=t.pk, next_due__isnull=False).exists()
    t = act(t, "resume", user=people["handler"], version=2, now=at("2025-03-04 10:00"))
    assert t.next_due is not None and t.next_step_at is not None
