"""An agent's morning in a real browser: log in, claim the next call, record it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huifang.campaigns.lifecycle import launch_campaign
from huifang.campaigns.models import Attempt, CallTask
from huifang.customers.models import Vehicle
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, username):
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "secret-pass-1")
    page.click("button.primary")


def test_agent_claims_and_records_a_call(browser_page, shots):
    page = browser_page
    team = f.team()
    agent = f.agent("agent1", team)
    person = f.customer("王建国", province="北京", phone="+8613800138000")
    Vehicle.objects.create(customer=person, product="哈弗H6", plate="京A12345")
    campaign = f.campaign("保养后满意度回访", team=team, purpose="了解客户对最近一次保养的满意度")
    launch_campaign(campaign)
    # An appointment due a minute ago, held for agent1: callable at any hour of the day.
    now = timezone.now()
    CallTask.objects.update(
        appointment_at=now - timedelta(minutes=1),
        callable_from=now - timedelta(minutes=1),
        reserved_for=agent,
        reserved_until=now + timedelta(minutes=9),
    )

    login(page, "agent1")
    page.wait_for_url("**/next/")
    page.screenshot(path=str(shots / "agent-next-empty-hand.png"), full_page=True)
    page.click("button:has-text('下一个回访')")
    page.wait_for_selector("text=王建国先生")
    body = page.inner_text("body")
    assert "138****8000" in body and "13800138000" not in body
    assert "保养后满意度回访" in body and "哈弗H6" in body
    page.screenshot(path=str(shots / "agent-call-in-hand.png"), full_page=True)
    page.fill("textarea[name=note]", "客户很满意")
    page.click("button[value=complete]")
    page.wait_for_selector("text=已记录：回访成功")
    page.screenshot(path=str(shots / "agent-after-outcome.png"), full_page=True)
    attempt = Attempt.objects.get()
    assert attempt.outcome == "complete" and attempt.note == "客户很满意" and attempt.agent == agent
    assert CallTask.objects.get().state == "closed"
    assert "没有待呼叫的任务" in page.inner_text("body")


def test_supervisor_sees_why_the_queue_waits(browser_page, shots):
    page = browser_page
    f.agent("supervisor", role="supervisor")
    for i in range(4):
        f.customer(f"客户{i}", province="广东" if i % 2 else "北京")
    campaign = f.campaign("休眠用户关爱回访", kind="dormant")
    launch_campaign(campaign, now=timezone.now() + timedelta(days=400))  # nothing callable yet
    login(page, "supervisor")
    page.wait_for_url("**/campaigns/")
    page.screenshot(path=str(shots / "supervisor-campaigns.png"), full_page=True)
    page.click("text=休眠用户关爱回访")
    page.wait_for_selector("text=为什么现在不能呼叫")
    text = page.inner_text("body")
    assert "待呼叫任务合计" in text and "4" in text
    page.screenshot(path=str(shots / "supervisor-campaign-detail.png"), full_page=True)
