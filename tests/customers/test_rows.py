"""Checking one row: every bad value is named with its row, column and reason, in
Chinese unless another language is active. Plain Python, no database."""

import datetime as dt

import pytest
from django.utils import translation

from huifang.customers.reading import CUSTOMER_COLUMNS, SALES_COLUMNS, SourceRow, match_header
from huifang.customers.rows import (
    CustomerRow,
    RowError,
    check_customer,
    check_sales,
    parse_date,
    parse_quarter,
)

HEADER = [
    "客户编号",
    "姓名",
    "性别",
    "电话",
    "手机",
    "VIN",
    "车牌",
    "购买日期",
    "生日",
    "省份",
    "标签",
    "地址",
]
LAYOUT = match_header(HEADER, CUSTOMER_COLUMNS)


def check(number=7, **cells):
    values = {"name": "张三", "phone": "13800138000", **cells}
    return check_customer(SourceRow(number, values, list(values.values())), LAYOUT)


def errors_of(**cells) -> list[tuple[str, str]]:
    result = check(**cells)
    assert isinstance(result, list), result
    return [(e.column, e.reason) for e in result]


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-01",
        "2026/3/1",
        "2026.3.1",
        "2026年3月1日",
        "2026 年 3 月 1 日",
        "2026-03-01 10:30:00",
        "20260301",
        "２０２６－０３－０１",
        46082,
        46082.0,
        "46082",
        dt.date(2026, 3, 1),
        dt.datetime(2026, 3, 1, 9, 30),
    ],
)
def test_dates_in_every_usual_form(value):
    assert parse_date(value) == dt.date(2026, 3, 1)


def test_excel_serials_around_its_1900_leap_day():
    assert parse_date(1) == dt.date(1900, 1, 1)
    assert parse_date(59) == dt.date(1900, 2, 28)
    assert parse_date(61) == dt.date(1900, 3, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-02-30", "'2026-02-30' 不是有效日期：2026 年 2 月只有 28 天"),
        ("2024/2/30", "'2024/2/30' 不是有效日期：2024 年 2 月只有 29 天"),
        ("2026-13-01", "'2026-13-01' 不是有效日期：没有 13 月"),
        ("2026年4月31日", "'2026年4月31日' 不是有效日期：2026 年 4 月只有 30 天"),
        ("3/1/2026", "'3/1/2026' 不是有效日期，请写成 2026-03-01"),
        ("2026-3/1", "'2026-3/1' 不是有效日期，请写成 2026-03-01"),
        ("下周", "'下周' 不是有效日期，请写成 2026-03-01"),
        ("1800-01-01", "'1800-01-01'：年份 1800 超出范围（应在 1900 到 2100 年之间）"),
        (13800138000, "'13800138000' 不是有效日期，请写成 2026-03-01"),
        (0, "'0' 不是有效日期，请写成 2026-03-01"),
    ],
)
def test_impossible_dates_are_refused(value, reason):
    with pytest.raises(ValueError) as caught:
        parse_date(value)
    assert str(caught.value) == reason


def test_a_good_row_becomes_a_typed_customer_row():
    row = check(
        external_id=10086.0,
        gender="女",
        phone="13800138000; 0755-12345678",
        phone_2=13900139000.0,
        vin="lgwef4a59mf000001",
        plate="京a·12345",
        purchase_date=dt.datetime(2026, 3, 1),
        birthday="1990年5月4日",
        province="广东省",
        tags="VIP；老客户;VIP; ",
        address="  深圳市南山区  ",
    )
    assert isinstance(row, CustomerRow)
    assert (row.row, row.external_id, row.name, row.gender) == (7, "10086", "张三", "F")
    assert [p.e164 for p in row.phones] == ["+8613800138000", "+8675512345678", "+8613900139000"]
    assert (row.vin, row.plate) == ("LGWEF4A59MF000001", "京A12345")
    assert (row.purchase_date, row.birthday) == (dt.date(2026, 3, 1), dt.date(1990, 5, 4))
    assert (row.province, row.tags, row.address) == ("广东", ["VIP", "老客户"], "深圳市南山区")
    assert row.has_vehicle


def test_blank_optional_cells_are_empty():
    row = check(gender="", vin=None, purchase_date="  ", tags="")
    assert (row.gender, row.vin, row.purchase_date, row.tags) == ("", "", None, [])
    assert not row.has_vehicle


def test_the_same_number_twice_is_kept_once():
    row = check(phone="13800138000 / +86 138 0013 8000", phone_2="8613800138000")
    assert [p.e164 for p in row.phones] == ["+8613800138000"]


