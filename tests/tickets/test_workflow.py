"""The ticket workflow (F3): the whole state × action table, the guards (intake,
result, satisfaction, attempts, time), reopening, waiting, escalation, closing by
policy, the log read back, and random sequences of actions keeping the invariants."""

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import event as event_
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from huifang.text import quoted
from huifang.tickets import workflow as wf
from huifang.tickets.statuses import (
    ACTIONS,
    CLOSED,
    FEEDBACK_CALL,
    IN_PROGRESS,
    NEW,
    OPEN,
    POLICY_REASONS,
    RESULT_RETURNED,
    ROUTED,
    SATISFIED,
    STATUSES,
    WAITING,
)
from huifang.tickets.workflow import Event, State, TicketFacts, WorkflowError

T0 = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)  # Monday 09:00 in Shanghai
INTAKE = {
    "customer": "王伟 138****0001",
    "vehicle": "哈弗H6 LGW12345678901234",
    "category": "gearbox",
    "description": "换挡顿挫，低速时有异响",
    "service_station": "北京长城汽车4S店服务站",
    "dealer": "BJ01",
    "parts": "变速箱",
    "what_happened": "3月1日第二次进站，更换变速箱油后仍然顿挫",
    "customer_request": "一周内修好，否则要求更换变速箱",
    "customer_type": "agitated",
    "severity": "important",
}
DEPARTMENTS = frozenset({"quality", "after_sales", "management"})
FACTS = TicketFacts(intake=INTAKE, departments=DEPARTMENTS, attempts_exhausted=True)

# Input that is right for each action in every status it may be taken from.
GOOD = {
    "route": {"department": "after_sales", "rule": "routing.yaml 第 70 行"},
    "start": {},
    "wait": {"waiting_for": "customer"},
    "resume": {},
    "return_result": {"result": "服务站已更换变速箱阀体，试车正常"},
    "start_feedback": {},
    "close": {"satisfaction": "satisfied"},
    "reopen": {"note": "客户说还是顿挫，不满意"},
    "escalate": {"note": "客户要求主管回电"},
    "close_by_policy": {"reason": "not_reached"},
    "comment": {"note": "客户来电催问进度"},
    "edit": {"changes": {"parts": ["变速箱", "变速箱阀体"]}},
    "sla": {"clock": "resolution", "level": 1},
    "assign": {"assignee": "handler1"},
}
# How each status is reached, as (action, input) steps.
PATHS = {
    NEW: [],
    ROUTED: [("route", {"department": "quality"})],
    IN_PROGRESS: [("route", {"department": "quality"}), ("start", {})],
    WAITING: [("route", {"department": "quality"}), ("start", {}), ("wait", GOOD["wait"])],
}
PATHS[RESULT_RETURNED] = PATHS[IN_PROGRESS] + [("return_result", GOOD["return_result"])]
PATHS[FEEDBACK_CALL] = PATHS[RESULT_RETURNED] + [("start_feedback", {})]
PATHS[CLOSED] = PATHS[FEEDBACK_CALL] + [("close", GOOD["close"])]

# The table as the seed reads (written out here, not taken from the module).
LEGAL = {
    (NEW, "route"): ROUTED,
    (ROUTED, "route"): ROUTED,
    (ROUTED, "start"): IN_PROGRESS,
    (NEW, "wait"): WAITING,
    (ROUTED, "wait"): WAITING,
    (IN_PROGRESS, "wait"): WAITING,
    (WAITING, "resume"): IN_PROGRESS,  # where PATHS[WAITING] left from
    (IN_PROGRESS, "return_result"): RESULT_RETURNED,
    (RESULT_RETURNED, "start_feedback"): FEEDBACK_CALL,
    (FEEDBACK_CALL, "close"): CLOSED,
    (FEEDBACK_CALL, "reopen"): ROUTED,
    (CLOSED, "reopen"): ROUTED,
    (FEEDBACK_CALL, "close_by_policy"): CLOSED,
    **{(status, "escalate"): status for status in STATUSES if status != CLOSED},
    **{(status, "comment"): status for status in STATUSES},
    **{(status, "edit"): status for status in STATUSES if status != CLOSED},
    **{(status, "sla"): status for status in STATUSES if status != CLOSED},
    **{(status, "assign"): status for status in (ROUTED, IN_PROGRESS, WAITING)},
}


