"""The care line 关爱语 (D5): birthday month first, then a festival within a week,
then the season — the same line all day, varying from day to day."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from huifang.scripts.care import (
    CareLines,
    Festival,
    care_line,
    default_lines,
    load_care,
    next_festival,
)
from huifang.scripts.reading import ScriptError

LINES = default_lines()


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_the_birthday_month_comes_first_whatever_the_year():
    line = care_line(d("2026-09-20"), d("1980-09-28"))  # also 5 days before 中秋
    assert (line.kind, line.occasion) == ("birthday", "生日")
    assert line.text in LINES.birthday
    assert "生日快乐" in line.text
    # A birthday already past this month still counts; another month does not.
    assert care_line(d("2026-09-30"), d("1990-09-01")).kind == "birthday"
    assert care_line(d("2026-09-20"), d("1980-10-01")).kind == "holiday"


def test_a_29_february_birthday_is_a_february_birthday_every_year():
    born = d("1988-02-29")
    for today in ("2027-02-01", "2027-02-28", "2028-02-29", "2026-02-10"):
        assert care_line(d(today), born).kind == "birthday", today
    assert care_line(d("2027-03-01"), born).kind != "birthday"


def test_a_festival_within_seven_days():
    line = care_line(d("2026-09-20"), None)  # 中秋 is 2026-09-25
    assert (line.kind, line.occasion) == ("holiday", "中秋节")
    assert "中秋" in line.text
    assert care_line(d("2026-09-18"), None).occasion == "中秋节"  # 7 days ahead: counts
    assert care_line(d("2026-09-25"), None).occasion == "中秋节"  # the day itself counts


def test_the_nearest_festival_wins():
    line = care_line(d("2026-09-30"), None)  # 中秋 is past, 国庆 tomorrow
    assert (line.kind, line.occasion) == ("holiday", "国庆节")
    # 2025: 国庆 Oct 1–3 and 中秋 Oct 6; on Sep 30 国庆 is nearer, on Oct 4 中秋 is next.
    assert care_line(d("2025-09-30"), None).occasion == "国庆节"
    assert care_line(d("2025-10-04"), None).occasion == "中秋节"


def test_a_holiday_of_several_days_counts_to_its_last_day():
    assert care_line(d("2026-10-03"), None).occasion == "国庆节"
    assert care_line(d("2026-10-04"), None).kind == "season"
    festival, start = next_festival(d("2026-10-02"))
    assert (festival.name, start) == ("国庆节", d("2026-10-01"))


def test_beyond_seven_days_the_season_speaks():
    line = care_line(d("2026-09-17"), None)  # 中秋 is 8 days away
    assert (line.kind, line.occasion) == ("season", "秋季")
    assert line.text in LINES.seasons["autumn"]


@pytest.mark.parametrize(
    ("today", "occasion", "key"),
    [
        ("2026-03-15", "春季", "spring"),
        ("2026-05-25", "春季", "spring"),
        ("2026-07-15", "夏季", "summer"),
        ("2026-08-31", "夏季", "summer"),
        ("2026-11-15", "秋季", "autumn"),
        ("2026-12-15", "冬季", "winter"),
        ("2026-01-15", "冬季", "winter"),
    ],
)
def test_each_season(today, occasion, key):
    line = care_line(d(today), None)
    assert (line.kind, line.occasion) == ("season", occasion)
    assert line.text in LINES.seasons[key]


def test_the_seeds_autumn_example_is_an_autumn_line():
    assert "秋天天气干燥，提醒您要多喝水多吃水果，注意保养身体。" in LINES.seasons["autumn"]


def test_lunar_and_rule_festivals_land_on_their_dates():
    assert next_festival(d("2026-02-15"))[0].name == "春节"  # 正月初一 2026-02-17
    assert next_festival(d("2026-02-15"))[1] == d("2026-02-17")
    assert next_festival(d("2026-04-01"))[1] == d("2026-04-05")  # 清明 2026
    assert next_festival(d("2026-05-05"))[0].name == "母亲节"  # 2nd Sunday: May 10
    assert next_festival(d("2026-05-05"))[1] == d("2026-05-10")
    assert next_festival(d("2026-06-20"))[1] == d("2026-06-21")  # 父亲节: 3rd Sunday of June
    assert next_festival(d("2026-12-28"))[1] == d("2027-01-01")  # 元旦 across the year


def test_qingming_is_never_wished_happy():
    qingming = next(f for f in LINES.festivals if f.name == "清明节")
    assert qingming.solemn and qingming.lines
    for line in qingming.lines:
        assert "快乐" not in line
        assert "安全" in line
    for day in range(7):  # every day of the week before it picks a sober line
        line = care_line(d("2026-03-29") + timedelta(days=day), None)
        assert line.occasion == "清明节" and "快乐" not in line.text


def test_the_same_line_all_day_and_different_lines_across_days():
    assert care_line(d("2026-07-10"), None) == care_line(d("2026-07-10"), None)
    texts = {care_line(d("2026-07-01") + timedelta(days=i), None).text for i in range(10)}
    assert len(texts) > 1
    assert texts <= set(LINES.seasons["summer"])


def test_lines_can_be_given():
    lines = CareLines(
        birthday=("生日快乐",),
        seasons={k: (f"{k} line",) for k in ("spring", "summer", "autumn", "winter")},
        festivals=(Festival("教师节", "solar", 9, 10, lines=("教师节快乐",)),),
    )
    assert care_line(d("2026-09-05"), None, lines).text == "教师节快乐"
    assert care_line(d("2026-09-20"), None, lines).text == "autumn line"


# --- loading ---------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "care.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_SEASONS = """\
seasons:
  spring: [春]
  summer: [夏]
  autumn: [秋]
  winter: [冬]
