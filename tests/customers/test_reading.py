"""Reading dealer files: encodings, header names, row numbers, files that cannot be used.
Plain Python, no database."""

import datetime as dt
import zipfile

import pytest
from django.utils import translation

from huifang.customers.reading import SALES_COLUMNS, ImportFileError, Table

from .files import write_csv, write_xlsx

ROWS = [
    ["姓名", "电话", "购买日期"],
    ["张三", "13800138000", "2026-03-01"],
    ["李四", "13900139000", ""],
]


def read(path, columns=None):
    table = Table(path) if columns is None else Table(path, columns)
    return table, [(r.number, r.values) for r in table]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_the_encodings_excel_saves(tmp_path, encoding):
    path = write_csv(tmp_path / "c.csv", [*ROWS, ["王五", "13700137000", "龘"]], encoding)
    table, rows = read(path)
    assert table.layout.columns == {"name": "姓名", "phone": "电话", "purchase_date": "购买日期"}
    assert rows[0] == (2, {"name": "张三", "phone": "13800138000", "purchase_date": "2026-03-01"})
    assert rows[2][1]["purchase_date"] == "龘"


def test_gb18030_is_told_from_utf8_even_when_the_chinese_comes_late(tmp_path):
    rows = [["name", "phone", "address"]] + [[f"n{i}", "13800138000", "x"] for i in range(5000)]
    rows.append(["王五", "13700137000", "深圳市南山区"])
    table, read_rows = read(write_csv(tmp_path / "c.csv", rows, "gb18030"))
    assert read_rows[-1][1]["name"] == "王五"


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    path = write_csv(tmp_path / "c.csv", ROWS, "utf-16", delimiter="\t")
    assert read(path)[1][0][1]["name"] == "张三"


def test_tab_separated_utf8(tmp_path):
    path = write_csv(tmp_path / "c.csv", ROWS, delimiter="\t")
    assert read(path)[1][1] == (3, {"name": "李四", "phone": "13900139000", "purchase_date": ""})


def test_bytes_that_are_neither_utf8_nor_gb18030(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("姓名,电话\n".encode() + b"\xff\xfe\xfd\x80,1\n")
    with pytest.raises(
        ImportFileError, match=r"^c\.csv：约第 \d+ 行：不是 UTF-8 或 GB18030 编码的文本"
    ):
        Table(path)


def test_english_headers_ignore_case_spaces_and_underscores(tmp_path):
    header = [" Name ", "PHONE", "Purchase Date", "external_ID", "last visit date", "VIN", "Tags"]
    path = write_csv(tmp_path / "c.csv", [header, ["A", "13800138000", "", "", "", "", ""]])
    assert set(Table(path).layout.columns) == {
        "name", "phone", "purchase_date", "external_id", "last_visit_date", "vin", "tags",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("手机", "phone"),
        ("门店", "dealer"),
        ("产品", "product"),
        ("车架号", "vin"),
        ("姓名*", "name"),
    ],
)
def test_chinese_synonyms(tmp_path, header, field):
    base = {"name": "姓名", "phone": "电话"}
    base[field] = header
    path = write_csv(tmp_path / "c.csv", [list(base.values()), ["A", "13800138000"]])
    assert Table(path).layout.columns[field] == header


def test_two_phone_columns_both_count(tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [["姓名", "电话", "手机"], ["A", "010-12345678", "13800138000"]]
    )
    table, rows = read(path)
    assert table.layout.keys("phone") == ["phone", "phone_2"]
    assert rows[0][1] == {"name": "A", "phone": "010-12345678", "phone_2": "13800138000"}


def test_two_columns_for_one_field_are_refused(tmp_path):
    path = write_csv(tmp_path / "c.csv", [["姓名", "电话", "车型", "产品"], ["A", "1", "x", "y"]])
    with pytest.raises(ImportFileError) as caught:
        Table(path)
    assert str(caught.value) == (
        "c.csv：第 1 行：车型 和 产品 两列重复（都是 product），请只保留一列"
    )


def test_unknown_columns_are_ignored_with_a_notice(tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [["姓名", "销售顾问", "电话", "备注"], ["A", "小王", "1", ""]]
    )
    table, rows = read(path)
    assert rows == [(2, {"name": "A", "phone": "1"})]
    assert table.notices == ["c.csv：以下列不在导入格式中，已忽略：销售顾问、备注"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["姓名", "地址"], "c.csv：缺少必填列：电话（phone）"),
        (["Phone"], "c.csv：缺少必填列：姓名（name）"),
        (["地址"], "c.csv：缺少必填列：姓名（name）、电话（phone）"),
    ],
)
def test_missing_required_column(tmp_path, header, message):
    path = write_csv(tmp_path / "c.csv", [header, ["x"] * len(header)])
    with pytest.raises(ImportFileError) as caught:
        Table(path)
    assert str(caught.value) == message


