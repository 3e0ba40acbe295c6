"""Questionnaires in the database (E6): each one a series of versions. A version is
its YAML as written and the hash of its content; saving a changed questionnaire adds
a version and never rewrites one. A campaign freezes the version it launched with,
and every answer sheet records the version it was answered on."""

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huifang.surveys import loading, report
from huifang.surveys.questionnaire import COMPLETE, NOT_ELIGIBLE, PARTIAL


class Questionnaire(models.Model):
    slug = models.SlugField(_("问卷编号"), max_length=80, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    builtin = models.BooleanField(_("内置"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "问卷")
        verbose_name_plural = pgettext_lazy("model plural", "问卷")
        ordering = ["slug"]
        permissions = [("edit_questionnaire", "编辑问卷")]

    def __str__(self):
        return f"{self.title} ({self.slug})"

    def current(self):
        """The newest version."""
        return self.versions.order_by("-number").first()


class Version(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    digest = models.CharField(_("内容哈希"), max_length=64)
    source = models.TextField(_("YAML"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "问卷版本")
        verbose_name_plural = pgettext_lazy("model plural", "问卷版本")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="one_number_each"),
            models.UniqueConstraint(
                fields=["questionnaire", "digest"], name="one_version_per_content"
            ),
        ]

    def __str__(self):
        return f"{self.questionnaire.slug} v{self.number}"

    def blocking(self) -> list[str]:
        """Why a campaign may not launch with this version (empty when it may). A
        version never changes, so the answer is kept per version and language."""
        return list(_blocking(self.digest, self.source, translation.get_language()))

    @property
    def form(self):
        """The questionnaire itself (stored versions always load: they were checked
        when saved). A version never changes, so it is parsed once per process."""
        return _form(self.digest, self.source, f"{self.questionnaire_id}v{self.number}")


class Response(models.Model):
    """One customer's answer sheet 答卷 on one version of a questionnaire."""

    STATUSES = [(COMPLETE, _("完成")), (PARTIAL, _("部分完成")), (NOT_ELIGIBLE, _("不符合条件"))]

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="responses")
    task = models.ForeignKey(
        "campaigns.CallTask",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responses",
    )
    attempt = models.ForeignKey(
        "campaigns.Attempt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    sheet = models.JSONField(_("答案"), default=dict)
    status = models.CharField(_("状态"), max_length=16, choices=STATUSES, default=PARTIAL)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "答卷")
        verbose_name_plural = pgettext_lazy("model plural", "答卷")

    def __str__(self):
        return f"{self.version} · {self.get_status_display()}"


@lru_cache(maxsize=256)
def _form(digest: str, source: str, name: str):
    return loading.loads(source, name)


@lru_cache(maxsize=512)
def _blocking(digest: str, source: str, language: str | None) -> tuple[str, ...]:
    return tuple(report.blocking(loading.loads(source, digest[:12])))
