from django.contrib import admin

from huifang.scripts.models import ScriptRevision


@admin.register(ScriptRevision)
class ScriptRevisionAdmin(admin.ModelAdmin):
    """Edits are appended from the script library page and never changed."""

    list_display = ["at", "key", "category", "title", "hidden", "author"]
    list_filter = ["category", "hidden"]
    search_fields = ["key", "title", "text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
