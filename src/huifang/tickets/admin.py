from django.contrib import admin

from huifang.tickets.models import Ticket


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
    readonly_fields = ["details"]
