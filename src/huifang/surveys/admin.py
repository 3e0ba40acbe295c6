from django.contrib import admin

from huifang.surveys.models import Questionnaire, Response, Version


class VersionInline(admin.TabularInline):
    model = Version
    fields = ("number", "digest", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "builtin", "created_at")
    search_fields = ("slug", "title")
    inlines = [VersionInline]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    """Versions are never edited: a change is a new version."""

    list_display = ("questionnaire", "number", "digest", "created_by", "created_at")
    readonly_fields = ("questionnaire", "number", "digest", "source", "created_by", "created_at")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("version", "task", "agent", "status", "updated_at")
    list_filter = ("status",)
    raw_id_fields = ("task", "attempt")
