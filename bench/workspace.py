"""Serving the agent workspace on the demo data set (D7: every page and htmx swap
under 100 ms). Loads the demo centre into a throw-away database, then agent1 works
whole callbacks through Django's test client — the full stack of middleware, views,
templates and queries, without a network — and every request is timed. The baseline,
measured in the same run, is the login page: a template and a session, no data.

    uv run python bench/workspace.py [CALLS] [--postgres URL]
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _setup import django_on, fresh_postgres  # noqa: E402

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 20
TARGET_MS = 100.0


def main() -> None:
    url = sys.argv[sys.argv.index("--postgres") + 1] if "--postgres" in sys.argv else ""
    os.environ["HUIFANG_ALLOWED_HOSTS"] = "testserver"  # Django's test client
    django_on(fresh_postgres(url, "huifang_bench_workspace") if url else "")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from huifang.calls import conversation
    from huifang.calls.models import Call
    from huifang.campaigns.models import CallTask
    from huifang.demo import data

    data.load()
    agent = get_user_model().objects.get(username="agent1")
    timings: dict[str, list[float]] = {}

    def timed(label, request, *args, **kwargs):
        start = time.perf_counter()
        response = request(*args, **kwargs)
        timings.setdefault(label, []).append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), (label, response.status_code)
        return response

    anonymous = Client()
    for _ in range(CALLS * 3):
        timed("baseline: login page", anonymous.get, "/login/")

    c = Client()
    c.force_login(agent)
    hx = {"HTTP_HX_REQUEST": "true"}
    for _ in range(CALLS):
        # Make one task of each campaign an appointment due for agent1, so the claim
        # works whatever the hour of the run.
        now = timezone.now()
        task = (
            CallTask.objects.filter(state="open", campaign__questionnaire__isnull=False)
            .order_by("?")
            .first()
        )
        CallTask.objects.filter(pk=task.pk).update(
            appointment_at=now - timedelta(minutes=1),
            callable_from=now - timedelta(minutes=1),
            reserved_for=agent,
            reserved_until=now + timedelta(minutes=9),
        )
        timed("GET /next/ (the agent's day)", c.get, "/next/")
        timed("POST claim", c.post, reverse("claim"))
        timed("GET /next/ (workspace)", c.get, "/next/")
        call = Call.objects.get(agent=agent, finished_at__isnull=True)
        pk = call.pk
        timed("htmx dial", c.post, reverse("call_dial", args=[pk]), **hx)
        timed("htmx situation panel", c.get, reverse("call_situation", args=[pk, "privacy"]), **hx)
        timed("htmx step: verify", c.post, reverse("call_step", args=[pk, "verify"]), **hx)
        timed("htmx details confirmed", c.post, reverse("call_details", args=[pk]), **hx)
        timed(
            "htmx script search",
            c.get,
            reverse("script_search"),
            {"q": "等待", "task": task.pk},
            **hx,
        )
        for _ in range(40):
            asking = conversation.asking(Call.objects.get(pk=pk))
            if asking.question is None:
                break
            q = asking.question
            value = _an_answer(q)
            timed(
                "htmx answer",
                c.post,
                reverse("call_answer", args=[pk]),
                {"qid": q.id, "value": value, "other_text": "其他"},
                **hx,
            )
        timed(
            "htmx note saved", c.post, reverse("call_note", args=[pk]), {"note": "基准测试"}, **hx
        )
        timed("htmx step: closing", c.post, reverse("call_step", args=[pk, "closing"]), **hx)
        timed("htmx hang up", c.post, reverse("call_hang_up", args=[pk]), **hx)
        timed("htmx finish", c.post, reverse("call_finish", args=[pk]), {"code": "complete"}, **hx)

    boss = Client()
    boss.force_login(get_user_model().objects.get(username="supervisor"))
    for _ in range(CALLS):
        timed("GET /floor/ (supervisor)", boss.get, "/floor/")
        timed("GET /scripts/ (library)", boss.get, "/scripts/")

    base = statistics.median(timings.pop("baseline: login page"))
    print(f"demo data, {CALLS} callbacks; baseline login page median {base:.1f} ms")
    print(f"{'request':<34}{'n':>5}{'median':>9}{'p95':>9}{'max':>9}{'× base':>8}")
    worst = 0.0
    for label, values in timings.items():
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        worst = max(worst, p95)
        print(
            f"{label:<34}{len(values):>5}{statistics.median(values):>8.1f}m"
            f"{p95:>8.1f}m{values[-1]:>8.1f}m{statistics.median(values) / base:>8.1f}"
        )
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"worst p95 {worst:.1f} ms: target < {TARGET_MS:.0f} ms {verdict}")


def _an_answer(q):
    if q.type in ("single", "multi"):
        return q.options[0].value
    if q.type in ("scale", "nps"):
        return str(q.bounds[1])
    if q.type == "number":
        return "3"
    if q.type == "date":
        return "2026-01-01"
    return "很好"


if __name__ == "__main__":
    main()