def run(steps, facts=FACTS, log=()):
    """`log` (empty when not given) with `steps` appended, an hour apart."""
    log: list[Event] = list(log)
    for action, given in steps:
        given = dict(given)
        note = given.pop("note", "")
        at = (log[-1].at if log else T0) + timedelta(hours=1)
        log.append(wf.apply(log, action, by="agent1", at=at, facts=facts, note=note, **given))
    return log


def then(log, action, facts=FACTS, hours=1, by="dept1", **given):
    """The event `action` appends to `log`, `hours` after its last event."""
    last = log[-1].at if log else T0
    return wf.apply(log, action, by=by, at=last + timedelta(hours=hours), facts=facts, **given)


def label(status):
    return quoted(STATUSES[status].label)


# --- the table ----------------------------------------------------------------------


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("status", list(STATUSES))
def test_every_status_and_action(status, action):
    log = run(PATHS[status])
    assert wf.replay(log).status == status
    given = dict(GOOD[action])
    if (status, action) in LEGAL:
        event = then(log, action, **given)
        assert (event.state_from, event.state_to) == (status, LEGAL[status, action])
        assert wf.replay([*log, event]).status == LEGAL[status, action]
        # The worker's SLA steps are never offered as a button.
        assert (action in wf.allowed(wf.replay(log), FACTS)) == ACTIONS[action].button
    else:
        with pytest.raises(WorkflowError) as refused:
            then(log, action, **given)
        message = str(refused.value)
        assert message.startswith(f"不能{quoted(ACTIONS[action].label)}：")
        assert f"工单现在是{label(status)}" in message
        assert refused.value.action == action and refused.value.status == status
        assert action not in wf.allowed(wf.replay(log), FACTS)


def test_the_table_has_every_status_and_nothing_else():
    for action in ACTIONS.values():
        assert set(action.sources) <= set(STATUSES)
        assert action.target is None or action.target in STATUSES
    assert {status for status, _action in LEGAL} == set(STATUSES)
    assert OPEN == tuple(s for s in STATUSES if s != CLOSED)


def test_statuses_keep_label_and_colour_together():
    colours = {"red", "blue", "grey", "orange", "green"}  # the badge colours in huifang.css
    for status in STATUSES.values():
        assert status.label and status.colour in colours
    assert [STATUSES[s].label for s in STATUSES] == [
        "新建", "已派单", "处理中", "等待中", "已回复结果", "回访中", "已关闭",
    ]  # fmt: skip
    assert State(status=WAITING).label == "等待中" and State(status=CLOSED).colour == "green"


def test_an_unknown_action_is_refused_by_name():
    with pytest.raises(WorkflowError, match="没有「fix」这个操作"):
        wf.apply([], "fix", by="agent1", at=T0, facts=FACTS)


# --- the intake checklist before routing --------------------------------------------


def test_routing_needs_every_field_the_seed_names():
    facts = TicketFacts(intake={"customer": "王伟", "description": "顿挫"})
    assert "route" not in wf.allowed(State(), facts)
    with pytest.raises(WorkflowError) as refused:
        wf.apply([], "route", by="agent1", at=T0, facts=facts, department="quality")
    message = str(refused.value)
    assert message.startswith("不能「派单」：受理信息还不完整")
    for missing in ("车辆/产品", "问题类别", "服务站", "经销商", "零部件名称", "事情经过",
                    "客户的要求", "客户类型", "严重程度"):  # fmt: skip
        assert f"缺少{missing}" in message
    assert "缺少客户；" not in message and "缺少用户反映的问题" not in message


