"""The ticket screens: the list and its filters, the ticket page and its actions (a
stale save told who changed what), the intake form, a department's inbox, the
supervisor's board and the bell — each seen only by whom it is for."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huifang.customers.models import Dealer
from huifang.tickets.handling import act, open_ticket
from huifang.tickets.models import Attachment, Notification, Ticket
from tests import factories
from tests.tickets.test_handling import COMPLETE

pytestmark = pytest.mark.django_db
PHONE = "+8613912345678"


@pytest.fixture
def people():
    return {
        "agent": factories.agent("agent1"),
        "agent2": factories.agent("agent2"),
        "supervisor": factories.agent("supervisor", role="supervisor"),
        "quality": factories.handler("handler1", "quality"),
        "after_sales": factories.handler("handler2", "after_sales"),
    }


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def tickets(people):
    """Three tickets: one with 质量部 in progress, one with 售后服务部, one new."""
    person = factories.customer("王伟", phone=PHONE)
    now = timezone.now() - timedelta(days=3)
    made = []
    for department, category in (("quality", "gearbox"), ("after_sales", "repair_quality")):
        t = open_ticket(customer=person, by=people["agent"], description=f"{category} 问题",
                        intake={**COMPLETE, "category": category}, created_at=now)  # fmt: skip
        t = act(t, "route", user=people["agent"], version=0, department=department, now=now)
        made.append(t)
    made[0] = act(made[0], "start", user=people["quality"], version=1, now=now)
    made.append(
        open_ticket(
            customer=person,
            by=people["agent2"],
            description="交车时承诺的脚垫没给",
            intake={"category": "delivery"},
        )  # fmt: skip
    )
    return made


def test_the_list_filters_and_refuses_a_bad_filter_by_name(people, tickets):
    page = client(people["supervisor"]).get(reverse("tickets:list"), {"department": "quality"})
    assert page.status_code == 200
    assert list(page.context["page"]) == [tickets[0]]
    page = client(people["supervisor"]).get(reverse("tickets:list"), {"q": "脚垫"})
    assert list(page.context["page"]) == [tickets[2]]
    page = client(people["supervisor"]).get(reverse("tickets:list"), {"q": "5678"})
    assert len(page.context["page"]) == 3  # the last digits of the customer's number
    page = client(people["supervisor"]).get(reverse("tickets:list"), {"severity": "huge"})
    assert page.status_code == 400 and "严重程度「huge」不是可选项" in page.content.decode()
    page = client(people["supervisor"]).get(reverse("tickets:list"), {"since": "2026-13-01"})
    assert page.status_code == 400 and "开始日期" in page.content.decode()


def test_a_handler_sees_only_her_department_and_never_a_full_number(people, tickets):
    mine, other, _new = tickets
    mine = act(mine, "comment", user=people["supervisor"], version=mine.version,
               note="客户另留了电话 137 0000 1111")  # fmt: skip
    handler = client(people["quality"])
    assert handler.get(reverse("tickets:ticket", args=[other.pk])).status_code == 404
    page = handler.get(reverse("tickets:ticket", args=[mine.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "13912345678" not in text and "139****5678" in text
    assert "137 0000 1111" not in text and "137****1111" in text
    listed = handler.get(reverse("tickets:list"))
    assert list(listed.context["page"]) == [mine]
    # Posting to another department's ticket is refused the same way.
    refused = handler.post(reverse("tickets:act", args=[other.pk]),
                           {"action": "start", "version": other.version})  # fmt: skip
    assert refused.status_code == 404
    assert Ticket.objects.get(pk=other.pk).status == "routed"


def test_an_agent_sees_only_the_tickets_she_took_down(people, tickets):
    listed = client(people["agent2"]).get(reverse("tickets:list"))
    assert list(listed.context["page"]) == [tickets[2]]
    assert (
        client(people["agent2"]).get(reverse("tickets:ticket", args=[tickets[0].pk])).status_code
        == 404
    )


def test_the_ticket_page_offers_the_readers_actions_and_an_action_is_logged(people, tickets):
    mine = tickets[0]
    handler = client(people["quality"])
    page = handler.get(reverse("tickets:ticket", args=[mine.pk]))
    offered = {a.value for a in page.context["actions"]}
    assert offered == {
        "wait",
        "return_result",
        "comment",
    }
    assert "route" not in offered and "close" not in offered  # the centre's side
    done = handler.post(reverse("tickets:act", args=[mine.pk]),
                        {"action": "return_result", "version": mine.version,
                         "result": "已更换变速箱阀体"})  # fmt: skip
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "result_returned" and mine.result == "已更换变速箱阀体"
    page = handler.get(reverse("tickets:ticket", args=[mine.pk]))
    assert "已更换变速箱阀体" in page.content.decode()
    assert [line.action for line in page.context["lines"]][-1] == "return_result"


def test_a_missing_result_is_refused_with_the_reason_and_nothing_is_written(people, tickets):
    mine = tickets[0]
    refused = client(people["quality"]).post(
        reverse("tickets:act", args=[mine.pk]),
        {"action": "return_result", "version": mine.version, "result": "  "},
    )
    assert refused.status_code == 400
    assert "还没有处理结果" in refused.content.decode()
    assert Ticket.objects.get(pk=mine.pk).version == mine.version


def test_a_stale_save_is_refused_with_who_changed_it_and_shows_their_change(people, tickets):
    mine = tickets[0]
    seen = mine.version
    act(mine, "comment", user=people["supervisor"], version=seen, note="客户又来电催了")
    refused = client(people["quality"]).post(
        reverse("tickets:act", args=[mine.pk]),
        {"action": "return_result", "version": seen, "result": "已更换变速箱阀体"},
    )
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "supervisor" in text and "备注" in text and "请看过最新内容后再保存" in text
    fresh = [line for line in refused.context["lines"] if line.fresh]
    assert [line.note for line in fresh] == ["客户又来电催了"]
    assert "已更换变速箱阀体" in text  # what she typed is still in the form
    assert Ticket.objects.get(pk=mine.pk).status == "in_progress"


def test_the_intake_form_finds_the_customer_saves_and_routes_only_when_complete(people):
    person = factories.customer("赵敏", phone="+8613700001234")
    c = client(people["supervisor"])
    found = c.get(reverse("tickets:new"), {"q": "1234"})
    assert person in found.context["matches"]
    form = {"customer": person.pk, "description": "刹车异响", "category": "chassis", "route": "1"}
    saved = c.post(reverse("tickets:new"), form)
    ticket = Ticket.objects.get()
    assert saved.status_code == 302 and ticket.status == "new"
    page = c.get(reverse("tickets:ticket", args=[ticket.pk]))
    assert "缺少事情经过" in page.content.decode()
    saved = c.post(reverse("tickets:new"), {**COMPLETE, **form, "customer": person.pk,
                                            "files": SimpleUploadedFile("发票.jpg", b"jpeg")})  # fmt: skip
    second = Ticket.objects.exclude(pk=ticket.pk).get()
    assert second.status == "routed" and second.source == "manual"
    assert second.department == "quality"  # by the rule for 底盘
    assert second.events.last().data["rule"]
    assert Attachment.objects.get(ticket=second).name == "发票.jpg"


def test_the_customer_types_advice_is_shown_beside_the_form(people):
    page = client(people["agent"]).get(reverse("tickets:advice"), {"customer_type": "agitated"})
    assert "保持冷静" in page.content.decode()


def test_editing_the_intake_logs_each_change(people, tickets):
    draft = tickets[2]
    c = client(people["agent2"])
    done = c.post(reverse("tickets:act", args=[draft.pk]),
                  {**COMPLETE, "action": "edit", "version": draft.version,
                   "description": draft.description, "category": "delivery"})  # fmt: skip
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.intake["what_happened"] == COMPLETE["what_happened"]
    line = (
        client(people["agent2"])
        .get(reverse("tickets:ticket", args=[draft.pk]))
        .context["lines"][-1]
    )
    assert line.action == "edit" and any("事情经过" in fact for fact in line.facts)
    assert "客户类型：— → 激动型" in line.facts  # values by their labels


def test_attachments_go_with_the_ticket_and_stay_with_its_readers(people, tickets):
    mine, other, _ = tickets
    c = client(people["quality"])
    c.post(reverse("tickets:attach", args=[mine.pk]),
           {"file": SimpleUploadedFile("维修单.pdf", b"%PDF-1.4")})  # fmt: skip
    attachment = Attachment.objects.get()
    got = c.get(reverse("tickets:attachment", args=[attachment.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4"
    assert (
        client(people["after_sales"])
        .get(reverse("tickets:attachment", args=[attachment.pk]))
        .status_code
        == 404
    )
    assert Ticket.objects.get(pk=mine.pk).events.last().note == "上传了附件 维修单.pdf"


def test_the_inbox_puts_the_departments_overdue_first(people, tickets):
    mine = tickets[0]
    Ticket.objects.filter(pk=mine.pk).update(next_due=timezone.now() - timedelta(hours=1))
    page = client(people["quality"]).get(reverse("tickets:inbox"))
    assert page.status_code == 200 and page.context["overdue"] == [Ticket.objects.get(pk=mine.pk)]
    assert client(people["agent"]).get(reverse("tickets:inbox")).status_code == 404


def test_the_board_counts_open_tickets_and_this_weeks_times(people, tickets):
    page = client(people["supervisor"]).get(reverse("tickets:board"))
    board = page.context["board"]
    assert board.by_status.total == 3
    assert dict(((r, c), n) for (r, c), n in board.by_status.counts.items()) == {
        ("quality", "in_progress"): 1, ("after_sales", "routed"): 1, ("", "new"): 1,
    }  # fmt: skip
    assert client(people["quality"]).get(reverse("tickets:board")).status_code == 404


def test_the_bell_counts_unread_items_and_opening_the_ticket_reads_them(people, tickets):
    other = tickets[1]
    Notification.objects.create(user=people["after_sales"], ticket=other, kind="routed",
                                text=f"新派单 #{other.pk}")  # fmt: skip
    c = client(people["after_sales"])
    home = c.get(reverse("tickets:notifications"))
    assert home.context["unread"]() == 1 and f"新派单 #{other.pk}" in home.content.decode()
    c.get(reverse("tickets:ticket", args=[other.pk]))
    assert c.get(reverse("tickets:notifications")).context["unread"]() == 0


def test_the_dealer_filter_offers_the_archives_dealers(people, tickets):
    Dealer.objects.create(code="BJ01", name="北京长城汽车4S店")
    page = client(people["supervisor"]).get(reverse("tickets:list"), {"dealer": "BJ01"})
    assert ("BJ01", "北京长城汽车4S店") in page.context["dealers"]
    assert len(page.context["page"]) == 2  # the intake says BJ01 for the two complete ones


def test_the_department_head_assigns_the_handler_who_is_told(
    people, tickets, django_capture_on_commit_callbacks
):
    head = factories.handler("quality_head", "quality")  # routing.yaml's head of 质量部
    mine = tickets[0]
    page = client(people["quality"]).get(reverse("tickets:ticket", args=[mine.pk]))
    assert "assign" not in {a.value for a in page.context["actions"]}  # not the head
    refused = client(people["quality"]).post(
        reverse("tickets:act", args=[mine.pk]),
        {"action": "assign", "version": mine.version, "assignee": "handler1"},
    )
    assert refused.status_code == 403
    c = client(head)
    page = c.get(reverse("tickets:ticket", args=[mine.pk]))
    assert "assign" in {a.value for a in page.context["actions"]}
    wrong = c.post(reverse("tickets:act", args=[mine.pk]),
                   {"action": "assign", "version": mine.version, "assignee": "handler2"})  # fmt: skip
    assert wrong.status_code == 400 and "不是「质量部」的处理人" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = c.post(reverse("tickets:act", args=[mine.pk]),
                      {"action": "assign", "version": mine.version, "assignee": "quality_head"})  # fmt: skip
    assert done.status_code == 302
    assert Ticket.objects.get(pk=mine.pk).assignee == head
    told = Notification.objects.filter(user=head, kind="routed", ticket=mine)
    assert told.exists() and "指派给你处理" in told.get().text
