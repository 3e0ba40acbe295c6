"""A callback through the workspace services, on a frozen clock: dial (an audited
reveal), the opening, the details checked and corrected, the questionnaire with a
skip, back and change, and the outcome with its wrap-up time."""

from datetime import timedelta

import pytest

from huifang.accounts.models import AuditEntry
from huifang.calls import conversation, workspace
from huifang.calls.models import Call, Correction, Step
from huifang.calls.workspace import CallError
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.models import Attempt, CallTask
from huifang.customers.models import Customer, Phone
from huifang.tickets.models import Ticket
from tests import factories as f
from tests.calls.centre import NOW

T = timedelta(seconds=1)


@pytest.fixture
def call(centre):
    task = claim_next(centre["agent"], now=NOW)
    assert task is not None
    return workspace.open_call(centre["agent"], NOW)


def fresh(call):
    return workspace.own_call(call.agent, call.pk)


def test_claiming_opens_one_call_and_asking_again_returns_it(centre, call):
    assert call.step == Step.PREPARE and call.claimed_at == NOW
    assert workspace.open_call(centre["agent"], NOW + T).pk == call.pk
    assert Call.objects.count() == 1
    assert workspace.open_call(centre["other"], NOW) is None


def test_another_agents_call_cannot_be_had(centre, call):
    with pytest.raises(Call.DoesNotExist):
        workspace.own_call(centre["other"], call.pk)


def test_dialling_reveals_the_number_once_audited_and_starts_the_call(centre, call):
    assert not call.on_line
    workspace.dial(call, NOW + T)
    call = fresh(call)
    assert call.on_line and call.number == "+8613800138000" and call.step == Step.OPENING
    assert call.national_number == "13800138000"
    entry = AuditEntry.objects.get(action=AuditEntry.REVEAL_NUMBER)
    assert entry.user == centre["agent"] and f"call:{call.pk}" in entry.detail
    assert "13800138000" not in entry.detail  # the audit names the reveal, not the number
    assert CallTask.objects.get().dialled_at == NOW + T
    with pytest.raises(CallError, match="已经拨打过了"):
        workspace.dial(call, NOW + 2 * T)
    workspace.hang_up(call, NOW + 90 * T)
    call = fresh(call)
    assert not call.on_line and call.talk_seconds == 89


def test_nothing_moves_before_the_number_is_dialled(call):
    with pytest.raises(CallError, match="请先拨打"):
        workspace.go_to(call, Step.VERIFY, NOW)
    with pytest.raises(CallError, match="还没有拨打"):
        workspace.finish(call, "complete", now=NOW)


def test_each_step_keeps_the_lease_alive(centre, call):
    workspace.dial(call, NOW)
    later = NOW + timedelta(minutes=14)
    workspace.go_to(call, Step.VERIFY, later)
    assert CallTask.objects.get().lease_until == later + timedelta(minutes=15)


def test_corrected_details_update_the_archive_and_are_kept_as_corrections(centre, call):
    workspace.dial(call, NOW)
    workspace.go_to(call, Step.VERIFY, NOW)
    rows = conversation.confirm_details(
        fresh(call),
        {
            "name": "王建国",
            "gender": "M",
            "birthday": "1980-05-02",
            "address": "北京市朝阳区建国路2号",
            "product": "哈弗H6",
            "plate": "京A54321",
        },
        NOW + T,
    )
    assert {(r.field, r.old_value, r.new_value) for r in rows} == {
        ("birthday", "1980-05-01", "1980-05-02"),
        ("address", "北京市朝阳区建国路1号", "北京市朝阳区建国路2号"),
        ("plate", "京A12345", "京A54321"),
    }
    person = Customer.objects.get(pk=centre["customer"].pk)
    assert person.address.endswith("2号") and str(person.birthday) == "1980-05-02"
    assert person.vehicles.get().plate == "京A54321"
    call = fresh(call)
    assert call.verified_at == NOW + T and call.step == Step.SURVEY


def test_a_bad_detail_changes_nothing(centre, call):
    workspace.dial(call, NOW)
    with pytest.raises(CallError, match="生日：1980-13-01 不是日期"):
        conversation.confirm_details(
            fresh(call), {"address": "新地址", "birthday": "1980-13-01"}, NOW
        )
    assert Customer.objects.get(pk=centre["customer"].pk).address == "北京市朝阳区建国路1号"
    assert not Correction.objects.exists()
    assert fresh(call).verified_at is None


