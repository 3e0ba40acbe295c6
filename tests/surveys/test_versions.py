"""Questionnaire versions (E6): content-addressed, never rewritten; a campaign cannot
launch with a questionnaire that has lint errors or failing path tests, and launching
freezes the version it calls with."""

import pytest
from django.urls import reverse

from huifang.campaigns.choices import Status
from huifang.campaigns.lifecycle import LifecycleError, launch_campaign
from huifang.campaigns.models import CallTask, Campaign
from huifang.surveys.loading import SurveyError
from huifang.surveys.models import Questionnaire, Version
from huifang.surveys.store import install_builtins, save_version
from tests import factories as f
from tests.surveys.forms import BUILTIN, example_yaml

NOW = f.at("2026-11-24 10:00")
CLEAN = (BUILTIN / "dormant-care.yaml").read_text(encoding="utf-8")


def test_versions_are_numbered_by_content(db):
    one, created = save_version(example_yaml())
    assert created and one.number == 1 and len(one.digest) == 64
    again, created = save_version("\n# a comment changes nothing\n" + example_yaml())
    assert again == one and not created
    two, created = save_version(example_yaml().replace("请注意保暖", "请多喝水"))
    assert created and two.number == 2 and two.digest != one.digest
    assert Questionnaire.objects.get(slug="dormant-care").current() == two
    assert one.source == example_yaml()  # the first version is kept as it was written


def test_a_bad_questionnaire_stores_nothing(db):
    save_version(example_yaml())
    with pytest.raises(SurveyError):
        save_version(example_yaml().replace("type: scale", "type: stars"))
    assert Version.objects.count() == 1


def test_builtins_install_once(db):
    installed = install_builtins()
    assert set(installed) == {
        "dormant-care",
        "service-satisfaction",
        "sale-satisfaction",
        "complaint-followup",
    }
    assert install_builtins() == installed and Version.objects.count() == 4
    assert all(q.builtin for q in Questionnaire.objects.all())


@pytest.fixture
def campaign(db):
    team = f.team()
    f.agent("agent1", team)
    f.customer()
    return f.campaign(team=team)


def attach(campaign, source):
    version, _ = save_version(source)
    campaign.questionnaire = version.questionnaire
    campaign.save()
    return version


@pytest.mark.parametrize(
    "source,reason",
    [
        (
            CLEAN.replace("when: q5 == 'other_number'", "when: q5 == 'other_numbr'"),
            "when-unknown-option",
        ),
        (
            CLEAN.replace("goto: END_NOT_ELIGIBLE}\n      - id: s2", "goto: s1}\n      - id: s2"),
            "goto",
        ),
        (
            CLEAN.replace("expect: [s1, s2]\n", "expect: [s1, s2, q1]\n"),
            "路径测试“车已卖掉的客户不符合条件”未通过",
        ),
    ],
)
def test_a_campaign_cannot_launch_with_a_questionnaire_that_is_not_clean(campaign, source, reason):
    attach(campaign, source)
    with pytest.raises(LifecycleError, match="还不能使用") as caught:
        launch_campaign(campaign, now=NOW)
    assert reason in str(caught.value)
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT and campaign.questionnaire_version is None
    assert not CallTask.objects.exists()


def test_launching_freezes_the_version_and_later_edits_do_not_touch_it(campaign):
    first = attach(campaign, CLEAN)
    assert launch_campaign(campaign, now=NOW) == 1
    campaign.refresh_from_db()
    assert campaign.questionnaire_version == first
    second, _ = save_version(CLEAN.replace("欢迎您随时回店。", "欢迎您随时回店！"))
    assert second.number == 2
    campaign.refresh_from_db()
    assert campaign.questionnaire_version == first


def test_a_supervisor_attaches_a_questionnaire_in_the_web_and_launch_freezes_it(db, client):
    team = f.team()
    f.customer()
    client.force_login(f.agent("boss", role="supervisor"))
    version, _ = save_version(CLEAN)
    form = {
        "name": "休眠关爱",
        "kind": "dormant",
        "priority": 5,
        "team": team.pk,
        "policy": "standard",
        "max_attempts": 5,
        "daily_attempts": 2,
        "rule": "all",
        "questionnaire": version.questionnaire.pk,
    }
    assert client.post(reverse("campaign_new"), form).status_code == 302
    campaign = Campaign.objects.get(name="休眠关爱")
    assert campaign.questionnaire == version.questionnaire
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "服务流失用户关爱调研" in page
    client.post(reverse("campaign_action", args=[campaign.pk, "launch"]))
    campaign.refresh_from_db()
    assert campaign.status == Status.ACTIVE and campaign.questionnaire_version == version
    assert (
        "已冻结第 1 版"
        in client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    )
    # Once launched, the questionnaire cannot be swapped from the form.
    other, _ = save_version(example_yaml().replace("id: dormant-care", "id: other"))
    client.post(
        reverse("campaign_edit", args=[campaign.pk]),
        {**form, "questionnaire": other.questionnaire.pk},
    )
    campaign.refresh_from_db()
    assert campaign.questionnaire == version.questionnaire


def test_launching_from_the_web_with_a_broken_questionnaire_says_why(db, client):
    client.force_login(f.agent("boss", role="supervisor"))
    f.customer()
    campaign = f.campaign()
    attach(campaign, CLEAN.replace("when: q5 == 'other_number'", "when: q5 == 'other_numbr'"))
    page = client.post(reverse("campaign_action", args=[campaign.pk, "launch"]), follow=True)
    assert "还不能使用" in page.content.decode() and "when-unknown-option" in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT
