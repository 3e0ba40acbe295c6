"""`huifang sla due` as a user runs it (formats.md "SLA due times"): text and JSON
output, naive times in China time, and one-line errors with exit 2 for bad input."""

import json

import pytest

from tests.cli import as_json, huifang


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


@pytest.mark.parametrize(
    ("start", "hours", "calendar", "expected"),
    [
        ("2026-11-24T17:00", "1", "business", "2026-11-24T18:00:00+08:00"),  # window end
        ("2026-11-24T17:00", "2", "business", "2026-11-25T10:00:00+08:00"),  # the evening
        ("2026-11-24T11:45", "0.5", "business", "2026-11-24T13:15:00+08:00"),  # lunch
        ("2026-09-30T17:00", "2", "business", "2026-10-08T10:00:00+08:00"),  # 国庆
        ("2026-10-09T17:00", "2", "business", "2026-10-10T10:00:00+08:00"),  # 调休 Saturday
        ("2026-11-24T22:00", "0", "business", "2026-11-24T22:00:00+08:00"),  # 0 hours
        ("2026-11-27T17:00", "24", "always", "2026-11-28T17:00:00+08:00"),
        # an aware time is converted: 09:00 UTC is 17:00 in China
        ("2026-11-24T09:00:00+00:00", "2", "business", "2026-11-25T10:00:00+08:00"),
    ],
)
def test_sla_due(home, start, hours, calendar, expected):
    args = ["sla", "due", "--from", start, "--hours", hours, "--calendar", calendar]
    result = huifang(home, *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert as_json(result) == {
        "due": expected,
        "calendar": calendar,
        "business_hours": float(hours),
    }


def test_text_output_is_the_due_time(home):
    result = huifang(home, "sla", "due", "--from", "2026-11-24T17:00", "--hours", "2")
    assert result.returncode == 0 and result.stdout == "2026-11-25T10:00:00+08:00\n"


def test_business_is_the_default_and_naive_means_china_time(home):
    result = huifang(home, "sla", "due", "--from", "2026-11-24T17:30", "--hours", "0.5")
    assert result.stdout.strip() == "2026-11-24T18:00:00+08:00"


def test_json_is_one_document_with_the_hours_as_a_number(home):
    result = huifang(
        home, "sla", "due", "--from", "2026-11-24T09:00", "--hours", "8", "--format", "json"
    )
    document = json.loads(result.stdout)  # exactly one document: json.loads refuses more
    assert document["business_hours"] == 8 and isinstance(document["business_hours"], int)
    assert document["due"] == "2026-11-24T18:00:00+08:00"


def test_business_hours_come_from_the_setting(home):
    result = huifang(
        home,
        "sla",
        "due",
        "--from",
        "2026-11-24T17:00",
        "--hours",
        "1",
        HUIFANG_BUSINESS_HOURS="08:30-17:30",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-11-25T09:00:00+08:00"


def test_a_bad_business_hours_setting_names_the_variable(home):
    result = huifang(
        home,
        "sla",
        "due",
        "--from",
        "2026-11-24T17:00",
        "--hours",
        "1",
        HUIFANG_BUSINESS_HOURS="13:00-18:00,09:00-12:00",
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "HUIFANG_BUSINESS_HOURS" in lines[0] and "order" in lines[0]


def test_a_year_without_official_data_warns_and_falls_back(home):
    # 国庆 2031 computed: Wed Oct 1 – Fri Oct 3, then the weekend
    result = huifang(
        home, "sla", "due", "--from", "2031-09-30T17:00", "--hours", "2", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert as_json(result)["due"] == "2031-10-06T10:00:00+08:00"
    assert "2031: no official holiday arrangement" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--from", "tomorrow", "--hours", "1"], "--from 'tomorrow'"),
        (["--from", "2026-11-24T25:00", "--hours", "1"], "--from '2026-11-24T25:00'"),
        (["--from", "2026-11-24T10:00", "--hours", "-1"], "--hours '-1'"),
        (["--from", "2026-11-24T10:00", "--hours", "eight"], "--hours 'eight'"),
        (["--from", "2026-11-24T10:00", "--hours", "nan"], "--hours 'nan'"),
        (["--from", "2026-11-24T10:00", "--hours", "1e9"], "--hours '1e9'"),
        (
            ["--from", "2026-11-24T10:00", "--hours", "1", "--calendar", "lunar"],
            "--calendar 'lunar'",
        ),
        (["--hours", "1"], "--from"),
        (["--from", "2026-11-24T10:00"], "--hours"),
    ],
)
def test_bad_input(home, args, needle):
    result = huifang(home, "sla", "due", *args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("huifang: ") and needle in lines[0]


def test_bad_input_under_json_prints_no_document(home):
    result = huifang(home, "sla", "due", "--from", "x", "--hours", "1", "--format", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "huifang: --from 'x': not an ISO 8601 time (e.g. 2026-11-20T09:30)"
    ]


def test_a_due_time_past_the_calendar_is_bad_input(home):
    result = huifang(home, "sla", "due", "--from", "9999-12-31T10:00", "--hours", "100")
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    # the holiday calendar's own warnings about year 9999 come first
    assert result.stderr.strip().splitlines()[-1] == (
        "huifang: --from '9999-12-31T10:00' --hours 100: the due time is past the year 9999"
    )
