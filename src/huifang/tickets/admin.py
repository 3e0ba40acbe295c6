from django.contrib import admin

from huifang.tickets.models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["id", "state", "customer", "created_by", "created_at"]
    list_filter = ["state", "source"]
    raw_id_fields = ["customer", "vehicle", "task", "attempt", "created_by"]
    readonly_fields = ["details"]
