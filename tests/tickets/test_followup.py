"""The follow-up call 投诉追踪回访 (F5): a returned result puts a call task in the standing
campaign; the call in the ordinary workspace closes the ticket when the customer is
satisfied, reopens it with his words when not, and closes it by policy when he cannot
be reached within the campaign's attempts."""

from datetime import timedelta

import pytest
from django.urls import reverse

from huifang.calls import conversation, workspace
from huifang.calls.models import Call
from huifang.campaigns.choices import Kind
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.models import CallTask, Campaign
from huifang.tickets.handling import act, events_of, open_ticket
from huifang.tickets.models import DepartmentMember, Ticket
from tests import factories as f
from tests.calls.centre import NOW, client_for, hand_to
from tests.tickets.test_handling import COMPLETE

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(centre):
    """王建国's complaint, routed, taken up and answered by 售后服务部."""
    handler = f.handler("handler1", "after_sales")
    ticket = open_ticket(
        customer=centre["customer"],
        by=centre["agent"],
        description="保养后发动机异响",
        intake={**COMPLETE, "category": "repair_quality"},
        created_at=NOW - timedelta(days=2),
    )
    ticket = act(ticket, "route", user=centre["agent"], version=0, department="after_sales",
                 now=NOW - timedelta(days=2))  # fmt: skip
    ticket = act(ticket, "start", user=handler, version=1, now=NOW - timedelta(days=1))
    ticket = act(ticket, "return_result", user=handler, version=2, now=NOW - timedelta(hours=2),
                 result="已免费更换正时皮带张紧器，试车无异响")  # fmt: skip
    # The satisfaction campaign's own task for 王建国 is done with.
    CallTask.objects.exclude(campaign__kind=Kind.COMPLAINT_FOLLOWUP).update(state="closed")
    return ticket


def _call(centre, now=NOW) -> Call:
    task = claim_next(centre["agent"], now=now)
    assert task is not None and task.campaign.kind == Kind.COMPLAINT_FOLLOWUP
    call = workspace.open_call(centre["agent"], now)
    workspace.dial(call, now)
    return Call.objects.get(pk=call.pk)


def test_a_returned_result_queues_the_follow_up_call_in_the_standing_campaign(returned):
    campaign = Campaign.objects.get(kind=Kind.COMPLAINT_FOLLOWUP)
    assert campaign.name == "投诉追踪回访" and campaign.status == "active"
    assert campaign.questionnaire_version.questionnaire.slug == "complaint-followup"
    task = CallTask.objects.get(campaign=campaign)
    assert returned.task == task and task.customer == returned.customer
    assert task.state == "open" and task.priority > 5 and task.phone is not None
    assert task.subject == f"ticket {returned.pk} round 1"


def test_satisfied_closes_the_ticket_with_the_satisfaction(centre, returned):
    call = _call(centre)
    assert Ticket.objects.get(pk=returned.pk).status == "feedback_call"  # dialling began it
    conversation.give_answer(call, "q1", "yes", now=NOW)
    conversation.give_answer(Call.objects.get(pk=call.pk), "q2", "fairly_satisfied", now=NOW)
    workspace.hang_up(Call.objects.get(pk=call.pk), NOW + timedelta(minutes=2))
    workspace.finish(Call.objects.get(pk=call.pk), "complete", now=NOW + timedelta(minutes=3))
    ticket = Ticket.objects.get(pk=returned.pk)
    assert ticket.status == "closed" and ticket.satisfaction == "fairly_satisfied"
    assert [e.action for e in events_of(ticket)][-2:] == ["start_feedback", "close"]
    assert events_of(ticket)[-1].by == "agent1"


def test_dissatisfied_reopens_it_with_the_customers_words_and_a_second_round_follows(
    centre, returned
):
    call = _call(centre)
    conversation.give_answer(call, "q1", "no", now=NOW)
    conversation.give_answer(Call.objects.get(pk=call.pk), "q2", "dissatisfied", now=NOW)
    conversation.give_answer(Call.objects.get(pk=call.pk), "q3", "还是响，要求换发动机", now=NOW)
    workspace.hang_up(Call.objects.get(pk=call.pk), NOW + timedelta(minutes=2))
    workspace.finish(Call.objects.get(pk=call.pk), "complete", now=NOW + timedelta(minutes=3))
    ticket = Ticket.objects.get(pk=returned.pk)
    assert ticket.status == "routed" and ticket.department == "after_sales"
    assert ticket.reopen_count == 1 and ticket.satisfaction == "dissatisfied"
    reopened = events_of(ticket)[-1]
    assert reopened.action == "reopen" and reopened.note == "还是响，要求换发动机"
    # The department answers again: a second follow-up task, the first one kept.
    handler = DepartmentMember.objects.get().user
    later = NOW + timedelta(hours=1)
    ticket = act(ticket, "start", user=handler, version=ticket.version, now=later)
    act(ticket, "return_result", user=handler, version=ticket.version, now=later,
        result="更换发动机总成")  # fmt: skip
    subjects = sorted(CallTask.objects.filter(customer=centre["customer"],
                      campaign__kind=Kind.COMPLAINT_FOLLOWUP).values_list("subject", flat=True))  # fmt: skip
    assert subjects == [f"ticket {ticket.pk} round 1", f"ticket {ticket.pk} round 2"]


def test_not_reached_within_the_attempts_closes_it_by_policy(centre, returned):
    Campaign.objects.filter(kind=Kind.COMPLAINT_FOLLOWUP).update(max_attempts=1)
    call = _call(centre)
    workspace.finish(call, "no_answer", now=NOW + timedelta(minutes=1))
    ticket = Ticket.objects.get(pk=returned.pk)
    assert ticket.status == "closed" and ticket.policy_reason == "not_reached"
    assert ticket.satisfaction == ""


def test_an_unanswered_call_that_will_be_retried_leaves_the_ticket_in_feedback(centre, returned):
    call = _call(centre)
    workspace.finish(call, "no_answer", now=NOW + timedelta(minutes=1))
    ticket = Ticket.objects.get(pk=returned.pk)
    assert ticket.status == "feedback_call"
    assert CallTask.objects.get(pk=ticket.task_id).state == "open"


def test_the_workspace_shows_the_result_to_read(centre, returned):
    hand_to(centre["agent"])  # on the real clock, as the page runs
    page = client_for(centre["agent"]).get(reverse("next_call"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "已免费更换正时皮带张紧器，试车无异响" in text and "要告诉客户的处理结果" in text


def test_a_ticket_decided_without_the_call_cancels_the_follow_up_task(centre, returned):
    ticket = act(returned, "start_feedback", user=centre["agent"], version=returned.version,
                 now=NOW)  # fmt: skip
    act(ticket, "reopen", user=centre["supervisor"], version=ticket.version, now=NOW,
        note="客户来电说问题又出现了")  # fmt: skip
    assert CallTask.objects.get(pk=returned.task_id).state == "closed"
    assert claim_next(centre["agent"], now=NOW) is None  # nobody is sent to call
