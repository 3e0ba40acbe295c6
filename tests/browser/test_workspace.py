"""A callback in a real browser, from the keyboard: claim, dial, the opening, the
details, the questionnaire with a skip, a reload in the middle, the closing and the
outcome; and the special situations that end a call early. Screenshots of each step
go to HUIFANG_SCREENSHOTS when it is set."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huifang.calls.models import Call
from huifang.campaigns.models import Attempt, CallTask
from huifang.customers.models import Customer, Phone
from tests.browser.test_agent_flow import login
from tests.calls.centre import hand_to, make_centre

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def on_call(browser_page):
    """agent1 logged in, holding the call to 王建国 (not yet dialled)."""
    centre = make_centre()
    centre["agent"].set_password("secret-pass-1")
    centre["agent"].save()
    hand_to(centre["agent"])
    page = browser_page
    login(page, "agent1")
    page.wait_for_selector("text=第一步：开场")
    page.wait_for_load_state("load")  # the keyboard script is deferred
    return page, centre


def settled(page):
    page.wait_for_function(
        "() => !document.querySelector('.htmx-settling, .htmx-swapping, .htmx-request')"
    )


def question(page, words):
    page.wait_for_selector(f"#question-text:has-text('{words}')")
    settled(page)


def step(page, name):
    """Wait for the step's panel, and for htmx to have settled it: its buttons answer
    only once htmx has processed the new content."""
    page.wait_for_selector(f'.step-panel[data-step="{name}"]')
    settled(page)


# A satisfied customer through the service questionnaire: each key pressed, and the
# question it leads to.
SATISFIED = [
    ("1", "送车去店里的是您本人吗"),
    ("1", "总的来说"),
    ("5", "约定的时间"),
    ("1", "服务顾问"),
    ("1", "干净"),
    ("1", "意见或建议"),
]


def answer_satisfied(page, answers=SATISFIED):
    for key, next_question in answers:
        page.keyboard.press(key)
        page.keyboard.press("Enter")
        question(page, next_question)


def test_a_whole_callback_from_the_keyboard(on_call, shots):
    page, centre = on_call
    body = page.inner_text("body")
    assert "王建国先生" in body and "138****8000" in body and "13800138000" not in body
    assert "回访要点" in body and "保险到期" in body
    page.screenshot(path=str(shots / "workspace-1-prepare.png"), full_page=True)

    page.keyboard.press("c")  # 拨打
    step(page, "opening")
    assert "13800138000" in page.inner_text("#number")
    opening = page.inner_text("#opening-line")
    assert "1001号" in opening and "王建国先生" in opening and "方便接听" in opening
    assert any(g in opening for g in ("早上好", "上午好", "中午好", "下午好", "晚上好"))
    page.screenshot(path=str(shots / "workspace-2-opening.png"), full_page=True)

    page.keyboard.press("g")  # 方便
    step(page, "verify")
    page.fill("input[name=plate]", "京A54321")  # the customer corrects the plate
    page.keyboard.press("Enter")
    step(page, "survey")
    page.screenshot(path=str(shots / "workspace-3-survey.png"), full_page=True)

    answer_satisfied(page, SATISFIED[:5])
    # a satisfied customer skips q5/q6; reload in the middle loses nothing
    page.reload()
    step(page, "survey")
    page.wait_for_load_state("load")
    assert "车辆交回来的时候是干净的吗" in page.inner_text("#question-text")
    page.keyboard.press("Backspace")  # back to q3, its answer still chosen
    question(page, "服务顾问")
    assert page.is_checked("input[name=value][value=yes]")
    page.keyboard.press("Enter")
    question(page, "干净")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    question(page, "意见或建议")
    page.screenshot(path=str(shots / "workspace-4-open-question.png"), full_page=True)
    page.fill("textarea[name=value]", "希望周末也能预约")
    page.keyboard.press("Control+Enter")
    step(page, "closing")
    closing = page.inner_text(".step-panel")
    assert "还有什么可以帮" in closing and page.input_value("#outcome") == "complete"
    page.screenshot(path=str(shots / "workspace-5-closing.png"), full_page=True)

    page.keyboard.press("h")  # 挂断
    page.wait_for_selector("text=话后处理中")
    assert "13800138000" not in page.inner_text("body")
    # a note written at the very end goes with the outcome, even before it autosaves
    page.keyboard.press("i")
    page.keyboard.type("客户希望周末也能预约")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")  # 记录结果
    page.wait_for_selector("text=已记录：回访成功")
    page.screenshot(path=str(shots / "workspace-6-done.png"), full_page=True)
    attempt = Attempt.objects.get()
    assert attempt.outcome == "complete" and attempt.note == "客户希望周末也能预约"
    call = Call.objects.get()
    assert call.response.sheet["answers"]["q7"] == "希望周末也能预约"
    assert call.response.status == "complete" and call.wrap_seconds is not None
    assert call.corrections.get().new_value == "京A54321"
    assert "q5" not in call.response.sheet["answers"]


def test_driving_becomes_a_retry(on_call, shots):
    page, _ = on_call
    page.keyboard.press("c")
    step(page, "opening")
    page.keyboard.press("k")  # 正在开车
    page.wait_for_selector("text=请您注意行车安全")
    page.screenshot(path=str(shots / "workspace-situation-driving.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已记录：正在开车")
    task = CallTask.objects.get()
    assert task.state == "open" and task.last_outcome == "driving"
    assert Attempt.objects.get().situation == "driving"
    assert task.callable_from >= Attempt.objects.get().at + timedelta(hours=1)


def test_inconvenient_becomes_an_appointment_at_the_chosen_time(on_call, shots):
    page, centre = on_call
    page.keyboard.press("c")
    step(page, "opening")
    page.keyboard.press("b")  # 现在不方便
    page.wait_for_selector("input[name=appointment_at]")
    when = (timezone.localtime() + timedelta(days=1)).replace(hour=15, minute=30)
    page.fill("#situation input[name=appointment_at]", when.strftime("%Y-%m-%dT%H:%M"))
    agreed = page.inner_text("#agreed-line")  # the time is read back to the customer
    assert f"{when.month}月{when.day}日15点30分再联系您" in agreed
    page.screenshot(path=str(shots / "workspace-situation-appointment.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已记录：预约回访")
    task = CallTask.objects.get()
    assert timezone.localtime(task.appointment_at).strftime("%m-%d %H:%M") == when.strftime(
        "%m-%d %H:%M"
    )
    assert task.reserved_for == centre["agent"]
    assert when.strftime("%H:%M") in page.inner_text("body")  # in her appointments


def test_not_the_customer_adds_the_new_number(on_call, shots):
    page, centre = on_call
    page.keyboard.press("c")
    step(page, "opening")
    page.keyboard.press("n")  # 非本人接听
    page.fill("#situation input[name=new_number]", "139 1234 5678")
    page.screenshot(path=str(shots / "workspace-situation-new-number.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已记录：非本人，提供了新号码")
    numbers = set(Phone.objects.filter(customer=centre["customer"]).values_list("e164", flat=True))
    assert numbers == {"+8613800138000", "+8613912345678"}
    assert CallTask.objects.get().phone.e164 == "+8613912345678"


def test_a_referral_is_kept_as_a_lead_and_the_call_goes_on(on_call, shots):
    page, centre = on_call
    page.keyboard.press("c")
    step(page, "opening")
    page.keyboard.press("z")
    page.fill("#situation input[name=name]", "张三")
    page.fill("#situation input[name=phone]", "13900001111")
    page.click("text=保存潜在客户，继续通话")
    page.wait_for_selector("text=已建立潜在客户：张三")
    lead = Customer.objects.get(is_lead=True)
    assert lead.referred_by == centre["customer"]
    step(page, "opening")  # still on the call


def test_a_digit_then_enter_at_once_answers_that_digit(on_call, shots):
    """On a 0–10 question "1" waits for a possible "10"; Enter right after it must
    answer 1, not the choice before it, and the 1 must not land on the next panel."""
    from huifang.surveys.models import Questionnaire

    page, centre = on_call
    sale = Questionnaire.objects.get(slug="sale-satisfaction").current()
    type(centre["campaign"]).objects.update(questionnaire_version=sale)
    page.keyboard.press("c")
    step(page, "opening")
    page.keyboard.press("g")
    step(page, "verify")
    page.keyboard.press("Enter")
    question(page, "本人")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    question(page, "0到10分")
    page.keyboard.press("8")
    page.keyboard.press("Enter")
    question(page, "讲解车辆的功能")
    page.keyboard.press("Backspace")  # back to the score: 8 is chosen
    question(page, "0到10分")
    assert page.is_checked("input[name=value][value='8']")
    page.keyboard.press("1")
    page.keyboard.press("Enter")  # inside the wait for a second digit
    question(page, "讲解车辆的功能")
    page.wait_for_timeout(800)  # longer than the wait: nothing lands here
    assert not page.is_checked("input[name=value][value=yes]")
    page.screenshot(path=str(shots / "workspace-digit-then-enter.png"), full_page=True)
    answers = Call.objects.get().response.sheet["answers"]
    assert answers["q1"] == 1 and "q2" not in answers


def test_a_lost_network_or_a_server_error_is_never_silent(on_call, shots):
    page, _ = on_call
    page.route("**/note/", lambda route: route.abort())  # the network is gone
    page.keyboard.press("i")
    page.keyboard.type("客户说下周出差")
    page.keyboard.press("Escape")
    page.wait_for_selector("#save-error", state="visible")
    assert "未保存，请检查网络后重试" in page.inner_text("#save-error")
    assert page.inner_text("#note-saved") == "未保存"
    page.screenshot(path=str(shots / "workspace-unsaved.png"), full_page=True)
    page.unroute("**/note/")
    page.keyboard.press("i")
    page.keyboard.type("，周五回来")
    page.keyboard.press("Escape")
    page.wait_for_selector("#save-error", state="hidden")
    page.wait_for_selector("#note-saved:has-text('已保存')")
    assert Call.objects.get().note == "客户说下周出差，周五回来"
    page.route("**/dial/", lambda route: route.fulfill(status=500, body="boom"))
    page.keyboard.press("c")
    page.wait_for_selector("#save-error", state="visible")
    assert Call.objects.get().dialled_at is None


def test_no_answer_from_the_keyboard(on_call, shots):
    page, _ = on_call
    page.keyboard.press("c")
    step(page, "opening")
    assert "A" in page.inner_text("form.unreached")
    page.screenshot(path=str(shots / "workspace-unreached-keys.png"), full_page=True)
    page.keyboard.press("a")  # 无人接听
    page.wait_for_selector("text=已记录：无人接听")
    assert Attempt.objects.get().outcome == "no_answer"
    assert CallTask.objects.get().state == "open"
