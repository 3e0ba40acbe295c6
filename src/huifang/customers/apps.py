from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "huifang.customers"
    verbose_name = "客户档案"