"""


def test_a_centres_care_file_loads(tmp_path):
    lines = load_care(
        write(
            tmp_path,
            "birthday: [生日快乐！]\n" + GOOD_SEASONS + "festivals:\n"
            "  - name: 教师节\n    solar: '09-10'\n    lines: [老师辛苦了]\n",
        )
    )
    assert lines.festivals[0].name == "教师节"
    assert care_line(d("2026-09-08"), None, lines).text == "老师辛苦了"


def test_care_file_problems_are_named_with_their_lines(tmp_path):
    text = (
        "birthday: [生日快乐]\n"  # 1
        + GOOD_SEASONS  # 2-6
        + "festivals:\n"  # 7
        "  - name: 清明节\n"  # 8
        "    rule: qingming\n"
        "    solemn: true\n"
        "    lines: [清明快乐]\n"
        "  - name: 怪节\n"  # 12
        "    lunar: '13-40'\n"
        "    lines:\n"
        "      - 你好{customer}\n"
        "  - name: 双日期\n"  # 16
        "    solar: '01-01'\n"
        "    lunar: '01-01'\n"
        "    lines: [x]\n"
        "    colour: red\n"
    )
    with pytest.raises(ScriptError) as caught:
        load_care(write(tmp_path, text))
    problems = "\n".join(caught.value.problems)
    assert "第 8 行 节日 清明节：肃穆的节日不说“快乐”：清明快乐" in problems
    assert "第 12 行 节日 怪节 lunar：'13-40' 应写成" in problems
    assert "第 12 行 节日 怪节 第 1 句：未知占位符 {customer}" in problems
    assert "第 16 行 节日 双日期：应有且只有一个日期" in problems
    assert "第 16 行 节日 双日期：未知字段 'colour'" in problems


def test_a_missing_season_is_refused(tmp_path):
    with pytest.raises(ScriptError) as caught:
        load_care(write(tmp_path, "birthday: [x]\nseasons:\n  spring: [a]\nfestivals: []\n"))
    assert any("夏季" in p and "至少一句" in p for p in caught.value.problems)


def test_not_yaml_and_missing_files(tmp_path):
    with pytest.raises(ScriptError) as caught:
        load_care(write(tmp_path, "birthday: [x\n"))
    assert "不是有效的 YAML" in caught.value.problems[0]
    with pytest.raises(ScriptError, match="文件不存在"):
        load_care(tmp_path / "nowhere.yaml")
