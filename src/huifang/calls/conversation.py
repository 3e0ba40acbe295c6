"""Step 2 of the callback, the conversation (features.md D4): check the customer's
details with them — a detail found wrong is corrected and the correction kept (A3) —
then the campaign's questionnaire, one question at a time through the survey engine,
each answer saved the moment it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huifang.calls.models import Call, Correction, Step
from huifang.calls.workspace import CallError, keep
from huifang.surveys import engine
from huifang.surveys.models import Response
from huifang.surveys.questionnaire import Question

# The details checked with the customer: key, label, where it lives.
DETAILS = [
    ("name", gettext_lazy("姓名"), "customer"),
    ("gender", gettext_lazy("称呼"), "customer"),
    ("birthday", gettext_lazy("生日"), "customer"),
    ("address", gettext_lazy("地址"), "customer"),
    ("product", gettext_lazy("车型/产品"), "vehicle"),
    ("plate", gettext_lazy("车牌"), "vehicle"),
]
LIMITS = {"name": 64, "address": 200, "product": 80, "plate": 16}


@dataclass(frozen=True)
class Detail:
    key: str
    label: str
    value: str


def details(call: Call) -> list[Detail]:
    """The details on file as the agent reads them to the customer."""
    customer = call.task.customer
    vehicle = customer.vehicles.first()
    found = {
        "name": customer.name,
        "gender": customer.gender,
        "birthday": customer.birthday.isoformat() if customer.birthday else "",
        "address": customer.address,
        "product": vehicle.product if vehicle else "",
        "plate": vehicle.plate if vehicle else "",
    }
    return [Detail(key, str(label), found[key]) for key, label, _where in DETAILS]


def _clean(key: str, raw: str) -> tuple[str, Any]:
    """The value as stored, or CallError naming the field."""
    text = raw.strip()
    label = dict((k, str(v)) for k, v, _w in DETAILS)[key]
    if key == "name" and not text:
        raise CallError(_("%(field)s：不能为空") % {"field": label})
    if key == "gender":
        if text not in ("", "M", "F"):
            raise CallError(_("%(field)s：请选择先生或女士") % {"field": label})
        return text, text
    if key == "birthday":
        if not text:
            return "", None
        try:
            return text, date.fromisoformat(text)
        except ValueError:
            raise CallError(
                _("%(field)s：%(value)s 不是日期，请写成 1980-05-01")
                % {"field": label, "value": text}
            ) from None
    if key in LIMITS and len(text) > LIMITS[key]:
        raise CallError(_("%(field)s：最多 %(n)s 个字") % {"field": label, "n": LIMITS[key]})
    return text, text


def confirm_details(call: Call, given: dict[str, str], now: datetime | None = None) -> list:
    """The customer confirmed their details, correcting those in `given` that differ
    from the archive: the archive is updated and each change appended as a Correction
    (the old value kept). All or nothing: one bad value changes nothing. Moves on to
    the questionnaire (or the closing, when the campaign has none)."""
    now = now or timezone.now()
    keep(call, now)
    on_file = {d.key: d.value for d in details(call)}
    changes = []
    for key, _label, where in DETAILS:
        if key not in given:
            continue
        text, value = _clean(key, given[key])
        if text != on_file[key]:
            changes.append((key, where, on_file[key], text, value))
    customer = call.task.customer
    vehicle = customer.vehicles.first()
    with transaction.atomic():
        rows = []
        for key, where, old, text, value in changes:
            if where == "vehicle":
                if vehicle is None:
                    vehicle = customer.vehicles.create()
                setattr(vehicle, key, value)
            else:
                setattr(customer, key, value)
            rows.append(
                Correction(
                    call=call,
                    customer=customer,
                    field=key,
                    old_value=old,
                    new_value=text,
                    agent=call.agent,
                    at=now,
                )
            )
        if rows:
            customer.save()
            if vehicle is not None:
                vehicle.save()
            Correction.objects.bulk_create(rows)
        call.verified_at = now
        call.step = Step.SURVEY if call.task.campaign.questionnaire_version_id else Step.CLOSING
        call.save(update_fields=["verified_at", "step"])
    return rows


# --- the questionnaire ------------------------------------------------------------


def response(call: Call) -> Response:
    """The answer sheet of this call, started on the campaign's frozen version."""
    if call.response is not None:
        return call.response
    version = call.task.campaign.questionnaire_version
    if version is None:
        raise CallError(_("这个回访项目没有问卷。"))
    call.response = Response.objects.create(version=version, task=call.task, agent=call.agent)
    call.save(update_fields=["response"])
    return call.response


@dataclass(frozen=True)
class Asking:
    """The question on screen: the next one, or an earlier one the agent went back to
    (`given` is then its answer so far)."""

    question: Question | None
    given: Any = None
    other_text: str = ""
    number: int = 0  # its place among the questions asked, from 1
    ended: bool = False


def asking(call: Call) -> Asking:
    sheet = engine.Sheet.from_json(response(call).sheet)
    form = call.response.version.form
    route = engine.walk(form, sheet.answers)
    revisit = call.response.sheet.get("revisit")
    if revisit in route.asked:
        return Asking(
            form.question(revisit),
            sheet.answers.get(revisit),
            sheet.other_text.get(revisit, ""),
            route.asked.index(revisit) + 1,
        )
    if route.pending is None:
        return Asking(None, number=len(route.asked), ended=True)
    return Asking(form.question(route.pending), number=len(route.asked) + 1)


def _store(call: Call, sheet: engine.Sheet, revisit: str | None = None) -> None:
    form = call.response.version.form
    data = sheet.as_json()
    if revisit:
        data["revisit"] = revisit
    call.response.sheet = data
    call.response.status = engine.walk(form, sheet.answers).status
    call.response.save(update_fields=["sheet", "status", "updated_at"])


def give_answer(
    call: Call, qid: str, value: Any, other_text: str = "", now: datetime | None = None
) -> Asking:
    """Answer `qid` (the question on screen): checked by its type, saved at once. An
    earlier question answered again keeps the later answers its route still asks.
    Raises CallError with the engine's reason when the answer is not valid."""
    now = now or timezone.now()
    keep(call, now)
    sheet = engine.Sheet.from_json(response(call).sheet)
    form = call.response.version.form
    try:
        sheet = engine.answer(form, sheet, qid, value, other_text)
    except engine.AnswerError as exc:
        raise CallError(exc.message) from None
    _store(call, sheet)
    now_asking = asking(call)
    if now_asking.ended:
        call.step = Step.CLOSING
        call.save(update_fields=["step"])
    return now_asking


def go_back(call: Call, now: datetime | None = None) -> Asking:
    """Back one question: the one asked before the question on screen. Nothing is
    dropped until an answer is changed."""
    keep(call, now or timezone.now())
    sheet = engine.Sheet.from_json(response(call).sheet)
    route = engine.walk(call.response.version.form, sheet.answers)
    current = asking(call)
    asked = list(route.asked)
    if current.question is not None and current.question.id in asked:
        before = asked[: asked.index(current.question.id)]
    else:
        before = asked
    if before:
        _store(call, sheet, revisit=before[-1])
    if call.step != Step.SURVEY:
        call.step = Step.SURVEY
        call.save(update_fields=["step"])
    return asking(call)


def default_outcome(call: Call) -> str:
    """The outcome the closing suggests: how the questionnaire ended (D5)."""
    if call.response is None:
        return "complete" if call.verified_at else "partial"
    status = engine.walk(call.response.version.form, call.response.sheet.get("answers", {}))
    return {"complete": "complete", "not_eligible": "not_eligible"}.get(status.status, "partial")
