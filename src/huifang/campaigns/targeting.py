"""Who a campaign calls (B2): target rules per campaign kind, and the exclusions.

A campaign's `targeting` is data: `{"rule": "dormant", "days": 180, "dealers": [...],
"provinces": [...], "tags": [...]}`. Each rule turns its parameters into a filter on
customers; the filters `dealers`, `provinces` and `tags` apply to every rule."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from huifang.campaigns.choices import Status
from huifang.campaigns.models import Attempt, CallTask, Campaign
from huifang.customers.models import Customer, Phone


class TargetingError(ValueError):
    pass


def _days(params: dict, key: str, default: int) -> int:
    value = params.get(key, default)
    if not isinstance(value, int) or value < 0:
        raise TargetingError(f"targeting.{key}: expected a whole number of days, got {value!r}")
    return value


def _dormant(params: dict, today: date) -> Q:
    """No visit for more than N days (default 180)."""
    return Q(last_visit_date__lt=today - timedelta(days=_days(params, "days", 180)))


DUE_FIELDS = {
    "insurance": "vehicles__insurance_due",
    "inspection": "vehicles__inspection_due",
    "licence": "licence_due",
}


def _due_within(params: dict, today: date) -> Q:
    """A due date (insurance, inspection or licence) within the next N days."""
    field = DUE_FIELDS.get(params.get("due", "insurance"))
    if field is None:
        raise TargetingError(
            f"targeting.due: {params.get('due')!r} is not one of {', '.join(DUE_FIELDS)}"
        )
    days = _days(params, "days", 30)
    return Q(**{f"{field}__gte": today, f"{field}__lte": today + timedelta(days=days)})


def _event_ago(field: str):
    def rule(params: dict, today: date) -> Q:
        """The event happened between `days` and `within` days ago (default 3 to 30)."""
        lo, hi = _days(params, "days", 3), _days(params, "within", 30)
        return Q(**{f"{field}__lte": today - timedelta(days=lo)}) & Q(
            **{f"{field}__gte": today - timedelta(days=hi)}
        )

    return rule


def _birthday_month(params: dict, today: date) -> Q:
    """Birthday in the given month (default this month)."""
    return Q(birthday__month=params.get("month", today.month))


def _everyone(params: dict, today: date) -> Q:
    return Q()


RULES = {
    "dormant": _dormant,
    "due_within": _due_within,
    "after_service": _event_ago("last_visit_date"),
    "after_sale": _event_ago("purchase_date"),
    "birthday_month": _birthday_month,
    "all": _everyone,
}

DEFAULT_RULE = {
    "dormant": "dormant",
    "reminder": "due_within",
    "satisfaction_service": "after_service",
    "satisfaction_sale": "after_sale",
    "holiday": "birthday_month",
}


DUE_LABELS = {"insurance": _lazy("保险"), "inspection": _lazy("年检"), "licence": _lazy("驾照")}


def describe(targeting: dict) -> str:
    """The target rule in the supervisor's words (in the active language)."""
    t = targeting or {}
    rule = t.get("rule", "all")
    if rule == "dormant":
        text = _("最近到店早于 %(days)s 天") % {"days": t.get("days", 180)}
    elif rule == "due_within":
        due = t.get("due", "insurance")
        text = _("%(item)s在 %(days)s 天内到期") % {
            "item": DUE_LABELS.get(due, due),
            "days": t.get("days", 30),
        }
    elif rule == "after_service":
        text = _("到店后 %(days)s–%(within)s 天") % {
            "days": t.get("days", 3),
            "within": t.get("within", 30),
        }
    elif rule == "after_sale":
        text = _("购买后 %(days)s–%(within)s 天") % {
            "days": t.get("days", 3),
            "within": t.get("within", 30),
        }
    elif rule == "birthday_month":
        month = t.get("month")
        text = _("%(month)s月生日") % {"month": month} if "month" in t else _("本月生日")
    elif rule == "all":
        text = _("全部客户")
    else:
        text = rule
    for key, label in (
        ("dealers", pgettext("targeting filter", "经销商")),
        ("provinces", pgettext("targeting filter", "省份")),
        ("tags", pgettext("targeting filter", "标签")),
    ):
        if t.get(key):
            # Translators: the separator between the items of a list, e.g. dealers.
            items = _("、").join(t[key])
            text += _("；%(label)s：%(items)s") % {"label": label, "items": items}
    return text


