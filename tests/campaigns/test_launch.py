"""Targeting, exclusions and the lifecycle of a campaign."""

from datetime import date, timedelta

import pytest

from huifang.campaigns.choices import Status, TaskState
from huifang.campaigns.lifecycle import (
    LifecycleError,
    finish_campaign,
    launch_campaign,
    pause_campaign,
    resume_campaign,
)
from huifang.campaigns.models import Attempt, CallTask
from huifang.campaigns.targeting import TargetingError, preview
from huifang.customers.models import Customer, Vehicle
from tests import factories as f

NOW = f.at("2026-11-24 10:00")
TODAY = date(2026, 11, 24)


def test_dormant_rule_and_every_exclusion(db):
    dormant = [
        f.customer(f"休眠{i}", last_visit_date=TODAY - timedelta(days=200)) for i in range(6)
    ]
    f.customer("常来", last_visit_date=TODAY - timedelta(days=20))
    Customer.objects.filter(pk=dormant[0].pk).update(do_not_call=True)
    dormant[1].phones.all().delete()
    # dormant[2] was reached twice in the last 30 days
    busy = f.campaign("别的", kind="reminder")
    launch_campaign(busy, now=NOW)
    task = CallTask.objects.get(campaign=busy, customer=dormant[2])
    for days in (1, 2):
        Attempt.objects.create(
            task=task,
            customer=dormant[2],
            at=NOW - timedelta(days=days),
            outcome="complete",
            conversation=True,
        )
    # dormant[3] is already in an active dormant campaign
    active = f.campaign("已在进行", kind="dormant", targeting={"rule": "all"})
    launch_campaign(active, now=NOW)
    CallTask.objects.filter(campaign=active).exclude(customer=dormant[3]).delete()

    campaign = f.campaign("休眠关怀", kind="dormant", targeting={"rule": "dormant", "days": 180})
    counts = preview(campaign, NOW)
    assert counts.matched == 6
    assert (counts.do_not_call, counts.no_phone, counts.frequency_cap, counts.active_campaign) == (
        1,
        1,
        1,
        1,
    )
    assert counts.to_call == 2
    assert launch_campaign(campaign, now=NOW) == 2
    names = set(CallTask.objects.filter(campaign=campaign).values_list("customer__name", flat=True))
    assert names == {"休眠4", "休眠5"}


def test_due_within_rule(db):
    soon = f.customer("快到期")
    later = f.customer("还早")
    Vehicle.objects.create(customer=soon, insurance_due=TODAY + timedelta(days=10))
    Vehicle.objects.create(customer=later, insurance_due=TODAY + timedelta(days=90))
    campaign = f.campaign(
        "保险", kind="reminder", targeting={"rule": "due_within", "due": "insurance", "days": 30}
    )
    assert preview(campaign, NOW).to_call == 1


def test_bad_targeting_names_the_field(db):
    campaign = f.campaign(targeting={"rule": "dormant", "days": "many"})
    with pytest.raises(TargetingError, match="targeting.days"):
        preview(campaign, NOW)
    campaign.targeting = {"rule": "astrology"}
    with pytest.raises(TargetingError, match="unknown rule 'astrology'"):
        preview(campaign, NOW)


def test_launch_stores_region_and_first_phone(db):
    f.customer("南", province="广东")
    f.customer("北", province="北京")
    unknown = f.customer("不明", province="")
    unknown.phones.update(province="")
    launch_campaign(f.campaign(priority=7), now=NOW)
    south = dict(CallTask.objects.values_list("customer__name", "south"))
    assert south == {"南": True, "北": False, "不明": True}
    assert set(CallTask.objects.values_list("priority", flat=True)) == {7}
    assert not CallTask.objects.filter(phone__isnull=True).exists()
    assert set(CallTask.objects.values_list("state", flat=True)) == {TaskState.OPEN}


def test_lifecycle(db):
    campaign = f.campaign()
    with pytest.raises(LifecycleError):
        pause_campaign(campaign)
    launch_campaign(campaign, now=NOW)
    campaign.refresh_from_db()
    assert campaign.status == Status.ACTIVE and campaign.launched_at == NOW
    with pytest.raises(LifecycleError, match="不能从"):
        launch_campaign(campaign, now=NOW)
    pause_campaign(campaign)
    resume_campaign(campaign)
    finish_campaign(campaign)
    with pytest.raises(LifecycleError):
        resume_campaign(campaign)
