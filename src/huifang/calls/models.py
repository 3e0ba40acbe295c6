"""The call in an agent's hands 通话, from claim to wrap-up, and the corrections made
to the archive on it. Every step is saved as it happens, so a closed browser, a lost
network or a restarted server loses nothing (D4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Step(models.TextChoices):
    """Where the call stands: the three steps of 回访三步曲 and what surrounds them."""

    PREPARE = "prepare", _("准备")
    OPENING = "opening", _("开场")
    VERIFY = "verify", _("核对资料")
    SURVEY = "survey", _("问卷")
    CLOSING = "closing", _("结束语")
    DONE = "done", _("已结束")


class Call(models.Model):
    task = models.ForeignKey("campaigns.CallTask", on_delete=models.CASCADE, related_name="calls")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(_("步骤"), max_length=10, choices=Step.choices, default=Step.PREPARE)
    claimed_at = models.DateTimeField(_("领取时间"))
    dialled_at = models.DateTimeField(_("拨打时间"), null=True, blank=True)
    number = models.CharField(_("拨打号码"), max_length=20, blank=True)
    # What the telephone system said when it dialled (calls.telephony.Dialled): whether
    # the agent dials by hand and must see the number, and its own id of the call.
    show_number = models.BooleanField(_("向坐席显示号码"), default=False)
    reference = models.CharField(_("电话系统通话编号"), max_length=100, blank=True)
    ended_at = models.DateTimeField(_("挂断时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Special situations met on the call, in order (keys of situations.yaml).
    situations = models.JSONField(_("特殊情况"), default=list, blank=True)
    verified_at = models.DateTimeField(_("资料核对时间"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    response = models.OneToOneField(
        "surveys.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="call"
    )
    attempt = models.OneToOneField(
        "campaigns.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="call"
    )
    care_line = models.CharField(_("关爱语"), max_length=300, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "通话")
        verbose_name_plural = pgettext_lazy("model plural", "通话")
        permissions = [("reassign_appointment", "改派预约回访")]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(finished_at__isnull=True),
                name="one_open_call_per_task",
            ),
            models.UniqueConstraint(
                fields=["agent"],
                condition=Q(finished_at__isnull=True),
                name="one_open_call_per_agent",
            ),
        ]

    def __str__(self):
        return f"{self.task} · {self.get_step_display()}"

    @property
    def on_line(self) -> bool:
        """Dialled and not hung up: the call timer runs (see `shows_number`)."""
        return self.dialled_at is not None and self.ended_at is None

    @property
    def shows_number(self) -> bool:
        """The full number is on screen: on the line, and dialled by hand (a telephone
        system that dials itself keeps it masked)."""
        return self.on_line and self.show_number

    @property
    def national_number(self) -> str:
        from huifang.accounts.masking import national

        return national(self.number)

    @property
    def talk_seconds(self) -> int | None:
        if self.dialled_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.dialled_at).total_seconds())

    @property
    def wrap_seconds(self) -> int | None:
        """Wrap-up 话后处理: from hanging up to the outcome recorded."""
        if self.ended_at is None or self.finished_at is None:
            return None
        return int((self.finished_at - self.ended_at).total_seconds())


class Correction(models.Model):
    """A detail of the archive found wrong on a call and corrected (D4): appended,
    never edited; the old value is kept. Archive accuracy (A3) counts these."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="corrections")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="corrections"
    )
    field = models.CharField(_("字段"), max_length=32)
    old_value = models.CharField(_("原值"), max_length=200, blank=True)
    new_value = models.CharField(_("新值"), max_length=200, blank=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = pgettext_lazy("model", "资料更正")
        verbose_name_plural = pgettext_lazy("model plural", "资料更正")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"


class InboundCall(models.Model):
    """A call the customer made to us 客户来电 (F1): why he called, what he was told
    (a script of the library), what was promised when he could not be answered at
    once — a call back by a deadline, in the agent's own queue — and how he rated the
    service at the end."""

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="inbound_calls"
    )
    number = models.CharField(_("来电号码"), max_length=20)
    started_at = models.DateTimeField(_("接听时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    intent = models.CharField(_("来电意图"), max_length=16, blank=True)
    question = models.TextField(_("客户的问题"), blank=True)
    answer_key = models.CharField(_("答复话术"), max_length=64, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    rating = models.PositiveSmallIntegerField(_("服务评价"), null=True, blank=True)
    promised_by = models.DateTimeField(_("承诺回电时间"), null=True, blank=True)
    callback = models.ForeignKey(
        "campaigns.CallTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(_("超时升级时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "客户来电")
        verbose_name_plural = pgettext_lazy("model plural", "客户来电")
        ordering = ["-started_at"]
        indexes = [
            models.Index(
                fields=["promised_by"],
                name="inbound_promise_due",
                condition=Q(promised_by__isnull=False, escalated_at__isnull=True),
            ),
            models.Index(fields=["agent", "-started_at"]),
        ]

    def __str__(self):
        return f"{self.customer} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def masked_number(self) -> str:
        from huifang.accounts.masking import mask

        return mask(self.number)

    @property
    def intent_label(self) -> str:
        from huifang.calls.inbound import intents

        found = intents().get(self.intent)
        return found.label if found else self.intent
