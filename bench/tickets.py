"""Finding tickets among 200,000 on PostgreSQL (F3: the overdue queue and a filtered,
paged ticket list each under 100 ms, ≤ 3× the bare SQL the page needs).

Loads N tickets (default 200,000) into a fresh database with COPY — a year of
complaints over the departments of routing.yaml, the severities, 5 dealers and a few
thousand customers, the older ones mostly closed, the open ones with deadlines of which
some have run out — and VACUUM ANALYZEs. Then, after a warm-up, each of these is timed
30 times, in turn with the same SELECT and COUNT(*) written by hand and run with
psycopg on the same connection, and the medians compared:

- the overdue queue of the busiest department and severity, first page of 50, as
  listing.overdue builds it (and, for information, the same for the whole department
  and for every department);
- the ticket list filtered by status and department (listing.read_filters and
  listing.apply), page 3 of 50 through Django's Paginator: the count and the page's
  rows with their customer and handler — for an open status and for closed, the
  largest set a filter can give;
- for information, the same list through the API (/api/v1/tickets/, the whole stack).

A target missed (or --explain) prints the plan of the hand-written SQL, the same query
the ORM sends (EXPLAIN ANALYZE).

    uv run python bench/tickets.py [N] [--explain]
    (HUIFANG_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test)
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from _setup import django_on, fresh_postgres, timed  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
SERVER = os.environ.get("HUIFANG_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
EXPLAIN = "--explain" in sys.argv
CUSTOMERS = 5_000
DEALERS = ("BJ01", "SH01", "GD01", "SC01", "HB01")
RUNS, WARM_UP = 30, 5
TARGET_MS, TARGET_RATIO = 100.0, 3.0

TICKET_COLUMNS = (
    "customer_id", "status", "source", "description", "intake", "details", "category",
    "dealer", "severity", "department", "result", "satisfaction", "reopen_count",
    "escalations", "policy_reason", "version", "next_due", "next_step_at", "created_by_id",
    "created_at", "updated_at",
)  # fmt: skip


def load(url: str, now, agents: list[int], customers: list[int]) -> None:
    """N tickets by COPY, on a connection of their own."""
    import psycopg

    from huifang.tickets.intake import default_checklist
    from huifang.tickets.routing import default_table
    from huifang.tickets.statuses import CLOSED, NEW, OPEN

    rng = random.Random(20251124)
    departments = list(default_table().departments)
    # The first departments of routing.yaml take most of the complaints.
    weights = [max(1, 12 - 2 * i) for i in range(len(departments))]
    severities = list(default_checklist().severities)  # urgent important normal minor
    severity_weights = [5, 20, 60, 15][: len(severities)]
    categories = list(default_table().categories)
    open_statuses = [s for s in OPEN if s != NEW]
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        copy_sql = f"COPY tickets_ticket ({', '.join(TICKET_COLUMNS)}) FROM STDIN"
        with cur.copy(copy_sql) as copy:
            for i in range(N):
                created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
                age_days = (now - created).days
                if age_days > 30 and rng.random() < 0.95:
                    status = CLOSED
                elif rng.random() < 0.1:
                    status = NEW
                else:
                    status = rng.choice(open_statuses)
                department = "" if status == NEW else rng.choices(departments, weights)[0]
                severity = rng.choices(severities, severity_weights)[0]
                category, dealer = rng.choice(categories), rng.choice(DEALERS)
                description = f"第{i}号投诉：{category}问题，客户多次进站仍未解决，要求尽快处理"
                intake = {
                    "customer": f"客户{i % CUSTOMERS}先生",
                    "category": category,
                    "dealer": dealer,
                    "severity": severity,
                    "description": description,
                    "what_happened": "进站两次，问题依旧",
                    "customer_request": "一周内修好",
                }
                closed = status == CLOSED
                # Open tickets: the earliest deadline from 5 days ago to 10 days ahead.
                due = None if closed else now + timedelta(hours=rng.uniform(-120, 240))
                copy.write_row(
                    (
                        rng.choice(customers),
                        status,
                        "callback",
                        description,
                        json.dumps(intake, ensure_ascii=False),
                        "{}",
                        category,
                        dealer,
                        severity,
                        department,
                        "已处理" if closed else "",
                        "satisfied" if closed else "",
                        1 if closed and i % 10 == 0 else 0,
                        0,
                        "",
                        6 if closed else rng.randint(1, 4),
                        due,
                        due,
                        rng.choice(agents),
                        created,
                        created,
                    )
                )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        # As autovacuum leaves a table that has settled: statistics and visibility map.
        conn.execute("VACUUM ANALYZE")


def medians_ms(*works) -> list[float]:
    """The median time of each of `works`, run in turn so that each sees the machine
    as busy as the others."""
    for _ in range(WARM_UP):
        for work in works:
            work()
    samples: list[list[float]] = [[] for _ in works]
    for _ in range(RUNS):
        for work, times in zip(works, samples, strict=True):
            start = time.perf_counter()
            work()
            times.append((time.perf_counter() - start) * 1000)
    return [statistics.median(times) for times in samples]


def main() -> None:
    url = fresh_postgres(SERVER, "huifang_bench_tickets")
    os.environ["HUIFANG_ALLOWED_HOSTS"] = "testserver"  # Django's test client
    django_on(url)
    from django.contrib.auth import get_user_model
    from django.core.paginator import Paginator
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from huifang.customers.models import Customer, Phone
    from huifang.tickets import listing
    from huifang.tickets.models import Ticket
    from huifang.tickets.statuses import OPEN
    from tests import factories
    from tests.factories import at

    now = at("2026-11-24 10:00")
    times: dict[str, float] = {}
    users = get_user_model().objects
    with timed(f"create {N:,} tickets", times):
        agents = [users.create(username=f"agent{i}").pk for i in range(20)]
        people = Customer.objects.bulk_create(
            [Customer(name=f"客户{i}", province="北京") for i in range(CUSTOMERS)],
            batch_size=5000,
        )
        Phone.objects.bulk_create(
            [Phone(customer=p, e164=f"+86139{p.pk:08d}", province="北京") for p in people],
            batch_size=5000,
        )
        load(url, now, agents, [p.pk for p in people])
    supervisor = factories.agent("bench_supervisor", role="supervisor")

    connection.ensure_connection()
    raw = connection.connection  # the psycopg connection the ORM uses
    select = (
        "SELECT t.*, c.*, u.* FROM tickets_ticket t "
        "JOIN customers_customer c ON c.id = t.customer_id "
        "LEFT JOIN auth_user u ON u.id = t.assignee_id "
    )
    open_list = list(OPEN)

    def bare(sql, params):
        return lambda: raw.execute(sql, params).fetchall()

    # (a) The overdue queue of the department and severity with the most overdue tickets.
    (department, severity, overdue_count), *_ = (
        Ticket.objects.filter(status__in=OPEN, next_due__lt=now)
        .values_list("department", "severity")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    scope = Ticket.objects.filter(department=department, severity=severity)
    queue_sql = (
        select + "WHERE t.department = %s AND t.severity = %s AND t.status = ANY(%s) "
        "AND t.next_due < %s ORDER BY t.next_due, t.id LIMIT 50"
    )
    queue_params = (department, severity, open_list, now)
    queue = list(listing.overdue(scope, now)[:50])
    assert [t.pk for t in queue] == [row[0] for row in raw.execute(queue_sql, queue_params)]
    results = [
        (
            f"overdue queue {department}/{severity} ({overdue_count} overdue), first 50",
            *medians_ms(
                lambda: list(listing.overdue(scope, now)[:50]), bare(queue_sql, queue_params)
            ),
            [(queue_sql, queue_params)],
        )
    ]

    # For information: a handler's whole department, and every department (a supervisor).
    for label, where, params in (
        (f"overdue queue {department}, all severities (info)", "t.department = %s AND ", (department,)),
        ("overdue queue, all departments (info)", "", ()),
    ):  # fmt: skip
        sql = (
            select + f"WHERE {where}t.status = ANY(%s) AND t.next_due < %s "
            "ORDER BY t.next_due, t.id LIMIT 50"
        )
        params = (*params, open_list, now)
        wider = Ticket.objects.filter(department=params[0]) if where else Ticket.objects.all()
        results.append(
            (
                label,
                *medians_ms(
                    lambda wider=wider: list(listing.overdue(wider, now)[:50]), bare(sql, params)
                ),
                [(sql, params)],
            )
        )

    # (b) The ticket list filtered by status and department, page 3 of 50.
    page_sql = (
        select + "WHERE t.status = %s AND t.department = %s "
        "ORDER BY t.created_at DESC, t.id DESC LIMIT 50 OFFSET %s"
    )
    count_sql = "SELECT COUNT(*) FROM tickets_ticket WHERE status = %s AND department = %s"
    for status in ("in_progress", "closed"):
        filters = listing.read_filters({"status": status, "department": "after_sales"})
        params = (status, "after_sales")
        # Page 3, or the last when there are fewer (Paginator.get_page's choice).
        number = Paginator(listing.apply(Ticket.objects.all(), filters, now), 50).get_page(3)
        offset = (number.number - 1) * 50

        def page(filters=filters):
            tickets = listing.apply(Ticket.objects.all(), filters, now)
            found = Paginator(tickets, 50).get_page(3)
            return found.paginator.count, [(t.pk, t.customer.name) for t in found]

        def bare_page(params=params, offset=offset):
            count = raw.execute(count_sql, params).fetchone()[0]
            return count, raw.execute(page_sql, (*params, offset)).fetchall()

        count, rows = page()
        bare_count, bare_rows = bare_page()
        assert count == bare_count and [r[0] for r in rows] == [r[0] for r in bare_rows]
        results.append(
            (
                f"list status={status} department=after_sales ({count:,}), page {number.number}",
                *medians_ms(page, bare_page),
                [(count_sql, params), (page_sql, (*params, offset))],
            )
        )

    client = Client()
    client.force_login(supervisor)
    api_query = {"status": "in_progress", "department": "after_sales", "page": 3}
    assert client.get("/api/v1/tickets/", api_query).status_code == 200
    (api_ms,) = medians_ms(lambda: client.get("/api/v1/tickets/", api_query))

    print(f"\n{N:,} tickets on PostgreSQL; medians of {RUNS} runs after {WARM_UP} warm-up")
    print(f"{'query':<66}{'huifang':>10}{'bare SQL':>10}{'ratio':>8}  targets")
    missed = []
    for label, ours, bare_ms, queries in results:
        fast, close = ours < TARGET_MS, ours / bare_ms <= TARGET_RATIO
        verdict = f"< {TARGET_MS:.0f} ms {'yes' if fast else 'NO'}, "
        verdict += f"<= {TARGET_RATIO:.0f}x {'yes' if close else 'NO'}"
        print(f"{label:<66}{ours:>8.2f}ms{bare_ms:>8.2f}ms{ours / bare_ms:>7.2f}x  {verdict}")
        if not (fast and close) or EXPLAIN:
            missed.append((label, queries))
    print(f"{'GET /api/v1/tickets/ in_progress after_sales page 3 (info)':<66}{api_ms:>8.2f}ms")
    for label, queries in missed:
        print(f"\nEXPLAIN ANALYZE — {label}")
        for sql, params in queries:
            for (line,) in raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params):
                print("  " + line)


if __name__ == "__main__":
    main()
