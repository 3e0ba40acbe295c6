"""The listening self-test 聆听小测试 (G4): the form, and one sitting's result with the
taker's other sittings. The statements, the scoring and the bands are the plain core
(`huifang.quality.listening`). A result is seen by the agent who took the test, and
by supervisors and QA inspectors; to anyone else it does not exist (404)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huifang.quality import listening
from huifang.quality.models import SelfTest

# Who may see anyone's results: QA inspectors and supervisors.
OVERSEERS = ("quality.inspect_call", "calls.view_call")
HISTORY = 50  # sittings listed beside a result


def may_see_all(user) -> bool:
    return any(user.has_perm(perm) for perm in OVERSEERS)


@login_required
@require_http_methods(["GET", "POST"])
def take(request):
    """GET: the statements with their answer scale. POST: the sitting is scored and
    kept, then its result shown; a form with answers missing comes back with them
    marked, nothing kept."""
    test = listening.default_test()
    if request.method == "GET":
        return _form(request, test, {})
    given = {s.id: request.POST.get(s.id, "") for s in test.statements}
    try:
        answers = test.check(given)
    except listening.AnswersError as exc:
        return _form(request, test, given, exc, status=400)
    sitting = SelfTest.objects.create(
        user=request.user,
        taken_at=timezone.now(),
        answers=answers,
        score=test.score(answers),
    )
    return redirect("quality:listening_result", sitting.pk)


def _form(request, test, given: dict, error: listening.AnswersError | None = None, status=200):
    wrong = error.by_statement if error else {}
    first_wrong = next((s.id for s in test.statements if s.id in wrong), None)
    rows = [
        {
            "number": s.number,
            "id": s.id,
            "text": s.text,
            "chosen": _chosen(given.get(s.id)),
            "wrong": s.id in wrong,
            "autofocus": s.id == first_wrong,
        }
        for s in test.statements
    ]
    errors = [{"id": sid, "message": message} for sid, message in error.problems] if error else []
    context = {"test": test, "rows": rows, "scale": test.scale, "errors": errors}
    return render(request, "quality/listening.html", context, status=status)


def _chosen(raw) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


@login_required
def result(request, pk: int):
    """One sitting: the score, the band and its advice, the seed's bands, the points
    of each answer, and the taker's sittings."""
    sitting = get_object_or_404(SelfTest.objects.select_related("user"), pk=pk)
    own = sitting.user_id == request.user.pk
    if not own and not may_see_all(request.user):
        raise Http404
    test = listening.default_test()
    band = _band(test, sitting.score)
    history = SelfTest.objects.filter(user=sitting.user_id).order_by("-taken_at", "-pk")
    sittings = [
        {"sitting": s, "band": _band(test, s.score), "current": s.pk == sitting.pk}
        for s in history[:HISTORY]
    ]
    context = {
        "sitting": sitting,
        "taker": sitting.user,
        "own": own,
        "test": test,
        "band": band,
        "bands": [{"band": b, "range": _range(test, b), "current": b == band} for b in test.bands],
        "points": _points(test, sitting.answers),
        "sittings": sittings,
    }
    return render(request, "quality/listening_result.html", context)


def _band(test, score: int):
    """The score's band; None when the bands have changed so that none holds it."""
    try:
        return test.band(score)
    except ValueError:
        return None


def _range(test, band) -> str:
    """How the seed writes a band: 90–100, or 50分以下 for the lowest."""
    if band.low <= test.minimum:
        return _("{score} 分以下").format(score=band.high + 1)
    return f"{band.low}–{band.high}"


def _points(test, answers) -> list[dict]:
    """Each statement answered in this sitting with the answer's label and points
    (statements since removed from the test are left out)."""
    labels = {c.value: c.label for c in test.scale}
    rows = []
    for s in test.statements:
        value = answers.get(s.id) if isinstance(answers, dict) else None
        if isinstance(value, int) and value in labels:
            rows.append({"statement": s, "answer": labels[value], "points": s.points(value)})
    return rows