def test_not_applicable_is_written_down_where_the_checklist_allows_it():
    facts = TicketFacts(intake={**INTAKE, "parts": "不涉及", "service_station": "不涉及"})
    assert wf.apply([], "route", by="a", at=T0, facts=facts, department="quality")
    facts = TicketFacts(intake={**INTAKE, "what_happened": "不涉及"})
    with pytest.raises(WorkflowError, match="事情经过不能填“不涉及”"):
        wf.apply([], "route", by="a", at=T0, facts=facts, department="quality")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("customer_type", "angry", "客户类型「angry」不是可选项（demanding 要求型、confused 困惑型、agitated 激动型）"),
        ("severity", "紧急", "严重程度「紧急」不是可选项"),
        ("dealer", "   ", "缺少经销商"),
        ("parts", [], "缺少零部件名称"),
    ],
)  # fmt: skip
def test_intake_values_are_checked(field, value, message):
    facts = TicketFacts(intake={**INTAKE, field: value})
    with pytest.raises(WorkflowError, match=message):
        wf.apply([], "route", by="a", at=T0, facts=facts, department="quality")


def test_escalating_a_new_ticket_to_a_department_is_routing_it():
    facts = TicketFacts(intake={"customer": "王伟"})
    with pytest.raises(WorkflowError, match="转给部门前受理信息要完整"):
        wf.apply(
            [], "escalate", by="sup", at=T0, facts=facts, note="媒体曝光", department="management"
        )
    event = wf.apply([], "escalate", by="sup", at=T0, facts=facts, note="媒体曝光")
    assert (event.state_from, event.state_to, dict(event.data)) == (NEW, NEW, {})
    event = wf.apply(
        [], "escalate", by="sup", at=T0, facts=FACTS, note="媒体曝光", department="management"
    )
    assert event.state_to == ROUTED and wf.replay([event]).department == "management"


# --- route, result, close -----------------------------------------------------------


def test_route_names_the_rule_or_none_when_chosen_by_hand():
    (event,) = run([("route", {"department": "quality", "rule": "routing.yaml 第 70 行"})])
    assert dict(event.data) == {"department": "quality", "rule": "routing.yaml 第 70 行"}
    (event,) = run([("route", {"department": "quality"})])
    assert dict(event.data) == {"department": "quality", "rule": ""}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "要选择处理部门"),
        ({"department": "legal"}, "没有部门「legal」（可选：after_sales、management、quality）"),
        ({"department": "quality"}, "工单已经派给了「quality」"),
    ],
)
def test_route_needs_a_known_other_department(given, message):
    log = run(PATHS[ROUTED])
    with pytest.raises(WorkflowError, match=message):
        then(log, "route", **given)


def test_no_result_no_result_returned():
    log = run(PATHS[IN_PROGRESS])
    for result in ("", "   "):
        with pytest.raises(WorkflowError, match="不能「回复处理结果」：还没有处理结果"):
            then(log, "return_result", result=result)
    event = then(log, "return_result", result=" 已更换阀体 ")
    assert event.data["result"] == "已更换阀体"
    assert wf.replay([*log, event]).result == "已更换阀体"


def test_closing_needs_a_satisfied_customer():
    log = run(PATHS[FEEDBACK_CALL])
    for satisfaction in (None, "dissatisfied", "happy"):
        with pytest.raises(
            WorkflowError, match="客户满意或基本满意才能结案.*「客户不满意，重新处理」"
        ):
            then(log, "close", satisfaction=satisfaction)
    state = wf.replay([*log, then(log, "close", satisfaction="fairly_satisfied")])
    assert (state.status, state.satisfaction, state.is_open) == (CLOSED, "fairly_satisfied", False)


# --- reopening ----------------------------------------------------------------------


