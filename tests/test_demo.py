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


def test_agent1_can_make_a_whole_callback_in_each_demo_campaign(demo):
    """Whatever the hour the demo starts, one customer per campaign is waiting for
    agent1's call; she makes each of them from claim to outcome."""
    from huifang.calls import conversation
    from huifang.calls.models import Call

    c = Client()
    c.post(reverse("login"), {"username": "agent1", "password": data.PASSWORD})
    hx = {"HTTP_HX_REQUEST": "true"}
    done = set()
    active = Campaign.objects.filter(status=Status.ACTIVE)
    for _ in active:
        c.post(reverse("claim"), follow=True)
        call = Call.objects.get(agent__username="agent1", finished_at__isnull=True)
        for name, args in [("call_dial", []), ("call_step", ["verify"]), ("call_details", [])]:
            assert c.post(reverse(name, args=[call.pk, *args]), **hx).status_code == 200
        asked = 0
        while call.task.campaign.questionnaire_version and asked < 50:
            q = conversation.asking(Call.objects.get(pk=call.pk)).question
            if q is None:
                break
            c.post(reverse("call_answer", args=[call.pk]), {"qid": q.id, "value": _answer(q)}, **hx)
            asked += 1
        assert asked < 50, "the questionnaire did not end"
        c.post(reverse("call_step", args=[call.pk, "closing"]), **hx)
        answer = c.post(reverse("call_finish", args=[call.pk]), {"code": "complete"}, **hx)
        assert answer.headers.get("HX-Redirect") == "/next/", answer.content.decode()[:500]
        done.add(call.task.campaign.name)
    assert done == set(active.values_list("name", flat=True))


def test_the_demo_has_checked_transcripts_of_varied_quality(demo):
    """About 200 calls of a finished campaign, checked by the rules: the careful agent
    scores above the learner, some calls fail, and the inspector has begun reviewing."""
    from django.db.models import Avg

    from huifang.quality.models import Appeal, Finding, Inspection

    assert Inspection.objects.count() == 200
    average = dict(
        Inspection.objects.values_list("transcript__agent__username").annotate(Avg("score"))
    )
    assert average["agent1"] > average["agent2"] > average["agent3"]
    assert Inspection.objects.filter(passed=False).exists()
    assert Finding.objects.filter(state="overturned").exists() and Appeal.objects.exists()
    assert len({f.rule for f in Finding.objects.all()}) >= 15
    assert any(i.signals for i in Inspection.objects.all())
    c = Client()
    c.post(reverse("login"), {"username": "qa", "password": data.PASSWORD})
    assert c.get("/qa/").status_code == 200 and c.get("/qa/rules/").status_code == 200


def _answer(q) -> str:
    if q.options:
        return q.options[0].value
    if q.bounds:
        return str(q.bounds[1])
    return {"number": "3", "date": "2026-01-01"}.get(q.type, "很好")
