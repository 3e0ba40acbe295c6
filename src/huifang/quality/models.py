"""Quality inspection 质检: transcripts attached to calls, the findings the rules made,
the inspectors' verdicts and the agents' appeals (appended, never edited), and the
listening self-test (G4)."""

import msgspec
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallTranscript(models.Model):
    """A call's transcript as the speech-to-text vendor delivered it (`formats.md`)."""

    attempt = models.OneToOneField(
        "campaigns.Attempt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transcript",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transcripts",
    )
    call_id = models.CharField(_("通话编号"), max_length=64)
    direction = models.CharField(_("方向"), max_length=8)
    agent_no = models.CharField(_("工号"), max_length=16, blank=True)
    company = models.CharField(_("公司"), max_length=64, blank=True)
    ended_by = models.CharField(_("挂断方"), max_length=8)
    segments = models.JSONField(_("分段"))
    duration = models.FloatField(_("时长（秒）"))
    source = models.CharField(_("来源文件"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), db_index=True)

    class Meta:
        verbose_name = _("通话转写")
        verbose_name_plural = _("通话转写")
        permissions = [
            ("inspect_call", _("质检通话（确认或推翻质检结果）")),
            ("view_rule_share", _("查看质检规则的推翻率")),
        ]

    def __str__(self):
        return self.call_id

    @classmethod
    def made_from(cls, transcript, *, attempt, agent, source: str, by, at) -> "CallTranscript":
        """An unsaved row holding `transcript` (quality.transcript.Transcript)."""
        return cls(
            attempt=attempt,
            agent=agent,
            call_id=transcript.call_id,
            direction=transcript.direction,
            agent_no=transcript.agent_no,
            company=transcript.company,
            ended_by=transcript.ended_by,
            segments=[msgspec.structs.asdict(s) for s in transcript.segments],
            duration=transcript.duration,
            source=source[:200],
            uploaded_by=by,
            uploaded_at=at,
        )


class Inspection(models.Model):
    """What the rules found in one transcript. `score` and `passed` follow the
    verdicts: an overturned finding stops counting and the two are computed again."""

    transcript = models.OneToOneField(
        CallTranscript, on_delete=models.CASCADE, related_name="inspection"
    )
    checked_at = models.DateTimeField(_("质检时间"))
    rules_digest = models.CharField(max_length=64)
    score = models.PositiveSmallIntegerField(_("得分"), db_index=True)
    passed = models.BooleanField(_("合格"))
    # The pass mark of the rules that judged the call: a verdict rescores against it,
    # even after the centre's rules file has changed.
    pass_mark = models.PositiveSmallIntegerField(_("合格线"), default=80)
    speech_rate = models.FloatField(_("语速（字/分钟）"), null=True)
    not_measurable = models.JSONField(default=list)
    signals = models.JSONField(default=list)
    reviewed = models.BooleanField(_("已复核"), default=False)

    class Meta:
        verbose_name = _("质检结果")
        verbose_name_plural = _("质检结果")

    def __str__(self):
        return f"{self.transcript} {self.score}"


class Finding(models.Model):
    """One rule firing on one place of a call."""

    class State(models.TextChoices):
        OPEN = "open", _("待复核")
        CONFIRMED = "confirmed", _("已确认")
        OVERTURNED = "overturned", _("已推翻")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(_("规则"), max_length=64, db_index=True)
    segment = models.IntegerField(null=True)
    start = models.FloatField(null=True)
    evidence = models.TextField(_("依据"))
    words = models.CharField(max_length=200, blank=True)  # what was said, marked on the timeline
    deduction = models.PositiveSmallIntegerField(_("扣分"))
    red_line = models.BooleanField(_("红线"), default=False)
    suggestion = models.TextField(_("建议"), blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=State, default=State.OPEN)

    class Meta:
        ordering = ["inspection", "start", "pk"]

    def __str__(self):
        return f"{self.rule} {self.get_state_display()}"

    @property
    def counts(self) -> bool:
        return self.state != self.State.OVERTURNED


class Verdict(models.Model):
    """An inspector's confirmation or overturning of a finding, appended; the latest
    one is the finding's state."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="verdicts")
    state = models.CharField(max_length=12, choices=Finding.State)
    comment = models.TextField(_("说明"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.finding} {self.state}"


class Appeal(models.Model):
    """An agent's objection to a finding on her own call, answered by a verdict."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="appeals")
    comment = models.TextField(_("申诉理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    answer = models.ForeignKey(
        Verdict, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.finding} {self.by}"


class SelfTest(models.Model):
    """One sitting of the listening self-test 聆听小测试 (G4)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listening_tests"
    )
    taken_at = models.DateTimeField(_("测试时间"))
    answers = models.JSONField()
    score = models.PositiveSmallIntegerField(_("得分"))

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self):
        return f"{self.user} {self.score}"
