from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "huifang.campaigns"
    verbose_name = "回访项目"
