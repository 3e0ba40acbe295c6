"""The follow-up call 投诉追踪回访 (F5; seed 002: 接收处理部门的处理结果，对客户进行回访，
记录用户满意度，用户不满意时再次转给处理部门).

When a department returns its result, a call task for the customer lands in the
standing campaign 投诉追踪回访 (made on first use, with the built-in questionnaire
complaint-followup), one task per ticket and round. The agent works it in the ordinary
workspace, which shows the result to read out:

- dialling it starts the feedback call (状态 回访中);
- "满意"/"基本满意" closes the ticket with that satisfaction;
- "不满意" reopens it to the department with the customer's own words;
- a customer not reached once the campaign's attempts are used up closes it by policy
  (not_reached).

The satisfaction is kept on the ticket for the reports."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from huifang.campaigns import rules
from huifang.campaigns.choices import Kind, TaskState
from huifang.campaigns.lifecycle import add_task, standing_campaign
from huifang.campaigns.models import Attempt, CallTask
from huifang.surveys.models import Questionnaire
from huifang.surveys.store import install_builtins
from huifang.text import _
from huifang.tickets.models import Ticket
from huifang.tickets.statuses import (
    CLOSE,
    CLOSE_BY_POLICY,
    COMMENT,
    FEEDBACK_CALL,
    REOPEN,
    RESULT_RETURNED,
    SATISFACTION,
    SATISFIED,
    START_FEEDBACK,
)

QUESTIONNAIRE = "complaint-followup"
# The questionnaire's questions the ticket reads (builtin/complaint-followup.yaml).
SOLVED, SATISFACTION_QUESTION, WORDS, ANYTHING_ELSE = "q1", "q2", "q3", "q4"
PRIORITY = 8  # before ordinary campaigns (5): the customer is waiting for an answer


def _campaign_fields() -> dict:
    """投诉追踪回访 as it is made on first use, its questionnaire frozen."""
    questionnaire = Questionnaire.objects.filter(slug=QUESTIONNAIRE).first()
    if questionnaire is None:
        version = install_builtins()[QUESTIONNAIRE]
    else:
        version = questionnaire.versions.order_by("-number").first()
    return {
        "name": _("投诉追踪回访"),
        "purpose": _("把处理部门的处理结果告诉客户，记录客户是否满意；不满意的再次转给处理部门"),
        "priority": PRIORITY,
        "questionnaire": version.questionnaire,
        "questionnaire_version": version,
    }


def subject(ticket: Ticket) -> str:
    return f"ticket {ticket.pk} round {ticket.reopen_count + 1}"


def schedule(ticket: Ticket, now: datetime) -> CallTask:
    """The follow-up call for the result just returned on `ticket`, callable now."""
    campaign = standing_campaign(Kind.COMPLAINT_FOLLOWUP, now, _campaign_fields)
    phone = ticket.customer.phones.order_by("position", "id").first()
    return add_task(campaign, ticket.customer, phone, subject(ticket), now)


def cancel(task_pk: int, now: datetime) -> None:
    """The follow-up call no longer to be made (the ticket was closed or sent back
    without it); a call already in an agent's hands is left to finish."""
    CallTask.objects.filter(pk=task_pk, state=TaskState.OPEN).update(
        state=TaskState.CLOSED, closed_at=now, callable_from=None, wait_reason=""
    )


def ticket_of(task: CallTask) -> Ticket | None:
    """The open ticket a follow-up task calls back about, if any."""
    if task.campaign.kind != Kind.COMPLAINT_FOLLOWUP:
        return None
    return Ticket.objects.filter(task=task, status__in=(RESULT_RETURNED, FEEDBACK_CALL)).first()


def _act(ticket: Ticket, action: str, agent, now: datetime, **data) -> Ticket:
    from huifang.tickets.handling import act

    return act(ticket, action, user=agent, version=ticket.version, now=now, **data)


def dialled(task: CallTask, agent, now: datetime | None = None) -> None:
    """The agent dials the follow-up call: the ticket's feedback call begins."""
    ticket = ticket_of(task)
    if ticket is not None and ticket.status == RESULT_RETURNED:
        _act(ticket, START_FEEDBACK, agent, now or timezone.now(), ref={"task": task.pk})


def concluded(task: CallTask, attempt: Attempt, answers: dict, now: datetime) -> Ticket | None:
    """The follow-up call's outcome is recorded: close, reopen or close by policy, as
    the answers and the task say; nothing when the task will be called again."""
    ticket = ticket_of(task)
    if ticket is None:
        return None
    agent = attempt.agent
    ref = {"task": task.pk, "attempt": attempt.pk}
    if ticket.status == RESULT_RETURNED:
        ticket = _act(ticket, START_FEEDBACK, agent, now, ref=ref)
    satisfaction = answers.get(SATISFACTION_QUESTION)
    words = str(answers.get(WORDS) or "").strip()
    extra = str(answers.get(ANYTHING_ELSE) or "").strip()
    if satisfaction in SATISFIED:
        note = "\n".join(filter(None, [words, extra]))
        return _act(ticket, CLOSE, agent, now, note=note, satisfaction=satisfaction, ref=ref)
    if satisfaction in SATISFACTION:  # dissatisfied: back to the department
        note = words or attempt.note or _("客户对处理结果不满意")
        return _act(ticket, REOPEN, agent, now, note=note, ref=ref)
    if task.state != TaskState.CLOSED:
        return ticket  # called again later
    if not attempt.conversation:
        return _act(
            ticket,
            CLOSE_BY_POLICY,
            agent,
            now,
            reason="not_reached",
            attempts_exhausted=True,
            ref=ref,
        )
    # Reached, but the call ended without the customer's verdict (he declined, hung
    # up): the supervisor decides — the ticket stays in 回访中 with why.
    return _act(
        ticket,
        COMMENT,
        agent,
        now,
        note=_("回访已结束，客户没有评价处理结果（{outcome}），请主管决定结案或重新处理").format(
            outcome=rules.outcome_label(attempt.outcome)
        ),
        ref=ref,
    )