def rule_filter(campaign: Campaign, today: date) -> Q:
    params = campaign.targeting or {}
    name = params.get("rule") or DEFAULT_RULE.get(campaign.kind, "all")
    rule = RULES.get(name)
    if rule is None:
        raise TargetingError(f"targeting.rule: unknown rule {name!r}; known: {', '.join(RULES)}")
    where = rule(params, today)
    if params.get("dealers"):
        where &= Q(dealer__code__in=params["dealers"]) | Q(dealer__name__in=params["dealers"])
    if params.get("provinces"):
        where &= Q(province__in=params["provinces"]) | Q(
            province="", phones__province__in=params["provinces"]
        )
    for tag in params.get("tags") or []:
        where &= Q(tags__contains=tag) if _json_contains_supported() else Q(tags__icontains=tag)
    return where


def _json_contains_supported() -> bool:
    from django.db import connection

    return connection.features.supports_json_field_contains


def frequency_capped(now: datetime) -> Q:
    """Customers reached in conversation `FREQUENCY_CAP` times within `FREQUENCY_DAYS`."""
    cap = settings.HUIFANG["FREQUENCY_CAP"]
    since = now - timedelta(days=settings.HUIFANG["FREQUENCY_DAYS"])
    recent = Attempt.objects.filter(customer=OuterRef("pk"), conversation=True, at__gte=since)
    if cap <= 1:
        return Q(Exists(recent))
    # "at least cap rows" without counting them all: the cap-th row exists.
    nth = recent.order_by("at").values("pk")[cap - 1 : cap]
    return Q(Exists(nth))


def in_active_campaign_of_kind(campaign: Campaign) -> Q:
    others = CallTask.objects.filter(
        customer=OuterRef("pk"),
        campaign__kind=campaign.kind,
        campaign__status__in=[Status.ACTIVE, Status.PAUSED],
    ).exclude(campaign=campaign)
    return Q(Exists(others))


@dataclass(frozen=True)
class Preview:
    matched: int
    do_not_call: int
    frequency_cap: int
    active_campaign: int
    no_phone: int
    to_call: int


def matched(campaign: Campaign, today: date) -> QuerySet[Customer]:
    return Customer.objects.filter(rule_filter(campaign, today)).distinct()


def eligible(campaign: Campaign, now: datetime) -> QuerySet[Customer]:
    """Customers the campaign may call: the rule's match less every exclusion."""
    today = now.date()
    has_phone = Exists(Phone.objects.filter(customer=OuterRef("pk")))
    already = CallTask.objects.filter(customer=OuterRef("pk"), campaign=campaign)
    return (
        Customer.objects.filter(pk__in=matched(campaign, today).values("pk"), do_not_call=False)
        .filter(has_phone)
        .exclude(frequency_capped(now))
        .exclude(in_active_campaign_of_kind(campaign))
        .exclude(Exists(already))
    )


def preview(campaign: Campaign, now: datetime) -> Preview:
    """The counts a supervisor sees before launching."""
    base = matched(campaign, now.date())
    total = base.count()
    dnc = base.filter(do_not_call=True).count()
    no_phone = base.exclude(Exists(Phone.objects.filter(customer=OuterRef("pk")))).count()
    capped = base.filter(do_not_call=False).filter(frequency_capped(now)).count()
    busy = base.filter(do_not_call=False).filter(in_active_campaign_of_kind(campaign)).count()
    return Preview(
        matched=total,
        do_not_call=dnc,
        frequency_cap=capped,
        active_campaign=busy,
        no_phone=no_phone,
        to_call=eligible(campaign, now).count(),
    )
