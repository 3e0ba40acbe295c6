"""Persona tests: each page as its rightful user, as another role, as an outsider."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from huifang.accounts.masking import mask
from huifang.accounts.models import AuditEntry
from huifang.calls.workspace import open_call
from huifang.campaigns.claiming import claim_next
from huifang.campaigns.lifecycle import launch_campaign
from huifang.customers.models import Phone
from tests import factories as f

NOW = f.at("2026-11-24 10:00")


@pytest.fixture
def centre(db):
    team = f.team()
    people = {
        "agent1": f.agent("agent1", team),
        "agent2": f.agent("agent2", team),
        "supervisor": f.agent("supervisor", role="supervisor"),
        "qa": f.agent("qa", role="qa"),
        "dept": f.agent("dept", role="dept"),
    }
    mine = f.customer("甲客户", phone="+8613800138000")
    theirs = f.customer("乙客户", phone="+8613900139000")
    launch_campaign(f.campaign(team=team), now=NOW)
    claim_next(people["agent1"], now=NOW)
    claim_next(people["agent2"], now=NOW)
    return people, mine, theirs


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_mask():
    assert mask("+8613800138000") == "138****8000"


def test_agent_sees_only_her_own_customers_masked(centre):
    people, mine, theirs = centre
    c = client_for(people["agent1"])
    held = people["agent1"].leased_tasks.get().customer
    other = theirs if held == mine else mine
    page = c.get(reverse("next_call"))
    assert page.status_code == 200
    text = page.content.decode()
    number = held.phones.get().e164
    assert mask(number) in text and number not in text and number[3:] not in text
    assert c.get(reverse("customer_detail", args=[held.pk])).status_code == 200
    assert c.get(reverse("customer_detail", args=[other.pk])).status_code == 404
    assert c.get(reverse("customer_list")).status_code == 403
    phone = Phone.objects.get(customer=held)
    assert c.post(reverse("reveal_number", args=[phone.pk])).status_code == 403
    assert c.get(reverse("campaign_list")).status_code == 403


def test_supervisor_reveals_a_number_and_it_is_audited(centre):
    people, mine, _ = centre
    c = client_for(people["supervisor"])
    assert c.get(reverse("customer_list")).status_code == 200
    phone = Phone.objects.get(customer=mine)
    answer = c.post(reverse("reveal_number", args=[phone.pk]))
    assert answer.status_code == 200 and "+8613800138000" in answer.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.REVEAL_NUMBER)
    assert entry.username == "supervisor" and str(mine.pk) in entry.target


def test_department_sees_no_customer_list(centre):
    people, mine, _ = centre
    c = client_for(people["dept"])
    assert c.get(reverse("customer_list")).status_code == 403
    assert c.get(reverse("customer_detail", args=[mine.pk])).status_code == 404
    assert c.get(reverse("next_call")).status_code == 403


def test_agent_cannot_record_on_another_agents_call(centre):
    people, *_ = centre
    theirs = people["agent2"].leased_tasks.get()
    call = open_call(people["agent2"])
    c = client_for(people["agent1"])
    for name in ("call_dial", "call_finish", "call_release"):
        answer = c.post(reverse(name, args=[call.pk]), {"code": "complete"})
        assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "leased" and theirs.dialled_at is None


def _patterns(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_no_view_is_exempt_from_csrf():
    """Except the API's, which checks the token itself for a browser's session (and
    needs none for HTTP Basic): tests/quality/test_system.py tries it."""
    exempt = [
        route for route, view in _patterns(get_resolver()) if getattr(view, "csrf_exempt", False)
    ]
    assert [r for r in exempt if not r.startswith(("admin/", "api/v1/"))] == []


def test_posts_without_a_token_are_refused(centre):
    people, *_ = centre
    c = Client(enforce_csrf_checks=True)
    c.force_login(people["agent1"])
    call = open_call(people["agent1"])
    for url in (
        reverse("claim"),
        reverse("call_dial", args=[call.pk]),
        reverse("call_finish", args=[call.pk]),
        reverse("call_release", args=[call.pk]),
    ):
        assert c.post(url, {"code": "complete"}).status_code == 403


def test_repeated_failed_logins_lock_out_and_are_logged(centre):
    c = Client()
    for _ in range(5):
        c.post(reverse("login"), {"username": "agent1", "password": "wrong"})
    locked = c.post(reverse("login"), {"username": "agent1", "password": "secret-pass-1"})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.LOCKOUT, username="agent1").exists()


def test_login_lands_each_role_on_its_page(centre):
    c = Client()
    answer = c.post(
        reverse("login"), {"username": "agent1", "password": "secret-pass-1"}, follow=True
    )
    assert answer.redirect_chain[-1][0] == reverse("next_call")
    c = Client()
    answer = c.post(
        reverse("login"), {"username": "supervisor", "password": "secret-pass-1"}, follow=True
    )
    assert answer.redirect_chain[-1][0] == reverse("campaign_list")


def test_next_call_page_query_budget(centre, django_assert_max_num_queries):
    people, *_ = centre
    c = client_for(people["agent1"])
    with django_assert_max_num_queries(30):
        assert c.get(reverse("next_call")).status_code == 200


def test_every_model_has_an_admin():
    from django.apps import apps
    from django.contrib import admin

    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label
        in {"accounts", "customers", "campaigns", "calls", "tickets", "scripts"}
    ]
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []
