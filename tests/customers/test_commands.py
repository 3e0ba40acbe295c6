"""`huifang import customers` and `huifang import sales`: output and exit codes
(formats.md: 0 stored, 1 rows rejected, 2 file unusable — never a traceback), in
Chinese, the default language; the audit record of each import."""

import getpass
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from huifang.accounts.models import AuditEntry
from huifang.customers.models import Customer, SalesReport

from .files import HEADER, write_csv, write_xlsx

GOOD = ["C1", "张三", "男", "13800138000", "BJ001", "哈弗H6", "", "2026-03-01", "", "", ""]
BAD = ["C2", "李四", "女", "1380013800", "BJ001", "", "", "2026-02-30", "", "", ""]


def run(capsys, *args):
    """Run a command in-process; the exit code, stdout and stderr."""
    code = 0
    try:
        call_command(*args)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.django_db
def test_all_rows_stored_exits_0_with_a_summary(tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", [HEADER, GOOD])
    code, out, err = run(capsys, "import_customers", str(path))
    assert code == 0
    assert out.splitlines()[0] == "c.csv: 导入 1, 更新 0, 未变 0, 拒绝 0"
    assert err == ""


@pytest.mark.django_db
def test_json_output_is_exactly_one_document(tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", [HEADER, GOOD, BAD])
    code, out, err = run(capsys, "import_customers", str(path), "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "imported": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": [
            {"row": 3, "column": "电话", "reason": "'1380013800' 手机号码位数不对：应为 11 位，这里是 10 位"},
            {"row": 3, "column": "购买日期", "reason": "'2026-02-30' 不是有效日期：2026 年 2 月只有 28 天"},
        ],
    }  # fmt: skip
    assert err.strip().splitlines()[-1] == "huifang: c.csv：2 行中有 1 行被拒绝"

    code, out, _ = run(capsys, "import_customers", str(path), "--format", "json")
    assert code == 1
    assert json.loads(out)["unchanged"] == 1


@pytest.mark.django_db
def test_rejects_are_listed_as_file_row_column_reason(tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", [HEADER, GOOD, BAD])
    code, out, err = run(capsys, "import_customers", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "c.csv: 导入 1, 更新 0, 未变 0, 拒绝 1"
    assert (
        lines[1]
        == "c.csv：第 3 行，「电话」列：'1380013800' 手机号码位数不对：应为 11 位，这里是 10 位"
    )
    assert (
        lines[2]
        == "c.csv：第 3 行，「购买日期」列：'2026-02-30' 不是有效日期：2026 年 2 月只有 28 天"
    )


@pytest.mark.django_db
def test_many_rejects_are_cut_short_with_a_hint(tmp_path, capsys):
    rows = [HEADER] + [["", f"n{i}", "", "123", "", "", "", "", "", "", ""] for i in range(30)]
    code, out, _ = run(capsys, "import_customers", str(write_csv(tmp_path / "c.csv", rows)))
    assert code == 1
    assert out.count("：第 ") == 20
    assert "c.csv：第 2 行，「电话」列：'123' 位数太少，不是电话号码" in out
    assert "……还有 10 条；加上 --errors FILE.xlsx 可写出全部" in out


@pytest.mark.django_db
def test_errors_workbook_option(tmp_path, capsys):
    path = write_xlsx(tmp_path / "c.xlsx", [HEADER, GOOD, BAD])
    report = tmp_path / "errors.xlsx"
    code, out, _ = run(capsys, "import_customers", str(path), "--errors", str(report))
    assert code == 1
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0] == ("行号", *HEADER, "原因")
    assert rows[1][:3] == (3, "C2", "李四")
    assert rows[1][-1] == (
        "电话：'1380013800' 手机号码位数不对：应为 11 位，这里是 10 位；"
        "购买日期：'2026-02-30' 不是有效日期：2026 年 2 月只有 28 天"
    )
    assert f"错误报告 {report}：1 行待修改" in out


@pytest.mark.django_db
def test_no_errors_workbook_when_nothing_was_rejected(tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", [HEADER, GOOD])
    report = tmp_path / "errors.xlsx"
    code, out, _ = run(capsys, "import_customers", str(path), "--errors", str(report))
    assert code == 0
    assert not report.exists()
    assert f"没有被拒绝的行，未写出 {report}" in out


def empty(path):
    path.write_bytes(b"")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (lambda d: write_csv(d / "c.csv", [["姓名", "地址"], ["张三", "x"]]), [],
         "huifang: c.csv：缺少必填列：电话（phone）"),
        (lambda d: d / "nope.xlsx", [], "huifang: nope.xlsx：文件不存在"),
        (lambda d: write_csv(d / "c.txt", [["姓名", "电话"]]), [],
         "huifang: c.txt：不支持的文件类型 .txt，请使用 .xlsx 或 .csv"),
        (lambda d: empty(d / "c.csv"), [], "huifang: c.csv：文件是空的"),
        (lambda d: write_csv(d / "c.csv", [HEADER, GOOD]), ["--errors", "e.csv"],
         "huifang: --errors e.csv：错误报告只能保存为 .xlsx 文件"),
    ],
)  # fmt: skip
def test_unusable_input_exits_2_with_one_line_and_stores_nothing(
    tmp_path, capsys, make, args, message
):
    path = make(tmp_path)
    code, out, err = run(capsys, "import_customers", str(path), *args)
    assert (code, out, err) == (2, "", message + "\n")
    assert not Customer.objects.exists()
    assert not AuditEntry.objects.exists()  # nothing was imported


@pytest.mark.django_db
def test_an_import_from_the_command_line_is_audited_with_the_os_user(tmp_path, capsys, monkeypatch):
    """As the web import does, with no account: the record's user is empty and its
    detail names the operating-system user who ran the command."""
    monkeypatch.setattr(getpass, "getuser", lambda: "clerk")
    path = write_csv(tmp_path / "c.csv", [HEADER, GOOD, BAD])
    code, _, _ = run(capsys, "import_customers", str(path))
    assert code == 1  # a rejected row does not stop the record: the good one was stored
    sales = write_csv(tmp_path / "s.csv", [["经销商", "季度", "销量"], ["BJ001", "2026Q3", "9"]])
    code, _, _ = run(capsys, "import_sales", str(sales))
    assert code == 0
    customers_entry, sales_entry = AuditEntry.objects.order_by("id")
    for entry, file in ((customers_entry, path), (sales_entry, sales)):
        assert (entry.action, entry.target, entry.user, entry.username) == (
            AuditEntry.IMPORT, file.name, None, ""
        )  # fmt: skip
        assert "by OS user clerk" in entry.detail
        assert str(file.resolve()) in entry.detail
    assert customers_entry.detail.startswith(
        "imported 1, updated 0, unchanged 0, rejected 1; huifang import customers"
    )
    assert sales_entry.detail.startswith(
        "imported 1, updated 0, unchanged 0, rejected 0; huifang import sales"
    )


@pytest.mark.django_db
def test_without_a_login_name_the_audit_record_still_says_the_command_line(
    tmp_path, capsys, monkeypatch
):
    def no_name():
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_name)
    code, _, _ = run(capsys, "import_customers", str(write_csv(tmp_path / "c.csv", [HEADER, GOOD])))
    assert code == 0
    assert "by OS user ?" in AuditEntry.objects.get().detail


@pytest.mark.django_db
def test_import_sales_command(tmp_path, capsys):
    path = write_csv(tmp_path / "s.csv", [["经销商", "季度", "销量"], ["BJ001", "2026Q3", "120"]])
    code, out, _ = run(capsys, "import_sales", str(path), "--format", "json")
    assert (code, json.loads(out)) == (
        0,
        {"imported": 1, "updated": 0, "unchanged": 0, "rejected": []},
    )
    assert SalesReport.objects.get().sales_count == 120


# --- end to end through the `huifang` command, in a fresh data folder -----------------


def huifang(home, *args):
    env = {**os.environ, "HUIFANG_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "huifang.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_end_to_end_through_the_huifang_command(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    path = write_csv(tmp_path / "客户.csv", [HEADER, GOOD, BAD], "gb18030")
    unmigrated = huifang(home, "import", "customers", str(path))
    assert unmigrated.returncode == 2
    assert unmigrated.stderr.startswith("huifang: 客户.csv：数据库拒绝了导入（")
    assert unmigrated.stderr.endswith("；请先运行 'huifang migrate'\n")

    migrated = huifang(home, "migrate", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr

    first = huifang(
        home,
        "import",
        "customers",
        str(path),
        "--format",
        "json",
        "--errors",
        str(tmp_path / "e.xlsx"),
    )
    assert first.returncode == 1, first.stderr
    assert json.loads(first.stdout)["imported"] == 1
    assert [r["row"] for r in json.loads(first.stdout)["rejected"]] == [3, 3]
    assert "Traceback" not in first.stderr
    assert (tmp_path / "e.xlsx").exists()

    fixed = write_csv(
        tmp_path / "fixed.csv",
        [HEADER, GOOD, [*BAD[:3], "13900139000", *BAD[4:7], "2026-02-28", *BAD[8:]]],
    )
    second = huifang(home, "import", "customers", str(fixed), "--format", "json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == {
        "imported": 1,
        "updated": 0,
        "unchanged": 1,
        "rejected": [],
    }
