"""Questionnaire pages (问卷): the list, the editor with live lint, the detail with
paths and versions, a version's YAML, the diff of two versions, and the preview that
runs a questionnaire as an agent would. Thin views: the checking, walking and
diffing are the survey core's; here the results are only arranged for the page."""

import json
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from huifang.campaigns.models import Campaign
from huifang.surveys import conditions, engine, lint, loading, paths, pathtests, report, store
from huifang.surveys.diff import diff
from huifang.surveys.forms import SourceForm
from huifang.surveys.model import END, END_NOT_ELIGIBLE, OTHER
from huifang.surveys.models import Questionnaire, Response, Version

KIND_LABELS = {
    "greeting": gettext_lazy("问候语"),
    "screening": gettext_lazy("甄别"),
    "main": gettext_lazy("主体"),
    "background": gettext_lazy("背景资料"),
    "closing": gettext_lazy("结束语"),
}
TYPE_LABELS = {
    "single": gettext_lazy("单选"),
    "multi": gettext_lazy("多选"),
    "scale": gettext_lazy("量表"),
    "nps": gettext_lazy("推荐度 NPS"),
    "text": gettext_lazy("开放题"),
    "number": gettext_lazy("数字"),
    "date": gettext_lazy("日期"),
}
END_LABELS = {
    END: gettext_lazy("完成"),
    END_NOT_ELIGIBLE: gettext_lazy("不符合条件"),
    paths.BROKEN: gettext_lazy("跳转错误"),
}
STATUS_LABELS = dict(Response.STATUSES)
STATUS_COLOURS = {"complete": "green", "partial": "orange", "not_eligible": "grey"}
ROUTE_LIMIT = 200


# --- arranging the core's results for a page ----------------------------------------


def duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return _("{s} 秒").format(s=seconds)
    return _("{m} 分 {s} 秒").format(m=seconds // 60, s=seconds % 60)


def answer_text(question, value, other_text: str = "") -> str:
    if not conditions.answered(value):
        return _("（未答）")
    values = value if isinstance(value, list | tuple) else [value]
    return "、".join(
        _("其他：{text}").format(text=other_text)
        if v == OTHER and other_text
        else question.label_of(v)
        for v in values
    )


def _line_patterns() -> list[re.Pattern]:
    """The loader's place prefixes (第 N 行 …), in the active language."""
    templates = (_("第 {line} 行 "), _("第 {line} 行："))
    return [
        re.compile("^" + re.escape(t).replace(re.escape("{line}"), r"(\d+)")) for t in templates
    ]


def problem_rows(problems: list[str]) -> list[dict]:
    """The loader's problems split into line and message, for the findings table."""
    rows = []
    for problem in problems:
        for pattern in _line_patterns():
            if match := pattern.match(problem):
                rows.append({"line": int(match.group(1)), "message": problem[match.end() :]})
                break
        else:
            rows.append({"line": None, "message": problem})
    return rows


def _phrases():
    """The linter's phrase lists with the centre's own file; a broken centre file
    falls back to ours, and the page says so."""
    try:
        return lint.load_phrases(settings.HUIFANG.get("SURVEY_PHRASES_FILE")), None
    except lint.PhrasesError as exc:
        return lint.load_phrases(), _("本中心的词表有误，已按内置词表检查：{error}").format(
            error=exc
        )


def findings(form) -> dict:
    """Lint findings and path tests of a loaded questionnaire: the findings partial's
    context (ready only with no error and every path test passing, as at launch)."""
    phrases, phrases_error = _phrases()
    lint_report = report.lint_report(form, phrases)
    try:
        outcomes = pathtests.run_all(form)
        tests_error = None
    except (conditions.ConditionError, engine.FlowError) as exc:
        outcomes, tests_error = [], _("路径测试无法运行：{error}").format(error=exc)
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
        "tests_error": tests_error,
        "phrases_error": phrases_error,
        "route_count": lint_report["paths"],
        "longest": duration(seconds) if seconds is not None else None,
        "minutes_allowed": form.minutes_allowed,
        "ready": not errors and not failed and tests_error is None,
    }


def check_source(source: str) -> dict:
    if not source.strip():
        return {"checked": False}
    try:
        form = loading.loads(source)
    except loading.SurveyError as exc:
        return {"checked": True, "problems": problem_rows(exc.problems), "ready": False}
    return findings(form)


