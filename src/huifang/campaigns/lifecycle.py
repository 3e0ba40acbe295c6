"""A campaign's life (B4): draft → active ⇄ paused → finished. Launching creates every
call task in one INSERT … SELECT, so a million customers never pass through Python."""

from collections.abc import Callable

from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from huifang import scheduling
from huifang.campaigns.choices import TRANSITIONS, Status, TaskState
from huifang.campaigns.models import CallTask, Campaign
from huifang.campaigns.targeting import eligible
from huifang.customers.models import Phone


class LifecycleError(ValueError):
    pass


def _move(campaign: Campaign, to: str) -> None:
    if to not in TRANSITIONS[Status(campaign.status)]:
        raise LifecycleError(
            _("回访项目 {pk}：不能从“{now}”变为“{to}”").format(
                pk=campaign.pk, now=campaign.get_status_display(), to=Status(to).label
            )
        )
    campaign.status = to


def _task_rows(campaign: Campaign, now):
    """The SELECT that yields one task row per eligible customer."""
    first_phone = Phone.objects.filter(customer=OuterRef("pk")).order_by("position", "id")
    region = NullIf(
        Coalesce(NullIf("province", Value("")), Subquery(first_phone.values("province")[:1])),
        Value(""),
    )
    south = Case(
        When(
            Q(region__isnull=True) | Q(region__in=scheduling.SOUTH_PROVINCE_SPELLINGS),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        eligible(campaign, now)
        .annotate(region=region)
        .annotate(
            t_campaign=Value(campaign.pk, output_field=IntegerField()),
            t_phone=Subquery(first_phone.values("id")[:1]),
            t_state=Value(TaskState.OPEN),
            t_priority=Value(campaign.priority, output_field=IntegerField()),
            t_south=south,
            t_from=Value(now, output_field=DateTimeField()),
            t_reason=Value(""),
            t_zero=Value(0, output_field=IntegerField()),
            t_last=Value(""),
            t_final=Value(""),
            t_class=Value(""),
            t_created=Value(now, output_field=DateTimeField()),
        )
        .values_list(
            "t_campaign",
            "pk",
            "t_phone",
            "t_state",
            "t_priority",
            "t_south",
            "t_from",
            "t_reason",
            "t_zero",
            "t_last",
            "t_final",
            "t_class",
            "t_created",
        )
        .order_by()
    )


TASK_COLUMNS = (
    "campaign_id",
    "customer_id",
    "phone_id",
    "state",
    "priority",
    "south",
    "callable_from",
    "wait_reason",
    "attempts",
    "last_outcome",
    "final_outcome",
    "final_class",
    "created_at",
)


def _freeze_questionnaire(campaign: Campaign, using: str) -> None:
    """Fix the questionnaire version the campaign calls with (E6): its newest, and only
    when it has no lint errors and passes its own path tests."""
    if campaign.questionnaire_id is None:
        return
    version = campaign.questionnaire.versions.using(using).order_by("-number").first()
    if version is None:
        raise LifecycleError(
            _("回访项目 {pk}：问卷 {slug} 还没有版本").format(
                pk=campaign.pk, slug=campaign.questionnaire.slug
            )
        )
    problems = version.blocking()
    if problems:
        more = _("（另有 {n} 处）").format(n=len(problems) - 1) if len(problems) > 1 else ""
        raise LifecycleError(
            _("回访项目 {pk}：问卷 {version} 还不能使用：{problem}{more}").format(
                pk=campaign.pk, version=version, problem=problems[0], more=more
            )
        )
    campaign.questionnaire_version = version


def launch_campaign(campaign: Campaign, now=None, using: str = "default") -> int:
    """Activate a draft campaign and create its call tasks; returns how many. A
    campaign with a questionnaire launches only with a clean one, and freezes it."""
    now = now or timezone.now()
    original = campaign
    with transaction.atomic(using=using):
        campaign = Campaign.objects.using(using).select_for_update().get(pk=campaign.pk)
        _move(campaign, Status.ACTIVE)
        _freeze_questionnaire(campaign, using)
        select = _task_rows(campaign, now).using(using)
        sql, params = select.query.sql_with_params()
        table = CallTask._meta.db_table
        with connections[using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({', '.join(TASK_COLUMNS)}) {sql}", params)
            created = cursor.rowcount
        campaign.launched_at = campaign.launched_at or now
        campaign.save(using=using, update_fields=["status", "launched_at", "questionnaire_version"])
    original.status, original.launched_at = campaign.status, campaign.launched_at
    original.questionnaire_version = campaign.questionnaire_version
    return created


def pause_campaign(campaign: Campaign) -> None:
    _move(campaign, Status.PAUSED)
    campaign.save(update_fields=["status"])


def resume_campaign(campaign: Campaign) -> None:
    _move(campaign, Status.ACTIVE)
    campaign.save(update_fields=["status"])


def finish_campaign(campaign: Campaign, now=None) -> None:
    _move(campaign, Status.FINISHED)
    campaign.finished_at = now or timezone.now()
    campaign.save(update_fields=["status", "finished_at"])


def standing_campaign(kind: str, now, fields: Callable[[], dict]) -> Campaign:
    """The active campaign of `kind` that tasks join one by one as they arise (投诉追踪回访,
    来电回复), rather than all at its launch; made with `fields()` when there is none
    (its first use, or after a supervisor finished the last one)."""
    campaign = Campaign.objects.filter(kind=kind, status=Status.ACTIVE).order_by("pk").first()
    return campaign or Campaign.objects.create(
        kind=kind, status=Status.ACTIVE, launched_at=now, **fields()
    )


def add_task(campaign: Campaign, customer, phone, subject: str, now, **fields) -> CallTask:
    """The task calling `customer` about `subject` in a standing campaign, callable from
    `now` unless `fields` say otherwise; the one already there when it exists. South or
    north as a launch decides it: the customer's region, else his number's."""
    region = customer.province or (phone.province if phone else "")
    task, _made = CallTask.objects.get_or_create(
        campaign=campaign,
        customer=customer,
        subject=subject,
        defaults={
            "phone": phone,
            "priority": campaign.priority,
            "south": not region or region in scheduling.SOUTH_PROVINCE_SPELLINGS,
            "callable_from": now,
            **fields,
        },
    )
    return task
