from django.urls import path

from huifang.calls import views

urlpatterns = [
    path("next/", views.next_call, name="next_call"),
    path("next/claim/", views.claim, name="claim"),
    path("calls/<int:pk>/dial/", views.dial, name="call_dial"),
    path("calls/<int:pk>/hang-up/", views.hang_up, name="call_hang_up"),
    path("calls/<int:pk>/step/<str:step>/", views.go_to, name="call_step"),
    path("calls/<int:pk>/details/", views.details, name="call_details"),
    path("calls/<int:pk>/answer/", views.answer, name="call_answer"),
    path("calls/<int:pk>/back/", views.back, name="call_back"),
    path("calls/<int:pk>/note/", views.note, name="call_note"),
    path("calls/<int:pk>/finish/", views.finish, name="call_finish"),
    path("calls/<int:pk>/release/", views.give_back, name="call_release"),
    path("calls/<int:pk>/referral/", views.refer, name="call_referral"),
    path("calls/<int:pk>/situations/<str:key>/", views.situation, name="call_situation"),
    path("calls/<int:pk>/situations/<str:key>/go-on/", views.go_on, name="call_go_on"),
    path("floor/", views.floor, name="floor"),
    path("floor/appointments/<int:task_pk>/", views.reassign, name="reassign_appointment"),
]
