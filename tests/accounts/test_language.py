"""The UI speaks Chinese by default and English once the user picks it (set_language)."""

import ast
import gettext
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from huifang.calls.models import Call
from huifang.campaigns import rules
from huifang.campaigns.choices import Wait
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.lifecycle import launch_campaign
from huifang.campaigns.models import Attempt
from huifang.campaigns.targeting import describe
from tests import factories as f

NOW = f.at("2026-11-24 10:00")
CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


@pytest.fixture
def centre(db):
    team = f.team()
    agent = f.agent("agent1", team)
    supervisor = f.agent("supervisor", role="supervisor")
    customer = f.customer("王伟")
    launch_campaign(f.campaign(team=team), now=NOW)
    task = claim_next(agent, now=NOW)
    Attempt.objects.create(
        task=task, customer=customer, agent=agent, at=NOW - timedelta(days=3), outcome="busy"
    )
    return agent, supervisor


def in_english(client: Client) -> Client:
    answer = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert answer.status_code == 302
    return client


def page(client: Client, name: str) -> str:
    answer = client.get(reverse(name))
    assert answer.status_code == 200
    return answer.content.decode()


def logged_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_login_page_is_chinese_by_default(db):
    text = page(Client(), "login")
    assert '<html lang="zh-hans">' in text
    assert "登录" in text and "用户名" in text and "密码" in text
    assert "Log in" not in text and "Username" not in text


def test_login_page_in_english_after_set_language(db):
    text = page(in_english(Client()), "login")
    assert '<html lang="en">' in text
    assert "Log in" in text and "Username" in text and "Password" in text
    assert "登录" not in text and "用户名" not in text
    # The switcher still names each language in its own words.
    assert "简体中文" in text and "English" in text


def test_wrong_password_message_in_english(db):
    c = in_english(Client())
    answer = c.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert "Incorrect username or password." in answer.content.decode()


def test_next_call_page_is_chinese_by_default(centre):
    agent, _ = centre
    text = page(logged_in(agent), "next_call")
    assert "下一个回访" in text and "第一步：开场" in text and "联系记录" in text
    assert "拨打" in text and "快捷键" in text
    assert "维修保养满意度回访" in text  # the campaign kind
    assert "<b>占线</b>" in text  # the earlier attempt's outcome
    assert "Next call" not in text and "Dial" not in text


def test_next_call_page_in_english(centre):
    agent, _ = centre
    text = page(in_english(logged_in(agent)), "next_call")
    assert "Next call" in text and "Step 1: Opening" in text and "Contact history" in text
    assert "Dial" in text and "Keyboard shortcuts" in text
    assert "Service and maintenance satisfaction callback" in text
    assert "<b>Busy</b>" in text
    assert "下一个回访" not in text and "拨打" not in text and "占线" not in text


def test_queue_reasons_in_english(centre):
    agent, _ = centre
    c = in_english(logged_in(agent))
    page(c, "next_call")
    c.post(reverse("call_release", args=[Call.objects.get(agent=agent).pk]))
    text = page(c, "next_call")
    assert "Queue" in text and "Total waiting tasks" in text
    reasons = re.findall(r'data-reason="(\w+)"><td>([^<]+)</td>', text)
    assert reasons
    with translation.override("en"):
        english = {key: str(label) for key, label in Wait.choices} | {"callable": "Callable now"}
    for key, label in reasons:
        assert label == english[key] and label.isascii()


def test_campaign_status_label_in_both_languages(centre):
    _, supervisor = centre
    c = logged_in(supervisor)
    text = page(c, "campaign_list")
    assert "进行中" in text and "回访项目" in text
    text = page(in_english(c), "campaign_list")
    assert ">Active</span>" in text and "Campaigns" in text and "Progress" in text
    assert "进行中" not in text


def test_recorded_outcome_message_in_english(centre):
    agent, _ = centre
    c = in_english(logged_in(agent))
    page(c, "next_call")
    call = Call.objects.get(agent=agent)
    c.post(reverse("call_dial", args=[call.pk]))
    answer = c.post(reverse("call_finish", args=[call.pk]), {"code": "complete"}, follow=True)
    assert "Recorded: Completed" in answer.content.decode()


def test_outcome_label_follows_the_active_language():
    with translation.override("zh-hans"):
        assert rules.outcome_label("complete") == "回访成功"
        assert describe({"rule": "dormant", "days": 90}) == "最近到店早于 90 天"
    with translation.override("en"):
        assert rules.outcome_label("complete") == "Completed"
        assert describe({"rule": "dormant", "days": 90, "provinces": ["北京", "上海"]}) == (
            "Last visit more than 90 days ago; Provinces: 北京, 上海"
        )
    assert rules.outcome_label("no_such_code") == "no_such_code"


def _po_field(lines: list[str], key: str) -> str | None:
    parts, on = [], False
    for line in lines:
        if line.startswith(key + " "):
            on = True
            parts.append(ast.literal_eval(line[len(key) + 1 :]))
        elif on and line.startswith('"'):
            parts.append(ast.literal_eval(line))
        else:
            on = False
    return "".join(parts) if parts else None


def _po_entries(path: Path) -> list[tuple[str, bool]]:
    """(key, fuzzy) of every entry of a .po file but the header; the key is the msgid,
    after its context and a \\x04 when it has one (as in the .mo)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, context = _po_field(lines, "msgid"), _po_field(lines, "msgctxt")
        if msgid:
            entries.append((msgid if context is None else f"{context}\x04{msgid}", fuzzy))
    return entries


def test_english_catalog_is_complete_and_compiled():
    """Every entry is translated, none fuzzy, and the .mo (CI has no gettext) holds them
    all, so a forgotten compilemessages fails here."""
    entries = _po_entries(CATALOG / "django.po")
    assert len(entries) > 100
    assert [m for m, fuzzy in entries if fuzzy] == []
    with open(CATALOG / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    catalog = {k[0] if isinstance(k, tuple) else k: v for k, v in compiled._catalog.items()}
    missing = [m for m, _ in entries if not catalog.get(m)]
    assert missing == []
