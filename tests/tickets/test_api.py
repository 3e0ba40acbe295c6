"""The ticket API under /api/v1/tickets/, tried as each persona: the supervisor sees
every ticket, a department's handler only her department's (another's answers 404, as
if it did not exist), an agent only those she took down or was assigned; nobody reads
a full phone number; actions go through the workflow with the version the caller saw."""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from huifang.tickets.handling import act, open_ticket
from huifang.tickets.models import Ticket, TicketEvent
from tests import factories
from tests.factories import at

pytestmark = pytest.mark.django_db

API = "/api/v1/tickets/"
NUMBER = "+8613912345678"  # the customer's phone
DIGITS = "13912345678"
COMPLETE = {
    "customer": "王伟先生",
    "vehicle": "哈弗H6 LGW12345678901234",
    "category": "gearbox",  # → quality
    "service_station": "北京长城汽车4S店服务站",
    "dealer": "BJ01",
    "parts": "变速箱",
    "what_happened": "3月1日第二次进站，更换变速箱油后仍然顿挫",
    "customer_request": "一周内修好，回电 139-1234-5678",
    "customer_type": "agitated",
    "severity": "important",
}
MONDAY = "2025-03-03 09:00"


@pytest.fixture
def centre():
    people = {
        "agent": factories.agent("agent1"),
        "agent2": factories.agent("agent2"),
        "supervisor": factories.agent("supervisor", role="supervisor"),
        "handler": factories.handler("handler1", "quality"),
        "other": factories.handler("handler2", "after_sales"),
    }
    wang = factories.customer(phone=NUMBER)

    def ticket(by, created=MONDAY, **intake):
        return open_ticket(
            customer=wang,
            by=by,
            description=f"换挡顿挫，客户说打 {DIGITS} 找他",
            source="inbound",
            intake={**COMPLETE, **intake},
            created_at=at(created),
        )

    routed = "2025-03-03 09:30"
    ours = act(ticket(people["agent"]), "route", user=people["agent"], version=0, now=at(routed))
    theirs = act(
        ticket(people["agent"], category="repair_delay"),
        "route",
        user=people["agent"],
        version=0,
        now=at(routed),
    )
    fresh = ticket(people["agent2"], created="2025-03-04 10:00", severity="urgent")
    assigned = ticket(people["supervisor"], created="2025-03-05 10:00")
    assigned.assignee = people["agent"]
    assigned.save()
    # Not yet due: the clocks run from "now" in the API.
    Ticket.objects.filter(pk=fresh.pk).update(next_due=timezone.now() + timedelta(days=1))
    return {
        **people,
        "ours": ours,
        "theirs": theirs,
        "fresh": fresh,
        "assigned": assigned,
    }


def as_user(client, user):
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def post_action(client, ticket, **body):
    return client.post(
        f"{API}{ticket.pk}/actions",
        json.dumps(body, ensure_ascii=False),
        content_type="application/json",
    )


# --- the list and its filters ----------------------------------------------------------


def test_the_list_is_filtered_and_paged(centre, client):
    as_user(client, centre["supervisor"])
    everything = client.get(API).json()
    assert everything["count"] == 4 and everything["page"] == 1
    # Newest first.
    assert [row["id"] for row in everything["results"]] == [
        centre["assigned"].pk, centre["fresh"].pk, centre["theirs"].pk, centre["ours"].pk,
    ]  # fmt: skip
    assert ids(client.get(API, {"status": "routed"})) == {centre["ours"].pk, centre["theirs"].pk}
    assert ids(client.get(API, {"department": "quality"})) == {centre["ours"].pk}
    assert ids(client.get(API, {"severity": "urgent"})) == {centre["fresh"].pk}
    overdue = client.get(API, {"overdue": "1"}).json()
    assert {row["id"] for row in overdue["results"]} == {
        centre["ours"].pk, centre["theirs"].pk, centre["assigned"].pk,
    }  # fmt: skip
    assert all(row["overdue"] for row in overdue["results"])
    second = client.get(API, {"page": 2, "page_size": 3}).json()
    assert second["count"] == 4 and [row["id"] for row in second["results"]] == [centre["ours"].pk]
    assert client.get(API, {"page": 9}).json()["results"] == []


def test_an_item_has_the_list_columns(centre, client):
    as_user(client, centre["supervisor"])
    row = next(r for r in client.get(API).json()["results"] if r["id"] == centre["ours"].pk)
    assert row["status"] == "routed" and row["status_label"] == "已派单"
    assert row["department"] == "quality" and row["department_name"] == "质量部"
    assert (row["severity"], row["category"], row["dealer"]) == ("important", "gearbox", "BJ01")
    assert (row["severity_label"], row["category_label"]) == ("重要", "变速箱")
    assert row["customer_name"] == "王伟" and row["phone"] == "139****5678"
    assert row["overdue"] is True and row["version"] == 1 and row["reopen_count"] == 0
    assert row["created_at"].startswith("2025-03-03T09:00:00") and row["next_due"]


def test_a_bad_filter_is_refused_naming_it(centre, client):
    as_user(client, centre["supervisor"])
    refused = client.get(API, {"status": "bogus"})
    assert refused.status_code == 400
    assert "状态" in refused.json()["detail"] and "bogus" in refused.json()["detail"]
    refused = client.get(API, {"since": "last week"})
    assert refused.status_code == 400 and "开始日期" in refused.json()["detail"]
    refused = client.get(API, {"page_size": 500})
    assert refused.status_code == 400 and "page_size" in refused.json()["detail"]
    refused = client.get(f"{API}overdue", {"department": "nowhere"})
    assert refused.status_code == 400 and "处理部门" in refused.json()["detail"]


def test_the_overdue_queue_is_the_longest_overdue_first(centre, client):
    as_user(client, centre["supervisor"])
    queue = client.get(f"{API}overdue").json()
    assert [row["id"] for row in queue["results"]] == [
        centre["ours"].pk, centre["theirs"].pk, centre["assigned"].pk,
    ]  # fmt: skip
    quality = client.get(f"{API}overdue", {"department": "quality", "severity": "important"})
    assert ids(quality) == {centre["ours"].pk}
    assert ids(client.get(f"{API}overdue", {"severity": "urgent"})) == set()


def test_the_list_costs_the_same_queries_for_one_page_whatever_its_length(
    centre, client, django_assert_max_num_queries
):
    as_user(client, centre["handler"])
    client.get(API)  # the session and the permissions, once
    for n in range(10):
        open_ticket(
            customer=factories.customer(name=f"客户{n}"),
            by=centre["agent"],
            description="异响",
            department="quality",
        )
    # session, user, 2 × permissions, department, count, page, phones
    with django_assert_max_num_queries(8):
        assert len(client.get(API).json()["results"]) == 11


# --- who sees what -------------------------------------------------------------------------


def test_a_handler_sees_only_her_departments_tickets(centre, client):
    as_user(client, centre["handler"])
    assert ids(client.get(API)) == {centre["ours"].pk}
    assert client.get(f"{API}{centre['ours'].pk}").status_code == 200
    hidden = client.get(f"{API}{centre['theirs'].pk}")
    assert hidden.status_code == 404 and "工单" in hidden.json()["detail"]
    # The same answer as for a ticket that does not exist.
    assert client.get(f"{API}999999").json()["detail"].replace("999999", "") == hidden.json()[
        "detail"
    ].replace(str(centre["theirs"].pk), "")
    # Nor can she act on it.
    assert post_action(client, centre["theirs"], action="start", version=1).status_code == 404
    assert ids(client.get(f"{API}overdue")) == {centre["ours"].pk}


def test_an_agent_sees_the_tickets_she_took_down_or_was_assigned(centre, client):
    as_user(client, centre["agent"])
    assert ids(client.get(API)) == {centre["ours"].pk, centre["theirs"].pk, centre["assigned"].pk}
    assert client.get(f"{API}{centre['fresh'].pk}").status_code == 404
    client.logout()
    as_user(client, centre["agent2"])
    assert ids(client.get(API)) == {centre["fresh"].pk}
    assert client.get(f"{API}{centre['ours'].pk}").status_code == 404


def test_a_handler_never_reads_a_full_phone_number(centre, client):
    ours = act(
        centre["ours"],
        "comment",
        user=centre["agent"],
        version=1,
        note=f"客户又来电，号码 {NUMBER}，座机 010-87654321",
    )
    as_user(client, centre["handler"])
    for url in (API, f"{API}overdue", f"{API}{ours.pk}", f"{API}?q=5678"):
        text = client.get(url).content.decode()
        for shown in (DIGITS, NUMBER, "1234-5678", "87654321"):
            assert shown not in text, (url, shown)
    detail = client.get(f"{API}{ours.pk}").json()
    assert detail["phone"] == "139****5678"
    assert "139****5678" in detail["description"]
    assert "139****5678" in detail["intake"]["customer_request"]
    assert "010****4321" in detail["events"][-1]["note"]
    assert detail["intake"]["vehicle"] == COMPLETE["vehicle"]  # a VIN is not a number