def blocking(form) -> list[str]:
    try:
        return report.blocking(form)
    except (conditions.ConditionError, engine.FlowError) as exc:
        return [str(exc)]


def _sections(form) -> list[dict]:
    return [
        {
            "kind": section.kind,
            "label": KIND_LABELS.get(section.kind, section.kind),
            "say": section.say,
            "questions": [
                {"q": q, "type": TYPE_LABELS.get(q.type, q.type)} for q in section.questions
            ],
        }
        for section in form.sections
    ]


def _route(form, route: dict, number: int | None = None) -> dict:
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


def _paths(form) -> dict:
    try:
        found = report.paths_report(form, limit=ROUTE_LIMIT)
    except paths.TooManyRoutes:
        return {"error": _("分支太多，无法列出全部路径。")}
    return {
        "count": found["paths"],
        "listed": found["listed"],
        "shortest": _route(form, found["shortest"]),
        "longest": _route(form, found["longest"]),
        "average": duration(found["average_seconds"]),
        "average_questions": found["average_questions"],
        "unreachable": [form.question(qid) for qid in found["unreachable"]],
        "routes": [_route(form, r, i) for i, r in enumerate(found["routes"], 1)],
        "time_model": found["time_model"],
    }


def _plain(value) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _version(questionnaire, number) -> Version:
    if number in (None, ""):
        version = questionnaire.current()
    else:
        try:
            version = questionnaire.versions.filter(number=int(number)).first()
        except (TypeError, ValueError):
            version = None
    if version is None:
        raise Http404("no such version")
    return version


# --- list, editor, detail, versions --------------------------------------------------


@login_required
@permission_required("surveys.view_questionnaire", raise_exception=True)
def questionnaire_list(request):
    questionnaires = list(
        Questionnaire.objects.annotate(
            newest=Max("versions__number"), campaign_count=Count("campaigns", distinct=True)
        ).order_by("-builtin", "title")
    )
    newest = Q(pk__in=[])
    for q in questionnaires:
        if q.newest is not None:
            newest |= Q(questionnaire_id=q.pk, number=q.newest)
    versions = {v.questionnaire_id: v for v in Version.objects.filter(newest)}
    for q in questionnaires:
        version = versions.get(q.pk)
        q.blocking = blocking(version.form) if version else [_("还没有版本")]
    return render(request, "surveys/questionnaire_list.html", {"questionnaires": questionnaires})


def _save(request, form: SourceForm):
    version, created = store.save_version(form.cleaned_data["source"], request.user)
    if not created:
        messages.info(request, _("内容未变，仍是第 {n} 版。").format(n=version.number))
    else:
        messages.success(request, _("已保存为第 {n} 版。").format(n=version.number))
        reasons = blocking(version.form)
        if reasons:
            messages.warning(
                request,
                _("这是草稿：有 {n} 处问题，还不能用于启动回访项目。").format(n=len(reasons)),
            )
    return redirect("questionnaire_detail", slug=version.questionnaire.slug)


def _editor(request, form: SourceForm, questionnaire=None, based_on=None):
    checks = check_source(form["source"].value() or "")
    context = {"form": form, "questionnaire": questionnaire, "based_on": based_on, **checks}
    return render(request, "surveys/questionnaire_form.html", context)


@login_required
@permission_required("surveys.add_questionnaire", raise_exception=True)
def questionnaire_new(request):
    if request.method == "POST":
        form = SourceForm(request.POST)
        if form.is_valid():
            return _save(request, form)
        return _editor(request, form)
    initial = {}
    based_on = None
    if request.GET.get("from"):
        based_on = get_object_or_404(Questionnaire, slug=request.GET["from"]).current()
        initial["source"] = based_on.source if based_on else ""
    return _editor(request, SourceForm(initial=initial), based_on=based_on)


@login_required
@permission_required("surveys.edit_questionnaire", raise_exception=True)
def questionnaire_edit(request, slug):
    questionnaire = get_object_or_404(Questionnaire, slug=slug)
    if request.method == "POST":
        form = SourceForm(request.POST, slug=slug)
        if form.is_valid():
            return _save(request, form)
        return _editor(request, form, questionnaire)
    based_on = _version(questionnaire, request.GET.get("v"))
    form = SourceForm(initial={"source": based_on.source}, slug=slug)
    return _editor(request, form, questionnaire, based_on)


