from django.urls import path

from huifang.surveys import views

urlpatterns = [
    path("", views.questionnaire_list, name="questionnaire_list"),
    path("new/", views.questionnaire_new, name="questionnaire_new"),
    path("lint/", views.questionnaire_lint, name="questionnaire_lint"),
    path("<slug:slug>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("<slug:slug>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path("<slug:slug>/v/<int:number>/", views.questionnaire_version, name="questionnaire_version"),
    path("<slug:slug>/diff/<int:a>/<int:b>/", views.questionnaire_diff, name="questionnaire_diff"),
    path("<slug:slug>/preview/", views.questionnaire_preview, name="questionnaire_preview"),
]
