"""The demo data set: five dealers north and south, about 2,000 customers with vehicles
and due dates, three active campaigns, one user per role and the people of every
complaint-handling department, and about 150 complaint tickets of the last three
weeks. Deterministic, so every demo shows the same centre."""

import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from huifang.accounts.management.commands.createuser import create_user
from huifang.accounts.models import Team
from huifang.campaigns.choices import TaskState, Wait
from huifang.campaigns.lifecycle import launch_campaign
from huifang.campaigns.models import CallTask, Campaign
from huifang.customers.models import Customer, Dealer, Phone, Vehicle
from huifang.demo import inbound as demo_inbound
from huifang.demo import quality as demo_quality
from huifang.demo import tickets as demo_tickets
from huifang.surveys.store import install_builtins
from huifang.tickets.models import DepartmentMember

PASSWORD = "huifang-demo"
USERS = [
    ("agent1", "agent", "1001", "李娜"),
    ("agent2", "agent", "1002", "王芳"),
    ("agent3", "agent", "1003", "张敏"),
    ("supervisor", "supervisor", "", "陈主管"),
    ("qa", "qa", "", "刘质检"),
    ("admin", "admin", "", "系统管理员"),
    # The complaint-handling departments 处理部门 (tickets/data/routing.yaml): each
    # head's login as routing.yaml names it, and a second handler where most
    # complaints go. The supervisor heads customer relations and sees every ticket.
    ("gm_office", "dept", "", "赵总（总经理办公室）"),
    ("dept", "dept", "", "孙经理（售后服务部）"),
    ("dept2", "dept", "", "周工（售后服务部）"),
    ("parts_head", "dept", "", "吴经理（配件部）"),
    ("insurance_head", "dept", "", "郑经理（保险业务部）"),
    ("quality_head", "dept", "", "冯工（质量部）"),
    ("quality2", "dept", "", "韩工（质量部）"),
    ("nev_head", "dept", "", "钱工（新能源技术部）"),
    ("sales_head", "dept", "", "何经理（销售部）"),
    ("south_head", "dept", "", "梁经理（华南大区）"),
    ("network_head", "dept", "", "许经理（网络管理部）"),
]
# Each department user's department (a key of routing.yaml).
DEPARTMENT_OF = {
    "gm_office": "management",
    "dept": "after_sales",
    "dept2": "after_sales",
    "parts_head": "parts",
    "insurance_head": "insurance",
    "quality_head": "quality",
    "quality2": "quality",
    "nev_head": "nev_tech",
    "sales_head": "sales",
    "south_head": "south_region",
    "network_head": "network",
}
MAIL_DOMAIN = "example.com"  # reserved for examples: no demo mail reaches anyone
TEAM = "回访一组"

