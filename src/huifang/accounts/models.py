"""Who works here and what they did: agent profiles, teams (坐席组) and the audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Team(models.Model):
    """An agent group 坐席组: a campaign is worked by the agents of one team."""

    name = models.CharField(_("名称"), max_length=80, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "坐席组")
        verbose_name_plural = pgettext_lazy("model plural", "坐席组")

    def __str__(self):
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    agent_no = models.CharField(_("工号"), max_length=16, blank=True)
    department = models.CharField(_("处理部门"), max_length=80, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "人员资料")
        verbose_name_plural = pgettext_lazy("model plural", "人员资料")

    def __str__(self):
        return f"{self.user} {self.agent_no}"


class AuditEntry(models.Model):
    """Appended, never edited: who saw or took what, when (A5)."""

    REVEAL_NUMBER = "reveal_number"
    EXPORT = "export"
    IMPORT = "import"
    LOCKOUT = "lockout"
    LOGIN = "login"
    REASSIGN = "reassign"
    ACTIONS = [
        (REVEAL_NUMBER, _("查看完整号码")),
        (EXPORT, _("导出")),
        (IMPORT, _("导入")),
        (LOCKOUT, _("登录锁定")),
        (LOGIN, _("登录")),
        (REASSIGN, _("改派预约")),
    ]

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=ACTIONS)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.TextField(_("详情"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "审计记录")
        verbose_name_plural = pgettext_lazy("model plural", "审计记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target}"
