from django.contrib import admin
from django.urls import include, path

from huifang.api.main import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("huifang.accounts.urls")),
    path("", include("huifang.campaigns.urls")),
    path("customers/", include("huifang.customers.urls")),
    path("surveys/", include("huifang.surveys.urls")),
    path("scripts/", include("huifang.scripts.urls")),
    path("", include("huifang.calls.urls")),
    path("qa/", include("huifang.quality.urls")),
    path("tickets/", include("huifang.tickets.urls")),
    path("inbound/", include("huifang.calls.inbound_urls")),
]
