"""The demo: the command prepares a working centre, and every role's pages answer."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huifang.campaigns.choices import Status
from huifang.campaigns.models import CallTask, Campaign
from huifang.customers.models import Customer, Dealer
from huifang.demo import data
from tests.cli import as_json, huifang


def test_demo_command_prepares_the_centre_quickly(tmp_path):
    started = time.monotonic()
    result = huifang(tmp_path, "demo", "--no-serve", "--format", "json")
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    answer = as_json(result)
    assert answer["url"] == "http://127.0.0.1:8000/" and answer["password"] == "huifang-demo"
    assert set(answer["users"]) == {
        "agent1",
        "agent2",
        "agent3",
        "supervisor",
        "qa",
        "admin",
        # the complaint-handling departments: each head of routing.yaml, two handlers
        "gm_office",
        "dept",
        "dept2",
        "parts_head",
        "insurance_head",
        "quality_head",
        "quality2",
        "nev_head",
        "sales_head",
        "south_head",
        "network_head",
    }
    assert took < 60
    # No e-mail went out about the demo's past (nor failed to).
    assert "Traceback" not in result.stderr and "e-mail" not in result.stderr
    again = huifang(tmp_path, "demo", "--no-serve")  # reuses what is there
    assert again.returncode == 0 and "演示数据已存在" in again.stdout


@pytest.fixture(scope="module")
def _demo_centre(django_db_setup, django_db_blocker):
    """The demo centre, made once for this module in a transaction rolled back at its
    end; each test's own changes are rolled back after it (`db`)."""
    from django.db import transaction
    from django.test import TestCase

    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):  # the bell, as on commit
            data.load(customers=300)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_centre, db):
    pass


def test_demo_data_shape(demo):
    assert Dealer.objects.count() == 5
    assert {d.province for d in Dealer.objects.all()} >= {"北京", "广东"}
    assert Customer.objects.count() == 300
    assert Customer.objects.filter(vehicles__insurance_due__isnull=False).count() == 300
    active = Campaign.objects.filter(status=Status.ACTIVE)
    kinds = {"satisfaction_service", "satisfaction_sale", "dormant", "reminder"}
    kinds.add("complaint_followup")  # the standing 投诉追踪回访, since results came back
    kinds.add("inbound_callback")  # the standing 来电回复, since call backs were promised
    assert {c.kind for c in active} == kinds
    for campaign in active:
        assert CallTask.objects.filter(campaign=campaign).exists(), campaign.name
    # The three built-in questionnaires are used, each frozen at its first version.
    frozen = {
        c.questionnaire_version.questionnaire.slug: c.questionnaire_version.number
        for c in active
        if c.questionnaire_version is not None
    }
    assert frozen == {
        "service-satisfaction": 1,
        "sale-satisfaction": 1,
        "dormant-care": 1,
        "complaint-followup": 1,
    }


@pytest.mark.parametrize(
    "username,landing",
    [
        ("agent1", "next_call"),
        ("supervisor", "campaign_list"),
        ("qa", "campaign_list"),
        ("admin", "campaign_list"),
        ("dept", "tickets:inbox"),
    ],
)
def test_each_role_lands_on_a_working_page(demo, username, landing):
    c = Client()
    c.post(reverse("login"), {"username": username, "password": data.PASSWORD})
    page = c.get("/", follow=True)
    assert page.status_code == 200 and page.redirect_chain[-1][0] == reverse(landing)


def test_supervisor_pages_answer(demo):
    c = Client()
    c.post(reverse("login"), {"username": "supervisor", "password": data.PASSWORD})
    for campaign in Campaign.objects.all():
        page = c.get(reverse("campaign_detail", args=[campaign.pk]))
        assert page.status_code == 200 and "为什么现在不能呼叫" in page.content.decode()
    assert c.get(reverse("customer_list")).status_code == 200
    assert c.get(reverse("campaign_new")).status_code == 200
    assert c.get("/admin/").status_code == 200


