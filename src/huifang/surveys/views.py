"""Questionnaire pages (问卷): the list, the editor with live lint, the detail with
paths and versions, a version's YAML, the diff of two versions, and the preview that
runs a questionnaire as an agent would. Thin views: the checking, walking and
diffing are the survey core's; here the results are only arranged for the page."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huifang.campaigns.models import Campaign
from huifang.scripts.placeholders import fill
from huifang.surveys import conditions, engine, pages, preview, store
from huifang.surveys.diff import diff
from huifang.surveys.forms import SourceForm
from huifang.surveys.models import Questionnaire, Version


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
        q.blocking = version.blocking() if version else [_("还没有版本")]
    return render(request, "surveys/questionnaire_list.html", {"questionnaires": questionnaires})


def _save(request, form: SourceForm):
    version, created = store.save_version(form.cleaned_data["source"], request.user)
    if not created:
        messages.info(request, _("内容未变，仍是第 {n} 版。").format(n=version.number))
    else:
        messages.success(request, _("已保存为第 {n} 版。").format(n=version.number))
        reasons = version.blocking()
        if reasons:
            messages.warning(
                request,
                _("这是草稿：有 {n} 处问题，还不能用于启动回访项目。").format(n=len(reasons)),
            )
    return redirect("questionnaire_detail", slug=version.questionnaire.slug)


def _editor(request, form: SourceForm, questionnaire=None, based_on=None):
    checks = pages.check_source(form["source"].value() or "")
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
    checks = pages.check_source(request.POST.get("source", ""))
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
        "sections": pages.sections(form),
        "paths": pages.routes(form),
        "versions": versions,
        "campaigns": campaigns,
        **pages.findings(form),
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
            "before": pages.plain(c.as_json()["before"]),
            "after": pages.plain(c.as_json()["after"]),
        }
        for c in diff(old.form, new.form)
    ]
    context = {"questionnaire": questionnaire, "old": old, "new": new, "changes": changes}
    return render(request, "surveys/questionnaire_diff.html", context)


@login_required
@permission_required("surveys.view_questionnaire", raise_exception=True)
def questionnaire_preview(request, slug):
    """问卷预览: step through the questionnaire; the state is the sheet in a hidden
    field and nothing is stored. htmx swaps the card; without JS the page reloads."""
    questionnaire = get_object_or_404(Questionnaire, slug=slug)
    version = _version(questionnaire, request.GET.get("v"))
    form = version.form
    words = preview.sample_context(request.user)
    try:
        if request.method == "POST":
            card = preview.step(form, words, request.POST)
        else:
            card = {"stage": "greeting", "sheet": engine.Sheet()}
    except (engine.FlowError, conditions.ConditionError) as exc:
        card = {"stage": "broken", "error": str(exc), "sheet": engine.Sheet()}
    card["sheet_json"] = json.dumps(card["sheet"].as_json(), ensure_ascii=False)
    says = {kind: [] for kind in ("greeting", "closing")}
    for section in form.sections:
        if section.kind in says and section.say:
            says[section.kind].append(fill(section.say, words))
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
