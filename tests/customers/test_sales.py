"""Dealer sales counts per quarter, the denominator of 提报率 (A3)."""

import pytest

from huifang.customers.models import Dealer, SalesReport
from huifang.customers.reading import ImportFileError
from huifang.customers.sales import import_sales

from .files import write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def stored():
    return sorted(SalesReport.objects.values_list("dealer__code", "quarter", "sales_count"))


def test_import_and_reimport(tmp_path):
    Dealer.objects.create(code="BJ001", name="北京朝阳店")
    rows = [["经销商", "季度", "销量"], ["BJ001", "2026Q3", 120], ["北京朝阳店", "2026年第4季度", "98"],
            ["SH002", "2026q3", "1,050"]]  # fmt: skip
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    result = import_sales(path)
    assert (result.imported, result.updated, result.unchanged, result.rejected) == (3, 0, 0, [])
    assert stored() == [
        ("BJ001", "2026Q3", 120),
        ("BJ001", "2026Q4", 98),
        ("SH002", "2026Q3", 1050),
    ]
    assert result.notices == ["新建了经销商：SH002"]

    again = import_sales(path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    fixed = write_csv(
        tmp_path / "s.csv", [["dealer", "quarter", "sales_count"], ["BJ001", "2026Q3", "130"]]
    )
    result = import_sales(fixed)
    assert (result.imported, result.updated, result.unchanged) == (0, 1, 0)
    assert ("BJ001", "2026Q3", 130) in stored()


def test_the_later_row_of_a_file_wins(tmp_path):
    rows = [["经销商", "季度", "销量"], ["BJ001", "2026Q3", "1"], ["BJ001", "2026Q3", "2"]]
    result = import_sales(write_csv(tmp_path / "s.csv", rows))
    assert (result.imported, result.updated) == (1, 1)
    assert stored() == [("BJ001", "2026Q3", 2)]


def test_bad_rows(tmp_path):
    rows = [
        ["经销商", "季度", "销量"],
        ["BJ001", "Q3", "x"],
        ["", "2026Q3", "5"],
        ["BJ001", "2026Q3", "5"],
    ]
    result = import_sales(write_csv(tmp_path / "s.csv", rows))
    assert [(e.row, e.column, e.reason) for e in result.rejected] == [
        (2, "季度", "'Q3' 不是季度，请写成 2026Q3"),
        (2, "销量", "'x' 不是有效的销量，请填写 0 或正整数"),
        (3, "经销商", "未填写"),
    ]
    assert stored() == [("BJ001", "2026Q3", 5)]


def test_a_dealer_too_long_to_be_a_new_code_is_refused(tmp_path):
    name = "很" * 40
    rows = [["经销商", "季度", "销量"], [name, "2026Q3", "5"], ["BJ001", "2026Q3", "7"]]
    result = import_sales(write_csv(tmp_path / "s.csv", rows))
    [error] = result.rejected
    assert (error.row, error.column) == (2, "经销商")
    assert error.reason.startswith(f"找不到代码或名称为 {name!r} 的经销商；它有 40 个字符")
    assert stored() == [("BJ001", "2026Q3", 7)]


def test_a_missing_column(tmp_path):
    with pytest.raises(ImportFileError, match=r"^s\.csv：缺少必填列：销量（sales_count）$"):
        import_sales(write_csv(tmp_path / "s.csv", [["经销商", "季度"], ["BJ001", "2026Q3"]]))
