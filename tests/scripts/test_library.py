"""The library core: lookups, search, merging overrides, and the loader's checks with
the line of every problem."""

import subprocess
import sys
from pathlib import Path

import pytest

from huifang.scripts.library import (
    KINDS,
    REQUIRED,
    TABOO,
    Library,
    Script,
    check,
    load_library,
)
from huifang.scripts.reading import ScriptError

CATEGORIES = {"hold": "请客户等待", "closing": "结束语", "taboo": "服务禁语"}
SMALL = Library(
    CATEGORIES,
    [
        Script("hold.ask", "hold", "请客户稍等", "这个问题我帮您查询一下好吗？请您稍等一下。"),
        Script("hold.thanks", "hold", "感谢等待", "感谢您耐心的等待。", tags=("回线",)),
        Script("closing.thanks", "closing", "感谢接受回访", "感谢您在百忙之中接受我们的回访！"),
        Script(
            "closing.goodbye",
            "closing",
            "道别",
            "祝您生活愉快，再见！",
            kinds=("holiday",),
        ),
        Script("taboo.what", "taboo", "直接反问", "禁说：什么？"),
    ],
)


def test_the_core_does_not_import_django():
    code = (
        "import sys; import huifang.scripts.library, huifang.scripts.care, "
        "huifang.scripts.greetings, huifang.scripts.placeholders; "
        "huifang.scripts.library.load_library(); huifang.scripts.care.load_care(); "
        "assert 'django' not in sys.modules, 'django'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_get_in_category_for_kind():
    assert SMALL.get("hold.thanks").text == "感谢您耐心的等待。"
    with pytest.raises(KeyError, match="hold.nothing"):
        SMALL.get("hold.nothing")
    assert [s.key for s in SMALL.in_category("hold")] == ["hold.ask", "hold.thanks"]
    assert [s.key for s in SMALL.for_kind("holiday")] == ["closing.goodbye"]
    assert "hold.ask" in SMALL and "nothing" not in SMALL
    assert SMALL.keys()[:2] == ["hold.ask", "hold.thanks"]
    assert [g[0] for g in SMALL.grouped()] == ["hold", "closing", "taboo"]


def test_search_every_term_must_match_title_text_tags_or_category():
    assert [s.key for s in SMALL.search("感谢")] == ["hold.thanks", "closing.thanks"]
    assert [s.key for s in SMALL.search("感谢 回访")] == ["closing.thanks"]
    assert [s.key for s in SMALL.search("回线")] == ["hold.thanks"]  # a tag
    assert [s.key for s in SMALL.search("结束语")] == ["closing.thanks", "closing.goodbye"]
    assert SMALL.search("感谢 开车") == []
    assert SMALL.search("") == [] and SMALL.search("   ") == []


def test_search_ranks_title_hits_first_then_file_order():
    # 稍等 is in hold.ask's title; 等待 in hold.thanks's title and hold.ask's category.
    assert [s.key for s in SMALL.search("等待")] == ["hold.thanks", "hold.ask"]
    assert [s.key for s in SMALL.search("您")][:2] == ["hold.ask", "hold.thanks"]
    assert len(SMALL.search("您", limit=2)) == 2


def test_search_ignores_case():
    library = Library({"a": "A"}, [Script("a.x", "a", "4S店 VIP", "欢迎 VIP 客户")])
    assert library.search("vip 4s") == [library.get("a.x")]


def test_taboos_are_not_offered_unless_asked():
    assert SMALL.search("什么") == []
    assert [s.key for s in SMALL.search("什么", taboo=True)] == ["taboo.what"]
    assert SMALL.get("taboo.what").taboo and not SMALL.get("hold.ask").taboo


def test_merged_replaces_in_place_appends_new_keys_to_their_category_and_hides():
    changed = Script("hold.ask", "hold", "请客户稍等", "请您稍等，我帮您查一下，好吗？")
    new = Script("hold.long", "hold", "等待较久", "还需要一点时间，请您再稍等一下。")
    merged = SMALL.merged([changed, new, ("closing.goodbye", None), ("no.such", None)])
    assert merged.keys() == ["hold.ask", "hold.thanks", "hold.long", "closing.thanks", "taboo.what"]
    assert merged.get("hold.ask").text == "请您稍等，我帮您查一下，好吗？"
    assert "closing.goodbye" not in merged
    assert SMALL.get("hold.ask").text.startswith("这个问题")  # the original is unchanged
    brand_new = SMALL.merged([Script("x.y", "extra", "新", "新话术")], {"extra": "新分类"})
    assert brand_new.keys()[-1] == "x.y" and brand_new.label("extra") == "新分类"


def test_check_names_each_field():
    bad = Script("Hold Ask", "nowhere", "", "请稍等{customer}", kinds=("sales",))
    fields = dict(check(bad, CATEGORIES))
    assert set(fields) == {"key", "category", "title", "text", "kinds"}
    assert "{customer}" in fields["text"]
    assert "nowhere" in fields["category"]
    assert "sales" in fields["kinds"]
    assert check(SMALL.get("hold.ask"), CATEGORIES) == []


# --- loading -------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "library.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BASE = """\
categories:
  hold: 请客户等待
  closing: 结束语
scripts:
  - key: hold.ask
    category: hold
    title: 请客户稍等
    text: 这个问题我帮您查询一下好吗？请您稍等一下。
    tags: [稍等]
    source: 000 电话礼仪·查询用语
  - key: closing.bye
    category: closing
    title: 道别
    text: 祝您生活愉快，再见！
    kinds: [holiday]
"""


def test_a_library_file_loads_in_order(tmp_path):
    library = load_library(write(tmp_path, BASE))
    assert library.categories == {"hold": "请客户等待", "closing": "结束语"}
    assert library.keys() == ["hold.ask", "closing.bye"]
    ask = library.get("hold.ask")
    assert ask.tags == ("稍等",) and ask.source == "000 电话礼仪·查询用语" and ask.kinds == ()
    assert library.get("closing.bye").kinds == ("holiday",)


def problems_of(tmp_path, text, extra=None) -> list[str]:
    base = write(tmp_path, text)
    more = write(tmp_path, extra, "centre.yaml") if extra is not None else None
    with pytest.raises(ScriptError) as caught:
        load_library(base, more)
    return caught.value.problems


def test_unknown_placeholder_is_refused_with_its_line(tmp_path):
    text = BASE.replace("祝您生活愉快，再见！", "{customer}，祝您生活愉快，再见！")
    text = text.replace("text: {customer}", 'text: "{customer}')
    text = text.replace("再见！\n    kinds", '再见！"\n    kinds')
    (problem,) = problems_of(tmp_path, text)
    assert problem.startswith("第 11 行 话术 closing.bye text：未知占位符 {customer}")
    assert "customer_name" in problem  # the known ones are listed


def test_duplicate_key_is_refused_naming_both_lines(tmp_path):
    text = BASE + "  - key: hold.ask\n    category: hold\n    title: 又一个\n    text: 稍等。\n"
    (problem,) = problems_of(tmp_path, text)
    assert problem == "第 16 行 话术 hold.ask：编号重复（第 5 行已有）"


def test_unknown_category_is_refused(tmp_path):
    text = BASE.replace("category: closing", "category: goodbye")
    (problem,) = problems_of(tmp_path, text)
    assert problem.startswith("第 11 行 话术 closing.bye category：未知分类 'goodbye'")


def test_unknown_field_and_kind_are_refused(tmp_path):
    text = BASE.replace("    tags: [稍等]\n", "    tag: [稍等]\n").replace(
        "kinds: [holiday]", "kinds: [holidays]"
    )
    problems = problems_of(tmp_path, text)
    assert problems[0].startswith("第 5 行 话术 hold.ask：未知字段 'tag'（可用：")
    assert problems[1].startswith("第 11 行 话术 closing.bye kinds：未知项目类型 holidays")


def test_missing_and_empty_fields_and_bad_keys(tmp_path):
    text = BASE.replace("    title: 道别\n", "").replace("key: hold.ask", "key: Hold-Ask")
    text = text.replace("text: 这个问题我帮您查询一下好吗？请您稍等一下。", 'text: ""')
    problems = problems_of(tmp_path, text)
    assert "第 5 行 话术 Hold-Ask text：不能为空" in problems
    assert any(p.startswith("第 5 行 话术 Hold-Ask key：应为小写字母") for p in problems)
    assert "第 11 行 话术 closing.bye：缺少 title" in problems


def test_shape_problems(tmp_path):
    assert problems_of(tmp_path, "- a\n- b\n")[0].startswith("话术文件应为映射")
    assert "不是有效的 YAML" in problems_of(tmp_path, "scripts: [\n")[0]
    problems = problems_of(tmp_path, "categories:\n  hold: 等待\nscripts:\n  - just text\n")
    assert problems == ["第 1 条话术：应为映射（key、category、title、text…），而不是 文字"]


def test_a_centres_file_is_merged_over_ours_key_by_key(tmp_path):
    extra = """\
categories:
  pets: 宠物
scripts:
  - key: hold.ask
    text: 请您稍等，我马上帮您查询。
  - key: closing.bye
    hidden: true
  - key: pets.dog
    category: pets
    title: 车内有宠物
    text: 请不要把宠物单独留在车内。
"""
    base = write(tmp_path, BASE)
    library = load_library(base, write(tmp_path, extra, "centre.yaml"))
    ask = library.get("hold.ask")
    assert ask.text == "请您稍等，我马上帮您查询。"
    assert ask.title == "请客户稍等" and ask.source == "000 电话礼仪·查询用语"  # kept
    assert "closing.bye" not in library
    assert library.keys() == ["hold.ask", "pets.dog"]
    assert library.label("pets") == "宠物"


def test_a_centres_file_is_checked_too(tmp_path):
    extra = """\
scripts:
  - key: hold.ask
    text: "{custom}请稍等"
  - key: hold.nothing
    hidden: true
  - key: hold.new
    category: hold
    title: 新
  - key: closing.bye
    hidden: maybe
"""
    problems = problems_of(tmp_path, BASE, extra)
    assert problems[0].startswith("第 2 行 话术 hold.ask text：未知占位符 {custom}")
    assert problems[1] == "第 4 行 话术 hold.nothing：话术库中没有这条话术，无法隐藏"
    assert problems[2] == "第 6 行 话术 hold.new：缺少 text"
    assert problems[3] == "第 9 行 话术 closing.bye hidden：应为 true 或 false"


def test_a_centre_may_not_hide_what_the_workspace_needs(tmp_path):
    extra = "scripts:\n  - key: hold.ask\n    hidden: true\n"
    (problem,) = problems_of(tmp_path, BASE, extra)
    assert "hold.ask" in REQUIRED
    assert problem == "第 2 行 话术 hold.ask：工作台要用到这条话术，可以修改文字，但不能隐藏"


def test_messages_follow_the_active_language():
    from huifang import text

    before = text._translate
    text.use(lambda message: {"不能为空": "may not be empty"}.get(message, message))
    try:
        fields = dict(check(Script("a.b", "hold", "", "x"), CATEGORIES))
        assert fields["title"] == "may not be empty"
    finally:
        text.use(before)


def test_kinds_are_the_campaign_kinds():
    from huifang.campaigns.choices import Kind

    assert KINDS == tuple(Kind.values)


def test_taboo_is_a_category_of_ours():
    assert TABOO in load_library().categories
