"""The inspector's pages 质检: the queue of calls by score, one call as a timeline of
segments with its findings, verdicts and appeals, the rules' overturn shares, an
agent's trend, and transcript upload. Agents see their own calls only."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huifang.quality import intake, review
from huifang.quality.checking import rules_in_use
from huifang.quality.models import Appeal, CallTranscript, Finding, Inspection
from huifang.quality.signals import default_book
from huifang.quality.timeline import timeline

FILTERS = {
    "open": Q(reviewed=False),
    "failed": Q(passed=False),
    "appealed": Q(has_appeal=True),
    "all": Q(),
}


def sees_all(user) -> bool:
    return user.has_perm("quality.view_calltranscript")


def _inspections():
    open_appeal = Appeal.objects.filter(finding__inspection=OuterRef("pk"), answer=None)
    return Inspection.objects.select_related(
        "transcript__agent__profile", "transcript__attempt__task__campaign"
    ).annotate(has_appeal=Exists(open_appeal))


@login_required
@permission_required("quality.view_calltranscript", raise_exception=True)
def queue(request):
    shown = request.GET.get("show", "open")
    inspections = _inspections().filter(FILTERS.get(shown, Q()))
    agent = request.GET.get("agent", "")
    if agent.isdigit():
        inspections = inspections.filter(transcript__agent_id=int(agent))
    page = Paginator(inspections.order_by("score", "-checked_at"), 50).get_page(
        request.GET.get("page")
    )
    waiting = CallTranscript.objects.filter(inspection=None).count()
    return render(
        request,
        "quality/queue.html",
        {"page": page, "show": shown, "filters": list(FILTERS), "agent": agent, "waiting": waiting},
    )


def _visible(request, pk: int) -> Inspection:
    inspection = get_object_or_404(_inspections(), transcript_id=pk)
    if not sees_all(request.user) and inspection.transcript.agent_id != request.user.pk:
        raise Http404
    return inspection


@login_required
def call(request, pk):
    inspection = _visible(request, pk)
    return render(request, "quality/call.html", _call_context(request, inspection))


def _call_context(request, inspection: Inspection) -> dict:
    findings = list(inspection.findings.prefetch_related("verdicts__by", "appeals__by"))
    titles = {r.id: r.title for r in rules_in_use().rules}
    for finding in findings:
        finding.title = titles.get(finding.rule, finding.rule)
    kinds = default_book().kinds
    signals = [{**s, "kind_info": kinds.get(s["kind"])} for s in inspection.signals]
    return {
        "inspection": inspection,
        "transcript": inspection.transcript,
        "findings": findings,
        "unmeasured": [titles.get(r, r) for r in inspection.not_measurable],
        "segments": timeline(inspection.transcript.segments, findings, inspection.signals),
        "signals": signals,
        "can_inspect": request.user.has_perm("quality.inspect_call"),
        "is_own": inspection.transcript.agent_id == request.user.pk,
    }


@require_POST
@login_required
def verdict(request, pk):
    finding = get_object_or_404(Finding.objects.select_related("inspection"), pk=pk)
    if not request.user.has_perm("quality.inspect_call"):
        raise Http404
    _visible(request, finding.inspection.transcript_id)
    try:
        review.give_verdict(
            finding, request.POST.get("state", ""), by=request.user,
            comment=request.POST.get("comment", ""),
        )  # fmt: skip
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    return _back_to_call(request, finding)


@require_POST
@login_required
def appeal(request, pk):
    finding = get_object_or_404(Finding.objects.select_related("inspection__transcript"), pk=pk)
    if finding.inspection.transcript.agent_id != request.user.pk:
        raise Http404
    try:
        review.appeal(finding, by=request.user, comment=request.POST.get("comment", ""))
        messages.success(request, _("申诉已提交，质检员复核后会给出结论。"))
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    return _back_to_call(request, finding)


def _back_to_call(request, finding: Finding):
    inspection = _visible(request, finding.inspection.transcript_id)
    if request.htmx:
        context = _call_context(request, inspection)
        return render(request, "quality/partials/review.html", context)
    return redirect("quality:call", inspection.transcript_id)


@login_required
@permission_required("quality.view_rule_share", raise_exception=True)
def rule_shares(request):
    rules = rules_in_use()
    kinds = default_book().kinds
    signals = [
        (kinds[k].label if k in kinds else k, n, calls)
        for k, n, calls in review.signal_counts(Inspection.objects.all())
    ]
    return render(
        request,
        "quality/rules.html",
        {
            "shares": review.rule_shares(),
            "rules": rules.rules,
            "pass_mark": rules.pass_mark,
            "signals": signals,
            "calls": Inspection.objects.count(),
        },
    )


@login_required
def agent(request, user_pk=None):
    """An agent's results: her own, or anyone's for those who see all calls."""
    if user_pk is None:
        person = request.user
    elif sees_all(request.user) or user_pk == request.user.pk:
        person = get_object_or_404(get_user_model(), pk=user_pk)
    else:
        raise Http404
    inspections = _inspections().filter(transcript__agent=person)
    page = Paginator(inspections.order_by("-transcript__uploaded_at"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "quality/agent.html",
        {
            "person": person,
            "page": page,
            "weeks": review.weekly_scores(inspections),
            "frequent": review.frequent_findings(inspections),
            "listening": person.listening_tests.first(),
        },
    )


@login_required
@permission_required("quality.add_calltranscript", raise_exception=True)
def upload(request):
    received = []
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, _("请选择要上传的转写文件（.json 或 .zip）。"))
        else:
            received = intake.receive_upload(files, by=request.user)
    stored = [r for r in received if r.transcript is not None]
    return render(
        request,
        "quality/upload.html",
        {"received": received, "stored": stored, "refused": len(received) - len(stored)},
    )
