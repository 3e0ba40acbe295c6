from django.urls import path

from huifang.customers import views

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("<int:pk>/", views.customer_detail, name="customer_detail"),
    path("phones/<int:pk>/reveal/", views.reveal_number, name="reveal_number"),
]