DEALERS = [
    # code, name, province, city: two in the north, three in the south
    ("BJ01", "北京长城汽车4S店", "北京", "北京"),
    ("HB01", "石家庄长城汽车4S店", "河北", "石家庄"),
    ("SH01", "上海长城汽车4S店", "上海", "上海"),
    ("GD01", "广州长城汽车4S店", "广东", "广州"),
    ("SC01", "成都长城汽车4S店", "四川", "成都"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌鹏飞宇浩然欣怡子涵梓萱雨轩"
PRODUCTS = ["哈弗H6", "哈弗大狗", "魏牌摩卡", "坦克300", "长城炮", "欧拉好猫", "哈弗H9"]
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _vin(rng: random.Random) -> str:
    return "LGW" + "".join(rng.choice(LETTERS) for _ in range(14))


def _phone(rng: random.Random, used: set[str]) -> str:
    """Real-shaped mobile numbers; their region comes from phonenumbers' data."""
    while True:
        prefix = rng.choice(["138", "139", "135", "136", "137", "150", "158", "186", "188"])
        number = prefix + "".join(str(rng.randrange(10)) for _ in range(8))
        if number not in used:
            used.add(number)
            return number


def already_loaded() -> bool:
    return Dealer.objects.filter(code="BJ01").exists()


def load(customers: int = 2000, seed: int = 7) -> dict:
    """Create the demo centre; returns what was made. The bell's notifications of
    the demo's past are written when it commits, without e-mail."""
    with demo_tickets.mail_held_back():
        return _load(customers, seed)


@transaction.atomic
def _load(customers: int, seed: int) -> dict:
    from huifang.customers.phones import normalise_phone

    rng = random.Random(seed)
    today = timezone.localdate()
    for username, role, agent_no, name in USERS:
        create_user(username, role, PASSWORD, agent_no, TEAM if role == "agent" else "", name)
    people = User.objects.filter(username__in=[u[0] for u in USERS])
    people.update(email=Concat("username", Value(f"@{MAIL_DOMAIN}")))
    for user in people.filter(username__in=DEPARTMENT_OF):
        DepartmentMember.objects.update_or_create(
            user=user, defaults={"department": DEPARTMENT_OF[user.username]}
        )
    dealers = [
        Dealer.objects.create(code=code, name=name, province=province, city=city)
        for code, name, province, city in DEALERS
    ]
    used: set[str] = set()
    people, phones, vehicles = [], [], []
    for i in range(customers):
        dealer = dealers[i % len(dealers)]
        last_visit = today - timedelta(
            days=rng.choice([rng.randrange(3, 40), rng.randrange(60, 420)])
        )
        purchase = last_visit - timedelta(days=rng.randrange(30, 1500))
        if i % 12 == 0:  # some new owners, for the after-sale callback
            purchase = last_visit = today - timedelta(days=rng.randrange(8, 55))
        people.append(
            Customer(
                external_id=f"DEMO{i + 1:05d}",
                name=rng.choice(SURNAMES)
                + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2]))),
                gender=rng.choice("MF"),
                dealer=dealer,
                province=dealer.province,
                birthday=date(
                    rng.randrange(1960, 2002), rng.randrange(1, 13), rng.randrange(1, 29)
                ),
                purchase_date=purchase,
                last_visit_date=last_visit,
                licence_due=today + timedelta(days=rng.randrange(-30, 900)),
            )
        )
    Customer.objects.bulk_create(people, batch_size=500)
    # A plate of the dealer's province (京 for Beijing …), in DEALERS' order.
    plate_of = {dealer.pk: prefix for dealer, prefix in zip(dealers, "京冀沪粤川", strict=True)}
    for customer in Customer.objects.filter(external_id__startswith="DEMO").order_by("id"):
        phones.append(Phone.of(customer, normalise_phone(_phone(rng, used))))
        vehicles.append(
            Vehicle(
                customer=customer,
                product=rng.choice(PRODUCTS),
                vin=_vin(rng),
                plate=f"{plate_of[customer.dealer_id]}{rng.choice('ABCDE')}{rng.randrange(10000, 99999)}",
                purchase_date=customer.purchase_date,
                insurance_due=today + timedelta(days=rng.randrange(-20, 365)),
                inspection_due=today + timedelta(days=rng.randrange(0, 730)),
            )
        )
    Phone.objects.bulk_create(phones, batch_size=500)
    Vehicle.objects.bulk_create(vehicles, batch_size=500)
    team = Team.objects.get(name=TEAM)
    questionnaires = {slug: v.questionnaire for slug, v in install_builtins().items()}
    campaigns = [
        Campaign(
            name="保养后满意度回访",
            kind="satisfaction_service",
            purpose="了解客户对最近一次维修保养服务的满意度，收集意见和建议",
            priority=7,
            targeting={"rule": "after_service", "days": 3, "within": 30},
            questionnaire=questionnaires["service-satisfaction"],
        ),
        Campaign(
            name="购车满意度回访",
            kind="satisfaction_sale",
            purpose="了解客户对购车过程和新车交付的满意度，提醒首次保养",
            priority=6,
            targeting={"rule": "after_sale", "days": 7, "within": 60},
            questionnaire=questionnaires["sale-satisfaction"],
        ),
        Campaign(
            name="休眠用户关爱回访",
            kind="dormant",
            purpose="了解客户半年未到店的原因，赠送200元保养代金券",
            priority=5,
            targeting={"rule": "dormant", "days": 180},
            offer="200元保养代金券",
            questionnaire=questionnaires["dormant-care"],
        ),
        Campaign(
            name="保险到期提醒",
            kind="reminder",
            purpose="提醒客户车辆保险即将到期，可在店内办理续保",
            priority=6,
            targeting={"rule": "due_within", "due": "insurance", "days": 30},
        ),
    ]
    created = {}
    for campaign in campaigns:
        campaign.team = team
        campaign.starts_on = today
        campaign.ends_on = today + timedelta(days=60)
        campaign.save()
        created[campaign.name] = launch_campaign(campaign)
        _appointment_for_agent1(campaign)
    transcripts = demo_quality.load(settings.HUIFANG["COMPANY"])
    tickets = demo_tickets.load(seed=seed)
    _appointment_for_agent1(Campaign.objects.get(kind="complaint_followup", status="active"))
    demo_inbound.load()
    return {
        "customers": customers,
        "tasks": created,
        "transcripts": transcripts,
        "tickets": tickets,
    }


def _appointment_for_agent1(campaign: Campaign) -> None:
    """One customer per campaign (a different one each) asked agent1 to call back
    about now: an appointment is honoured at any hour of its day, so the demo has a
    call to make whenever it is started."""
    now = timezone.now()
    busy = CallTask.objects.filter(appointment_at__isnull=False).values("customer")
    task = (
        campaign.tasks.filter(state=TaskState.OPEN)
        .exclude(customer__in=busy)
        .order_by("id")
        .first()
    )
    if task is None:
        return
    CallTask.objects.filter(pk=task.pk).update(
        appointment_at=now,
        callable_from=now,
        wait_reason=Wait.APPOINTMENT,
        reserved_for=User.objects.get(username="agent1"),
        reserved_until=now + timedelta(minutes=settings.HUIFANG["APPOINTMENT_GRACE_MINUTES"]),
    )
