"""Small builders for tests: customers, campaigns, agents — on any database alias."""

import itertools
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from huifang.accounts.models import Team
from huifang.accounts.roles import ROLES, sync_groups
from huifang.campaigns.models import Campaign
from huifang.customers.models import Customer, Phone

# The PostgreSQL tests run where HUIFANG_TEST_POSTGRES_URL is set (CI sets it).
needs_postgres = pytest.mark.skipif(
    not os.environ.get("HUIFANG_TEST_POSTGRES_URL"), reason="HUIFANG_TEST_POSTGRES_URL is not set"
)
SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(13800000000)


def at(text: str) -> datetime:
    """A fixed instant, written as Shanghai wall time: at('2026-11-24 10:00')."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def agent(username: str, team: Team | None = None, role: str = "agent", using: str = "default"):
    users = get_user_model().objects.db_manager(using)
    user = users.create_user(username, password="secret-pass-1")
    if using == "default":
        if not Group.objects.filter(name=ROLES[role].group).exists():
            sync_groups()
        user.groups.add(Group.objects.get(name=ROLES[role].group))
    if team is not None:
        team.members.add(user)
    return user


def handler(username: str, department: str, email: str = ""):
    """A department's handler 处理部门 (role dept, a DepartmentMember row)."""
    from huifang.tickets.models import DepartmentMember

    user = agent(username, role="dept")
    if email:
        user.email = email
        user.save(update_fields=["email"])
    DepartmentMember.objects.create(user=user, department=department)
    return user


def team(name: str = "一组", using: str = "default") -> Team:
    return Team.objects.using(using).create(name=name)


def customer(
    name: str = "王伟", province: str = "北京", phone: str | None = None, using="default", **fields
):
    person = Customer.objects.using(using).create(
        name=name, province=province, gender="M", **fields
    )
    number = phone or f"+86{next(_numbers)}"
    Phone.objects.using(using).create(customer=person, e164=number, province=province)
    return person


def campaign(name="满意度回访", kind="satisfaction_service", team=None, using="default", **fields):
    fields.setdefault("targeting", {"rule": "all"})
    return Campaign.objects.using(using).create(name=name, kind=kind, team=team, **fields)


def customers_bulk(n: int, province: str = "北京", using: str = "default") -> None:
    people = Customer.objects.using(using).bulk_create(
        [Customer(name=f"客户{i}", province=province) for i in range(n)], batch_size=1000
    )
    Phone.objects.using(using).bulk_create(
        [Phone(customer=p, e164=f"+86{next(_numbers)}", province=province) for p in people],
        batch_size=1000,
    )
