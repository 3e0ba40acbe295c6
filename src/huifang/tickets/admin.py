from django.contrib import admin

from huifang.tickets.models import (
    Attachment,
    DepartmentMember,
    Notification,
    Ticket,
    TicketEvent,
)


class EventInline(admin.TabularInline):
    """The log, read only: it is appended to by the workflow, never edited."""

    model = TicketEvent
    fields = ["sequence", "action", "state_from", "state_to", "by_name", "at", "note", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "status",
        "department",
        "severity",
        "customer",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "source", "department", "severity"]
    raw_id_fields = ["customer", "vehicle", "task", "attempt", "created_by", "assignee"]
    readonly_fields = ["details", "status", "department", "version", "next_due", "next_step_at"]
    inlines = [EventInline]


@admin.register(TicketEvent)
class TicketEventAdmin(admin.ModelAdmin):
    list_display = ["ticket", "sequence", "action", "by_name", "at"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(DepartmentMember)
class DepartmentMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "department"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "text", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "ticket"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "ticket", "size", "by", "at"]
    raw_id_fields = ["ticket", "by"]
    readonly_fields = ["ticket", "file", "name", "size", "by", "at"]
