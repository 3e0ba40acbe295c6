from django.urls import path

from huifang.campaigns import views

urlpatterns = [
    path("next/", views.next_call, name="next_call"),
    path("next/claim/", views.claim, name="claim"),
    path("tasks/<int:pk>/outcome/", views.outcome, name="task_outcome"),
    path("tasks/<int:pk>/release/", views.give_back, name="task_release"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/<str:action>/", views.campaign_action, name="campaign_action"),
]