@pytest.mark.parametrize(
    ("value", "gender"),
    [
        ("男", "M"),
        ("女", "F"),
        ("M", "M"),
        ("f", "F"),
        ("Male", "M"),
        ("FEMALE", "F"),
        ("先生", "M"),
        ("女士", "F"),
    ],
)
def test_genders(value, gender):
    assert check(gender=value).gender == gender


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"name": ""}, [("姓名", "姓名为空")]),
        ({"name": "  "}, [("姓名", "姓名为空")]),
        ({"name": "张" * 65}, [("姓名", "超过 64 个字符（现有 65 个）")]),
        ({"phone": ""}, [("电话", "没有电话号码")]),
        (
            {"phone": "1380013800"},
            [("电话", "'1380013800' 手机号码位数不对：应为 11 位，这里是 10 位")],
        ),
        ({"gender": "未知"}, [("性别", "'未知' 不是性别，请填写 男 或 女")]),
        (
            {"vin": "LGWEF4A59MF00001"},
            [("VIN", "'LGWEF4A59MF00001'：车架号应为 17 位，这里是 16 位")],
        ),
        (
            {"vin": "LGWEF4A59MF0000OI"},
            [("VIN", "'LGWEF4A59MF0000OI'：车架号中不会有字母 I、O、Q（这里有 I、O）")],
        ),
        (
            {"vin": "LGWEF4A59MF0000-1"},
            [("VIN", "'LGWEF4A59MF0000-1'：车架号只能由字母和数字组成")],
        ),
        (
            {"plate": "京A" + "1" * 20},
            [("车牌", "'京A11111111111111111111' 太长，不是车牌号（最多 16 个字符）")],
        ),
        ({"province": "广州"}, [("省份", "'广州' 不是中国的省份名称")]),
        (
            {"birthday": "2026-02-30"},
            [("生日", "'2026-02-30' 不是有效日期：2026 年 2 月只有 28 天")],
        ),
        ({"external_id": "X" * 65}, [("客户编号", "超过 64 个字符（现有 65 个）")]),
    ],
)
def test_each_kind_of_bad_value_is_named(cells, expected):
    assert errors_of(**cells) == expected


def test_one_bad_number_among_good_ones_refuses_the_row_and_says_which():
    assert errors_of(phone="13800138000;12345", phone_2="13900139000") == [
        ("电话", "'12345' 位数太少，不是电话号码")
    ]
    assert errors_of(phone="13800138000", phone_2="abc") == [
        ("手机", "'abc' 含有 'a'，电话号码里不能有这个字符")
    ]


def test_every_error_of_a_row_is_collected_in_column_order():
    result = check(
        number=12,
        name="",
        gender="X",
        phone="123",
        vin="SHORT",
        purchase_date="2026-02-30",
        province="火星",
    )
    assert [e.column for e in result] == ["姓名", "性别", "电话", "VIN", "购买日期", "省份"]
    assert all(isinstance(e, RowError) and e.row == 12 for e in result)


def test_the_reasons_speak_english_when_english_is_active():
    with translation.override("en"):
        result = check(number=9, name="", phone="1380013800", purchase_date="2026-02-30")
        assert [(e.row, e.column, e.reason) for e in result] == [
            (9, "姓名", "the name is empty"),
            (9, "电话", "'1380013800' is not a mobile number: mobile numbers have 11 digits, "
                        "this has 10"),
            (9, "购买日期", "'2026-02-30' is not a date: 2026-02 has 28 days"),
        ]  # fmt: skip
        assert errors_of(vin="LGWEF4A59MF0000OI") == [
            ("VIN", "'LGWEF4A59MF0000OI': a VIN never contains I, O or Q (found I, O)")
        ]
    # Outside the block the default language, Chinese, is back.
    assert errors_of(name="") == [("姓名", "姓名为空")]


SALES = match_header(["经销商", "季度", "销量"], SALES_COLUMNS)


@pytest.mark.parametrize(
    "text", ["2026Q3", "2026q3", "2026-Q3", "2026 Q3", "2026年第3季度", "2026年三季度", "2026年Q3"]
)
def test_quarters(text):
    assert parse_quarter(text) == "2026Q3"


def test_sales_rows():
    good = check_sales(
        SourceRow(2, {"dealer": "BJ001", "quarter": "2026q1", "sales_count": 1200.0}, []), SALES
    )
    assert (good.dealer, good.quarter, good.sales_count) == ("BJ001", "2026Q1", 1200)
    assert (
        check_sales(
            SourceRow(3, {"dealer": "BJ001", "quarter": "2026Q1", "sales_count": "1,234"}, []),
            SALES,
        ).sales_count
        == 1234
    )
    bad = check_sales(
        SourceRow(4, {"dealer": "", "quarter": "2026Q5", "sales_count": "-3"}, []), SALES
    )
    assert [(e.row, e.column, e.reason) for e in bad] == [
        (4, "经销商", "未填写"),
        (4, "季度", "'2026Q5' 不是季度，请写成 2026Q3"),
        (4, "销量", "'-3' 不是有效的销量，请填写 0 或正整数"),
    ]
