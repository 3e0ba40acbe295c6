from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("huifang.accounts.urls")),
    path("", include("huifang.campaigns.urls")),
    path("customers/", include("huifang.customers.urls")),
    path("surveys/", include("huifang.surveys.urls")),
    path("scripts/", include("huifang.scripts.urls")),
    path("", include("huifang.calls.urls")),
    path("qa/", include("huifang.quality.urls")),
]