def test_the_api_needs_a_signed_in_user(centre, client):
    assert client.get(API).status_code == 401
    token = base64.b64encode(b"handler1:secret-pass-1").decode()
    answer = client.get(API, HTTP_AUTHORIZATION=f"Basic {token}")
    assert ids(answer) == {centre["ours"].pk}


# --- actions -------------------------------------------------------------------------------


def test_an_action_through_the_api_appends_to_the_log(centre, client):
    as_user(client, centre["handler"])
    detail = client.get(f"{API}{centre['ours'].pk}").json()
    assert [a["action"] for a in detail["actions"]] == ["start", "wait", "comment"]
    answer = post_action(client, centre["ours"], action="start", version=detail["version"])
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status"] == "in_progress" and body["version"] == 2
    last = body["events"][-1]
    assert (last["sequence"], last["action"], last["by_name"]) == (2, "start", "handler1")
    assert last["action_label"] == "开始处理" and last["state_from"] == "routed"
    answer = post_action(
        client,
        centre["ours"],
        action="return_result",
        version=2,
        result="已更换阀体，回电 13912345678",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "result_returned"
    assert DIGITS not in answer.content.decode()
    assert TicketEvent.objects.filter(ticket=centre["ours"]).count() == 3
    assert TicketEvent.objects.filter(ticket=centre["ours"]).last().by == centre["handler"]


def test_a_stale_version_is_refused_naming_who_changed_it(centre, client):
    act(centre["ours"], "start", user=centre["handler"], version=1)
    as_user(client, centre["agent"])
    refused = post_action(client, centre["ours"], action="comment", version=1, note="请尽快")
    assert refused.status_code == 409
    assert "handler1" in refused.json()["detail"] and "开始处理" in refused.json()["detail"]
    assert refused.json()["version"] == 2
    assert TicketEvent.objects.filter(ticket=centre["ours"]).count() == 2
    again = post_action(client, centre["ours"], action="comment", version=2, note="请尽快")
    assert again.status_code == 200 and again.json()["version"] == 3


def test_an_action_the_user_may_not_take_is_forbidden(centre, client):
    as_user(client, centre["handler"])
    refused = post_action(client, centre["ours"], action="escalate", version=1, note="太慢")
    assert refused.status_code == 403 and "「升级」" in refused.json()["detail"]
    client.logout()
    as_user(client, centre["agent"])
    refused = post_action(client, centre["ours"], action="return_result", version=1, result="好")
    assert refused.status_code == 403 and "回复处理结果" in refused.json()["detail"]
    assert TicketEvent.objects.filter(ticket=centre["ours"]).count() == 1


def test_a_refused_action_says_why_and_writes_nothing(centre, client):
    as_user(client, centre["handler"])
    # Not in progress yet: the ticket's state is in the way.
    refused = post_action(client, centre["ours"], action="return_result", version=1, result="好")
    assert refused.status_code == 409 and "已派单" in refused.json()["detail"]
    assert refused.json()["version"] == 1
    act(centre["ours"], "start", user=centre["handler"], version=1)
    # The result is missing: the input is at fault.
    refused = post_action(client, centre["ours"], action="return_result", version=2)
    assert refused.status_code == 400 and "处理结果" in refused.json()["detail"]
    # Data the action does not take.
    refused = post_action(client, centre["ours"], action="wait", version=2, result="好")
    assert refused.status_code == 400 and "result" in refused.json()["detail"]
    unknown = post_action(client, centre["ours"], action="sla", version=2)
    assert unknown.status_code == 400 and "sla" in unknown.json()["detail"]
    assert TicketEvent.objects.filter(ticket=centre["ours"]).count() == 2


@pytest.mark.parametrize(
    "text, shown",
    [
        ("打13912345678找他", "打139****5678找他"),
        ("+86 139-1234-5678", "139****5678"),
        ("8613912345678", "139****5678"),
        ("座机 010-87654321。", "座机 010****4321。"),
        ("+86 10 8765 4321", "010****4321"),
        ("0086 21 12345678", "021****5678"),
        ("0755 1234 5678", "075****5678"),
        ("VIN LGW12345678901234", "VIN LGW12345678901234"),
        ("工单 #12345678，订单 202503030001", "工单 #12345678，订单 202503030001"),
    ],
)
def test_numbers_in_free_text_are_masked(text, shown):
    from huifang.accounts.masking import mask_text as masked

    assert masked(text) == shown
    assert masked({"a": [text]}) == {"a": [shown]}