def _through_details(call):
    workspace.dial(call, NOW)
    workspace.go_to(call, Step.VERIFY, NOW)
    conversation.confirm_details(fresh(call), {}, NOW)
    return fresh(call)


def test_the_questionnaire_one_question_at_a_time_with_a_skip(centre, call):
    call = _through_details(call)
    assert conversation.asking(call).question.id == "s1"
    for qid, value in [("s1", "yes"), ("s2", "yes"), ("q1", "5"), ("q2", "yes"), ("q3", "yes")]:
        asked = conversation.give_answer(call, qid, value, now=NOW)
    assert asked.question.id == "q4"
    asked = conversation.give_answer(call, "q4", "yes", now=NOW)
    assert asked.question.id == "q7"  # q5 and q6 are skipped for a satisfied customer
    asked = conversation.give_answer(call, "q7", "", now=NOW)  # not required
    assert asked.ended and fresh(call).step == Step.CLOSING
    response = fresh(call).response
    assert (
        response.status == "complete"
        and response.version == centre["campaign"].questionnaire_version
    )
    assert response.sheet["answers"]["q1"] == 5
    assert conversation.default_outcome(fresh(call)) == "complete"


def test_required_answers_and_types_are_enforced(call):
    call = _through_details(call)
    with pytest.raises(CallError, match="此题必答"):
        conversation.give_answer(call, "s1", "", now=NOW)
    conversation.give_answer(call, "s1", "yes", now=NOW)
    conversation.give_answer(call, "s2", "yes", now=NOW)
    with pytest.raises(CallError, match="1 到 5"):
        conversation.give_answer(call, "q1", "7", now=NOW)
    with pytest.raises(CallError, match="现在不该回答"):
        conversation.give_answer(call, "q4", "yes", now=NOW)
    assert conversation.asking(fresh(call)).question.id == "q1"


def test_back_and_change_keeps_the_answers_still_on_the_route(call):
    call = _through_details(call)
    for qid, value in [("s1", "yes"), ("s2", "yes"), ("q1", "5"), ("q2", "late"), ("q3", "yes")]:
        conversation.give_answer(call, qid, value, now=NOW)
    back = conversation.go_back(fresh(call), NOW)
    assert back.question.id == "q3" and back.given == "yes"
    back = conversation.go_back(fresh(call), NOW)
    assert back.question.id == "q2" and back.given == "late"
    back = conversation.go_back(fresh(call), NOW)
    assert back.question.id == "q1" and back.given == 5
    # Now unhappy: q5 joins the route; q2 and q3 were kept and are not asked again.
    asked = conversation.give_answer(fresh(call), "q1", "3", now=NOW)
    assert asked.question.id == "q4"
    answers = fresh(call).response.sheet["answers"]
    assert answers["q2"] == "late" and answers["q3"] == "yes"
    conversation.give_answer(fresh(call), "q4", "yes", now=NOW)
    asked = conversation.asking(fresh(call))
    assert asked.question.id == "q5"
    with pytest.raises(CallError, match="其他"):
        conversation.give_answer(fresh(call), "q5", ["other"], now=NOW)
    conversation.give_answer(fresh(call), "q5", ["waiting", "other"], "没有休息区", now=NOW)
    assert fresh(call).response.sheet["other_text"] == {"q5": "没有休息区"}


def test_the_screening_exit_ends_as_not_eligible(call):
    call = _through_details(call)
    conversation.give_answer(call, "s1", "yes", now=NOW)
    asked = conversation.give_answer(call, "s2", "family", now=NOW)
    assert asked.ended
    call = fresh(call)
    assert call.step == Step.CLOSING and call.response.status == "not_eligible"
    assert conversation.default_outcome(call) == "not_eligible"


