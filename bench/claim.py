"""32 concurrent claimers on PostgreSQL over 50,000 tasks: claims/s, p99 latency and
duplicates for `claim_next`, against a bare psycopg SKIP LOCKED loop over the same
tasks in the same run. Targets: ≥ 1,000 claims/s, ≤ 2× the bare loop, 0 duplicates.

    uv run python bench/claim.py [TASKS] [CLAIMERS]
    (HUIFANG_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test)
"""

import os
import statistics
import sys
import threading
import time

from _setup import django_on, fresh_postgres

TASKS = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
CLAIMERS = int(sys.argv[2]) if len(sys.argv) > 2 else 32
SERVER = os.environ.get("HUIFANG_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def run_threads(work, n: int) -> tuple[float, list[float], list[int]]:
    latencies: list[float] = []
    claimed: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(n + 1)

    def body(i):
        mine, lat = [], []
        start.wait()
        for task_id, seconds in work(i):
            mine.append(task_id)
            lat.append(seconds)
        with lock:
            claimed.extend(mine)
            latencies.extend(lat)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, latencies, claimed


def report(label: str, elapsed: float, latencies: list[float], claimed: list[int]) -> float:
    rate = len(claimed) / elapsed
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    dupes = len(claimed) - len(set(claimed))
    print(
        f"{label:<12} {len(claimed):>6} claims in {elapsed:6.2f} s = {rate:7.0f}/s, "
        f"p99 {p99:6.1f} ms, duplicates {dupes}"
    )
    return rate


def main() -> None:
    url = fresh_postgres(SERVER, "huifang_bench")
    django_on(url)
    import psycopg

    from huifang.accounts.models import Team
    from huifang.campaigns.claiming import claim_next
    from huifang.campaigns.lifecycle import launch_campaign
    from huifang.campaigns.models import CallTask, Campaign
    from huifang.customers.models import Customer, Phone
    from tests.factories import at  # a fixed workday instant inside the windows

    now = at("2026-11-24 10:00")
    team = Team.objects.create(name="bench")
    from django.contrib.auth import get_user_model

    agents = [get_user_model().objects.create(username=f"a{i}") for i in range(CLAIMERS)]
    team.members.add(*agents)
    people = Customer.objects.bulk_create(
        [Customer(name=f"客户{i}", province="北京") for i in range(TASKS)], batch_size=5000
    )
    Phone.objects.bulk_create(
        [Phone(customer=p, e164=f"+86138{p.pk:08d}", province="北京") for p in people],
        batch_size=5000,
    )
    campaign = Campaign.objects.create(
        name="bench", kind="dormant", team=team, targeting={"rule": "all"}
    )
    launch_campaign(campaign, now=now)
    table = CallTask._meta.db_table

    def close(conn, task_id):
        """Hand the call back closed, the same way in both loops."""
        with conn.cursor() as cur:
            cur.execute(
                f"UPDATE {table} SET state = 'closed', agent_id = NULL, lease_until = NULL "
                f"WHERE id = %s",
                (task_id,),
            )

    def huifang_work(i):
        from django.db import connections

        agent = agents[i]
        try:
            while True:
                t0 = time.perf_counter()
                task = claim_next(agent, now=now)
                seconds = time.perf_counter() - t0
                if task is None:
                    return
                close(connections["default"], task.pk)
                yield task.pk, seconds
        finally:
            connections.close_all()

    elapsed, lat, claimed = run_threads(huifang_work, CLAIMERS)
    ours = report("claim_next", elapsed, lat, claimed)
    ours_time = elapsed

    # The same tasks back to open for the bare loop.
    CallTask.objects.update(state="open", agent=None, leased_at=None, lease_until=None)

    def bare_work(i):
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                t0 = time.perf_counter()
                row = conn.execute(
                    f"UPDATE {table} SET state = 'leased', agent_id = %s, lease_until = %s "
                    f"WHERE id = (SELECT id FROM {table} WHERE state = 'open' "
                    f"AND appointment_at IS NULL "  # so it may use the same queue index
                    f"ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id",
                    (agents[i].pk, now),
                ).fetchone()
                seconds = time.perf_counter() - t0
                if row is None:
                    return
                close(conn, row[0])
                yield row[0], seconds

    elapsed, lat, claimed = run_threads(bare_work, CLAIMERS)
    bare = report("bare loop", elapsed, lat, claimed)
    print(
        f"claim_next: {ours:.0f} claims/s; ratio to the bare SKIP LOCKED loop "
        f"{ours_time / elapsed:.2f}x (targets >= 1000/s, <= 2x); bare {bare:.0f}/s"
    )


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
