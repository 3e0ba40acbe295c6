from django.contrib import admin

from huifang.campaigns.models import Attempt, CalendarDay, CallTask, Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "priority", "team", "policy"]
    list_filter = ["status", "kind"]


@admin.register(CallTask)
class CallTaskAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "campaign",
        "customer",
        "state",
        "callable_from",
        "wait_reason",
        "attempts",
    ]
    list_filter = ["state", "wait_reason", "campaign"]
    raw_id_fields = ["customer", "phone", "agent", "reserved_for"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Attempts are appended by the system and never edited."""

    list_display = ["at", "task", "agent", "outcome", "dialled", "abandoned"]
    list_filter = ["outcome", "dialled", "abandoned"]
    raw_id_fields = ["task", "customer", "agent"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """An official holiday arrangement for a year the calendar package lacks."""

    list_display = ["date", "workday", "name"]
    date_hierarchy = "date"
