from django.contrib import admin

from huifang.calls.models import Call, Correction


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
    list_display = ["id", "task", "agent", "step", "claimed_at", "dialled_at", "finished_at"]
    list_filter = ["step"]
    raw_id_fields = ["task", "agent", "response", "attempt"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnly):
    list_display = ["at", "customer", "field", "old_value", "new_value", "agent"]
    list_filter = ["field"]
    raw_id_fields = ["call", "customer", "agent"]
