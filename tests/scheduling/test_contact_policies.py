"""Contact-time policies, the southern provinces and the policy file's validation."""

import subprocess
import sys
from datetime import time

import pytest

from huifang.scheduling import (
    PROVINCES,
    SOUTH_PROVINCE_SPELLINGS,
    SOUTH_PROVINCES,
    ContactPolicy,
    PolicyError,
    get_policy,
    is_south,
    load_policies,
    load_south_provinces,
    normalise_province,
    province_spellings,
)

SPEC_SOUTH = (
    "上海 江苏 浙江 安徽 福建 江西 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 香港 澳门 台湾"
).split()


def test_the_package_does_not_import_django():
    code = "import sys, huifang.scheduling; assert 'django' not in sys.modules, 'django'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_packaged_policies():
    policies = load_policies()
    assert set(policies) == {"standard", "conservative"}
    assert policies["standard"] == ContactPolicy(
        "standard",
        ((time(8, 30), time(12)), (time(13), time(19))),
        ((time(8, 30), time(12)), (time(14), time(19))),
        "标准",
    )
    assert policies["conservative"] == ContactPolicy(
        "conservative",
        ((time(9), time(12)), (time(13), time(17))),
        ((time(9), time(12)), (time(14), time(17))),
        "保守",
    )


def test_windows_for():
    policy = get_policy("standard")
    assert policy.windows_for(False)[1] == (time(13), time(19))
    assert policy.windows_for(True)[1] == (time(14), time(19))


def test_get_policy_unknown_name():
    with pytest.raises(
        PolicyError, match=r"unknown contact policy 'night' \(known: conservative, standard\)"
    ):
        get_policy("night")


def test_south_provinces_are_the_spec_list():
    assert SOUTH_PROVINCES == frozenset(SPEC_SOUTH)
    assert load_south_provinces() == SOUTH_PROVINCES
    assert len(PROVINCES) == 34


@pytest.mark.parametrize(
    ("raw", "short"),
    [
        ("广东省", "广东"),
        ("广东", "广东"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("北京市", "北京"),
        ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("西藏自治区", "西藏"),
        ("香港特别行政区", "香港"),
        ("澳门特别行政区", "澳门"),
        ("黑龙江省", "黑龙江"),
        ("陕西省", "陕西"),
        ("山西省", "山西"),
        (" 山东 省 ", "山东"),
        ("广东省深圳市", "广东"),
        ("Guangdong", "广东"),
        ("Guangdong Province", "广东"),
        ("Shaanxi", "陕西"),
        ("Shanxi", "山西"),
        ("Inner Mongolia", "内蒙古"),
        ("Hong Kong SAR", "香港"),
        ("", ""),
        (None, ""),
        ("火星省", "火星"),
    ],
)
def test_normalise_province(raw, short):
    assert normalise_province(raw) == short


@pytest.mark.parametrize(
    ("province", "south"),
    [
        ("广东省", True),
        ("上海市", True),
        ("重庆", True),
        ("西藏自治区", True),
        ("台湾", True),
        ("北京市", False),
        ("河南省", False),
        ("陕西", False),
        ("内蒙古自治区", False),
        ("新疆", False),
        ("", True),  # unknown region: the longer lunch break
        (None, True),
        ("不详", True),
    ],
)
def test_is_south(province, south):
    assert is_south(province) is south


def test_is_south_with_another_list():
    assert is_south("广东", frozenset({"上海"})) is False
    assert is_south("上海", frozenset({"上海"})) is True


def test_spellings_for_database_queries():
    assert province_spellings("广西") == ("广西", "广西壮族自治区", "Guangxi")
    assert {"广东", "广东省", "上海市", "香港特别行政区", "Guangdong"} <= SOUTH_PROVINCE_SPELLINGS
    assert "北京" not in SOUTH_PROVINCE_SPELLINGS


GOOD = """\
policies:
  standard:
    label: 标准
    windows: ["08:30-12:00", "13:00-19:00"]
    south_windows: ["08:30-12:00", "14:00-19:00"]
south_provinces: [上海, 广东省]
"""


def _write(tmp_path, text):
    path = tmp_path / "policies.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_centre_file_is_loaded(tmp_path):
    path = _write(tmp_path, GOOD.replace('"13:00-19:00"', '"13:30-18:00"'))
    policies = load_policies(path)
    assert policies["standard"].windows[1] == (time(13, 30), time(18))
    assert load_south_provinces(path) == {"上海", "广东"}
    assert get_policy("standard", path).windows[1] == (time(13, 30), time(18))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"13:00-19:00"',
            '"13:00-12:00"',
            "policies.yaml: standard.windows[1]: end 12:00 is before start 13:00",
        ),
        (
            '"13:00-19:00"',
            '"13:00-25:00"',
            "policies.yaml: standard.windows[1]: 25:00 is not a time",
        ),
        (
            '"13:00-19:00"',
            '"13:61-19:00"',
            "policies.yaml: standard.windows[1]: 13:61 is not a time",
        ),
        (
            '"13:00-19:00"',
            '"11:00-19:00"',
            "policies.yaml: standard.windows[1]: 11:00-19:00 overlaps or comes before 08:30-12:00",
        ),
        ('"13:00-19:00"', '"13:00-13:00"', "policies.yaml: standard.windows[1]: the window"),
        ('"13:00-19:00"', "13:00", "policies.yaml: standard.windows[1]: 780 is not a window"),
        ('"13:00-19:00"', '"1pm-7pm"', "policies.yaml: standard.windows[1]: '1pm-7pm' is not"),
        (
            '["08:30-12:00", "14:00-19:00"]',
            "[]",
            "policies.yaml: standard.south_windows: give a list of windows",
        ),
        ("label: 标准", "lable: 标准", "policies.yaml: standard: unknown key 'lable'"),
        ("广东省", "火星", "policies.yaml: south_provinces[1]: '火星' is not a province"),
        ("  standard:", "  Standard:", "policies.yaml: policy name 'Standard'"),
        ("south_provinces", "southern", "policies.yaml: unknown section 'southern'"),
        ("policies:", "policy:", "expected a mapping with a 'policies' section"),
        ("windows: [", "windows: [[", "policies.yaml: line "),
    ],
)
def test_bad_policy_files_are_refused_with_the_place(tmp_path, old, new, message):
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(PolicyError) as caught:
        load_policies(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_missing_policy_file(tmp_path):
    with pytest.raises(PolicyError, match="cannot read the file"):
        load_policies(tmp_path / "nope.yaml")
