"""Ticket statuses and actions 工单状态与操作 (F3): each status's value, Chinese label
(marked for translation; show it with `_`) and colour, and each action's label, the
statuses it may be taken from, the status it leads to and the data it takes — in one
place, for the workflow, the models, the templates and the API."""

from __future__ import annotations

from dataclasses import dataclass

from huifang.text import gettext_noop


@dataclass(frozen=True)
class Status:
    """A ticket status: value, Chinese label (translate with `_`) and colour, in one
    place for models, templates and the API."""

    value: str
    label: str
    colour: str
    open: bool = True


NEW, ROUTED, IN_PROGRESS, WAITING = "new", "routed", "in_progress", "waiting"
RESULT_RETURNED, FEEDBACK_CALL, CLOSED = "result_returned", "feedback_call", "closed"

STATUSES: dict[str, Status] = {
    status.value: status
    for status in (
        Status(NEW, gettext_noop("新建"), "red"),
        Status(ROUTED, gettext_noop("已派单"), "blue"),
        Status(IN_PROGRESS, gettext_noop("处理中"), "blue"),
        Status(WAITING, gettext_noop("等待中"), "grey"),
        Status(RESULT_RETURNED, gettext_noop("已回复结果"), "orange"),
        Status(FEEDBACK_CALL, gettext_noop("回访中"), "orange"),
        Status(CLOSED, gettext_noop("已关闭"), "green", open=False),
    )
}
OPEN = tuple(value for value, status in STATUSES.items() if status.open)

# Whom a waiting ticket waits on; the SLA clocks pause meanwhile.
WAITING_FOR = {"customer": gettext_noop("等待客户"), "dealer": gettext_noop("等待经销商")}
SATISFACTION = {
    "satisfied": gettext_noop("满意"),
    "fairly_satisfied": gettext_noop("基本满意"),
    "dissatisfied": gettext_noop("不满意"),
}
SATISFIED = ("satisfied", "fairly_satisfied")
# Why a ticket may be closed without the customer saying he is satisfied.
POLICY_REASONS = {"not_reached": gettext_noop("回访次数用完，仍未联系上客户")}


@dataclass(frozen=True)
class Action:
    """What can be done to a ticket: from which statuses, to which (None: the action
    decides — resume, escalate, comment), and the data it takes."""

    value: str
    label: str
    sources: tuple[str, ...]
    target: str | None
    data: tuple[str, ...] = ()
    note_required: str | None = None  # the message when the note is missing
    button: bool = True  # False: written by the system (the SLA worker), never offered


ROUTE, START, WAIT, RESUME = "route", "start", "wait", "resume"
RETURN_RESULT, START_FEEDBACK, CLOSE, REOPEN = "return_result", "start_feedback", "close", "reopen"
ESCALATE, CLOSE_BY_POLICY, COMMENT = "escalate", "close_by_policy", "comment"
EDIT, SLA, ASSIGN = "edit", "sla", "assign"

ACTIONS: dict[str, Action] = {
    action.value: action
    for action in (
        Action(ROUTE, gettext_noop("派单"), (NEW, ROUTED), ROUTED, ("department", "rule")),
        Action(START, gettext_noop("开始处理"), (ROUTED,), IN_PROGRESS),
        Action(
            WAIT,
            gettext_noop("等待客户/经销商"),
            (NEW, ROUTED, IN_PROGRESS),
            WAITING,
            ("waiting_for",),
        ),  # fmt: skip
        Action(RESUME, gettext_noop("恢复处理"), (WAITING,), None),
        Action(
            RETURN_RESULT,
            gettext_noop("回复处理结果"),
            (IN_PROGRESS,),
            RESULT_RETURNED,
            ("result",),
        ),  # fmt: skip
        Action(START_FEEDBACK, gettext_noop("开始回访"), (RESULT_RETURNED,), FEEDBACK_CALL),
        Action(CLOSE, gettext_noop("客户满意，结案"), (FEEDBACK_CALL,), CLOSED, ("satisfaction",)),
        Action(
            REOPEN,
            gettext_noop("客户不满意，重新处理"),
            (FEEDBACK_CALL, CLOSED),
            ROUTED,
            ("department",),
            gettext_noop("要记下客户不满意的原话"),
        ),  # fmt: skip
        Action(
            ESCALATE,
            gettext_noop("升级"),
            OPEN,
            None,
            ("department",),
            gettext_noop("要写明升级的原因"),
        ),  # fmt: skip
        Action(CLOSE_BY_POLICY, gettext_noop("按规定关闭"), (FEEDBACK_CALL,), CLOSED, ("reason",)),
        # A comment may record that the customer was told how things stand (the
        # update clock restarts).
        Action(
            COMMENT,
            gettext_noop("备注"),
            tuple(STATUSES),
            None,
            ("contacted",),
            gettext_noop("备注不能为空"),
        ),  # fmt: skip
        # The department head names who in the department handles it.
        Action(
            ASSIGN, gettext_noop("指派处理人"), (ROUTED, IN_PROGRESS, WAITING), None, ("assignee",)
        ),
        # The intake corrected: each changed field with its old and new value.
        Action(EDIT, gettext_noop("修改受理信息"), OPEN, None, ("changes",)),
        # A step of the SLA ladder (level 0: the 80 % warning), written by the worker.
        Action(SLA, gettext_noop("时限提醒"), OPEN, None, ("clock", "level"), button=False),
    )
}
REF = "ref"  # every action may carry references (a call, a task) as a mapping

# The three SLA clocks of a severity (F4) and the steps of the ladder when one runs
# out: level 0 is the warning at 80 % of the time, then whom the overdue ticket is
# escalated to, one step after another.
SLA_CLOCKS = {
    "first_response": gettext_noop("首次响应"),
    "update": gettext_noop("进展告知"),
    "resolution": gettext_noop("解决"),
}
SLA_LEVELS = {
    0: gettext_noop("即将超时"),
    1: gettext_noop("超时，提醒处理人"),
    2: gettext_noop("超时，升级到部门负责人"),
    3: gettext_noop("超时，升级到客户关系主管"),
}
