"""问卷预览: a questionnaire run as an agent would, one button at a time, with sample
values in the placeholders. The state is the answer sheet, carried by the page;
nothing is stored."""

import json

from django.conf import settings
from django.utils.translation import gettext as _

from huifang.scripts.placeholders import fill
from huifang.surveys import engine
from huifang.surveys.pages import STATUS_COLOURS, STATUS_LABELS, answer_text
from huifang.surveys.questionnaire import OTHER, section_name, type_name


def sample_context(user) -> dict:
    """Sample values for the placeholders, so the words read as they would on a call."""
    profile = getattr(user, "profile", None)
    return {
        "customer_name": _("王"),
        "title": _("先生"),
        "agent_no": getattr(profile, "agent_no", "") or "1024",
        "company": settings.HUIFANG["COMPANY"],
        "dealer": _("北京长城汽车4S店"),
        "product": _("哈弗H6"),
        "greeting": _("上午好"),
        "minutes": "3",
    }


def _sheet(form, raw: str | None) -> engine.Sheet:
    """The sheet from the hidden field, keeping only answers this questionnaire
    accepts (it comes from the browser)."""
    try:
        data = json.loads(raw or "{}")
        sheet = engine.Sheet.from_json(data if isinstance(data, dict) else {})
    except (ValueError, TypeError, AttributeError):
        return engine.Sheet()
    answers, texts = {}, {}
    for qid, value in sheet.answers.items():
        if not isinstance(qid, str) or qid not in form.position:
            continue
        try:
            answers[qid], other = engine.check(
                form.question(qid), value, str(sheet.other_text.get(qid, ""))
            )
        except engine.AnswerError:
            continue
        if other:
            texts[qid] = other
    return engine.Sheet(answers, texts)


def _card(form, words, sheet, question, value=None, other_text="", error=None) -> dict:
    """One question to ask, with its inputs (and the old or rejected answer in them)."""
    walked = engine.walk(form, sheet.answers)
    chosen = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    card = {
        "stage": "question",
        "sheet": sheet,
        "question": question,
        "text": fill(question.text, words),
        "type": type_name(question.type),
        "section": section_name(form.section_of(question.id).kind),
        "number": len(walked.asked) + 1,
        "value": "" if value is None or isinstance(value, list | tuple) else value,
        "other_text": other_text or "",
        "error": error,
        "answered": _answered(form, words, sheet, walked.asked),
    }
    if question.type in ("single", "multi"):
        card["choices"] = [
            {
                "key": str(i) if i < 10 else "",
                "value": v,
                "label": fill(question.label_of(v), words),
                "checked": value is not None and v in chosen,
                "other": v == OTHER and question.other,
            }
            for i, v in enumerate(question.values, 1)
        ]
    elif question.bounds is not None and question.bounds[1] - question.bounds[0] <= 10:
        low, high = question.bounds
        labels = dict(question.scale.labels) if question.scale else {}
        card["points"] = [
            {"n": n, "label": labels.get(n, ""), "checked": str(n) in chosen}
            for n in range(low, high + 1)
        ]
    return card


def _answered(form, words, sheet, asked) -> list[dict]:
    return [
        {
            "id": qid,
            "text": fill(form.question(qid).text, words),
            "answer": answer_text(
                form.question(qid), sheet.answers.get(qid), sheet.other_text.get(qid, "")
            ),
        }
        for qid in asked
        if qid in sheet.answers
    ]


def _next(form, words, sheet) -> dict:
    question = engine.next_question(form, sheet)
    if question is not None:
        return _card(form, words, sheet, question)
    return _end(form, words, sheet)


def _end(form, words, sheet) -> dict:
    walked = engine.walk(form, sheet.answers)
    return {
        "stage": "end",
        "sheet": sheet,
        "status": walked.status,
        "status_label": STATUS_LABELS[walked.status],
        "status_colour": STATUS_COLOURS[walked.status],
        "answered": _answered(form, words, sheet, walked.asked),
        "stopped_at": form.question(walked.pending) if walked.pending else None,
    }


def step(form, words, post) -> dict:
    """What the preview shows after one button: the greeting, a question (again, with
    a validation error), or the end."""
    sheet = _sheet(form, post.get("sheet"))
    action = post.get("action", "answer")
    if action == "restart":
        return {"stage": "greeting", "sheet": engine.Sheet()}
    if action == "back":
        before = sheet
        sheet, question = engine.back(form, sheet)
        if question is None:
            return {"stage": "greeting", "sheet": sheet}
        old = before.answers.get(question.id)
        return _card(form, words, sheet, question, old, before.other_text.get(question.id, ""))
    if action == "hangup":
        return _end(form, words, sheet)
    qid = post.get("qid", "")
    if action not in ("answer", "skip") or qid not in form.position:
        return _next(form, words, sheet)  # 开始提问, or nothing to answer
    question = form.question(qid)
    value = post.getlist("value") if question.type == "multi" else post.get("value", "")
    if action == "skip":
        value = None
    other_text = post.get("other_text", "")
    try:
        sheet = engine.answer(form, sheet, qid, value, other_text)
    except engine.AnswerError as exc:
        return _card(form, words, sheet, question, value, other_text, exc.message)
    return _next(form, words, sheet)
