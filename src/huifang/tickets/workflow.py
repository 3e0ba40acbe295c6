"""The complaint ticket workflow 投诉处理流程 (F3), an explicit state machine in plain
Python.

Seed 002 gives the loop: 记录投诉内容 → 通过CRM系统转到相关处理部门 → 接收投诉处理结果，
向用户反馈结果 → 记录用户对处理结果是否满意，然后通过CRM系统转出. So a ticket is new
新建, routed 已派单 to a department, in progress 处理中 there, its result returned
已回复结果, followed up by phone 回访中, and closed 已关闭 when the customer is
satisfied. A customer who is not satisfied has it passed on again: `reopen` sends it
back to routed (the department must take it up again, seed 002 转出), and the reopens
are counted. A ticket can wait 等待中 on the customer or the dealer (the SLA clocks
pause, `paused_intervals`) and resume where it was; it can be escalated to a
supervisor (the state stays) or to a higher department (routed there); a follow-up
whose calls all went unanswered is closed by policy with that reason.

Nothing is stored as the truth but the log: `apply` gives the next `Event` to append
(or a `WorkflowError` in Chinese naming the action, the state and why), `replay` reads
the log into the current `State`, and `allowed` lists the actions for the buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from huifang.text import _, listing, quoted
from huifang.tickets.intake import Checklist, default_checklist
from huifang.tickets.statuses import (
    ACTIONS,
    ASSIGN,
    CLOSE,
    CLOSE_BY_POLICY,
    CLOSED,
    COMMENT,
    EDIT,
    ESCALATE,
    NEW,
    POLICY_REASONS,
    REF,
    REOPEN,
    RESULT_RETURNED,
    RESUME,
    RETURN_RESULT,
    ROUTE,
    ROUTED,
    SATISFIED,
    SLA,
    SLA_CLOCKS,
    SLA_LEVELS,
    STATUSES,
    WAIT,
    WAITING,
    WAITING_FOR,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


class WorkflowError(ValueError):
    """An action refused: the message names the action, the state and why."""

    def __init__(self, message: str, action: str = "", status: str = ""):
        self.action = action
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Event:
    """One line of a ticket's log, appended and never changed: a transition or a
    comment, with who and when (UTC, timezone-aware)."""

    action: str
    state_from: str
    state_to: str
    by: str
    at: datetime
    note: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))


@dataclass(frozen=True)
class TicketFacts:
    """What the guards need that is not in the log: the intake as captured (field key
    → value, checked against the checklist), the known department keys (None: not
    checked here) and whether the follow-up call has used all its attempts."""

    intake: Mapping[str, Any] = field(default_factory=dict)
    departments: frozenset[str] | None = None
    attempts_exhausted: bool = False
    checklist: Checklist | None = None  # None: ours (data/intake.yaml)

    def intake_problems(self) -> list[str]:
        return (self.checklist or default_checklist()).problems(self.intake)


@dataclass(frozen=True)
class State:
    """A ticket as its log says it is now."""

    status: str = NEW
    department: str | None = None
    reopen_count: int = 0
    escalations: int = 0
    waiting_for: str | None = None  # customer | dealer while waiting
    resume_to: str | None = None  # the status `resume` returns to
    result: str | None = None  # the department's latest result
    satisfaction: str | None = None  # the customer's latest answer
    policy_reason: str | None = None  # why it was closed by policy
    events: int = 0
    last_at: datetime | None = None

    @property
    def label(self) -> str:
        return _(STATUSES[self.status].label)

    @property
    def colour(self) -> str:
        return STATUSES[self.status].colour

    @property
    def is_open(self) -> bool:
        return STATUSES[self.status].open

    @property
    def waiting(self) -> bool:
        return self.status == WAITING


# --- what an action does ------------------------------------------------------------


def _next(state: State, action: str, data: Mapping[str, Any]) -> State:
    """The state after `action` with its (checked) data."""
    if action == ROUTE:
        return replace(state, status=ROUTED, department=data.get("department"))
    if action == WAIT:
        return replace(
            state, status=WAITING, waiting_for=data.get("waiting_for"), resume_to=state.status
        )
    if action == RESUME:
        return replace(state, status=state.resume_to or NEW, waiting_for=None, resume_to=None)
    if action == RETURN_RESULT:
        return replace(state, status=RESULT_RETURNED, result=data.get("result"))
    if action == CLOSE:
        return replace(state, status=CLOSED, satisfaction=data.get("satisfaction"))
    if action == REOPEN:
        return replace(
            state,
            status=ROUTED,
            department=data.get("department") or state.department,
            reopen_count=state.reopen_count + 1,
            satisfaction=data.get("satisfaction", "dissatisfied"),
            policy_reason=None,
        )
    if action == ESCALATE:
        state = replace(state, escalations=state.escalations + 1)
        if data.get("department"):
            return replace(
                state,
                status=ROUTED,
                department=data["department"],
                waiting_for=None,
                resume_to=None,
            )
        return state
    if action == CLOSE_BY_POLICY:
        return replace(state, status=CLOSED, policy_reason=data.get("reason"))
    target = ACTIONS[action].target
    return replace(state, status=target) if target else state


def replay(events: Sequence[Event]) -> State:
    """The current state from the append-only log. A log that does not hold together
    (an unknown action, a transition from a state the ticket was not in, a time going
    backwards) is refused with the event's number."""
    state = State()
    for number, event in enumerate(events, 1):
        action = ACTIONS.get(event.action)
        problem = None
        if action is None:
            problem = _("未知操作 {action!r}").format(action=event.action)
        elif event.state_from != state.status or state.status not in action.sources:
            problem = _("记录的原状态是{recorded}，工单当时是{actual}").format(
                recorded=quoted(event.state_from), actual=quoted(_label(state.status))
            )
        elif state.last_at is not None and event.at < state.last_at:
            problem = _("时间早于前一条记录，时间不能倒退")
        else:
            after = _next(state, event.action, event.data)
            if after.status != event.state_to:
                problem = _("记录的新状态是{recorded}，按操作应为{expected}").format(
                    recorded=quoted(event.state_to), expected=quoted(_label(after.status))
                )
        if problem:
            raise WorkflowError(
                _("工单记录第 {number} 条与前面的记录接不上：{problem}").format(
                    number=number, problem=problem
                ),
                event.action,
                state.status,
            )
        state = replace(after, events=number, last_at=event.at)
    return state


