from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from huifang.accounts.models import Profile
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.lifecycle import launch_campaign
from huifang.campaigns.models import CallTask
from huifang.customers.models import Dealer, Vehicle
from huifang.surveys.models import Questionnaire
from huifang.surveys.store import install_builtins
from tests import factories as f

NOW = f.at("2026-11-24 10:00")  # a Tuesday morning, inside the contact window


def make_centre():
    """A team of two agents and a supervisor; 王建国 with a car, and a satisfaction
    campaign on the built-in service questionnaire, launched."""
    team = f.team()
    agent = f.agent("agent1", team)
    Profile.objects.create(user=agent, agent_no="1001")
    agent.first_name = "李娜"
    agent.save()
    other = f.agent("agent2", team)
    supervisor = f.agent("supervisor", role="supervisor")
    dealer = Dealer.objects.create(code="BJ01", name="北京长城汽车4S店", province="北京")
    person = f.customer(
        "王建国",
        phone="+8613800138000",
        birthday=date(1980, 5, 1),
        address="北京市朝阳区建国路1号",
        dealer=dealer,
    )
    Vehicle.objects.create(
        customer=person,
        product="哈弗H6",
        plate="京A12345",
        insurance_due=date(2026, 12, 20),
        purchase_date=date(2023, 3, 1),
    )
    install_builtins()
    campaign = f.campaign(
        "保养后满意度回访",
        team=team,
        purpose="了解客户对最近一次保养的满意度",
        questionnaire=Questionnaire.objects.get(slug="service-satisfaction"),
    )
    launch_campaign(campaign, now=NOW - timedelta(days=1))
    return {
        "agent": agent,
        "other": other,
        "supervisor": supervisor,
        "customer": person,
        "campaign": campaign,
        "team": team,
    }


@pytest.fixture
def centre(db):
    return make_centre()


def hand_to(agent, now=None):
    """Make the open task an appointment due now for `agent` (callable at any hour,
    so the views can run on the real clock) and let her claim it."""
    now = now or timezone.now()
    task = CallTask.objects.filter(state="open").first()
    CallTask.objects.filter(pk=task.pk).update(
        appointment_at=now - timedelta(minutes=1),
        callable_from=now - timedelta(minutes=1),
        reserved_for=agent,
        reserved_until=now + timedelta(minutes=9),
    )
    claimed = claim_next(agent, now=now)
    assert claimed is not None and claimed.pk == task.pk
    return claimed


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c
