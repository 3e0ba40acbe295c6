"""Supervisors' edits of the script library 话术库, kept as revisions: each save
appends a row and none is ever changed. The library in use is the packaged one (plus
the centre's file) with the newest revision of each key laid over it (`store.py`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScriptRevision(models.Model):
    """One edit of one script: the whole script as it reads after the edit."""

    key = models.CharField(_("编号"), max_length=120, db_index=True)
    category = models.CharField(_("分类"), max_length=40)
    title = models.CharField(_("标题"), max_length=120)
    text = models.TextField(_("话术内容"))
    kinds = models.JSONField(_("适用项目类型"), default=list, blank=True)
    tags = models.JSONField(_("关键词"), default=list, blank=True)
    hidden = models.BooleanField(_("隐藏"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("修改时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "话术修订")
        verbose_name_plural = pgettext_lazy("model plural", "话术修订")
        ordering = ["key", "id"]
        permissions = [("edit_script", "编辑话术")]

    def __str__(self):
        return f"{self.key} @ {self.at:%Y-%m-%d %H:%M}" if self.at else self.key