def paused_intervals(
    events: Sequence[Event], until: datetime | None = None
) -> list[tuple[datetime, datetime | None]]:
    """When the ticket waited on the customer or the dealer (the SLA clocks pause):
    (start, end) pairs in order. A wait not yet over ends at `until` when given, else
    its end is None."""
    pauses: list[tuple[datetime, datetime | None]] = []
    for event in events:
        if event.state_to == WAITING and event.state_from != WAITING:
            pauses.append((event.at, None))
        elif event.state_from == WAITING and event.state_to != WAITING:
            pauses[-1] = (pauses[-1][0], event.at)
    if pauses and pauses[-1][1] is None and until is not None:
        pauses[-1] = (pauses[-1][0], max(until, pauses[-1][0]))
    return pauses


# --- what may be done now -----------------------------------------------------------


def _label(status: str) -> str:
    return _(STATUSES[status].label) if status in STATUSES else status


def _as_state(state: State | str) -> State:
    return State(status=state) if isinstance(state, str) else state


def why_not(state: State | str, action: str, facts: TicketFacts | None = None) -> str | None:
    """Why `action` cannot be taken now (before any input is given), or None."""
    state, facts = _as_state(state), facts or TicketFacts()
    spec = ACTIONS.get(action)
    if spec is None:
        return _("没有{action}这个操作（可用：{known}）").format(
            action=quoted(action), known=listing(ACTIONS)
        )
    if state.status not in spec.sources:
        return _("工单现在是{state}，{action}只用于{sources}的工单").format(
            state=quoted(_label(state.status)),
            action=quoted(_(spec.label)),
            sources=listing(quoted(_label(s)) for s in spec.sources),
        )
    if action == ROUTE and (problems := facts.intake_problems()):
        return _(
            "受理信息还不完整（{problems}）；按受理要求，这些都要记录清楚才能转给处理部门"
        ).format(problems=_("；").join(problems))
    if action == CLOSE_BY_POLICY and not facts.attempts_exhausted:
        return _("回访次数还没有用完，不能按未联系上客户关闭")
    return None


def allowed(state: State | str, facts: TicketFacts | None = None) -> list[str]:
    """The actions that can be taken now, in table order: the buttons to show."""
    return [
        action
        for action, spec in ACTIONS.items()
        if spec.button and why_not(state, action, facts) is None
    ]


# --- the next event -----------------------------------------------------------------


def _shanghai(at: datetime) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def _department(facts: TicketFacts, department: Any, required: bool) -> str | None:
    """The department named (stripped), checked against the known ones; None if none."""
    text = str(department or "").strip()
    if not text:
        if required:
            raise ValueError(_("要选择处理部门"))
        return None
    if facts.departments is not None and text not in facts.departments:
        raise ValueError(
            _("没有部门{department}（可选：{known}）").format(
                department=quoted(text), known=listing(sorted(facts.departments))
            )
        )
    return text


