"""A supervisor in a real browser; the agent's calls are in test_workspace.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huifang.campaigns.lifecycle import launch_campaign
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, username):
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "secret-pass-1")
    page.click("button.primary")


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