@require_POST
@login_required
def questionnaire_lint(request):
    """The findings partial for the YAML in the editor (htmx, as she types)."""
    if not (
        request.user.has_perm("surveys.add_questionnaire")
        or request.user.has_perm("surveys.edit_questionnaire")
    ):
        raise PermissionDenied
    checks = check_source(request.POST.get("source", ""))
    return render(request, "surveys/partials/findings.html", checks)


@login_required
@permission_required("surveys.view_questionnaire", raise_exception=True)
def questionnaire_detail(request, slug):
    questionnaire = get_object_or_404(Questionnaire, slug=slug)
    version = _version(questionnaire, None)
    form = version.form
    versions = list(questionnaire.versions.select_related("created_by").order_by("-number"))
    campaigns = (
        Campaign.objects.filter(
            Q(questionnaire=questionnaire) | Q(questionnaire_version__questionnaire=questionnaire)
        )
        .select_related("questionnaire_version")
        .order_by("-created_at")
    )
    context = {
        "questionnaire": questionnaire,
        "version": version,
        "form": form,
        "sections": _sections(form),
        "paths": _paths(form),
        "versions": versions,
        "campaigns": campaigns,
        **findings(form),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


@login_required
@permission_required("surveys.view_version", raise_exception=True)
def questionnaire_version(request, slug, number):
    questionnaire = get_object_or_404(Questionnaire, slug=slug)
    version = _version(questionnaire, number)
    newest = questionnaire.current()
    context = {"questionnaire": questionnaire, "version": version, "newest": newest}
    return render(request, "surveys/questionnaire_version.html", context)


@login_required
@permission_required("surveys.view_version", raise_exception=True)
def questionnaire_diff(request, slug, a, b):
    questionnaire = get_object_or_404(Questionnaire, slug=slug)
    old, new = _version(questionnaire, a), _version(questionnaire, b)
    changes = [
        {
            "change": c,
            "kind": c.kind,
            "before": _plain(c.as_json()["before"]),
            "after": _plain(c.as_json()["after"]),
        }
        for c in diff(old.form, new.form)
    ]
    context = {"questionnaire": questionnaire, "old": old, "new": new, "changes": changes}
    return render(request, "surveys/questionnaire_diff.html", context)


# --- preview: the questionnaire run as an agent would --------------------------------


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
        "text": engine.spoken(question.text, words),
        "type": TYPE_LABELS.get(question.type, question.type),
        "section": KIND_LABELS.get(form.section_of(question.id).kind),
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
                "label": engine.spoken(question.label_of(v), words),
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
            "text": engine.spoken(form.question(qid).text, words),
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


def preview_step(form, words, post) -> dict:
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


@login_required
@permission_required("surveys.view_questionnaire", raise_exception=True)
def questionnaire_preview(request, slug):
    """问卷预览: step through the questionnaire; the state is the sheet in a hidden
    field and nothing is stored. htmx swaps the card; without JS the page reloads."""
    questionnaire = get_object_or_404(Questionnaire, slug=slug)
    version = _version(questionnaire, request.GET.get("v"))
    form = version.form
    words = sample_context(request.user)
    try:
        if request.method == "POST":
            card = preview_step(form, words, request.POST)
        else:
            card = {"stage": "greeting", "sheet": engine.Sheet()}
    except (engine.FlowError, conditions.ConditionError) as exc:
        card = {"stage": "broken", "error": str(exc), "sheet": engine.Sheet()}
    card["sheet_json"] = json.dumps(card["sheet"].as_json(), ensure_ascii=False)
    says = {kind: [] for kind in ("greeting", "closing")}
    for section in form.sections:
        if section.kind in says and section.say:
            says[section.kind].append(engine.spoken(section.say, words))
    context = {
        "questionnaire": questionnaire,
        "version": version,
        "form": form,
        "card": card,
        "words": words,
        "greeting": says["greeting"],
        "closing": says["closing"],
    }
    if request.htmx:
        return render(request, "surveys/partials/preview_card.html", context)
    return render(request, "surveys/questionnaire_preview.html", context)
