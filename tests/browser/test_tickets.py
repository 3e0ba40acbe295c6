"""A complaint's whole loop in a real browser (F2–F5): heard on a callback, completed
and routed by the agent, answered by the department, followed up by phone — where the
customer is not satisfied, so it goes back to the department. Screenshots go to
HUIFANG_SCREENSHOTS when it is set."""

import pytest

from huifang.tickets.models import Ticket
from tests import factories as f
from tests.browser.test_agent_flow import login
from tests.browser.test_workspace import answer_satisfied, question, settled, step
from tests.calls.centre import hand_to, make_centre

pytestmark = pytest.mark.django_db(transaction=True)

INTAKE = {
    "vehicle": "哈弗H6 京A12345",
    "service_station": "北京长城汽车4S店服务站",
    "parts": "发动机正时皮带",
    "what_happened": "11月20日保养后出现异响，回店检查说正常",
    "customer_request": "一周内查清原因并免费修好",
}


def _as(page, username):
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_load_state("load")


def _through_the_survey(page):
    """The service questionnaire, a satisfied customer, from the keyboard."""
    page.keyboard.press("c")  # 拨打
    step(page, "opening")
    page.keyboard.press("g")  # 方便
    step(page, "verify")
    page.keyboard.press("Enter")
    step(page, "survey")


def test_a_complaint_from_a_callback_to_the_department_and_back(browser_page, shots):
    page = browser_page
    centre = make_centre()
    handler = f.handler("handler1", "after_sales")
    handler.first_name = "售后赵工"
    for user in (centre["agent"], handler):
        user.set_password("secret-pass-1")
        user.save()
    hand_to(centre["agent"])

    # 1. agent1 hears a complaint on the satisfaction callback.
    _as(page, "agent1")
    page.wait_for_selector("text=第一步：开场")
    _through_the_survey(page)
    answer_satisfied(page)
    page.keyboard.press("Control+Enter")
    step(page, "closing")
    page.keyboard.press("h")
    page.wait_for_selector("text=话后处理中")
    page.check("#has-complaint")
    page.fill("textarea[name=complaint]", "保养后发动机有异响，店里说正常")
    page.click("button:has-text('记录结果')")
    page.wait_for_selector("text=已记录")
    ticket = Ticket.objects.get()
    assert ticket.status == "new" and ticket.source == "callback"

    # 2. She completes the intake on the ticket page and routes it by the rules.
    page.goto(page.base + f"/tickets/{ticket.pk}/")
    page.wait_for_load_state("load")  # htmx (deferred) fetches the advice below
    assert "派单前还要补全" in page.inner_text("#missing")
    page.select_option("#f-category", "repair_quality")
    for key, value in INTAKE.items():
        page.fill(f"#f-{key}", value)
    page.check("input[name=customer_type][value=agitated]")
    page.wait_for_selector("#advice:has-text('保持冷静')")  # the advice beside the form
    page.select_option("#f-severity", "important")
    page.click("#edit button.primary")
    page.wait_for_selector(".messages >> text=已修改受理信息")
    page.screenshot(path=str(shots / "ticket-1-intake.png"), full_page=True)
    page.click("form[data-action=route] button")
    page.wait_for_selector("#status:has-text('已派单')")
    assert "售后服务部" in page.inner_text("body")

    # 3. The department's handler takes it up and returns the result.
    _as(page, "handler1")
    page.goto(page.base + "/tickets/inbox/")
    page.click(f"a:has-text('#{ticket.pk}')")
    assert "13800138000" not in page.inner_text("body")
    page.click("form[data-action=start] button")
    page.wait_for_selector("#status:has-text('处理中')")
    page.fill(
        "form[data-action=return_result] textarea[name=result]", "已更换正时皮带张紧器，试车无异响"
    )
    page.click("form[data-action=return_result] button")
    page.wait_for_selector("#status:has-text('已回复结果')")
    page.screenshot(path=str(shots / "ticket-2-result.png"), full_page=True)

    # 4. The follow-up call: agent1 reads the result; the customer is not satisfied.
    hand_to(centre["agent"])
    _as(page, "agent1")
    page.wait_for_selector("#followup-ticket")
    assert "已更换正时皮带张紧器" in page.inner_text("#followup-ticket")
    _through_the_survey(page)
    question(page, "问题解决了吗")
    page.screenshot(path=str(shots / "ticket-3-followup-call.png"), full_page=True)
    page.keyboard.press("3")  # 没有解决
    page.keyboard.press("Enter")
    question(page, "处理满意吗")
    page.keyboard.press("3")  # 不满意
    page.keyboard.press("Enter")
    question(page, "哪里还没有处理好")
    page.fill("textarea[name=value]", "还是有异响，要求换发动机")
    page.keyboard.press("Control+Enter")
    question(page, "其他需要我们帮忙")
    page.keyboard.press("Control+Enter")
    step(page, "closing")
    page.keyboard.press("h")
    page.wait_for_selector("text=话后处理中")
    page.click("button:has-text('记录结果')")
    page.wait_for_selector("text=已记录")

    ticket.refresh_from_db()
    assert ticket.status == "routed" and ticket.reopen_count == 1
    assert ticket.satisfaction == "dissatisfied" and ticket.department == "after_sales"
    page.goto(page.base + f"/tickets/{ticket.pk}/")
    timeline = page.inner_text("#timeline")
    assert "还是有异响，要求换发动机" in timeline and "客户不满意，重新处理" in timeline
    settled(page)
    page.screenshot(path=str(shots / "ticket-4-reopened.png"), full_page=True)
