"""The demo's inbound calls 客户来电: what the three agents answered over the last days —
questions answered from the script library, praise and suggestions with the customers'
ratings, and call backs promised: one still due for agent1, one that she let run over
(raised to the supervisor)."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from huifang.calls import inbound
from huifang.customers.models import Customer

# agent, hours ago, intent, question, answer key, answer, rating, promise in hours (None: none)
CALLS = [
    (
        "agent1",
        50,
        "consult",
        "哈弗H6多久保养一次？",
        "",
        "首保是 3000 公里或 3 个月，之后每 5000 公里或半年保养一次。",
        5,
        None,
    ),
    (
        "agent2",
        46,
        "praise",
        "上次保养的服务顾问很耐心，想表扬一下。",
        "praise.recognition",
        "非常感谢您的支持与认可，您的满意就是对我们工作最大的支持。",
        5,
        None,
    ),
    (
        "agent3",
        30,
        "suggestion",
        "希望周末也能预约保养。",
        "suggestion.valuable",
        "谢谢您提出的宝贵建议，我们将及时地反馈给公司相关负责人员。",
        4,
        None,
    ),
    (
        "agent1",
        28,
        "consult",
        "车辆出险后，异地维修能不能走保险直赔？",
        "cant_answer.promise",
        "",
        4,
        -4,
    ),
    (
        "agent2",
        6,
        "consult",
        "延保合同里变速箱是不是在保修范围内？",
        "cant_answer.promise",
        "",
        5,
        20,
    ),
    ("agent1", 3, "consult", "新车的合格证什么时候能寄到？", "cant_answer.promise", "", None, 3),
    (
        "agent3",
        2,
        "other",
        "询问4S店的营业时间。",
        "",
        "周一到周日 8:30 到 18:00 都营业，节假日照常。",
        3,
        None,
    ),
]


def load() -> int:
    """The calls, each saved as an agent would; returns how many."""
    now = timezone.now()
    agents = {u.username: u for u in User.objects.filter(username__in={c[0] for c in CALLS})}
    customers = list(Customer.objects.filter(phones__isnull=False).order_by("pk")[: len(CALLS)])
    for (username, ago, intent, question, key, answer, rating, promise), customer in zip(
        CALLS, customers, strict=True
    ):
        started = now - timedelta(hours=ago)
        number = customer.phones.first().e164
        call = inbound.take(agents[username], number, customer, now=started)
        inbound.finish(
            call,
            intent=intent,
            question=question,
            answer_key=key,
            answer=answer,
            rating=rating,
            promised_by=None if promise is None else now + timedelta(hours=promise),
            now=started + timedelta(minutes=4),
        )
    inbound.escalate(now)
    return len(CALLS)