def test_finishing_records_the_attempt_answers_wrap_up_and_a_draft_complaint(centre, call):
    call = _through_details(call)
    conversation.give_answer(call, "s1", "yes", now=NOW)
    workspace.save_note(fresh(call), "客户说等了很久", NOW)
    workspace.hang_up(fresh(call), NOW + 120 * T)
    attempt = workspace.finish(
        fresh(call),
        "partial",
        now=NOW + 150 * T,
        complaint="保养后发动机异响，要求免费复查",
    )
    call = Call.objects.get(pk=call.pk)
    assert attempt.outcome == "partial" and attempt.note == "客户说等了很久"
    assert call.attempt == attempt and call.step == Step.DONE
    assert call.wrap_seconds == 30 and call.talk_seconds == 120
    assert call.response.attempt == attempt
    ticket = Ticket.objects.get()
    assert ticket.status == "new" and ticket.customer == centre["customer"]
    assert (
        ticket.source == "callback"
        and ticket.intake["description"] == "保养后发动机异响，要求免费复查"
    )
    assert ticket.next_due is not None  # the SLA clocks run from the moment it is heard
    assert ticket.attempt == attempt and ticket.vehicle.plate == "京A12345"
    assert ticket.details["answers"] == {"s1": "yes"}
    assert ticket.details["note"] == "客户说等了很久"
    assert call.care_line == ""  # the closing was never reached
    assert CallTask.objects.get().state == "closed"
    with pytest.raises(Call.DoesNotExist):
        workspace.own_call(centre["agent"], call.pk)


def test_driving_becomes_a_retry_an_hour_later_with_the_situation_recorded(call):
    workspace.dial(call, NOW)
    attempt = workspace.finish(fresh(call), "driving", now=NOW + T, situation="driving")
    assert attempt.situation == "driving"
    task = CallTask.objects.get()
    # +1 h at the earliest, and in another part of the day than the morning's try
    assert task.state == "open" and task.callable_from == f.at("2026-11-24 13:00")


def test_inconvenient_becomes_an_appointment_at_the_time_chosen(centre, call):
    workspace.dial(call, NOW)
    when = NOW + timedelta(days=1, hours=5)  # tomorrow 15:00
    workspace.finish(
        fresh(call), "appointment", now=NOW, appointment_at=when, situation="inconvenient"
    )
    task = CallTask.objects.get()
    assert task.appointment_at == when and task.reserved_for == centre["agent"]
    assert Attempt.objects.get().situation == "inconvenient"


def test_not_the_customer_adds_the_new_number_and_calls_it_next(centre, call):
    workspace.dial(call, NOW)
    workspace.finish(
        fresh(call), "new_number", now=NOW, new_number="13912345678", situation="not_customer"
    )
    numbers = list(Phone.objects.filter(customer=centre["customer"]).values_list("e164", "source"))
    assert numbers == [("+8613800138000", "import"), ("+8613912345678", "call")]
    assert CallTask.objects.get().phone.e164 == "+8613912345678"


def test_situations_that_go_on_are_remembered_in_order(call):
    workspace.dial(call, NOW)
    workspace.meet(fresh(call), "privacy", now=NOW)
    workspace.meet(fresh(call), "dialect", now=NOW)
    workspace.meet(fresh(call), "dialect", now=NOW)
    attempt = workspace.finish(fresh(call), "language", now=NOW)
    assert attempt.situation == "privacy,dialect"
    with pytest.raises(CallError, match="未知的特殊情况"):
        workspace.meet(call, "alien", now=NOW)


def test_a_referral_becomes_a_lead_linked_to_the_customer(centre, call):
    workspace.dial(call, NOW)
    with pytest.raises(CallError, match="邮寄地址"):
        workspace.refer(fresh(call), name="张三")
    with pytest.raises(CallError, match="电话号码不对"):
        workspace.refer(fresh(call), name="张三", phone="12")
    assert not Customer.objects.filter(is_lead=True).exists()
    lead = workspace.refer(fresh(call), name="张三", phone="139 0000 1111", now=NOW)
    assert lead.is_lead and lead.referred_by == centre["customer"]
    assert lead.phones.get().source == "referral"
    by_post = workspace.refer(fresh(call), name="李四", address="上海市徐汇区", now=NOW)
    assert by_post.address == "上海市徐汇区" and not by_post.phones.exists()
    assert fresh(call).situations == ["referral"]


def test_a_call_whose_lease_ran_out_is_closed_and_cannot_go_on(centre, call):
    workspace.dial(call, NOW)
    CallTask.objects.update(state="open", agent=None, lease_until=None, leased_at=None)
    with pytest.raises(CallError, match="不在您手中"):
        workspace.go_to(fresh(call), Step.VERIFY, NOW)
    assert workspace.open_call(centre["agent"], NOW) is None
    assert Call.objects.get().finished_at == NOW


