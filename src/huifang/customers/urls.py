from django.urls import path

from huifang.customers import views

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("<int:pk>/", views.customer_detail, name="customer_detail"),
    path("phones/<int:pk>/reveal/", views.reveal_number, name="reveal_number"),
    path("import/", views.import_upload, name="customer_import"),
    path("import/confirm/", views.import_confirm, name="customer_import_confirm"),
    path("import/errors/<str:token>/", views.import_errors, name="customer_import_errors"),
]