def test_agent1_can_make_a_whole_callback_in_each_demo_campaign(demo):
    """Whatever the hour the demo starts, one customer per campaign is waiting for
    agent1's call; she makes each of them from claim to outcome."""
    from huifang.calls import conversation
    from huifang.calls.models import Call

    c = Client()
    c.post(reverse("login"), {"username": "agent1", "password": data.PASSWORD})
    hx = {"HTTP_HX_REQUEST": "true"}
    done = set()
    active = Campaign.objects.filter(status=Status.ACTIVE)
    for _ in active:
        c.post(reverse("claim"), follow=True)
        call = Call.objects.get(agent__username="agent1", finished_at__isnull=True)
        for name, args in [("call_dial", []), ("call_step", ["verify"]), ("call_details", [])]:
            assert c.post(reverse(name, args=[call.pk, *args]), **hx).status_code == 200
        asked = 0
        while call.task.campaign.questionnaire_version and asked < 50:
            q = conversation.asking(Call.objects.get(pk=call.pk)).question
            if q is None:
                break
            c.post(reverse("call_answer", args=[call.pk]), {"qid": q.id, "value": _answer(q)}, **hx)
            asked += 1
        assert asked < 50, "the questionnaire did not end"
        c.post(reverse("call_step", args=[call.pk, "closing"]), **hx)
        answer = c.post(reverse("call_finish", args=[call.pk]), {"code": "complete"}, **hx)
        assert answer.headers.get("HX-Redirect") == "/next/", answer.content.decode()[:500]
        done.add(call.task.campaign.name)
    assert done == set(active.values_list("name", flat=True))


def test_the_demo_has_checked_transcripts_of_varied_quality(demo):
    """About 200 calls of a finished campaign, checked by the rules: the careful agent
    scores above the learner, some calls fail, and the inspector has begun reviewing."""
    from django.db.models import Avg

    from huifang.quality.models import Appeal, Finding, Inspection

    assert Inspection.objects.count() == 200
    average = dict(
        Inspection.objects.values_list("transcript__agent__username").annotate(Avg("score"))
    )
    assert average["agent1"] > average["agent2"] > average["agent3"]
    assert Inspection.objects.filter(passed=False).exists()
    assert Finding.objects.filter(state="overturned").exists() and Appeal.objects.exists()
    assert len({f.rule for f in Finding.objects.all()}) >= 15
    assert any(i.signals for i in Inspection.objects.all())
    c = Client()
    c.post(reverse("login"), {"username": "qa", "password": data.PASSWORD})
    assert c.get("/qa/").status_code == 200 and c.get("/qa/rules/").status_code == 200


def _answer(q) -> str:
    if q.options:
        return q.options[0].value
    if q.bounds:
        return str(q.bounds[1])
    return {"number": "3", "date": "2026-01-01"}.get(q.type, "很好")


# --- the complaint tickets (issue 7) ------------------------------------------------


def test_every_department_has_its_people(demo):
    """Each head routing.yaml names exists; every department user has her department
    and an address for the e-mails of the bell."""
    from django.contrib.auth.models import User

    from huifang.accounts.roles import role_of
    from huifang.tickets.models import DepartmentMember
    from huifang.tickets.routing import default_table

    departments = default_table().departments
    heads = {d.head for d in departments.values()}
    assert heads <= set(User.objects.values_list("username", flat=True))
    members = dict(DepartmentMember.objects.values_list("user__username", "department"))
    assert members == data.DEPARTMENT_OF
    assert set(members.values()) == set(departments) - {"customer_relations"}
    for d in departments.values():
        if d.key != "customer_relations":
            assert members[d.head] == d.key, d.key
    for user in User.objects.filter(username__in=members):
        assert role_of(user) == "dept" and user.email and user.first_name
    assert members["dept2"] == "after_sales" and members["quality2"] == "quality"


def test_the_demo_has_tickets_in_every_state(demo):
    from django.utils import timezone

    from huifang.tickets.models import Ticket
    from huifang.tickets.statuses import OPEN, STATUSES

    now = timezone.now()
    tickets = Ticket.objects.all()
    assert 140 <= tickets.count() <= 160
    assert set(tickets.values_list("status", flat=True)) == set(STATUSES)
    closed = tickets.filter(status="closed")
    assert closed.filter(satisfaction__in=["satisfied", "fairly_satisfied"]).count() >= 20
    assert closed.filter(policy_reason="not_reached").count() >= 5
    assert closed.filter(reopen_count=1).count() >= 5
    assert tickets.filter(status__in=OPEN, reopen_count=1).exists()
    assert tickets.filter(escalations__gt=0).count() >= 5
    overdue = tickets.filter(status__in=OPEN, next_due__lt=now).count()
    assert 5 <= overdue < tickets.filter(status__in=OPEN).count()
    assert len(set(tickets.values_list("severity", flat=True))) == 4
    assert set(tickets.values_list("source", flat=True)) == {"callback", "inbound", "manual"}
    assert set(tickets.values_list("dealer", flat=True)) == {"BJ01", "HB01", "SH01", "GD01", "SC01"}
    assert len(set(tickets.exclude(department="").values_list("department", flat=True))) >= 9
    assert len(set(tickets.values_list("category", flat=True))) >= 15
    # Opened over the last three weeks, and nothing happened in the future.
    assert tickets.filter(created_at__lt=now - timezone.timedelta(days=14)).exists()
    assert not tickets.filter(created_at__lt=now - timezone.timedelta(days=22)).exists()
    assert not tickets.filter(events__at__gt=now).exists()