def test_giving_back_an_undialled_call(centre, call):
    from huifang.campaigns.claiming import release

    release(call.task, centre["agent"])
    assert workspace.open_call(centre["agent"], NOW) is None
    assert CallTask.objects.get().state == "open" and not Attempt.objects.exists()


def test_what_an_outcome_needs_is_asked_before_anything_is_stored(call):
    workspace.dial(call, NOW)
    cases = [
        (("new_number",), {}, "请填写客户提供的新号码"),
        (("new_number",), {"new_number": "12"}, "新号码不对：12"),
        (("appointment",), {}, "请填写客户方便的时间"),
        (("appointment",), {"appointment_at": NOW - T}, "必须晚于现在"),
        (("nonsense",), {}, "未知的回访结果：nonsense"),
        (("",), {}, "请选择回访结果"),
    ]
    for args, kwargs, message in cases:
        with pytest.raises(CallError, match=message):
            workspace.finish(fresh(call), *args, now=NOW, **kwargs)
    assert not Attempt.objects.exists() and fresh(call).finished_at is None


def test_a_lease_that_runs_out_closes_the_call_and_the_next_agent_gets_her_own(centre, call):
    from huifang.campaigns.upkeep import expire_leases

    workspace.dial(call, NOW)
    workspace.save_note(fresh(call), "客户说在开会", NOW + T)
    later = NOW + timedelta(minutes=20)
    assert expire_leases(later) == 1
    left = Call.objects.get(pk=call.pk)
    abandoned = Attempt.objects.get()
    assert left.finished_at == later and left.ended_at == later and left.step == Step.DONE
    assert left.note == "客户说在开会" and left.attempt == abandoned and abandoned.abandoned
    task = claim_next(centre["other"], now=later)
    assert task is not None and task.pk == call.task_id
    theirs = workspace.open_call(centre["other"], later)
    assert theirs.pk != call.pk and theirs.agent == centre["other"]
    assert workspace.own_call(centre["other"], theirs.pk).step == Step.PREPARE


def test_a_call_left_open_by_someone_else_is_never_handed_to_the_next_agent(centre, call):
    workspace.dial(call, NOW)
    # the task moved on to agent2 without the first call being closed (older data)
    CallTask.objects.update(agent=centre["other"], leased_at=NOW + T)
    theirs = workspace.open_call(centre["other"], NOW + 2 * T)
    assert theirs.agent == centre["other"] and theirs.pk != call.pk
    left = Call.objects.get(pk=call.pk)
    assert left.finished_at == NOW + 2 * T and left.step == Step.DONE


def test_harassment_closes_the_task_and_is_not_dialled_again(call):
    workspace.dial(call, NOW)
    attempt = workspace.finish(fresh(call), "refused", now=NOW + T, situation="harassment")
    assert attempt.situation == "harassment"
    task = CallTask.objects.get()
    assert task.state == "closed" and task.final_outcome == "refused"
    assert workspace.situations()["harassment"].outcome == "refused"


def test_a_referral_is_checked_before_the_lead_is_made_and_never_made_twice(centre, call):
    with pytest.raises(CallError, match="请先拨打"):
        workspace.refer(fresh(call), name="张三", phone="13900001111", now=NOW)
    assert not Customer.objects.filter(is_lead=True).exists()
    workspace.dial(call, NOW)
    first = workspace.refer(fresh(call), name="张三", phone="139 0000 1111", now=NOW)
    again = workspace.refer(fresh(call), name="张三", phone="13900001111", now=NOW + T)
    assert again == first and Customer.objects.filter(is_lead=True).count() == 1
    CallTask.objects.update(state="open", agent=None, lease_until=None, leased_at=None)
    with pytest.raises(CallError, match="不在您手中"):
        workspace.refer(fresh(call), name="李四", phone="13900002222", now=NOW + 2 * T)
    assert not Customer.objects.filter(name="李四").exists()


def test_the_care_line_shown_at_closing_is_kept_with_the_call(centre, call):
    from huifang.calls import screen

    workspace.dial(call, NOW)
    workspace.go_to(fresh(call), Step.CLOSING, NOW + T)
    shown = screen.closing(fresh(call), screen.context(fresh(call), NOW), today=NOW.date()).care
    workspace.finish(fresh(call), "complete", now=NOW + 2 * T)
    assert shown and Call.objects.get(pk=call.pk).care_line == shown
