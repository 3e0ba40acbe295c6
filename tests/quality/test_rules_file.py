"""A centre's rules file: tuning the built-in rules, its own checks written only in
the file, red lines, and files that are refused with their place."""

import textwrap

import pytest

from huifang.quality.inspect import inspect, score
from huifang.quality.rules import RulesError, load_rules
from tests.quality.transcripts import CALL_LINES as CALL
from tests.quality.transcripts import good, replaced, transcript


def rules_from(tmp_path, text):
    path = tmp_path / "centre.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_rules(path)


def problems(tmp_path, text) -> list[str]:
    with pytest.raises(RulesError) as caught:
        rules_from(tmp_path, text)
    return caught.value.problems


TABOO = transcript(replaced(CALL, 6, "这是公司规定，没办法。"))


def test_a_deduction_and_a_red_line_from_the_file(tmp_path):
    rules = rules_from(
        tmp_path,
        """
        rules:
          forbidden-phrase: {deduction: 30, red_line: true}
    """,
    )
    report = inspect(TABOO, rules)
    assert report.score == 70 and not report.passed
    assert report.findings[0].red_line


def test_without_the_red_line_the_same_call_passes():
    report = inspect(TABOO)
    assert report.score == 80 and report.passed


def test_a_rule_can_be_switched_off_and_the_pass_mark_moved(tmp_path):
    rules = rules_from(
        tmp_path,
        """
        settings: {pass_mark: 85}
        rules:
          goodbye-missing: {enabled: false}
    """,
    )
    assert rules.rule("goodbye-missing") is None
    assert not inspect(TABOO, rules).passed  # 80 < 85


def test_phrase_lists_are_added_to_removed_from_or_replaced(tmp_path):
    rules = rules_from(
        tmp_path,
        """
        phrases:
          taboo: {add: [你急什么], remove: [没办法]}
          competitor_brands: [比亚迪, 吉利]
    """,
    )
    assert "你急什么" in rules.phrases["taboo"] and "没办法" not in rules.phrases["taboo"]
    hurry = transcript(replaced(CALL, 6, "你急什么，我这不是在查吗。"))
    assert "forbidden-phrase" in {f.rule for f in inspect(hurry, rules).findings}
    brand = transcript(replaced(CALL, 6, "比亚迪的车质量差，您还是选我们吧。"))
    assert "competitor-disparagement" in {f.rule for f in inspect(brand, rules).findings}
    assert "competitor-disparagement" not in {f.rule for f in inspect(brand).findings}


def test_speaking_rate_bounds_from_the_file(tmp_path):
    rate = inspect(good()).speech_rate
    rules = rules_from(
        tmp_path,
        f"""
        rules:
          speech-too-fast: {{above: {int(rate) - 10}}}
    """,
    )
    assert "speech-too-fast" in {f.rule for f in inspect(good(), rules).findings}


def test_a_custom_rule_written_only_in_the_file(tmp_path):
    """The shape of "ask permission before a hold, thank after it", and a keyword
    check limited to the opening, with the centre's own words."""
    rules = rules_from(
        tmp_path,
        """
        phrases:
          brand_promise: [长城汽车, 长城]
        rules:
          offer-before-goodbye:
            title: 结束前未提醒保养优惠
            deduction: 4
            scope: {last: 3}
            match:
              at_least: {n: 1, of: [保养优惠, 保养活动, 优惠券]}
            fires: none
          price-without-offer:
            title: 客户问价后未介绍活动
            deduction: 2
            scope: {speaker: customer}
            match:
              regex: "多少钱|价格|贵"
              unless: "不贵"
              not_followed_by:
                speaker: agent
                segments: 2
                seconds: 30
                match: {any: [活动, 优惠]}
    """,
    )
    report = inspect(good(), rules)
    assert [f.rule for f in report.findings] == ["offer-before-goodbye"]
    assert report.findings[0].segment == 10  # the last agent segment
    lines = replaced(CALL, 7, "解释了，就是有点贵。")
    asked = {f.rule for f in inspect(transcript(lines), rules).findings}
    assert "price-without-offer" in asked
    answered = replaced(lines, 8, "理解您的感受，这个月店里有保养活动，请问还有什么可以帮您的吗？")
    assert "price-without-offer" not in {
        f.rule for f in inspect(transcript(answered), rules).findings
    }


def test_a_rule_may_fire_more_than_once_when_its_settings_say_so(tmp_path):
    rules = rules_from(
        tmp_path,
        """
        rules:
          forbidden-phrase: {max_findings: 5}
    """,
    )
    lines = replaced(CALL, 4, "不可能的，请问您对这次保养服务的整体满意度打几分？")
    lines = replaced(lines, 6, "我不知道，请问服务顾问有没有向您解释保养的项目和费用？")
    report = inspect(transcript(lines), rules)
    assert [f.rule for f in report.findings] == ["forbidden-phrase"] * 2
    assert report.score == 60


def test_score_never_goes_below_zero_and_overturned_findings_stop_counting():
    class F:
        def __init__(self, deduction, red_line=False):
            self.deduction, self.red_line = deduction, red_line

    assert score([F(60), F(70)], 60) == (0, False)
    assert score([F(20, red_line=True)], 60) == (80, False)
    assert score([F(20)], 60) == (80, True)


# --- refused files -----------------------------------------------------------------


def test_an_unknown_operator_is_refused_with_its_line(tmp_path):
    found = problems(
        tmp_path,
        """
        rules:
          my-check:
            title: 自定义
            deduction: 1
            match: {anyy: [你好]}
    """,
    )
    assert len(found) == 1
    assert "第 6 行" in found[0] and "my-check" in found[0] and "未知条件 anyy" in found[0]


def test_a_bad_pattern_is_refused_with_its_reason(tmp_path):
    found = problems(
        tmp_path,
        """
        rules:
          my-check:
            title: 自定义
            deduction: 1
            match: {regex: "(未闭合"}
    """,
    )
    assert "正则表达式有误" in found[0] and "my-check match regex" in found[0]


def test_unknown_lists_keys_and_values_are_each_named(tmp_path):
    found = problems(
        tmp_path,
        """
        colour: red
        rules:
          forbidden-phrase: {deduction: many, red_line: "yes"}
          greeting-bare: {fires: sometimes}
          new-check:
            title: 新规则
            deduction: 1
            match: {any: ["@no_such_list"]}
            scope: {speaker: boss}
    """,
    )
    text = "\n".join(found)
    for expected in (
        "colour",
        "deduction：应为数字",
        "red_line：应为 true 或 false",
        "fires：应为",
        "未知词表 @no_such_list",
        "speaker：应为",
    ):
        assert expected in text, expected


def test_a_new_rule_needs_a_title_a_deduction_and_something_to_check(tmp_path):
    found = "\n".join(
        problems(
            tmp_path,
            """
        rules:
          empty-check: {}
    """,
        )
    )
    assert "缺少 title" in found and "缺少 deduction" in found and "缺少 match" in found


def test_a_file_that_is_not_yaml_or_missing(tmp_path):
    with pytest.raises(RulesError, match="不是有效的 YAML"):
        rules_from(tmp_path, "rules: [unclosed\n")
    with pytest.raises(RulesError, match="文件不存在"):
        load_rules(tmp_path / "nope.yaml")


def test_an_empty_file_changes_nothing(tmp_path):
    assert len(rules_from(tmp_path, "").rules) == 20
