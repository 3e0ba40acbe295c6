"""The demo: the command prepares a working centre, and every role's pages answer."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from huifang.campaigns.choices import Status
from huifang.campaigns.models import CallTask, Campaign
from huifang.customers.models import Customer, Dealer
from huifang.demo import data
from tests.cli import as_json, huifang


def test_demo_command_prepares_the_centre_quickly(tmp_path):
    started = time.monotonic()
    result = huifang(tmp_path, "demo", "--no-serve", "--format", "json")
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    answer = as_json(result)
    assert answer["url"] == "http://127.0.0.1:8000/" and answer["password"] == "huifang-demo"
    assert set(answer["users"]) == {
        "agent1",
        "agent2",
        "agent3",
        "supervisor",
        "qa",
        "dept",
        "admin",
    }
    assert took < 60
    again = huifang(tmp_path, "demo", "--no-serve")  # reuses what is there
    assert again.returncode == 0 and "演示数据已存在" in again.stdout


@pytest.fixture
def demo(db):
    data.load(customers=300)


def test_demo_data_shape(demo):
    assert Dealer.objects.count() == 5
    assert {d.province for d in Dealer.objects.all()} >= {"北京", "广东"}
    assert Customer.objects.count() == 300
    assert Customer.objects.filter(vehicles__insurance_due__isnull=False).count() == 300
    active = Campaign.objects.filter(status=Status.ACTIVE)
    kinds = {"satisfaction_service", "satisfaction_sale", "dormant", "reminder"}
    assert {c.kind for c in active} == kinds
    for campaign in active:
        assert CallTask.objects.filter(campaign=campaign).exists(), campaign.name
    # The three built-in questionnaires are used, each frozen at its first version.
    frozen = {
        c.questionnaire_version.questionnaire.slug: c.questionnaire_version.number
        for c in active
        if c.questionnaire_version is not None
    }
    assert frozen == {"service-satisfaction": 1, "sale-satisfaction": 1, "dormant-care": 1}


@pytest.mark.parametrize(
    "username,landing",
    [
        ("agent1", "next_call"),
        ("supervisor", "campaign_list"),
        ("qa", "campaign_list"),
        ("admin", "campaign_list"),
    ],
)
def test_each_role_lands_on_a_working_page(demo, username, landing):
    c = Client()
    c.post(reverse("login"), {"username": username, "password": data.PASSWORD})
    page = c.get("/", follow=True)
    assert page.status_code == 200 and page.redirect_chain[-1][0] == reverse(landing)


def test_supervisor_pages_answer(demo):
    c = Client()
    c.post(reverse("login"), {"username": "supervisor", "password": data.PASSWORD})
    for campaign in Campaign.objects.all():
        page = c.get(reverse("campaign_detail", args=[campaign.pk]))
        assert page.status_code == 200 and "为什么现在不能呼叫" in page.content.decode()
    assert c.get(reverse("customer_list")).status_code == 200
    assert c.get(reverse("campaign_new")).status_code == 200
    assert c.get("/admin/").status_code == 200