def test_below_a_title_the_missing_column_is_named_from_the_header(tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [["2026年3月 客户档案"], ["姓名", "手机号码x"], ["张三", "1"]]
    )
    with pytest.raises(ImportFileError, match=r"^c\.csv：缺少必填列：电话（phone）$"):
        Table(path)


def test_the_header_may_sit_below_a_title(tmp_path, excel_reader):
    path = write_xlsx(tmp_path / "c.xlsx", ROWS, above=[["2026年3月 客户档案"], []])
    table, rows = read(path)
    assert table.layout.header_row == 3
    assert [n for n, _ in rows] == [4, 5]
    assert "c.xlsx：表头在第 3 行" in table.notices


def test_row_numbers_are_those_the_spreadsheet_shows(tmp_path, excel_reader):
    rows = [ROWS[0], ROWS[1], [], [None, None, None], ROWS[2], ["", " ", ""]]
    path = write_xlsx(tmp_path / "c.xlsx", rows)
    assert [n for n, _ in read(path)[1]] == [2, 5]
    path = write_csv(tmp_path / "c.csv", rows)
    assert [n for n, _ in read(path)[1]] == [2, 5]


def test_csv_rows_with_line_breaks_inside_a_cell_count_once(tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [["姓名", "电话", "地址"], ["A", "1", "第一行\n第二行"], ["B", "2", ""]]
    )
    assert [(n, v["name"]) for n, v in read(path)[1]] == [(2, "A"), (3, "B")]


def test_excel_cells_keep_their_types(tmp_path, excel_reader):
    rows = [["姓名", "电话", "购买日期"], ["张三", 13800138000, dt.date(2026, 3, 1)]]
    _, [(number, values)] = read(write_xlsx(tmp_path / "c.xlsx", rows))
    assert values["name"] == "张三"
    if excel_reader == "calamine":
        assert values["phone"] == 13800138000.0 and isinstance(values["phone"], float)
        assert values["purchase_date"] == dt.date(2026, 3, 1)
    else:
        assert values["phone"] == 13800138000 and isinstance(values["phone"], int)
        assert values["purchase_date"] == dt.datetime(2026, 3, 1)


def test_short_rows_are_padded(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("姓名,电话,地址\nA,1\n", encoding="utf-8")
    table = Table(path)
    [row] = list(table)
    assert row.values == {"name": "A", "phone": "1", "address": None}
    assert row.cells == ["A", "1", None]


def test_the_total_for_the_progress_bar(tmp_path, excel_reader):
    assert Table(write_csv(tmp_path / "c.csv", ROWS)).total == 2
    assert Table(write_xlsx(tmp_path / "c.xlsx", ROWS, above=[["title"]])).total == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_empty_file(tmp_path, suffix, excel_reader):
    path = tmp_path / f"empty{suffix}"
    if suffix == ".csv":
        path.write_bytes(b"")
    else:
        write_xlsx(path, [])
    with pytest.raises(ImportFileError) as caught:
        Table(path)
    assert str(caught.value) == f"empty{suffix}：文件是空的"


def test_a_header_without_rows(tmp_path):
    table = Table(write_csv(tmp_path / "c.csv", [["姓名", "电话"], [], []]))
    with pytest.raises(ImportFileError) as caught:
        list(table)
    assert str(caught.value) == "c.csv：表头下面没有数据行"


def test_unsupported_type_and_missing_file(tmp_path):
    (tmp_path / "c.txt").write_text("姓名,电话\n")
    with pytest.raises(ImportFileError) as caught:
        Table(tmp_path / "c.txt")
    assert str(caught.value) == "c.txt：不支持的文件类型 .txt，请使用 .xlsx 或 .csv"
    with pytest.raises(ImportFileError) as caught:
        Table(tmp_path / "nope.csv")
    assert str(caught.value) == "nope.csv：文件不存在"


def test_a_broken_workbook(tmp_path):
    path = tmp_path / "c.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(ImportFileError, match=r"^c\.xlsx：无法读取 Excel 工作簿（.+）$"):
        Table(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "no workbook here")
    with pytest.raises(ImportFileError, match=r"^c\.xlsx：无法读取 Excel 工作簿（.+）$"):
        Table(path)


def test_sales_columns(tmp_path):
    path = write_csv(tmp_path / "s.csv", [["Dealer", "季度", "销量"], ["BJ001", "2026Q3", "120"]])
    _, rows = read(path, SALES_COLUMNS)
    assert rows == [(2, {"dealer": "BJ001", "quarter": "2026Q3", "sales_count": "120"})]


def test_a_file_that_cannot_be_read(tmp_path, monkeypatch):
    from huifang.customers import reading

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reading, "_csv_check", refuse)
    with pytest.raises(ImportFileError) as caught:
        Table(write_csv(tmp_path / "c.csv", ROWS))
    assert str(caught.value) == "c.csv：无法读取文件（Permission denied）"


def test_file_errors_in_english(tmp_path):
    path = write_csv(tmp_path / "c.csv", [["地址"], ["x"]])
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        Table(path)
    assert str(caught.value) == "c.csv: missing required columns 姓名 (name), 电话 (phone)"
