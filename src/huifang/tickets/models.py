"""Complaint tickets 投诉工单 (features.md F2–F5) as rows.

The truth of a ticket is its log, `TicketEvent`: one row per transition, comment,
correction or SLA step, appended with who and when and never changed (numbered per
ticket, the number unique, so two people acting at once cannot both append the same
step). The `Ticket` row holds the intake and, for lists and filters, what the log says
now (status, department, counts) and when its clocks next fall due — written in the
same transaction as each event by `handling.py`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huifang.tickets import labels
from huifang.tickets.statuses import NEW, OPEN, STATUSES

STATUS_CHOICES = [(s.value, _(s.label)) for s in STATUSES.values()]
SOURCES = [
    ("callback", _("回访中客户投诉")),
    ("inbound", _("客户来电")),
    ("manual", _("主管录入")),
]


class Ticket(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="tickets"
    )
    vehicle = models.ForeignKey(
        "customers.Vehicle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=STATUS_CHOICES, default=NEW)
    source = models.CharField(_("来源"), max_length=16, choices=SOURCES, default="callback")
    task = models.ForeignKey(
        "campaigns.CallTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempt = models.ForeignKey(
        "campaigns.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("投诉内容"))
    # The checklist's fields as captured (data/intake.yaml: field key → value).
    intake = models.JSONField(_("受理信息"), default=dict, blank=True)
    # What the call knew when the complaint was heard: campaign, answers, the agent's
    # notes — so whoever takes the ticket up needs no second call to ask again.
    details = models.JSONField(_("通话信息"), default=dict, blank=True)
    # From the intake, for filters.
    category = models.CharField(_("问题类别"), max_length=32, blank=True)
    dealer = models.CharField(_("经销商"), max_length=32, blank=True)
    severity = models.CharField(_("严重程度"), max_length=16, default="normal")
    # From the log.
    department = models.CharField(_("处理部门"), max_length=32, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        verbose_name=_("处理人"),
    )
    result = models.TextField(_("处理结果"), blank=True)
    satisfaction = models.CharField(_("客户满意度"), max_length=24, blank=True)
    reopen_count = models.PositiveIntegerField(_("重新处理次数"), default=0)
    escalations = models.PositiveIntegerField(_("升级次数"), default=0)
    policy_reason = models.CharField(_("按规定关闭的原因"), max_length=32, blank=True)
    version = models.PositiveIntegerField(_("记录条数"), default=0)
    # The SLA clocks (clocks.py), recomputed with every event: the earliest deadline of
    # a running clock, and when the ladder's next step falls due for the worker.
    next_due = models.DateTimeField(_("最近时限"), null=True, blank=True)
    next_step_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "投诉工单")
        verbose_name_plural = pgettext_lazy("model plural", "投诉工单")
        ordering = ["-created_at"]
        permissions = [
            ("view_all_tickets", _("查看所有部门的工单")),
            ("handle_ticket", _("处理本部门的工单")),
        ]
        indexes = [
            models.Index(fields=["status", "department", "-created_at"]),
            # The overdue queues (listing.overdue), by department and severity, and all.
            models.Index(
                fields=["department", "severity", "next_due", "id"],
                name="ticket_overdue_queue",
                condition=Q(status__in=OPEN),
            ),
            models.Index(
                fields=["next_due", "id"], name="ticket_overdue", condition=Q(status__in=OPEN)
            ),
            models.Index(
                fields=["next_step_at"], name="ticket_step_due", condition=Q(status__in=OPEN)
            ),
            models.Index(fields=["dealer", "-created_at"]),
            models.Index(fields=["-created_at"], name="ticket_newest"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return STATUSES[self.status].open

    @property
    def status_colour(self) -> str:
        return STATUSES[self.status].colour

    @property
    def department_name(self) -> str:
        return labels.department_name(self.department)

    @property
    def category_label(self) -> str:
        return labels.value_label("category", self.category)

    @property
    def severity_label(self) -> str:
        return labels.value_label("severity", self.severity)

    def overdue(self, now=None) -> bool:
        return self.next_due is not None and self.next_due < (now or timezone.now())


class TicketEvent(models.Model):
    """One line of a ticket's log (workflow.Event), appended and never changed."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField(_("序号"))
    action = models.CharField(_("操作"), max_length=24)
    state_from = models.CharField(max_length=16)
    state_to = models.CharField(max_length=16)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(_("操作人"), max_length=150)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "工单记录")
        verbose_name_plural = pgettext_lazy("model plural", "工单记录")
        ordering = ["ticket", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "sequence"], name="one_event_per_step")
        ]
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"#{self.ticket_id}.{self.sequence} {self.action} {self.by_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a ticket's log is appended to, never changed")
        super().save(*args, **kwargs)


class DepartmentMember(models.Model):
    """A handler's department 处理部门 (a key of data/routing.yaml): she sees and works
    that department's tickets only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="department"
    )
    department = models.CharField(_("部门"), max_length=32)

    class Meta:
        verbose_name = pgettext_lazy("model", "部门成员")
        verbose_name_plural = pgettext_lazy("model plural", "部门成员")

    def __str__(self):
        return f"{self.user} {self.department}"


class Notification(models.Model):
    """An item in a user's bell 提醒: a ticket routed to her, overdue, reopened, its
    result returned, a promised call back overdue; also sent by e-mail when she has an
    address. It points at its ticket, or else at `link`."""

    KINDS = [
        ("routed", _("新派单")),
        ("warning", _("即将超时")),
        ("overdue", _("已超时")),
        ("reopened", _("客户不满意，重新处理")),
        ("result_returned", _("处理结果已回复")),
        ("escalated", _("工单升级")),
        ("promise_overdue", _("承诺回电已超时")),
    ]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    ticket = models.ForeignKey(Ticket, null=True, on_delete=models.CASCADE, related_name="+")
    link = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=24, choices=KINDS)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self):
        return self.text

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("tickets:ticket", args=[self.ticket_id]) if self.ticket_id else self.link


class Attachment(models.Model):
    """A file kept with a ticket 附件: a photo of the damage, an invoice, a repair
    order. Kept, never replaced; its upload is written in the log as a comment."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="tickets/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("model", "附件")
        verbose_name_plural = pgettext_lazy("model plural", "附件")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.name
