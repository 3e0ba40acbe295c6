from django.urls import path

from huifang.quality.views import inspection, listening

app_name = "quality"
urlpatterns = [
    path("", inspection.queue, name="queue"),
    path("calls/<int:pk>/", inspection.call, name="call"),
    path("findings/<int:pk>/verdict/", inspection.verdict, name="verdict"),
    path("findings/<int:pk>/appeal/", inspection.appeal, name="appeal"),
    path("rules/", inspection.rule_shares, name="rules"),
    path("mine/", inspection.agent, name="mine"),
    path("agents/<int:user_pk>/", inspection.agent, name="agent"),
    path("upload/", inspection.upload, name="upload"),
    path("listening/", listening.take, name="listening"),
    path("listening/<int:pk>/", listening.result, name="listening_result"),
]
