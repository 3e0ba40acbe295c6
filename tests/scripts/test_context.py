"""The placeholder values of a call (context_for): greeting by Shanghai time, the
customer, the first vehicle, the agent's number, the campaign — and nothing guessed."""

from datetime import UTC, date, datetime

import pytest

from huifang.accounts.models import Profile
from huifang.customers.models import Customer, Dealer, Vehicle
from huifang.scripts.context import context_for, day_text
from huifang.scripts.library import load_library
from huifang.scripts.placeholders import fill
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    dealer = Dealer.objects.create(code="BJ01", name="北京长城汽车4S店")
    person = f.customer("王建国", dealer=dealer, birthday=date(1980, 3, 2))
    Vehicle.objects.create(
        customer=person, product="哈弗H6", plate="京A12345", insurance_due=date(2026, 12, 5)
    )
    Vehicle.objects.create(customer=person, product="坦克300", plate="京B00001")
    agent = f.agent("agent1")
    agent.first_name, agent.last_name = "娜", "李"
    agent.save()
    Profile.objects.create(user=agent, agent_no="1024")
    campaign = f.campaign(
        purpose="了解您对最近一次保养服务的感受。", offer="一张200元的维修保养代金券"
    )
    return person, agent, campaign


def test_every_value_of_a_call(call):
    person, agent, campaign = call
    values = context_for(
        customer=person, agent=agent, campaign=campaign, at=f.at("2026-11-24 10:00"), minutes=3
    )
    assert values["greeting"] == "上午好"
    assert (values["customer_name"], values["surname"], values["title"]) == ("王建国", "王", "先生")
    assert values["dealer"] == "北京长城汽车4S店"
    assert (values["product"], values["plate"]) == ("哈弗H6", "京A12345")  # the first vehicle
    assert values["insurance_due"] == "12月5日"
    assert (values["agent_no"], values["agent_name"]) == ("1024", "李娜")
    assert values["company"] == "长城汽车"
    assert values["purpose"] == "了解您对最近一次保养服务的感受"  # no 。 before the next words
    assert values["offer"] == "一张200元的维修保养代金券"
    assert values["minutes"] == "3"
    assert values["care"] and "{" not in values["care"]
    assert "holiday" not in values  # no festival within a week of 24 November
    opening = fill(load_library().get("opening.default").text, values)
    assert opening == (
        "上午好！我是长城汽车呼叫中心1024号坐席，请问您是王建国先生吗？今天给您来电，"
        "主要是了解您对最近一次保养服务的感受，大约需要占用您3分钟时间，请问您现在方便接听吗？"
    )


def test_the_greeting_is_shanghai_wall_time(call):
    person, agent, campaign = call
    utc = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    assert context_for(customer=person, at=utc)["greeting"] == "上午好"
    assert context_for(at=f.at("2026-11-24 08:59"))["greeting"] == "早上好"
    assert context_for(at=f.at("2026-11-24 18:00"))["greeting"] == "晚上好"


def test_greeting_times_come_from_the_settings(settings):
    settings.HUIFANG = {**settings.HUIFANG, "GREETING_TIMES": ("10:00", "12:00", "14:00", "19:00")}
    assert context_for(at=f.at("2026-11-24 09:30"))["greeting"] == "早上好"
    assert context_for(at=f.at("2026-11-24 18:30"))["greeting"] == "下午好"


def test_holiday_and_birthday_care(call):
    person, agent, campaign = call
    values = context_for(customer=person, at=f.at("2026-09-20 10:00"))
    assert values["holiday"] == "中秋节"
    assert "中秋" in values["care"]
    march = context_for(customer=person, at=f.at("2026-03-10 10:00"))  # born in March
    assert "生日" in march["care"]


def test_what_is_not_known_is_left_out(call):
    person, _agent, _campaign = call
    nobody = f.agent("agent2")  # no profile, no full name
    stranger = Customer.objects.create(name="Alex", gender="")
    values = context_for(customer=stranger, agent=nobody, at=f.at("2026-11-24 10:00"))
    assert "agent_no" not in values and values["agent_name"] == "agent2"
    assert values["title"] == "" and "dealer" not in values and "product" not in values
    assert "purpose" not in values and "minutes" not in values
    said = fill("请问您是{customer_name}{title}吗？我是{agent_no}号坐席。", values)
    assert said == "请问您是Alex{title}吗？我是{agent_no}号坐席。"


def test_nothing_is_asked_twice_of_the_database(call, django_assert_num_queries):
    person, agent, campaign = call
    loaded = (
        Customer.objects.select_related("dealer").prefetch_related("vehicles").get(pk=person.pk)
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("profile").get(pk=agent.pk)
    with django_assert_num_queries(0):
        values = context_for(
            customer=loaded, agent=user, campaign=campaign, at=f.at("2026-11-24 10:00")
        )
    assert values["dealer"] and values["agent_no"] == "1024"
    fresh, plain_user = (
        Customer.objects.get(pk=person.pk),
        get_user_model().objects.get(pk=agent.pk),
    )
    with django_assert_num_queries(3):  # dealer, vehicles, profile
        context_for(customer=fresh, agent=plain_user)


def test_day_text():
    today = date(2026, 11, 24)
    assert day_text(date(2026, 12, 5), today) == "12月5日"
    assert day_text(date(2027, 1, 5), today) == "2027年1月5日"
    assert day_text(None, today) == ""