def _data(state: State, action: str, facts: TicketFacts, data: dict[str, Any]) -> dict:
    """The action's data, checked and cleaned; ValueError with the reason."""
    clean: dict[str, Any] = {}
    if action == ROUTE:
        clean["department"] = _department(facts, data.get("department"), required=True)
        if clean["department"] == state.department:
            raise ValueError(
                _("工单已经派给了{department}").format(department=quoted(state.department))
            )
        clean["rule"] = str(data.get("rule") or "").strip()  # empty: chosen by hand
    elif action == WAIT:
        waiting_for = data.get("waiting_for")
        if waiting_for not in WAITING_FOR:
            raise ValueError(
                _("要写明等待谁（{choices}）").format(
                    choices=listing(f"{k} {_(v)}" for k, v in WAITING_FOR.items())
                )
            )
        clean["waiting_for"] = waiting_for
    elif action == RETURN_RESULT:
        result = str(data.get("result") or "").strip()
        if not result:
            raise ValueError(_("还没有处理结果：要写下处理部门的处理结果才能回复"))
        clean["result"] = result
    elif action == CLOSE:
        if data.get("satisfaction") not in SATISFIED:
            raise ValueError(
                _(
                    "客户满意或基本满意才能结案（satisfaction 应为 {choices}）；客户不满意请用{reopen}"
                ).format(choices=listing(SATISFIED), reopen=quoted(_(ACTIONS[REOPEN].label)))
            )
        clean["satisfaction"] = data["satisfaction"]
    elif action == REOPEN:
        department = _department(facts, data.get("department"), required=False)
        clean["department"] = department or state.department
        clean["satisfaction"] = "dissatisfied"
    elif action == ESCALATE:
        department = _department(facts, data.get("department"), required=False)
        if department is not None:
            if department == state.department:
                raise ValueError(
                    _("工单已经在{department}，要升级请选上级部门，或不选部门升级给主管").format(
                        department=quoted(department)
                    )
                )
            if state.status == NEW and (problems := facts.intake_problems()):
                raise ValueError(
                    _("转给部门前受理信息要完整（{problems}）").format(
                        problems=_("；").join(problems)
                    )
                )
            clean["department"] = department
    elif action == CLOSE_BY_POLICY:
        if data.get("reason") not in POLICY_REASONS:
            raise ValueError(
                _("要写明按哪条规定关闭（{choices}）").format(
                    choices=listing(f"{k} {_(v)}" for k, v in POLICY_REASONS.items())
                )
            )
        clean["reason"] = data["reason"]
    elif action == ASSIGN:
        assignee = str(data.get("assignee") or "").strip()
        if not assignee:
            raise ValueError(_("要写明指派给谁（assignee：处理人的登录名）"))
        clean["assignee"] = assignee
    elif action == COMMENT:
        if data.get("contacted"):
            clean["contacted"] = True
    elif action == EDIT:
        changes = data.get("changes")
        if (
            not isinstance(changes, Mapping)
            or not changes
            or not all(isinstance(v, list | tuple) and len(v) == 2 for v in changes.values())
        ):
            raise ValueError(_("没有修改：changes 应为 {字段: [原值, 新值]}"))
        clean["changes"] = {str(k): list(v) for k, v in changes.items()}
    elif action == SLA:
        if data.get("clock") not in SLA_CLOCKS or data.get("level") not in SLA_LEVELS:
            raise ValueError(_("时限提醒要写明哪个时限（clock）和第几级（level）"))
        clean["clock"], clean["level"] = data["clock"], data["level"]
    if REF in data:
        if not isinstance(data[REF], Mapping):
            raise ValueError(_("ref 应为映射（如 call、task 的编号）"))
        clean[REF] = dict(data[REF])
    return clean


def apply(
    events: Sequence[Event],
    action: str,
    *,
    by: str,
    at: datetime,
    facts: TicketFacts | None = None,
    note: str = "",
    **data: Any,
) -> Event:
    """The event that `action` by `by` at `at` appends to the log `events`; a
    WorkflowError naming the action, the state and why when it cannot be taken."""
    state, facts = replay(events), facts or TicketFacts()
    spec = ACTIONS.get(action)
    if spec is None:
        raise WorkflowError(str(why_not(state, action)), action, state.status)

    def refuse(reason: str) -> WorkflowError:
        return WorkflowError(
            _("不能{action}：{reason}").format(action=quoted(_(spec.label)), reason=reason),
            action,
            state.status,
        )

    if reason := why_not(state, action, facts):
        raise refuse(reason)
    if not str(by or "").strip():
        raise refuse(_("要写明是谁操作的"))
    if not isinstance(at, datetime) or at.utcoffset() is None:
        raise refuse(_("时间要带时区（保存为 UTC）"))
    if state.last_at is not None and at < state.last_at:
        raise refuse(
            _("时间 {at} 早于上一条记录的 {last}，时间不能倒退").format(
                at=_shanghai(at), last=_shanghai(state.last_at)
            )
        )
    unknown = sorted(set(data) - {*spec.data, REF})
    if unknown:
        raise refuse(
            _("不认识的资料 {unknown}（此操作可用：{known}）").format(
                unknown=listing(unknown), known=listing((*spec.data, REF))
            )
        )
    note = str(note or "").strip()
    if spec.note_required and not note:
        raise refuse(_(spec.note_required))
    try:
        clean = _data(state, action, facts, data)
    except ValueError as exc:
        raise refuse(str(exc)) from None
    after = _next(state, action, clean)
    return Event(action, state.status, after.status, str(by).strip(), at, note, clean)
