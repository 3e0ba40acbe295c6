"""Calls: a speech-to-text vendor or the telephone system posts a call's transcript."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from huifang.campaigns.models import Attempt
from huifang.placed import PlacedError
from huifang.quality import intake
from huifang.quality.transcript import read_transcript

router = Router(tags=["calls"])

TRANSCRIPT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["segments"],
                    "properties": {
                        "call_id": {"type": "string"},
                        "direction": {"enum": ["outbound", "inbound"]},
                        "agent_no": {"type": "string"},
                        "company": {"type": "string"},
                        "ended_by": {"enum": ["agent", "customer", "unknown"]},
                        "segments": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["speaker", "start", "end", "text"],
                                "properties": {
                                    "speaker": {"enum": ["agent", "customer"]},
                                    "start": {"type": "number"},
                                    "end": {"type": "number"},
                                    "text": {"type": "string"},
                                },
                            },
                        },
                    },
                }
            }
        },
    }
}


class Stored(Schema):
    id: int
    attempt_id: int
    call_id: str
    status: str


class Problem(Schema):
    detail: str
    problems: list[str] = []


@router.post(
    "/{attempt_id}/transcript",
    response={201: Stored, 400: Problem, 403: Problem, 404: Problem, 409: Problem},
    openapi_extra=TRANSCRIPT_BODY,
    summary="Attach a call's transcript (formats.md) and queue its QA check",
)
def post_transcript(request, attempt_id: int):
    if not request.auth.has_perm("quality.add_calltranscript"):
        return Status(403, {"detail": _("你没有上传转写的权限")})
    attempt = get_object_or_404(Attempt.objects.select_related("agent"), pk=attempt_id)
    name = f"calls/{attempt_id}/transcript"
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Status(400, {"detail": _("{name}：不是 UTF-8 编码的文字").format(name=name)})
    try:
        transcript = read_transcript(text, name, call_id=str(attempt_id))
    except PlacedError as exc:
        return Status(400, {"detail": exc.first, "problems": exc.problems})
    try:
        row = intake.attach(transcript, source=name, by=request.auth, attempt=attempt)
    except intake.IntakeError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(
        201, {"id": row.pk, "attempt_id": attempt.pk, "call_id": row.call_id, "status": "queued"}
    )
