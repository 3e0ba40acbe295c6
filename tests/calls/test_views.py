"""The workspace over HTTP: each step as htmx swaps it, a reload that finds the call
where it was, other agents kept out, and the query budgets of the pages agents use
all day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huifang.calls.models import Call
from huifang.campaigns.models import Attempt, CallTask
from tests.calls.centre import client_for, hand_to

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def working(centre):
    hand_to(centre["agent"])
    c = client_for(centre["agent"])
    page = c.get(reverse("next_call"))
    assert page.status_code == 200
    return c, Call.objects.get(), centre


def post(c, name, call, *args, data=None):
    return c.post(reverse(name, args=[call.pk, *args]), data or {}, **HX)


def text(response) -> str:
    return response.content.decode()


def test_the_preparation_shows_who_why_history_and_points(working):
    c, call, centre = working
    page = text(c.get(reverse("next_call")))
    for expected in (
        "王建国先生",
        "138****8000",
        "北京长城汽车4S店",
        "哈弗H6",
        "京A12345",
        "了解客户对最近一次保养的满意度",
        "保险到期",
        "05月01日",
        "回访要点",
        "首次联系",
    ):
        assert expected in page, expected
    assert "13800138000" not in page
    assert "李娜" in page  # the agent, logged in


def test_a_whole_callback_by_htmx(working):
    c, call, centre = working
    answer = post(c, "call_dial", call)
    assert "13800138000" in text(answer)  # shown to her, for this call
    assert "1001号" in text(answer) or "1001" in text(answer)  # the opening names her number
    assert "方便接听" in text(answer)
    answer = post(c, "call_step", call, "verify")
    assert 'name="plate"' in text(answer)
    answer = post(c, "call_details", call, data={"plate": "京A12345", "name": "王建国"})
    assert "请问您是王建国先生本人吗" in text(answer)
    for qid, value in [
        ("s1", "yes"),
        ("s2", "yes"),
        ("q1", "5"),
        ("q2", "yes"),
        ("q3", "yes"),
        ("q4", "yes"),
    ]:
        answer = post(c, "call_answer", call, data={"qid": qid, "value": value})
        assert answer.status_code == 200
    assert "您还有什么意见或建议吗" in text(answer)  # q7: q5, q6 skipped
    answer = post(c, "call_answer", call, data={"qid": "q7", "value": "希望周末也能预约"})
    assert "还有什么可以帮" in text(answer)
    assert '<option value="complete" selected>' in text(answer)
    answer = post(c, "call_hang_up", call)
    assert "13800138000" not in text(answer) and "138****8000" in text(answer)
    answer = post(c, "call_finish", call, data={"code": "complete", "note": "满意"})
    assert answer.headers["HX-Redirect"] == reverse("next_call")
    attempt = Attempt.objects.get()
    assert attempt.outcome == "complete" and attempt.note == "满意"
    assert CallTask.objects.get().final_outcome == "complete"
    page = text(c.get(reverse("next_call")))
    assert "已记录：回访成功" in page and "下一个回访" in page


def test_an_invalid_answer_is_shown_on_the_panel_and_nothing_moves(working):
    c, call, _ = working
    post(c, "call_dial", call)
    post(c, "call_step", call, "verify")
    post(c, "call_details", call)
    answer = post(c, "call_answer", call, data={"qid": "s1", "value": ""})
    assert answer.status_code == 200 and "此题必答" in text(answer)
    assert Call.objects.get().response.sheet.get("answers", {}) == {}


def test_a_reload_in_the_middle_of_the_questionnaire_loses_nothing(working):
    c, call, centre = working
    post(c, "call_dial", call)
    post(c, "call_step", call, "verify")
    post(c, "call_details", call)
    post(c, "call_answer", call, data={"qid": "s1", "value": "yes"})
    post(c, "call_answer", call, data={"qid": "s2", "value": "yes"})
    post(c, "call_note", call, data={"note": "客户刚做完保养"})
    again = client_for(centre["agent"])  # a new browser
    page = text(again.get(reverse("next_call")))
    assert "总的来说，您对这次维修保养服务满意吗" in page
    assert "客户刚做完保养" in page
    assert "13800138000" in page  # still on the line


def test_another_agent_cannot_open_or_act_on_the_call(working):
    c, call, centre = working
    intruder = client_for(centre["other"])
    for name, args in [
        ("call_dial", []),
        ("call_step", ["verify"]),
        ("call_answer", []),
        ("call_finish", []),
        ("call_note", []),
        ("call_release", []),
    ]:
        assert (
            intruder.post(reverse(name, args=[call.pk, *args]), {"code": "complete"}).status_code
            == 404
        )
    assert intruder.get(reverse("call_situation", args=[call.pk, "driving"])).status_code == 404
    page = text(intruder.get(reverse("next_call")))
    assert "王建国" not in page
    assert Call.objects.get().dialled_at is None and not Attempt.objects.exists()


def test_other_roles_are_kept_out_of_the_workspace(working):
    _, call, centre = working
    boss = client_for(centre["supervisor"])
    assert boss.get(reverse("next_call")).status_code == 403
    assert boss.post(reverse("call_dial", args=[call.pk])).status_code == 403


def test_a_situation_shows_its_reply_and_records_its_outcome(working):
    c, call, _ = working
    post(c, "call_dial", call)
    panel = text(c.get(reverse("call_situation", args=[call.pk, "driving"]), **HX))
    assert "请您注意行车安全" in panel and 'value="driving"' in panel
    answer = post(c, "call_finish", call, data={"code": "driving", "situation": "driving"})
    assert answer.headers["HX-Redirect"] == reverse("next_call")
    assert Attempt.objects.get().situation == "driving"


def test_an_appointment_from_inconvenient_at_the_chosen_time(working):
    c, call, centre = working
    post(c, "call_dial", call)
    when = timezone.localtime() + timedelta(days=1)
    local = when.strftime("%Y-%m-%dT%H:%M")
    post(
        c,
        "call_finish",
        call,
        data={"code": "appointment", "situation": "inconvenient", "appointment_at": local},
    )
    task = CallTask.objects.get()
    assert timezone.localtime(task.appointment_at).strftime("%Y-%m-%dT%H:%M") == local
    assert task.reserved_for == centre["agent"]


def test_a_missing_appointment_time_is_refused_on_the_panel(working):
    c, call, _ = working
    post(c, "call_dial", call)
    answer = post(
        c, "call_finish", call, data={"code": "appointment", "appointment_at": "tomorrow"}
    )
    assert "预约时间格式不对" in text(answer)
    answer = post(c, "call_finish", call, data={"code": "appointment"})
    assert "请填写客户方便的时间" in text(answer) and not Attempt.objects.exists()


def test_the_agents_day(centre):
    c = client_for(centre["agent"])
    page = text(c.get(reverse("next_call")))
    assert "今天" in page and "下一个回访" in page and "快捷键" in page and "正在开车" in page


def test_query_budgets(working, django_assert_max_num_queries):
    c, call, _ = working
    with django_assert_max_num_queries(30):
        assert c.get(reverse("next_call")).status_code == 200
    post(c, "call_dial", call)
    post(c, "call_step", call, "verify")
    post(c, "call_details", call)
    with django_assert_max_num_queries(16):
        assert post(c, "call_answer", call, data={"qid": "s1", "value": "yes"}).status_code == 200


def test_the_supervisor_floor_and_reassigning_an_appointment(centre):
    task = CallTask.objects.get()
    now = timezone.now()
    CallTask.objects.filter(pk=task.pk).update(
        appointment_at=now + timedelta(hours=3), reserved_for=centre["agent"]
    )
    boss = client_for(centre["supervisor"])
    page = text(boss.get(reverse("floor")))
    assert "保养后满意度回访" in page and "王建国" in page
    answer = boss.post(
        reverse("reassign_appointment", args=[task.pk]), {"agent": centre["other"].pk}
    )
    assert answer.status_code == 302
    assert CallTask.objects.get().reserved_for == centre["other"]
    assert client_for(centre["agent"]).get(reverse("floor")).status_code == 403
    agent_post = client_for(centre["agent"]).post(
        reverse("reassign_appointment", args=[task.pk]), {"agent": centre["agent"].pk}
    )
    assert agent_post.status_code == 403


def test_after_a_lease_runs_out_the_next_agent_gets_the_task_without_an_error(working):
    from huifang.campaigns.upkeep import expire_leases

    c, call, centre = working
    post(c, "call_dial", call)
    post(c, "call_note", call, data={"note": "客户要求下午再打"})
    expire_leases(timezone.now() + timedelta(hours=1))
    task = hand_to(centre["other"])
    page = client_for(centre["other"]).get(reverse("next_call"))
    assert page.status_code == 200 and "王建国" in text(page)
    mine = Call.objects.get(finished_at__isnull=True)
    assert mine.agent == centre["other"] and mine.task == task
    assert Call.objects.get(pk=call.pk).note == "客户要求下午再打"
    assert c.get(reverse("next_call")).status_code == 200  # agent1: her day, no error


def test_the_note_has_one_field_and_a_later_note_is_not_overwritten_at_closing(working):
    c, call, _ = working
    post(c, "call_dial", call)
    post(c, "call_note", call, data={"note": "先记一句"})
    closing = text(post(c, "call_step", call, "closing"))
    assert 'name="note"' not in closing  # no second, stale copy in the closing form
    assert text(c.get(reverse("next_call"))).count('name="note"') == 1
    post(c, "call_note", call, data={"note": "先记一句；客户后来又说周末再约"})
    post(c, "call_finish", call, data={"code": "partial"})
    assert Attempt.objects.get().note == "先记一句；客户后来又说周末再约"
    assert Call.objects.get().note == "先记一句；客户后来又说周末再约"


def test_the_admin_shows_the_number_dialled_masked(working):
    from django.contrib.auth import get_user_model

    c, call, _ = working
    post(c, "call_dial", call)
    root = get_user_model().objects.create_superuser("root", password="x-secret-9")
    page = text(client_for(root).get(reverse("admin:calls_call_change", args=[call.pk])))
    assert "138****8000" in page and "13800138000" not in page and "8613800138000" not in page


def test_the_not_reached_buttons_and_declining_have_keys_in_the_shortcut_list(working):
    c, call, _ = working
    idle_keys = text(client_for(call.agent).get(reverse("next_call")))
    opening = text(post(c, "call_dial", call))
    for label, key in [("无人接听", "a"), ("占线", "o"), ("空号", "v"), ("停机", "t")]:
        assert f'data-hotkey="{key}">{label}' in opening, label
        assert f"<kbd>{key.upper()}</kbd> 未接通：{label}" in idle_keys, label
    assert 'data-situation="declined"' in opening and "<kbd>D</kbd> 客户拒绝回访" in idle_keys
    panel = text(c.get(reverse("call_situation", args=[call.pk, "declined"]), **HX))
    assert "非常抱歉打扰您了" in panel and 'value="refused"' in panel and "do_not_call" in panel
    post(
        c,
        "call_finish",
        call,
        data={"code": "refused", "situation": "declined", "do_not_call": "1"},
    )
    attempt = Attempt.objects.get()
    assert attempt.outcome == "refused" and attempt.situation == "declined"
    assert call.task.customer.__class__.objects.get(pk=call.task.customer_id).do_not_call


def test_inconvenient_with_no_time_named_ends_politely_and_tries_another_day(working):
    c, call, _ = working
    post(c, "call_dial", call)
    panel = text(c.get(reverse("call_situation", args=[call.pk, "inconvenient"]), **HX))
    assert "请问您什么时候方便" in panel
    assert 'id="agreed-line">好的，那我们<span class="callback-time">……</span>再联系您' in panel
    assert "换个时间再联系您。对不起，打扰您了" in panel and 'value="not_available"' in panel
    post(c, "call_finish", call, data={"code": "not_available", "situation": "inconvenient"})
    attempt = Attempt.objects.get()
    assert attempt.outcome == "not_available" and attempt.situation == "inconvenient"
    task = CallTask.objects.get()
    assert task.state == "open" and task.appointment_at is None


def test_the_referral_panel_asks_for_an_address_when_there_is_no_phone(working):
    c, call, _ = working
    post(c, "call_dial", call)
    panel = text(c.get(reverse("call_situation", args=[call.pk, "referral"]), **HX))
    assert "您是否方便提供您朋友的电话" in panel
    assert "是否方便留下一个邮寄地址" in panel


def test_situation_labels_go_through_translation(working, monkeypatch):
    import huifang.text

    english = {"正在开车": "Driving", "客户拒绝回访": "Declines the callback"}
    monkeypatch.setattr(huifang.text, "_translate", lambda m: english.get(m, m))
    c, call, _ = working
    opening = text(post(c, "call_dial", call))
    assert "Driving <kbd>K</kbd>" in opening and "Declines the callback" in opening
    panel = text(c.get(reverse("call_situation", args=[call.pk, "driving"]), **HX))
    assert "<h3>Driving</h3>" in panel
    assert "<kbd>K</kbd> Driving" in text(c.get(reverse("next_call")))


def test_the_closing_form_takes_a_new_number_and_refuses_an_empty_complaint(working):
    c, call, centre = working
    post(c, "call_dial", call)
    closing = text(post(c, "call_step", call, "closing"))
    assert 'value="new_number"' in closing and 'name="new_number"' in closing
    answer = post(c, "call_finish", call, data={"code": "complete", "has_complaint": "1"})
    assert "请写下客户投诉的内容" in text(answer) and not Attempt.objects.exists()
    post(c, "call_finish", call, data={"code": "new_number", "new_number": "13912345678"})
    assert Attempt.objects.get().outcome == "new_number"
    assert CallTask.objects.get().phone.e164 == "+8613912345678"


def test_the_stepper_names_the_three_steps(working):
    c, call, _ = working
    panel = text(post(c, "call_dial", call))
    for name in ("准备", "开场", "核对资料", "问卷", "结束语"):
        assert f">{name}</li>" in panel, name
