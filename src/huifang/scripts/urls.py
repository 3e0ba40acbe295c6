from django.urls import path

from huifang.scripts import views

urlpatterns = [
    path("", views.script_library, name="script_library"),
    path("search/", views.script_search, name="script_search"),
    path("new/", views.script_new, name="script_new"),
    path("preview/", views.script_preview, name="script_preview"),
    path("<str:key>/edit/", views.script_edit, name="script_edit"),
]
