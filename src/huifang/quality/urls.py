from django.urls import path

from huifang.quality.views import listening

app_name = "quality"
urlpatterns = [
    path("listening/", listening.take, name="listening"),
    path("listening/<int:pk>/", listening.result, name="listening_result"),
]
