"""Campaigns 回访项目, their call tasks and the attempts made on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huifang.accounts.models import Team
from huifang.campaigns.choices import STATUS_COLOURS, Kind, Status, TaskState, Wait
from huifang.customers.models import Customer, Phone


class Campaign(models.Model):
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    purpose = models.TextField(_("回访目的"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("优先级"), default=5, help_text="1–9, 9 first")
    team = models.ForeignKey(
        Team, verbose_name=_("坐席组"), null=True, blank=True, on_delete=models.SET_NULL
    )
    policy = models.CharField(
        _("呼叫时段策略"),
        max_length=32,
        default="standard",
        choices=[("standard", _("标准")), ("conservative", _("保守"))],
    )
    max_attempts = models.PositiveSmallIntegerField(_("最多尝试次数"), default=5)
    daily_attempts = models.PositiveSmallIntegerField(_("每日最多尝试"), default=2)
    target_completes = models.PositiveIntegerField(_("目标成功数"), null=True, blank=True)
    targeting = models.JSONField(_("目标规则"), default=dict, blank=True)
    opening_script = models.TextField(_("开场白"), blank=True)
    closing_script = models.TextField(_("结束语"), blank=True)
    offer = models.CharField(_("赠送资源"), max_length=200, blank=True)
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire",
        verbose_name=_("问卷"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    # The version the campaign launched with: frozen, whatever is saved later (E6).
    questionnaire_version = models.ForeignKey(
        "surveys.Version",
        verbose_name=_("问卷版本"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "回访项目")
        verbose_name_plural = pgettext_lazy("model plural", "回访项目")
        permissions = [("launch_campaign", "启动/暂停/结束回访项目")]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=9), name="campaign_priority_1_9"
            ),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="campaign_attempts_min"),
        ]

    def __str__(self):
        return self.name

    @property
    def targeting_text(self) -> str:
        from huifang.campaigns.targeting import describe

        return describe(self.targeting)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")


class CallTask(models.Model):
    """One customer to call in one campaign. `callable_from` is the earliest instant
    the task may be called, before the contact window is applied; `wait_reason` says
    why it is in the future. The window itself is checked live at claim time, so an
    edited policy takes effect at the next claim."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="tasks")
    phone = models.ForeignKey(Phone, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=8, choices=TaskState.choices, default=TaskState.OPEN)
    priority = models.PositiveSmallIntegerField(default=5)
    south = models.BooleanField(default=True, help_text="longer lunch break")
    callable_from = models.DateTimeField(null=True, blank=True)
    wait_reason = models.CharField(max_length=16, choices=Wait.choices, blank=True)
    appointment_at = models.DateTimeField(null=True, blank=True)
    reserved_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reserved_until = models.DateTimeField(null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leased_tasks",
    )
    leased_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    dialled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_outcome = models.CharField(max_length=24, blank=True)
    final_outcome = models.CharField(max_length=24, blank=True)
    final_class = models.CharField(max_length=4, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the task is about when one campaign calls a customer more than once: the
    # standing complaint follow-up campaign calls back once per ticket and round
    # ("ticket 12 round 2"). Empty for an ordinary campaign's one task per customer.
    subject = models.CharField(max_length=40, blank=True, default="", db_default="")

    class Meta:
        verbose_name = pgettext_lazy("model", "回访任务")
        verbose_name_plural = pgettext_lazy("model plural", "回访任务")
        permissions = [("claim_task", "领取并完成回访任务")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "customer", "subject"], name="one_task_per_customer"
            ),
            models.CheckConstraint(
                condition=~Q(state="leased") | Q(agent__isnull=False, lease_until__isnull=False),
                name="leased_task_has_agent",
            ),
            # An agent holds one call at a time; the claim relies on it.
            models.UniqueConstraint(
                fields=["agent"], condition=Q(state="leased"), name="one_call_in_hand"
            ),
        ]
        indexes = [
            models.Index(
                fields=["-priority", "id"],
                name="task_queue",
                condition=Q(state="open", appointment_at__isnull=True),
            ),
            models.Index(
                fields=["appointment_at"],
                name="task_appointments",
                condition=Q(state="open", appointment_at__isnull=False),
            ),
            models.Index(fields=["state", "callable_from"], name="task_callable"),
            # A small partial index for finding expired leases.
            models.Index(fields=["lease_until"], name="task_lease", condition=Q(state="leased")),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.customer}"


class Attempt(models.Model):
    """One call attempt, appended and never edited. `dialled` says whether a real dial
    happened: only those count against the attempt limits."""

    task = models.ForeignKey(CallTask, on_delete=models.CASCADE, related_name="attempt_rows")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="attempts")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    number = models.CharField(_("号码"), max_length=20, blank=True)
    claimed_at = models.DateTimeField(null=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    outcome = models.CharField(_("结果"), max_length=24, blank=True)
    dialled = models.BooleanField(default=True)
    conversation = models.BooleanField(default=False)
    abandoned = models.BooleanField(default=False)
    situation = models.CharField(
        max_length=200, blank=True
    )  # the special situations met, comma-separated
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "呼叫记录")
        verbose_name_plural = pgettext_lazy("model plural", "呼叫记录")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["number", "at"], name="attempt_number_day"),
            models.Index(fields=["customer", "at"], name="attempt_customer_recent"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome or '—'}"


class CalendarDay(models.Model):
    """A day of an official holiday arrangement 放假安排 that an admin loaded: a day off,
    or a 调休 make-up working day. A year with any loaded day counts as official."""

    date = models.DateField(_("日期"), unique=True)
    workday = models.BooleanField(
        _("上班"), help_text="on = a (make-up) working day; off = a day off"
    )
    name = models.CharField(_("说明"), max_length=40, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "节假日安排")
        verbose_name_plural = pgettext_lazy("model plural", "节假日安排")
        ordering = ["date"]

    def __str__(self):
        day = _("上班") if self.workday else _("休息")
        return f"{self.date} {day} {self.name}"