def test_reopening_counts_and_goes_back_to_the_department():
    log = run(PATHS[FEEDBACK_CALL])
    for round_ in range(1, 4):
        log.append(then(log, "reopen", note=f"第{round_}次不满意：还是顿挫"))
        state = wf.replay(log)
        assert (state.status, state.department, state.reopen_count) == (ROUTED, "quality", round_)
        assert state.satisfaction == "dissatisfied"
        assert log[-1].data["satisfaction"] == "dissatisfied"
        log = run(PATHS[FEEDBACK_CALL][1:], log=log)
    assert wf.replay(log).reopen_count == 3


def test_reopen_needs_the_customers_words_and_may_change_department():
    log = run(PATHS[FEEDBACK_CALL])
    with pytest.raises(WorkflowError, match="不能「客户不满意，重新处理」：要记下客户不满意的原话"):
        then(log, "reopen", note="  ")
    event = then(log, "reopen", note="要求换车", department="management")
    assert wf.replay([*log, event]).department == "management"


def test_a_closed_ticket_reopens_when_the_customer_calls_again():
    log = run(PATHS[CLOSED])
    log.append(then(log, "reopen", note="一个月后又顿挫了", hours=24 * 30))
    state = wf.replay(log)
    assert (state.status, state.reopen_count, state.is_open) == (ROUTED, 1, True)


# --- waiting ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [NEW, ROUTED, IN_PROGRESS])
def test_resume_returns_to_the_state_it_left(status):
    log = run(PATHS[status])
    log.append(then(log, "wait", waiting_for="dealer", note="等经销商提供维修记录"))
    state = wf.replay(log)
    assert (state.status, state.waiting, state.waiting_for, state.resume_to) == (
        WAITING, True, "dealer", status,
    )  # fmt: skip
    assert wf.allowed(state, FACTS) == ["resume", "escalate", "comment", "assign", "edit"]
    log.append(then(log, "resume", hours=5))
    state = wf.replay(log)
    assert (state.status, state.waiting, state.waiting_for) == (status, False, None)


def test_waiting_says_on_whom():
    log = run(PATHS[IN_PROGRESS])
    with pytest.raises(WorkflowError, match="要写明等待谁（customer 等待客户、dealer 等待经销商）"):
        then(log, "wait", waiting_for="department")


def test_the_clock_pauses_while_waiting():
    log = run(PATHS[WAITING])
    start = log[-1].at
    assert wf.paused_intervals(log) == [(start, None)]
    assert wf.paused_intervals(log, until=start + timedelta(hours=2)) == [
        (start, start + timedelta(hours=2))
    ]
    log.append(then(log, "comment", note="客户说周五来店"))
    log.append(then(log, "resume", hours=3))
    log.append(then(log, "wait", waiting_for="customer"))
    log.append(then(log, "escalate", note="等太久", department="management"))
    assert wf.paused_intervals(log) == [
        (start, start + timedelta(hours=4)),
        (start + timedelta(hours=5), start + timedelta(hours=6)),
    ]
    assert wf.replay(log).status == ROUTED and not wf.replay(log).waiting


# --- escalation ---------------------------------------------------------------------


def test_escalating_to_a_supervisor_keeps_the_state_and_counts():
    log = run(PATHS[WAITING])
    log.append(then(log, "escalate", note="客户情绪激动，要求主管处理"))
    log.append(then(log, "escalate", note="主管再报经理"))
    state = wf.replay(log)
    assert (state.status, state.escalations, state.resume_to) == (WAITING, 2, IN_PROGRESS)
    log.append(then(log, "resume"))
    assert wf.replay(log).status == IN_PROGRESS


