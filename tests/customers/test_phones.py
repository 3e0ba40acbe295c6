"""Phone numbers as dealers write them (A2). Plain Python, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huifang.customers.phones import (
    PhoneInfo,
    normalise_phone,
    short_province,
    split_phones,
    split_region,
)

BEIJING_MOBILE = PhoneInfo("+8613800138000", "mobile", "北京", "北京")
SHENZHEN_LANDLINE = PhoneInfo("+8675512345678", "landline", "广东", "深圳")


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "138-0013-8000",
        "138 0013 8000",
        "+86 138 0013 8000",
        "+8613800138000",
        "8613800138000",
        "008613800138000",
        "１３８００１３８０００",  # full-width digits
        "13800138000.0",  # a number cell read as text
        " 13800138000 ",
    ],
)
def test_mobile_numbers_in_every_usual_form(raw):
    assert normalise_phone(raw) == BEIJING_MOBILE


@pytest.mark.parametrize(
    "raw",
    ["0755-12345678", "(0755)12345678", "（0755）12345678", "0755 1234 5678", "+86 755 1234 5678"],
)
def test_landlines_with_area_code(raw):
    assert normalise_phone(raw) == SHENZHEN_LANDLINE


@pytest.mark.parametrize(
    ("raw", "province", "city"),
    [
        ("010-12345678", "北京", "北京"),
        ("021-12345678", "上海", "上海"),
        ("0471-1234567", "内蒙古", "呼和浩特"),
        ("0771-1234567", "广西", "南宁"),
        ("0991-1234567", "新疆", "乌鲁木齐"),
        ("0851-12345678", "贵州", "贵阳"),  # an area code of several cities: the first
        ("1012345678", "北京", "北京"),  # a number cell: Excel dropped the leading 0
        ("75512345678", "广东", "深圳"),
    ],
)
def test_region_of_landlines(raw, province, city):
    info = normalise_phone(raw)
    assert (info.kind, info.province, info.city) == ("landline", province, city)


def test_service_numbers_are_other_and_have_no_region():
    assert normalise_phone("400-800-1234") == PhoneInfo("+864008001234", "other", "", "")


def test_hong_kong_numbers_are_accepted_with_their_region():
    info = normalise_phone("+852 9123 4567")
    assert (info.e164, info.kind, info.province) == ("+85291234567", "mobile", "香港")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "号码为空"),
        ("12345", "'12345' 位数太少，不是电话号码"),
        ("1380013800", "'1380013800' 手机号码位数不对：应为 11 位，这里是 10 位"),
        ("138001380001", "'138001380001' 手机号码位数不对：应为 11 位，这里是 12 位"),
        ("11012345678", "'11012345678' 不是有效的手机号码：没有运营商使用这个号段"),
        ("12345678", "'12345678' 位数不够：手机号码应为 11 位，固定电话要带区号"),
        ("0871-1234567", "'0871-1234567' 不是有效的中国电话号码"),
        ("+1 650 253 0000", "'+1 650 253 0000' 不是中国的号码（国家代码 +1）"),
        ("138abc00000", "'138abc00000' 含有 'a'，电话号码里不能有这个字符"),
        (
            "1.38001E+10",
            "'1.38001E+10' 是科学计数法，Excel 已经丢掉了部分数字；"
            "请把这一列设为文本格式后重新导出",
        ),
        ("13800138000转801", "'13800138000转801' 含有 '转'，电话号码里不能有这个字符"),
    ],
)
def test_invalid_numbers_say_why(raw, reason):
    with pytest.raises(ValueError) as caught:
        normalise_phone(raw)
    assert str(caught.value) == reason


@given(
    st.integers(0, 99_999_999),
    st.sampled_from(["138", "139", "186", "150", "177", "199"]),
    st.sampled_from(["{}{}", "{}-{}", "+86 {} {}", "0086{}{}", "86{} {}"]),
)
def test_a_mobile_number_means_the_same_however_it_is_written(tail, head, form):
    digits = f"{head}{tail:08d}"
    written = form.format(digits[:3], digits[3:])
    assert normalise_phone(written).e164 == "+86" + digits
    assert normalise_phone(written) == normalise_phone(digits)


@pytest.mark.parametrize(
    ("cell", "numbers"),
    [
        ("13800138000", ["13800138000"]),
        ("13800138000;13900139000", ["13800138000", "13900139000"]),
        ("13800138000；13900139000，13700137000", ["13800138000", "13900139000", "13700137000"]),
        ("13800138000/13900139000、13700137000", ["13800138000", "13900139000", "13700137000"]),
        ("13800138000 13900139000", ["13800138000", "13900139000"]),
        ("13800138000\n0755-12345678", ["13800138000", "0755-12345678"]),
        # spaces inside one number keep it whole
        ("0755 1234 5678", ["0755 1234 5678"]),
        ("138 0013 8000", ["138 0013 8000"]),
        ("+86 13800138000", ["+86 13800138000"]),
        ("0755 12345678; 138 0013 8000", ["0755 12345678", "138 0013 8000"]),
        ("", []),
        (None, []),
        (" ; ", []),
        (13800138000, ["13800138000"]),
    ],
)
def test_split_phones(cell, numbers):
    assert split_phones(cell) == numbers


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("广东省深圳市", ("广东", "深圳")),
        ("北京市", ("北京", "北京")),
        ("天津", ("天津", "天津")),
        ("内蒙古呼和浩特市", ("内蒙古", "呼和浩特")),
        ("广西壮族自治区南宁市、崇左市", ("广西", "南宁")),
        ("新疆维吾尔自治区乌鲁木齐市", ("新疆", "乌鲁木齐")),
        ("黑龙江省哈尔滨市", ("黑龙江", "哈尔滨")),
        ("吉林省延边朝鲜族自治州", ("吉林", "延边朝鲜族自治州")),
        ("云南省芒市", ("云南", "芒市")),
        ("中国", ("", "")),
        ("", ("", "")),
    ],
)
def test_split_region(description, expected):
    assert split_region(description) == expected


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("广东省", "广东"),
        ("广东", "广东"),
        ("北京市", "北京"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("内蒙", "内蒙古"),
        ("宁夏回族自治区", "宁夏"),
        ("香港特别行政区", "香港"),
        ("黑龙江省", "黑龙江"),
        (" 浙江 ", "浙江"),
    ],
)
def test_short_province(text, short):
    assert short_province(text) == short


@pytest.mark.parametrize("text", ["广州", "火星", "广东省深圳市", ""])
def test_short_province_refuses_what_is_not_a_province(text):
    with pytest.raises(ValueError) as caught:
        short_province(text)
    assert str(caught.value) == f"{text!r} 不是中国的省份名称"
