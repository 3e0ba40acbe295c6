from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from huifang.accounts.masking import mask
from huifang.calls.models import Call, Correction, InboundCall


class ReadOnly(admin.ModelAdmin):
    """Written by the workspace as the call happens; never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Call)
class CallAdmin(ReadOnly):
    """The number dialled is shown masked: the full number is seen only by the agent
    on the call, and then audited (A5)."""

    list_display = ["id", "task", "agent", "step", "claimed_at", "dialled_at", "finished_at"]
    list_filter = ["step"]
    raw_id_fields = ["task", "agent", "response", "attempt"]
    exclude = ["number"]
    readonly_fields = ["masked_number"]

    @admin.display(description=_("拨打号码"))
    def masked_number(self, obj):
        return mask(obj.number) if obj.number else "—"


@admin.register(Correction)
class CorrectionAdmin(ReadOnly):
    list_display = ["at", "customer", "field", "old_value", "new_value", "agent"]
    list_filter = ["field"]
    raw_id_fields = ["call", "customer", "agent"]


@admin.register(InboundCall)
class InboundCallAdmin(ReadOnly):
    """Inbound calls as taken; the caller's number masked."""

    list_display = ["started_at", "agent", "customer", "intent", "rating", "promised_by"]
    list_filter = ["intent", "rating"]
    raw_id_fields = ["agent", "customer", "callback", "ticket"]
    exclude = ["number"]
    readonly_fields = ["masked_number"]

    @admin.display(description=_("来电号码"))
    def masked_number(self, obj):
        return mask(obj.number) if obj.number else "—"
