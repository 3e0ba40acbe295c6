"""Filling placeholders: known values in, missing or empty ones kept as written."""

from huifang.scripts.placeholders import (
    EXAMPLES,
    PLACEHOLDERS,
    described,
    fill,
    missing,
    surname,
    unknown,
    used,
)


def test_fill_replaces_what_the_context_has():
    text = "{greeting}！我是{company}呼叫中心{agent_no}号坐席，请问您是{customer_name}{title}吗？"
    context = {
        "greeting": "上午好",
        "company": "长城汽车",
        "agent_no": "1024",
        "customer_name": "王建国",
        "title": "先生",
    }
    assert fill(text, context) == "上午好！我是长城汽车呼叫中心1024号坐席，请问您是王建国先生吗？"


def test_missing_or_empty_values_stay_written_so_the_agent_sees_them():
    text = "请问您是{customer_name}{title}吗？我是{agent_no}号坐席。"
    assert fill(text, {"customer_name": "王建国", "title": "", "agent_no": None}) == (
        "请问您是王建国{title}吗？我是{agent_no}号坐席。"
    )
    assert fill(text, {"customer_name": "  "}) == text
    assert missing(text, {"customer_name": "王建国"}) == ["title", "agent_no"]


def test_values_are_not_filled_again_and_numbers_are_text():
    assert fill("{purpose}", {"purpose": "了解{title}"}) == "了解{title}"
    assert fill("大约{minutes}分钟", {"minutes": 3}) == "大约3分钟"
    assert fill("大约{minutes}分钟", {"minutes": 0}) == "大约0分钟"


def test_only_lowercase_names_are_placeholders():
    assert (
        fill("{Company}{ company }{公司}", {"company": "长城汽车"}) == "{Company}{ company }{公司}"
    )
    assert fill("", {"company": "x"}) == ""
    assert fill(None, {}) == ""


def test_used_and_unknown_name_every_braced_word_once():
    text = "{greeting}，{customer}{title}，{greeting}，{客户}"
    assert used(text) == ["greeting", "customer", "title", "客户"]
    assert unknown(text) == ["customer", "客户"]
    assert unknown("没有占位符") == []


def test_every_placeholder_is_described_and_has_an_example():
    for name in (
        "greeting customer_name title agent_no agent_name company dealer product plate "
        "purpose minutes offer callback_time holiday"
    ).split():
        assert name in PLACEHOLDERS
    assert set(EXAMPLES) == set(PLACEHOLDERS)
    assert [name for name, _d, _e in described()] == list(PLACEHOLDERS)
    assert all(description for _n, description, _e in described())


def test_surname_knows_compound_surnames():
    assert surname("王建国") == "王"
    assert surname("李娜") == "李"
    assert surname("欧阳修") == "欧阳"
    assert surname("司马光") == "司马"
    assert surname("欧阳") == "欧"  # two characters: a one-character surname and a name
    assert surname("张") == "张"
    assert surname("John Smith") == "John Smith"
    assert surname("") == ""
