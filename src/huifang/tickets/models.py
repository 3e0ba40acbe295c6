"""Complaint tickets 投诉工单 (features.md F). For now only the draft a callback
leaves when the customer complains (D5): the ticket workflow, routing and SLA come
with their own issue and build on these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Ticket(models.Model):
    DRAFT = "draft"
    STATES = [(DRAFT, _("草稿"))]

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="tickets"
    )
    vehicle = models.ForeignKey(
        "customers.Vehicle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=16, choices=STATES, default=DRAFT)
    source = models.CharField(_("来源"), max_length=16, default="callback")
    task = models.ForeignKey(
        "campaigns.CallTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempt = models.ForeignKey(
        "campaigns.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("投诉内容"))
    # What the call knew when the complaint was heard: campaign, answers, the agent's
    # notes — so whoever takes the ticket up needs no second call to ask again.
    details = models.JSONField(_("通话信息"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "投诉工单")
        verbose_name_plural = pgettext_lazy("model plural", "投诉工单")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk} {self.get_state_display()} {self.description[:30]}"
