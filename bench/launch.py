"""Launching a campaign over N customers on SQLite (default 1,000,000), against a bare
executemany insert of the same task rows in the same run. Target: ≤ 3×.

    uv run python bench/launch.py [N]
"""

import sys

from _setup import django_on, timed

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main() -> None:
    django_on()
    from django.db import connection, transaction
    from django.utils import timezone

    from huifang.campaigns.lifecycle import TASK_COLUMNS, launch_campaign
    from huifang.campaigns.models import CallTask, Campaign

    times: dict[str, float] = {}
    now = timezone.now()
    provinces = ["北京", "河北", "上海", "广东", "四川"]
    with timed(f"create {N:,} customers", times), transaction.atomic():
        with connection.cursor() as cur:
            cur.executemany(
                "INSERT INTO customers_customer (name, gender, address, province, tags, "
                "do_not_call, do_not_call_reason, is_lead, created_at, updated_at) "
                "VALUES (%s, 'M', '', %s, '[]', 0, '', 0, %s, %s)",
                [(f"客户{i}", provinces[i % 5], now, now) for i in range(N)],
            )
            cur.execute(
                "INSERT INTO customers_phone (customer_id, e164, kind, province, city, position, "
                "source, added_at) SELECT id, '+86138' || printf('%08d', id), 'mobile', province, "
                "'', 0, 'import', created_at FROM customers_customer"
            )
    campaign = Campaign.objects.create(name="bench", kind="dormant", targeting={"rule": "all"})
    with timed("launch_campaign", times):
        created = launch_campaign(campaign, now=now)
    assert created == N, created
    rows = list(
        CallTask.objects.values_list(
            *[c.removesuffix("_id") if c.endswith("_id") else c for c in TASK_COLUMNS]
        )
    )
    CallTask.objects.all().delete()
    placeholders = ", ".join(["%s"] * len(TASK_COLUMNS))
    with timed("bare executemany insert", times), transaction.atomic():
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO campaigns_calltask ({', '.join(TASK_COLUMNS)}) VALUES ({placeholders})",
                rows,
            )
    ratio = times["launch_campaign"] / times["bare executemany insert"]
    print(
        f"launch {N:,} tasks: {times['launch_campaign']:.2f} s; bare executemany "
        f"{times['bare executemany insert']:.2f} s; ratio {ratio:.2f}x (target <= 3x)"
    )


if __name__ == "__main__":
    main()
