"""Transcripts come in 转写入库: one file, a folder or a zip of them, or the API. Each
is read and validated by the plain core, matched to its call attempt, stored, and its
check is queued for the background worker once the transaction commits."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huifang.campaigns.models import Attempt
from huifang.placed import PlacedError
from huifang.quality.models import CallTranscript
from huifang.quality.tasks import check_transcript
from huifang.quality.transcript import Transcript, read_transcript

MAX_BYTES = 5_000_000
MAX_FILES = 2_000


class IntakeError(ValueError):
    """A transcript that was not stored, with the file and the reason."""


@dataclass(frozen=True)
class Received:
    """One file of an upload: stored (with its row) or refused (with the reason)."""

    name: str
    transcript: CallTranscript | None = None
    problem: str = ""


def attach(
    transcript: Transcript, *, source: str, by, attempt: Attempt | None = None
) -> CallTranscript:
    """Store a checked-for-shape transcript for `attempt` (or unattached, its agent
    found by agent number) and queue its check. IntakeError when the attempt already
    has a transcript or the call was already uploaded."""
    agent = attempt.agent if attempt is not None else _agent_by_number(transcript.agent_no)
    if attempt is not None and transcript.agent_no and agent is not None:
        number = getattr(getattr(agent, "profile", None), "agent_no", "")
        if number and number != transcript.agent_no:
            raise IntakeError(
                _("转写的工号 {said} 与通话 {id} 的坐席工号 {number} 不符").format(
                    said=transcript.agent_no, id=attempt.pk, number=number
                )
            )
    if (
        attempt is None
        and CallTranscript.objects.filter(attempt=None, call_id=transcript.call_id).exists()
    ):
        raise IntakeError(_("通话编号 {id} 已经上传过").format(id=transcript.call_id))
    try:
        with transaction.atomic():
            row = CallTranscript.made_from(
                transcript, attempt=attempt, agent=agent, source=source, by=by, at=timezone.now()
            )
            row.save()
    except IntegrityError:
        raise IntakeError(_("通话 {id} 已有转写").format(id=attempt.pk)) from None
    transaction.on_commit(lambda: check_transcript.enqueue(row.pk))
    return row


def _agent_by_number(agent_no: str):
    if not agent_no:
        return None
    return get_user_model().objects.filter(profile__agent_no=agent_no).first()


def _attempt_named(name: str) -> Attempt | None:
    """The attempt a file names by its id (`1234.json`). A vendor's own call id is
    never taken for one: a number that happens to match would hand the call to
    another agent."""
    return (
        Attempt.objects.filter(pk=int(name)).select_related("agent").first()
        if name.isdigit()
        else None
    )


def receive(name: str, data: bytes, *, by, attempt: Attempt | None = None) -> Received:
    """One uploaded file; never raises for what is wrong with the file itself."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".json")
    if len(data) > MAX_BYTES:
        return Received(name, problem=_("{name}：文件太大（超过 5 MB）").format(name=name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Received(name, problem=_("{name}：不是 UTF-8 编码的文字文件").format(name=name))
    try:
        transcript = read_transcript(text, name, call_id=stem)
    except PlacedError as exc:
        return Received(name, problem=exc.first)
    attempt = attempt or _attempt_named(stem)
    try:
        return Received(name, attach(transcript, source=name, by=by, attempt=attempt))
    except IntakeError as exc:
        return Received(name, problem=f"{name}：{exc}")


def receive_upload(files, *, by, attempt: Attempt | None = None) -> list[Received]:
    """Uploaded files: .json transcripts, or .zip archives of them (folders inside are
    walked). Each file is stored or refused on its own."""
    received: list[Received] = []
    for upload in files:
        name = upload.name
        data = upload.read()
        if name.lower().endswith(".zip"):
            received.extend(_unzip(name, data, by))
        elif name.lower().endswith(".json"):
            received.append(
                receive(name, data, by=by, attempt=attempt if len(files) == 1 else None)
            )
        else:
            received.append(
                Received(name, problem=_("{name}：不是 .json 或 .zip 文件").format(name=name))
            )
        if len(received) > MAX_FILES:
            received.append(
                Received(name, problem=_("一次最多上传 {n} 个文件").format(n=MAX_FILES))
            )
            break
    return received


def _unzip(name: str, data: bytes, by) -> list[Received]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Received(name, problem=_("{name}：不是有效的 zip 文件").format(name=name))]
    received = []
    for info in archive.infolist():
        inner = f"{name}/{info.filename}"
        if info.is_dir() or not info.filename.lower().endswith(".json"):
            continue
        if "__MACOSX" in info.filename or info.filename.rsplit("/", 1)[-1].startswith("."):
            continue
        if info.file_size > MAX_BYTES:
            received.append(
                Received(inner, problem=_("{name}：文件太大（超过 5 MB）").format(name=inner))
            )
            continue
        received.append(receive(inner, archive.read(info), by=by))
        if len(received) > MAX_FILES:
            break
    if not received:
        received.append(
            Received(name, problem=_("{name}：压缩包里没有 .json 文件").format(name=name))
        )
    return received
