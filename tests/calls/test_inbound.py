"""Inbound calls 客户来电 (F1): the caller found by his number or taken down, why he
called and what he was told, a promised call back in the agent's own queue — raised
once when it goes overdue — and his rating."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from huifang.calls import inbound
from huifang.calls.models import InboundCall
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.models import CallTask
from huifang.tickets.models import Notification, Ticket
from tests import factories as f
from tests.calls.centre import NOW

pytestmark = pytest.mark.django_db
NUMBER = "+8613800138000"


@pytest.fixture
def desk(db):
    team = f.team()
    return {
        "agent": f.agent("agent1", team),
        "other": f.agent("agent2", team),
        "supervisor": f.agent("supervisor", role="supervisor"),
        "customer": f.customer("王建国", phone=NUMBER),
    }


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_caller_is_found_by_his_number_however_it_is_written(desk):
    number = inbound.number_of("138 0013 8000")
    assert number == NUMBER
    assert list(inbound.callers(number)) == [desk["customer"]]
    with pytest.raises(inbound.InboundError, match="来电号码「12」"):
        inbound.number_of("12")


def test_a_new_caller_is_taken_down_with_his_number(desk):
    call = inbound.take(desk["agent"], "+8613912345678", name="赵敏", now=NOW)
    assert call.customer.name == "赵敏" and call.customer.phones.get().e164 == "+8613912345678"
    with pytest.raises(inbound.InboundError, match="请填写客户姓名"):
        inbound.take(desk["agent"], "+8613912345679", name=" ", now=NOW)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"intent": ""}, "来电意图：请选择（咨询、投诉、建议、表扬、其他）"),
        ({"intent": "consult", "answer": "可以", "rating": "6"}, "服务评价应为 1 到 5 分"),
        ({"intent": "consult"}, "请写下给客户的答复"),
        ({"intent": "consult", "promised_by": NOW + timedelta(hours=2)}, "请记下客户的问题"),
        ({"intent": "consult", "question": "保养周期", "promised_by": NOW}, "要晚于现在"),
    ],
)
def test_a_call_that_cannot_be_saved_says_which_field_and_keeps_nothing(desk, fields, message):
    call = inbound.take(desk["agent"], NUMBER, desk["customer"], now=NOW)
    with pytest.raises(inbound.InboundError, match=message):
        inbound.finish(call, now=NOW + timedelta(minutes=3), **fields)
    stored = InboundCall.objects.get(pk=call.pk)
    assert stored.ended_at is None and stored.intent == "" and not CallTask.objects.exists()


def test_an_answered_call_keeps_the_answer_and_the_rating(desk):
    call = inbound.take(desk["agent"], NUMBER, desk["customer"], now=NOW)
    inbound.finish(call, intent="consult", question="保养周期多久", answer_key="x.y",
                   answer="每 5000 公里或半年保养一次", rating="5", now=NOW)  # fmt: skip
    stored = InboundCall.objects.get(pk=call.pk)
    assert stored.rating == 5 and stored.ended_at == NOW and stored.callback is None
    with pytest.raises(inbound.InboundError, match="已经保存过了"):
        inbound.finish(stored, intent="consult", answer="再说一次", now=NOW)


def test_a_promised_call_back_is_the_agents_own_until_its_deadline(desk):
    call = inbound.take(desk["agent"], NUMBER, desk["customer"], now=NOW)
    due = NOW + timedelta(hours=4)
    inbound.finish(call, intent="consult", question="事故车保险怎么理赔", promised_by=due,
                   rating=4, now=NOW)  # fmt: skip
    task = InboundCall.objects.get(pk=call.pk).callback
    assert task.campaign.name == "来电回复" and task.reserved_for == desk["agent"]
    assert task.reserved_until == due and task.subject == f"inbound {call.pk}"
    assert claim_next(desk["other"], now=NOW + timedelta(minutes=5)) is None
    claimed = claim_next(desk["agent"], now=NOW + timedelta(minutes=5))
    assert claimed == task and inbound.promise_of(claimed).pk == call.pk


def test_an_overdue_promise_is_raised_once_to_the_agent_and_the_supervisors(desk):
    call = inbound.take(desk["agent"], NUMBER, desk["customer"], now=NOW)
    due = NOW + timedelta(hours=4)
    inbound.finish(call, intent="consult", question="事故车保险怎么理赔", promised_by=due, now=NOW)
    assert inbound.escalate(due - timedelta(minutes=1)) == 0
    assert inbound.escalate(due + timedelta(minutes=1)) == 1
    assert inbound.escalate(due + timedelta(minutes=2)) == 0  # once
    told = Notification.objects.filter(kind="promise_overdue")
    assert {n.user.username for n in told} == {"agent1", "supervisor"}
    assert told.first().url == reverse("inbound:call", args=[call.pk])
    assert "事故车保险怎么理赔" in told.first().text
    # Kept: a promise called back in time is never raised.
    kept = inbound.take(desk["agent"], NUMBER, desk["customer"], now=NOW)
    inbound.finish(kept, intent="consult", question="年检", promised_by=due, now=NOW)
    CallTask.objects.filter(pk=InboundCall.objects.get(pk=kept.pk).callback_id).update(
        state="closed"
    )
    assert inbound.escalate(due + timedelta(hours=1)) == 0


def test_the_pages_find_the_caller_masked_and_save_the_call(desk):
    c = client(desk["agent"])
    page = c.get(reverse("inbound:start"), {"number": "13800138000"})
    text = page.content.decode()
    assert "王建国" in text and "138****8000" in text  # the archive's number, masked
    answered = c.post(reverse("inbound:start"), {"number": NUMBER, "customer": desk["customer"].pk})
    call = InboundCall.objects.get()
    assert answered.url == reverse("inbound:call", args=[call.pk])
    page = c.get(answered.url)
    assert "欢迎您的来电" in page.content.decode()
    unsaved = c.get(reverse("inbound:start")).context["unsaved"]
    assert list(unsaved) == [call]  # a call not yet saved is kept at hand
    refused = c.post(answered.url, {"intent": "consult"})
    assert refused.status_code == 400 and "请写下给客户的答复" in refused.content.decode()
    saved = c.post(answered.url, {"intent": "praise", "answer": "非常感谢您的支持与认可",
                                  "rating": "5", "save": "1"})  # fmt: skip
    assert saved.status_code == 302 and InboundCall.objects.get().rating == 5
    assert not c.get(reverse("inbound:start")).context["unsaved"]
    assert client(desk["other"]).get(answered.url).status_code == 404
    assert client(desk["supervisor"]).get(answered.url).status_code == 200


def test_a_complaint_on_an_inbound_call_goes_to_the_intake_and_is_linked(desk):
    c = client(desk["agent"])
    call = inbound.take(desk["agent"], NUMBER, desk["customer"], now=NOW)
    moved = c.post(reverse("inbound:call", args=[call.pk]),
                   {"intent": "complaint", "question": "刹车异响", "complaint": "1"})  # fmt: skip
    assert moved.status_code == 302 and "source=inbound" in moved.url
    c.post(reverse("tickets:new"), {"customer": desk["customer"].pk, "source": "inbound",
                                    "inbound": call.pk, "description": "刹车异响"})  # fmt: skip
    ticket = Ticket.objects.get()
    assert ticket.source == "inbound" and InboundCall.objects.get().ticket == ticket


def test_the_answer_search_fills_the_scripts_for_the_caller(desk):
    call = inbound.take(desk["agent"], NUMBER, desk["customer"], now=NOW)
    found = client(desk["agent"]).get(
        reverse("script_search"), {"q": "来电回复", "use": "1", "inbound": call.pk}
    )
    text = found.content.decode()
    assert "王建国" in text and "{customer_name}" not in text and "用作答复" in text
    other = client(desk["other"]).get(
        reverse("script_search"), {"q": "来电回复", "use": "1", "inbound": call.pk}
    )
    assert "王建国" not in other.content.decode()  # another agent's call shows nothing