def test_escalating_to_a_higher_department_routes_it_there():
    log = run(PATHS[FEEDBACK_CALL])
    log.append(then(log, "escalate", note="质量部两次处理不了", department="management"))
    state = wf.replay(log)
    assert (state.status, state.department, state.escalations, state.reopen_count) == (
        ROUTED, "management", 1, 0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "要写明升级的原因"),
        ({"note": "x", "department": "quality"}, "工单已经在「quality」"),
        ({"note": "x", "department": "legal"}, "没有部门「legal」"),
    ],
)
def test_escalation_is_explained_and_goes_somewhere_else(given, message):
    with pytest.raises(WorkflowError, match=message):
        then(run(PATHS[IN_PROGRESS]), "escalate", **given)


def test_a_closed_ticket_is_not_escalated():
    with pytest.raises(WorkflowError, match="「升级」只用于「新建」、「已派单」"):
        then(run(PATHS[CLOSED]), "escalate", note="x")


# --- closing by policy --------------------------------------------------------------


def test_close_by_policy_only_when_the_attempts_ran_out():
    log = run(PATHS[FEEDBACK_CALL])
    trying = TicketFacts(intake=INTAKE, attempts_exhausted=False)
    assert "close_by_policy" not in wf.allowed(wf.replay(log), trying)
    with pytest.raises(WorkflowError, match="回访次数还没有用完"):
        then(log, "close_by_policy", facts=trying, reason="not_reached")
    with pytest.raises(WorkflowError, match="要写明按哪条规定关闭（not_reached "):
        then(log, "close_by_policy", reason="customer_gone")
    log.append(then(log, "close_by_policy", reason="not_reached", note="3 次未接通"))
    state = wf.replay(log)
    assert (state.status, state.policy_reason, state.satisfaction) == (CLOSED, "not_reached", None)
    log.append(then(log, "reopen", note="客户回电说问题还在"))
    assert wf.replay(log).policy_reason is None


# --- who, when, what ----------------------------------------------------------------


def test_time_never_goes_backwards():
    log = run(PATHS[ROUTED])
    with pytest.raises(
        WorkflowError,
        match="时间 2025-03-03 09:59:00 早于上一条记录的 2025-03-03 10:00:00，时间不能倒退",
    ):
        then(log, "start", hours=-1 / 60)
    assert then(log, "start", hours=0).at == log[-1].at  # the same instant is fine


def test_time_has_a_zone_and_someone_acted():
    with pytest.raises(WorkflowError, match="时间要带时区"):
        wf.apply([], "comment", by="a", at=datetime(2025, 3, 3, 9), note="x")
    with pytest.raises(WorkflowError, match="要写明是谁操作的"):
        wf.apply([], "comment", by=" ", at=T0, note="x")


def test_unknown_data_is_refused_not_dropped():
    with pytest.raises(
        WorkflowError, match="不认识的资料 departmnet（此操作可用：department、rule、ref）"
    ):
        wf.apply([], "route", by="a", at=T0, facts=FACTS, departmnet="quality")
    event = wf.apply([], "comment", by="a", at=T0, note="来电", ref={"call": 17})
    assert event.data["ref"] == {"call": 17}
    with pytest.raises(WorkflowError, match="ref 应为映射"):
        wf.apply([], "comment", by="a", at=T0, note="来电", ref=17)


def test_a_comment_is_appended_in_any_state_and_changes_nothing():
    for status in STATUSES:
        log = run(PATHS[status])
        event = then(log, "comment", note=" 客户来电询问进度 ")
        assert (event.state_from, event.state_to, event.note) == (
            status,
            status,
            "客户来电询问进度",
        )
        before, after = wf.replay(log), wf.replay([*log, event])
        assert after.status == before.status and after.events == before.events + 1
    with pytest.raises(WorkflowError, match="不能「备注」：备注不能为空"):
        wf.apply([], "comment", by="a", at=T0)


# --- the log ------------------------------------------------------------------------


def test_events_cannot_be_changed():
    (event,) = run(PATHS[ROUTED])
    with pytest.raises(FrozenInstanceError):
        event.state_to = CLOSED
    with pytest.raises(TypeError):
        event.data["department"] = "sales"


