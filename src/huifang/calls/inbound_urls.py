from django.urls import path

from huifang.calls import inbound_views

app_name = "inbound"
urlpatterns = [
    path("", inbound_views.start, name="start"),
    path("<int:pk>/", inbound_views.call, name="call"),
]
