"""The command-line contract of formats.md: outputs, exit codes, one-line errors."""

import sqlite3
import subprocess
import sys

import pytest

from tests.cli import as_json, huifang


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


@pytest.mark.parametrize(
    "at,phone,extra,expected,reason",
    [
        ("2026-11-24T10:00", "13800138000", [], "2026-11-24T10:00:00+08:00", None),
        (
            "2026-11-24T12:30",
            "13800138000",
            ["--province", "北京"],
            "2026-11-24T13:00:00+08:00",
            "lunch",
        ),
        (
            "2026-11-24T12:30",
            "13800138000",
            ["--province", "广东"],
            "2026-11-24T14:00:00+08:00",
            "lunch",
        ),
        (
            "2026-11-24T19:00",
            "13800138000",
            ["--province", "北京"],
            "2026-11-25T08:30:00+08:00",
            "window",
        ),
        (
            "2026-09-30T20:00",
            "13800138000",
            ["--province", "北京"],
            "2026-10-08T08:30:00+08:00",
            "window",
        ),  # 国庆 Oct 1-7
        (
            "2026-11-24T10:00:00+00:00",
            "13800138000",
            ["--province", "北京"],
            "2026-11-24T18:00:00+08:00",
            None,
        ),
        (
            "2026-10-10T10:00",
            "13800138000",
            ["--province", "北京"],
            "2026-10-10T10:00:00+08:00",
            None,
        ),  # 调休 Saturday
        (
            "2026-11-24T08:40",
            "13800138000",
            ["--policy", "conservative", "--province", "北京"],
            "2026-11-24T09:00:00+08:00",
            "window",
        ),
    ],
)
def test_next_slot(home, at, phone, extra, expected, reason):
    result = huifang(
        home, "schedule", "next-slot", "--at", at, "--phone", phone, *extra, "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    answer = as_json(result)
    assert answer["at"] == expected and answer["reason"] == reason
    text = huifang(home, "schedule", "next-slot", "--at", at, "--phone", phone, *extra)
    assert text.stdout.strip() == expected


def test_next_slot_region_from_the_number(home):
    # 020 is Guangzhou: the south's longer lunch break
    answer = as_json(
        huifang(
            home,
            "schedule",
            "next-slot",
            "--at",
            "2026-11-24T13:10",
            "--phone",
            "020-12345678",
            "--format",
            "json",
        )
    )
    assert answer["region"] == "广东" and answer["south"] is True
    assert answer["at"] == "2026-11-24T14:00:00+08:00"


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--at", "tomorrow", "--phone", "13800138000"], "--at 'tomorrow'"),
        (["--at", "2026-11-24T10:00", "--phone", "12345"], "--phone '12345'"),
        (
            ["--at", "2026-11-24T10:00", "--phone", "13800138000", "--policy", "lazy"],
            "--policy 'lazy'",
        ),
    ],
)
def test_next_slot_bad_input(home, args, needle):
    result = huifang(home, "schedule", "next-slot", *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in result.stderr


def test_unknown_command(home):
    result = huifang(home, "fly")
    assert result.returncode == 2 and "unknown command" in result.stderr


def test_bad_setting_names_the_variable(tmp_path):
    result = huifang(tmp_path, "migrate", HUIFANG_DEBUG="maybe")
    assert (
        result.returncode == 2
        and "HUIFANG_DEBUG" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_createuser_and_campaign_commands(tmp_path):
    huifang(tmp_path, "migrate", check=True)
    made = as_json(
        huifang(
            tmp_path,
            "createuser",
            "li",
            "--role",
            "agent",
            "--password",
            "long-enough",
            "--format",
            "json",
            check=True,
        )
    )
    assert made == {"username": "li", "role": "agent", "created": True}
    short = huifang(tmp_path, "createuser", "wu", "--role", "agent", "--password", "x")
    assert short.returncode == 2 and "--password" in short.stderr
    assert as_json(huifang(tmp_path, "campaign", "list", "--format", "json", check=True)) == []
    missing = huifang(tmp_path, "campaign", "launch", "99")
    assert missing.returncode == 2 and "campaign '99'" in missing.stderr


WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS ticks (n INTEGER PRIMARY KEY)")
for n in range(1, 100001):
    db.execute("INSERT INTO ticks VALUES (?)", (n,))
    db.commit()
    print(n, flush=True)
"""


def test_backup_while_another_process_writes(tmp_path):
    huifang(tmp_path, "migrate", check=True)
    database = tmp_path / "huifang.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database)], stdout=subprocess.PIPE, text=True
    )
    live = sqlite3.connect(database, timeout=30)
    try:
        while int(writer.stdout.readline()) < 200:  # let it commit some rows first
            pass
        committed_before = live.execute("SELECT max(n) FROM ticks").fetchone()[0]
        result = huifang(tmp_path, "backup", str(tmp_path / "copy.sqlite3"), "--format", "json")
        assert result.returncode == 0, result.stderr
        committed_after = live.execute("SELECT max(n) FROM ticks").fetchone()[0]
    finally:
        writer.kill()
        writer.wait()
    assert committed_after > committed_before  # the writer really wrote during the backup
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    count, top = copy.execute("SELECT count(*), max(n) FROM ticks").fetchone()
    assert count == top >= committed_before  # every committed row, none missing
    assert copy.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 10


def test_restore_refuses_to_overwrite_data(tmp_path):
    huifang(tmp_path, "migrate", check=True)
    huifang(
        tmp_path, "createuser", "li", "--role", "agent", "--password", "long-enough", check=True
    )
    huifang(tmp_path, "backup", str(tmp_path / "b.sqlite3"), check=True)
    huifang(
        tmp_path, "createuser", "wu", "--role", "agent", "--password", "long-enough", check=True
    )
    refused = huifang(tmp_path, "restore", str(tmp_path / "b.sqlite3"))
    assert refused.returncode == 1 and "--force" in refused.stderr
    huifang(tmp_path, "restore", str(tmp_path / "b.sqlite3"), "--force", check=True)
    users = (
        sqlite3.connect(tmp_path / "huifang.sqlite3")
        .execute("SELECT username FROM auth_user")
        .fetchall()
    )
    assert users == [("li",)]
    (tmp_path / "junk.sqlite3").write_text("not a database")
    bad = huifang(tmp_path, "restore", str(tmp_path / "junk.sqlite3"), "--force")
    assert bad.returncode == 2 and "junk.sqlite3" in bad.stderr


def test_backup_on_postgres_says_pg_dump(tmp_path):
    result = huifang(
        tmp_path,
        "backup",
        str(tmp_path / "x"),
        HUIFANG_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test",
    )
    assert result.returncode == 2 and "pg_dump" in result.stderr


def _slot(home, at: str) -> str:
    answer = huifang(
        home, "schedule", "next-slot", "--at", at, "--phone", "13800138000", "--format", "json"
    )
    return as_json(answer)["at"]


def test_calendar_load_opens_and_closes_days(tmp_path):
    huifang(tmp_path, "migrate", check=True)
    assert _slot(tmp_path, "2027-02-05T10:00") != "2027-02-05T10:00:00+08:00"  # computed 春节
    arrangement = tmp_path / "2027.csv"
    arrangement.write_text(
        "日期,安排,名称\n2027-02-05,上班,测试调休\n2027-02-15,休息,测试假日\n", encoding="utf-8"
    )
    loaded = as_json(
        huifang(tmp_path, "calendar", "load", str(arrangement), "--format", "json", check=True)
    )
    assert loaded == {"years": [2027], "days_off": 1, "workdays": 1}
    assert _slot(tmp_path, "2027-02-05T10:00") == "2027-02-05T10:00:00+08:00"
    assert _slot(tmp_path, "2027-02-15T10:00") == "2027-02-16T08:30:00+08:00"
    bad = tmp_path / "bad.csv"
    bad.write_text("2027-13-01,上班\n", encoding="utf-8")
    refused = huifang(tmp_path, "calendar", "load", str(bad))
    assert refused.returncode == 2 and "bad.csv: line 1" in refused.stderr