@pytest.mark.parametrize(
    ("index", "changes", "message"),
    [
        (1, {"state_from": NEW}, "第 2 条与前面的记录接不上：记录的原状态是「new」，工单当时是「已派单」"),
        (1, {"state_to": CLOSED}, "第 2 条.*记录的新状态是「closed」，按操作应为「处理中」"),
        (2, {"at": T0}, "第 3 条.*时间不能倒退"),
        (0, {"action": "delete"}, "第 1 条.*未知操作 'delete'"),
    ],
)  # fmt: skip
def test_a_log_that_does_not_hold_together_is_refused(index, changes, message):
    log = run(PATHS[RESULT_RETURNED])
    event = log[index]
    fields = {
        k: getattr(event, k)
        for k in ("action", "state_from", "state_to", "by", "at", "note", "data")
    }
    log[index] = Event(**{**fields, **changes})
    with pytest.raises(WorkflowError, match=message):
        wf.replay(log)


def test_the_state_is_read_from_the_log_alone():
    log = run(PATHS[CLOSED])
    state = wf.replay(log)
    assert state == State(
        status=CLOSED,
        department="quality",
        result=GOOD["return_result"]["result"],
        satisfaction="satisfied",
        events=len(log),
        last_at=log[-1].at,
    )
    assert wf.replay([]) == State() and State().status == NEW


# --- random sequences ---------------------------------------------------------------

PARTIAL = {k: v for k, v in INTAKE.items() if k not in ("dealer", "parts")}
NOTES = st.sampled_from(["", "客户说还是不行"])
DEPARTMENT_CHOICES = st.sampled_from([None, "quality", "after_sales", "management"])


