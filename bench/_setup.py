"""Shared set-up for benchmarks: a throw-away data folder and database, Django ready."""

import os
import sys
import tempfile
import time
from contextlib import contextmanager


def django_on(database_url: str = "") -> str:
    home = tempfile.mkdtemp(prefix="huifang-bench-")
    os.environ["HUIFANG_HOME"] = home
    if database_url:
        os.environ["HUIFANG_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huifang.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return home


def fresh_postgres(url: str, name: str) -> str:
    """Drop and create database `name` on the server of `url`; return its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def timed(label: str, results: dict):
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start
    print(f"  {label:<28} {results[label]:8.2f} s", file=sys.stderr)
