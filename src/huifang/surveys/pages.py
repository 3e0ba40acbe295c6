"""The survey core's results arranged for the questionnaire pages: durations in
minutes, answers in words, the loader's problems split into line and message, the
findings and path tests of the editor's side panel, the paths of the detail page."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huifang.surveys import conditions, loading, paths, pathtests, report
from huifang.surveys.models import Response
from huifang.surveys.phrases import PhrasesError, load_phrases
from huifang.surveys.questionnaire import END, END_NOT_ELIGIBLE, OTHER, section_name, type_name
from huifang.text import listing

END_LABELS = {
    END: gettext_lazy("完成"),
    END_NOT_ELIGIBLE: gettext_lazy("不符合条件"),
    paths.BROKEN: gettext_lazy("跳转错误"),
}


STATUS_LABELS = dict(Response.STATUSES)


STATUS_COLOURS = {"complete": "green", "partial": "orange", "not_eligible": "grey"}


ROUTE_LIMIT = 200


def duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return _("{s} 秒").format(s=seconds)
    return _("{m} 分 {s} 秒").format(m=seconds // 60, s=seconds % 60)


def answer_text(question, value, other_text: str = "") -> str:
    if not conditions.answered(value):
        return _("（未答）")
    values = value if isinstance(value, list | tuple) else [value]
    return listing(
        _("其他：{text}").format(text=other_text)
        if v == OTHER and other_text
        else question.label_of(v)
        for v in values
    )


def _phrases():
    """The linter's phrase lists with the centre's own file; a broken centre file
    falls back to ours, and the page says so."""
    try:
        return load_phrases(settings.HUIFANG.get("SURVEY_PHRASES_FILE")), None
    except PhrasesError as exc:
        return load_phrases(), _("本中心的词表有误，已按内置词表检查：{error}").format(error=exc)


def findings(form) -> dict:
    """Lint findings and path tests of a loaded questionnaire: the findings partial's
    context (ready only with no error and every path test passing, as at launch)."""
    phrases, phrases_error = _phrases()
    lint_report = report.lint_report(form, phrases)
    outcomes = pathtests.run_all(form)
    errors = [f for f in lint_report["findings"] if f["severity"] == "error"]
    failed = [o for o in outcomes if not o.passed]
    outcomes = [
        {
            "name": o.test.name,
            "passed": o.passed,
            "asked": o.asked,
            "expected": o.test.expect,
            "end": STATUS_LABELS.get(o.end, o.end),
            "expected_end": STATUS_LABELS.get(o.test.end, o.test.end),
            "problems": o.problems,
        }
        for o in outcomes
    ]
    seconds = lint_report["estimated_seconds"]
    return {
        "checked": True,
        "findings": lint_report["findings"],
        "errors": len(errors),
        "warnings": len(lint_report["findings"]) - len(errors),
        "outcomes": outcomes,
        "failed": len(failed),
        "phrases_error": phrases_error,
        "route_count": lint_report["paths"],
        "longest": duration(seconds) if seconds is not None else None,
        "minutes_allowed": form.minutes_allowed,
        "ready": not errors and not failed,
    }


def check_source(source: str) -> dict:
    if not source.strip():
        return {"checked": False}
    try:
        form = loading.loads(source)
    except loading.SurveyError as exc:
        return {
            "checked": True,
            "problems": [{"line": line, "message": message} for line, message in exc.rows],
            "ready": False,
        }
    return findings(form)


def sections(form) -> list[dict]:
    return [
        {
            "kind": section.kind,
            "label": section_name(section.kind),
            "say": section.say,
            "questions": [{"q": q, "type": type_name(q.type)} for q in section.questions],
        }
        for section in form.sections
    ]


def route_row(form, route: dict, number: int | None = None) -> dict:
    witness = [
        (qid, answer_text(form.question(qid), value)) for qid, value in route["witness"].items()
    ]
    return {
        "number": number,
        "questions": route["questions"],
        "end": END_LABELS.get(route["end"], route["end"]),
        "broken": route["end"] == paths.BROKEN,
        "duration": duration(route["seconds"]),
        "witness": witness,
    }


def routes(form) -> dict:
    try:
        found = report.paths_report(form, limit=ROUTE_LIMIT)
    except paths.TooManyRoutes:
        return {"error": _("分支太多，无法列出全部路径。")}
    return {
        "count": found["paths"],
        "listed": found["listed"],
        "shortest": route_row(form, found["shortest"]),
        "longest": route_row(form, found["longest"]),
        "average": duration(found["average_seconds"]),
        "average_questions": found["average_questions"],
        "unreachable": [form.question(qid) for qid in found["unreachable"]],
        "routes": [route_row(form, r, i) for i, r in enumerate(found["routes"], 1)],
        "time_model": found["time_model"],
    }


def plain(value) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return listing(plain(v) for v in value)
    if isinstance(value, dict):
        return _("，").join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value)