class TicketMachine(RuleBasedStateMachine):
    """Random actions, right or wrong input, times forward or back: what is refused
    leaves the log as it was, what is taken is what `allowed` offered, and the log
    always reads back into a ticket that makes sense."""

    def __init__(self):
        super().__init__()
        self.log: list[Event] = []
        self.kept: list[tuple] = []  # each event as it was when appended
        self.states = [wf.replay([])]  # the state after each prefix
        self.now = T0

    def good_input(self, action, state, data, complete):
        department = data.draw(DEPARTMENT_CHOICES)
        if action == "route":
            return {
                "department": data.draw(st.sampled_from(sorted(DEPARTMENTS - {state.department})))
            }
        if action == "wait":
            return {"waiting_for": data.draw(st.sampled_from(["customer", "dealer"]))}
        if action == "return_result":
            return {"result": "已处理"}
        if action == "close":
            return {"satisfaction": data.draw(st.sampled_from(SATISFIED))}
        if action == "comment":
            return {"note": "备注"}
        if action == "reopen":
            return {"note": "客户说还是不行", **({"department": department} if department else {})}
        if action == "escalate":
            if department == state.department or (state.status == NEW and not complete):
                department = None
            return {"note": "升级", **({"department": department} if department else {})}
        if action == "close_by_policy":
            return {"reason": "not_reached"}
        if action == "edit":
            return {"changes": {"parts": ["变速箱", "离合器"]}}
        if action == "sla":
            return {"clock": "update", "level": data.draw(st.integers(0, 3))}
        if action == "assign":
            return {"assignee": "handler1"}
        return {}

    @rule(
        mode=st.sampled_from(["any", "offered", "forward"]),
        seconds=st.integers(-3600, 3 * 86400),
        complete=st.booleans(),
        exhausted=st.booleans(),
        good=st.booleans(),
        data=st.data(),
    )
    def act(self, mode, seconds, complete, exhausted, good, data):
        state = wf.replay(self.log)
        facts = TicketFacts(
            intake=INTAKE if complete else PARTIAL,
            departments=DEPARTMENTS,
            attempts_exhausted=exhausted,
        )
        # Any action, or one the buttons offer, or one that moves the ticket on: so
        # that runs also reach the end of the loop.
        choices = list(ACTIONS) if mode == "any" else wf.allowed(state, facts)
        if mode == "forward":
            moving = [a for a in choices if a not in ("comment", "escalate", "wait")]
            choices = [a for a in moving if a != "route" or state.status == NEW] or choices
        action = data.draw(st.sampled_from(choices))
        if good:
            given = self.good_input(action, state, data, complete)
        else:
            given = {"note": data.draw(NOTES)}
            if department := data.draw(DEPARTMENT_CHOICES):
                given["department"] = department
        note = given.pop("note", "")
        at = self.now + timedelta(seconds=seconds)
        backwards = bool(self.log) and seconds < 0
        offered = wf.why_not(state, action, facts) is None
        try:
            event = wf.apply(self.log, action, by="agent1", at=at, facts=facts, note=note, **given)
        except WorkflowError as refused:
            assert str(refused).startswith(f"不能{quoted(ACTIONS[action].label)}：")
            assert not (offered and good and not backwards), str(refused)
            assert len(self.log) == len(self.states) - 1
            return
        assert offered and not backwards
        event_(f"{event.state_from} → {event.action}")
        self.log.append(event)
        self.kept.append(
            (event.action, event.state_from, event.state_to, event.at, dict(event.data))
        )
        self.states.append(wf.replay(self.log))
        self.now = at

    @invariant()
    def the_state_is_one_of_the_states(self):
        assert wf.replay(self.log).status in STATUSES

    @invariant()
    def the_log_is_append_only(self):
        for number, event in enumerate(self.log):
            assert (
                event.action,
                event.state_from,
                event.state_to,
                event.at,
                dict(event.data),
            ) == self.kept[number]
        for length, state in enumerate(self.states):
            assert wf.replay(self.log[:length]) == state

    @invariant()
    def times_never_go_backwards(self):
        times = [event.at for event in self.log]
        assert times == sorted(times)
        pauses = wf.paused_intervals(self.log)
        for start, end in pauses:
            assert end is None or start <= end
        for (_start, end), (later, _end) in pairwise(pauses):
            assert end is not None and end <= later
        assert (bool(pauses) and pauses[-1][1] is None) == wf.replay(self.log).waiting

    @invariant()
    def reopen_and_escalation_counts_are_the_log_s(self):
        state = wf.replay(self.log)
        assert state.reopen_count == sum(e.action == "reopen" for e in self.log)
        assert state.escalations == sum(e.action == "escalate" for e in self.log)

    @invariant()
    def a_closed_ticket_had_a_result_and_a_feedback_call(self):
        state = wf.replay(self.log)
        if state.status != CLOSED:
            return
        closing = next(e for e in reversed(self.log) if e.state_from != CLOSED == e.state_to)
        entered = [i for i, e in enumerate(self.log) if e.state_from != ROUTED == e.state_to]
        since = entered[-1] if entered else 0
        actions = [e.action for e in self.log[since:]]
        assert "return_result" in actions and "start_feedback" in actions
        assert state.result
        if closing.action == "close":
            assert closing.data["satisfaction"] in SATISFIED and state.policy_reason is None
        else:
            assert closing.action == "close_by_policy"
            assert (
                closing.data["reason"] in POLICY_REASONS
                and state.policy_reason == closing.data["reason"]
            )

    @invariant()
    def a_department_once_routed(self):
        state = wf.replay(self.log)
        if state.status in (ROUTED, IN_PROGRESS, RESULT_RETURNED, FEEDBACK_CALL, CLOSED):
            assert state.department in DEPARTMENTS
        assert state.waiting == (state.resume_to is not None) == (state.waiting_for is not None)


TicketMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=50, deadline=None)
test_random_sequences_keep_the_invariants = TicketMachine.TestCase