def test_the_ladder_and_the_bell_have_something_to_show(demo):
    from huifang.tickets.models import Notification, TicketEvent

    levels = set(TicketEvent.objects.filter(action="sla").values_list("data__level", flat=True))
    assert levels == {0, 1, 2, 3}
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds >= {"routed", "warning", "overdue", "escalated", "reopened", "result_returned"}


def test_every_demo_ticket_was_taken_down_completely(demo):
    from huifang.tickets.intake import NOT_APPLICABLE, default_checklist
    from huifang.tickets.models import Ticket

    checklist = default_checklist()
    for ticket in Ticket.objects.select_related("customer", "vehicle"):
        assert checklist.is_complete(ticket.intake), (ticket.pk, checklist.problems(ticket.intake))
        assert ticket.vehicle.customer_id == ticket.customer_id
        assert ticket.intake["dealer"] == ticket.customer.dealer.code == ticket.dealer
        assert ticket.intake["description"] == ticket.description
        plate = dict(zip(["BJ01", "HB01", "SH01", "GD01", "SC01"], "京冀沪粤川", strict=True))
        assert ticket.vehicle.plate[0] == plate[ticket.dealer]  # the dealer's province
    parts = [t.intake["parts"] for t in Ticket.objects.all()]
    assert NOT_APPLICABLE in parts and len(set(parts)) > 20


def test_every_log_replays_to_its_row_and_every_step_was_allowed(demo):
    """The log is the truth: replayed, it gives the row's status; and each step was
    taken by someone allowed to take it when it was taken."""
    from huifang.tickets import access, handling, workflow
    from huifang.tickets.models import Ticket

    for ticket in Ticket.objects.select_related("created_by"):
        events = handling.events_of(ticket)
        state = workflow.replay(events)
        assert (state.status, state.events) == (ticket.status, ticket.version), ticket.pk
        assert (state.department or "", state.reopen_count) == (
            ticket.department, ticket.reopen_count
        )  # fmt: skip
        assert events[0].at > ticket.created_at if events else ticket.status == "new"
        rows = ticket.events.select_related("by").order_by("sequence")
        for number, row in enumerate(rows):
            if row.action == "sla":
                assert row.by is None
                continue
            then = Ticket(
                pk=ticket.pk,
                department=workflow.replay(events[:number]).department or "",
                created_by=ticket.created_by,
            )
            assert access.may_take(row.by, then, row.action), (ticket.pk, row.action, row.by)


def test_a_department_sees_only_its_tickets(demo):
    from django.contrib.auth.models import User

    from huifang.tickets import access
    from huifang.tickets.models import Ticket

    for username, department in data.DEPARTMENT_OF.items():
        seen = access.visible(User.objects.get(username=username))
        assert set(seen) == set(Ticket.objects.filter(department=department)), username
    busy = ["dept", "dept2", "quality_head", "quality2", "parts_head", "network_head"]
    for username in busy:
        assert access.visible(User.objects.get(username=username)).exists(), username
    supervisor = User.objects.get(username="supervisor")
    assert access.visible(supervisor).count() == Ticket.objects.count()


def test_the_ticket_pages_answer_with_demo_tickets(demo):
    from huifang.tickets.models import Ticket

    for username in ["supervisor", "agent1", "quality_head", "dept2"]:
        c = Client()
        c.post(reverse("login"), {"username": username, "password": data.PASSWORD})
        assert c.get(reverse("tickets:list")).status_code == 200, username
    c = Client()
    c.post(reverse("login"), {"username": "supervisor", "password": data.PASSWORD})
    for status in {t.status for t in Ticket.objects.all()}:
        ticket = Ticket.objects.filter(status=status).first()
        assert c.get(reverse("tickets:ticket", args=[ticket.pk])).status_code == 200, status


def test_the_demo_has_inbound_calls_with_a_promise_kept_waiting_and_one_overdue(demo):
    from huifang.calls import inbound
    from huifang.calls.models import InboundCall

    calls = InboundCall.objects.all()
    assert calls.count() == 7 and calls.filter(rating__isnull=False).count() == 6
    assert {c.intent for c in calls} == {"consult", "praise", "suggestion", "other"}
    overdue = list(inbound.overdue())
    assert [c.agent.username for c in overdue] == ["agent1"] and overdue[0].escalated_at
    pending = calls.filter(promised_by__gt=timezone.now())
    assert {c.callback.reserved_for.username for c in pending} == {"agent1", "agent2"}
    c = Client()
    c.post(reverse("login"), {"username": "agent1", "password": data.PASSWORD})
    page = c.get(reverse("inbound:start")).content.decode()
    assert "新车的合格证什么时候能寄到" in page and "已超时" in page
