"""Script library pages (话术库, D6): the library with live search, the search partial
the agent workspace shows beside a call, and the supervisor's editor with a live
preview and the history of each script. Thin views: the library, its checks and the
placeholder values come from `store`, `library` and `context`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huifang.calls.models import InboundCall
from huifang.campaigns.choices import Kind
from huifang.campaigns.models import CallTask
from huifang.scripts import placeholders, store
from huifang.scripts.context import agent_values, context_for
from huifang.scripts.forms import ScriptForm
from huifang.scripts.greetings import greeting
from huifang.scripts.library import TABOO
from huifang.scripts.store import RevisionRefused, current_library

SEARCH_LIMIT = 30


def _may_read(user) -> bool:
    return user.has_perm("campaigns.claim_task") or user.has_perm("campaigns.view_campaign")


def _kind_labels(kinds) -> list[str]:
    labels = dict(Kind.choices)
    return [str(labels.get(k, k)) for k in kinds]


@login_required
def script_library(request):
    """话术库: every script by category, the taboos apart; search swaps in results."""
    if not _may_read(request.user):
        raise PermissionDenied
    library = current_library()
    groups = [
        {
            "key": key,
            "label": label,
            "scripts": [{"script": s, "kinds": _kind_labels(s.kinds)} for s in scripts],
        }
        for key, label, scripts in library.grouped()
        if key != TABOO
    ]
    editor = request.user.has_perm("scripts.edit_script")
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "groups": groups,
        "taboo": library.in_category(TABOO),
        "hidden": store.hidden_keys(library) if editor else [],
        "query": query,
        "results": _results(library, query, agent_values(request.user)) if query else [],
    }
    return render(request, "scripts/library.html", context)


def _results(library, query: str, values: dict) -> list[dict]:
    return [
        {
            "script": s,
            "category": library.label(s.category),
            "said": placeholders.fill(s.text, values),
        }
        for s in library.search(query, limit=SEARCH_LIMIT)
    ]


def _task_values(request) -> dict:
    """The placeholder values: the customer's when `task` is this agent's call in hand
    (or `inbound` the inbound call she is answering), else only the agent's and the
    company's (another agent's call shows nothing)."""
    raw = request.GET.get("inbound", "")
    if raw.isdigit():
        call = (
            InboundCall.objects.select_related("customer__dealer")
            .filter(pk=int(raw), agent=request.user, ended_at__isnull=True)
            .first()
        )
        if call is not None:
            return context_for(customer=call.customer, agent=request.user, at=timezone.now())
    raw = request.GET.get("task", "")
    if raw.isdigit():
        task = (
            CallTask.objects.select_related("customer__dealer", "campaign")
            .prefetch_related("customer__vehicles")
            .filter(pk=int(raw), state="leased", agent=request.user)
            .first()
        )
        if task is not None:
            return context_for(
                customer=task.customer,
                agent=request.user,
                campaign=task.campaign,
                at=timezone.now(),
            )
    return agent_values(request.user)


@login_required
def script_search(request):
    """The search partial (htmx): matching scripts with their words filled."""
    if not _may_read(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    library = current_library()
    results = _results(library, query, _task_values(request)) if query else []
    return render(
        request,
        "scripts/partials/results.html",
        {"query": query, "results": results, "use": request.GET.get("use") == "1"},
    )


def _examples(request) -> dict:
    values = dict(placeholders.EXAMPLES)
    values.update(agent_values(request.user))
    values["greeting"] = greeting(timezone.localtime().time(), settings.HUIFANG["GREETING_TIMES"])
    return values


def _preview(request, text: str) -> dict:
    bad = placeholders.unknown(text)
    return {
        "preview": placeholders.fill(text, _examples(request)),
        "preview_problem": placeholders.unknown_message(bad) if bad else "",
    }


def _editor(request, form, key=None, script=None, hidden=False, status=200):
    text = form["text"].value() or ""
    base = store.base_library(settings.HUIFANG.get("SCRIPTS_FILE"))
    context = {
        "form": form,
        "key": key,
        "script": script,
        "hidden": hidden,
        "original": base.get(key) if key and key in base else None,
        "history": store.history(key) if key else [],
        "placeholders": placeholders.described(),
        **_preview(request, text),
    }
    return render(request, "scripts/script_form.html", context, status=status)


def _save(request, form, key: str):
    try:
        store.save_revision(key, author=request.user, **form.values())
    except RevisionRefused as refused:
        for field, problems in refused.errors.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return None
    messages.success(request, _("话术 {key} 已保存，之前的内容保留在修改记录中。").format(key=key))
    return redirect(reverse("script_library") + f"#script-{key}")


@login_required
@permission_required("scripts.edit_script", raise_exception=True)
def script_edit(request, key):
    found = store.editable(key)
    if found is None:
        raise Http404("no such script")
    script, hidden = found
    library = current_library()
    if request.method == "POST":
        form = ScriptForm(request.POST, library=library, key=key)
        if form.is_valid() and (done := _save(request, form, key)) is not None:
            return done
        return _editor(request, form, key, script, hidden, status=400)
    initial = {
        "title": script.title,
        "category": script.category,
        "text": script.text,
        "kinds": list(script.kinds),
        "tags": " ".join(script.tags),
        "hidden": hidden,
    }
    return _editor(
        request, ScriptForm(initial=initial, library=library, key=key), key, script, hidden
    )


@login_required
@permission_required("scripts.edit_script", raise_exception=True)
def script_new(request):
    library = current_library()
    if request.method == "POST":
        form = ScriptForm(request.POST, library=library)
        if form.is_valid() and (done := _save(request, form, form.script_key)) is not None:
            return done
        return _editor(request, form, status=400)
    category = request.GET.get("category", "")
    initial = {"category": category} if category in library.categories else {}
    return _editor(request, ScriptForm(initial=initial, library=library))


@require_POST
@login_required
@permission_required("scripts.edit_script", raise_exception=True)
def script_preview(request):
    """The editor's preview partial (htmx, as she types): the words with examples."""
    return render(
        request, "scripts/partials/preview.html", _preview(request, request.POST.get("text", ""))
    )
