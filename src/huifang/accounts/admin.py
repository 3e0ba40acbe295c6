from django.contrib import admin

from huifang.accounts.models import AuditEntry, Profile, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    filter_horizontal = ["members"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "agent_no", "department"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: audit records are appended, never edited."""

    list_display = ["at", "username", "action", "target", "detail"]
    list_filter = ["action"]
    search_fields = ["username", "target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
