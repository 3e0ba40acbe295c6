from django.urls import path

from huifang.tickets import views

app_name = "tickets"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.new, name="new"),
    path("new/advice/", views.customer_type, name="advice"),
    path("<int:pk>/", views.ticket, name="ticket"),
    path("<int:pk>/act/", views.act, name="act"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("inbox/", views.inbox, name="inbox"),
    path("board/", views.board, name="board"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
