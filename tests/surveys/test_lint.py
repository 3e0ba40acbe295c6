"""The questionnaire design linter: for each rule of formats.md, a small questionnaire
where it fires and a close variant where it must not; the phrase lists; lint_ignore;
the example questionnaire of formats.md; and the time it takes on a big one."""

import textwrap
import time

import pytest

from huifang.surveys import lint, paths
from huifang.surveys.lint import Finding
from huifang.surveys.loading import loads
from huifang.surveys.phrases import Phrases, PhrasesError, load_phrases
from huifang.surveys.ranges import check_ranges, span
from tests.surveys.forms import example_yaml

GREETING = "  - kind: greeting\n    say: 您好，我是{company}客户关系部{agent_no}号回访专员。\n"
CLOSING = "  - kind: closing\n    say: 感谢您的配合，祝您生活愉快，再见。\n"


def section(kind: str, questions: str | None) -> str:
    if questions is None:
        return f"  - kind: {kind}\n    questions: []\n"
    body = textwrap.indent(textwrap.dedent(questions).strip("\n"), " " * 6)
    return f"  - kind: {kind}\n    questions:\n{body}\n"


def document(*sections: str, head: str = "") -> str:
    return f"id: t\ntitle: 测试问卷\n{head}sections:\n" + "".join(sections)


def survey(
    main: str, *, screening: str | None = None, background: str | None = None, head: str = ""
) -> str:
    """The questions wrapped in a valid greeting / (screening) / main / (background) /
    closing skeleton."""
    parts = [GREETING]
    if screening is not None:
        parts.append(section("screening", screening))
    parts.append(section("main", main))
    if background is not None:
        parts.append(section("background", background))
    parts.append(CLOSING)
    return document(*parts, head=head)


def findings(text: str, **kwargs) -> list[Finding]:
    return lint.lint(loads(text, "t.yaml"), **kwargs)


def rules(text: str, **kwargs) -> list[str]:
    return [f.rule for f in findings(text, **kwargs)]


def only(text: str, rule: str) -> Finding:
    found = [f for f in findings(text) if f.rule == rule]
    assert len(found) == 1, found
    return found[0]


SCALE = """
- id: q1
  text: 您对本次保养服务的总体满意度如何？
  type: scale
  scale: {min: 1, max: 5}
"""
YES_NO = """
- id: q1
  text: 这次保养是您本人送车去店里的吗？
  type: single
  options: [{value: 'yes', label: 是}, {value: 'no', label: 不是}]
"""


def scale(qid: str, extra: str = "") -> str:
    return f"""
- id: {qid}
  text: 您对服务顾问的接待满意吗？
  type: scale
  scale: {{min: 1, max: 5}}
{extra}"""


def choice(
    qid: str,
    text: str,
    labels: list[str],
    extra: str = "",
    kind: str = "single",
    goto: dict[str, str] | None = None,
) -> str:
    """A choice question; its option values are o0, o1, …; `goto` maps a label to
    where that option jumps."""
    jumps = goto or {}
    options = "".join(
        f"\n    - {{value: o{n}, label: {label}"
        + (f", goto: {jumps[label]}}}" if label in jumps else "}")
        for n, label in enumerate(labels)
    )
    return f"\n- id: {qid}\n  text: {text}\n  type: {kind}\n  options:{options}\n{extra}"


AGES = "请问您的年龄是？"
RECENT = "请问您最近一年回店保养过吗？"

# rule → (a questionnaire where it fires, a close variant where nothing fires)
CASES = {
    "duplicate-id": (survey(SCALE + SCALE), survey(SCALE + scale("q2"))),
    "structure-missing-section": (
        document(GREETING, section("main", SCALE)),
        document(GREETING, section("main", SCALE), CLOSING),
    ),
    "structure-order": (
        document(GREETING, section("background", scale("b1")), section("main", SCALE), CLOSING),
        document(GREETING, section("main", SCALE), section("background", scale("b1")), CLOSING),
    ),
    "goto-unknown-target": (
        survey(
            choice("q1", RECENT, ["保养过", "没有保养过"], goto={"没有保养过": "q3"}) + scale("q2")
        ),
        survey(
            choice("q1", RECENT, ["保养过", "没有保养过"], goto={"没有保养过": "q3"})
            + scale("q2")
            + scale("q3")
        ),
    ),
    "goto-backward": (
        survey(
            YES_NO + choice("q2", "您还愿意再来吗？", ["愿意", "不愿意"], goto={"不愿意": "q1"})
        ),
        survey(
            YES_NO.replace("label: 不是}", "label: 不是, goto: q3}")
            + choice("q2", "您还愿意再来吗？", ["愿意", "不愿意"])
            + scale("q3")
        ),
    ),
    "unreachable-question": (
        survey(SCALE + scale("q2", "  when: q1 > 7")),
        survey(SCALE + scale("q2", "  when: q1 > 3")),
    ),
    "when-syntax": (
        survey(SCALE + scale("q2", "  when: q1 = 3")),
        survey(SCALE + scale("q2", "  when: q1 == 3")),
    ),
    "when-forward-reference": (
        survey(scale("q1", "  when: q2 >= 3") + scale("q2")),
        survey(scale("q1") + scale("q2", "  when: q1 >= 3")),
    ),
    "when-unknown-question": (
        survey(SCALE + scale("q2", "  when: qq1 <= 3")),
        survey(SCALE + scale("q2", "  when: q1 <= 3")),
    ),
    "when-unknown-option": (
        survey(YES_NO + scale("q2", "  when: q1 == 'maybe'")),
        survey(YES_NO + scale("q2", "  when: q1 == 'no'")),
    ),
    "when-type-mismatch": (
        survey(YES_NO + scale("q2", "  when: q1 > 2")),
        survey(SCALE + scale("q2", "  when: q1 > 2")),
    ),
    "section-empty": (
        survey(SCALE, background=None).replace(CLOSING, section("background", None) + CLOSING),
        survey(SCALE, background=scale("b1")),
    ),
    "closed-before-open": (
        survey("- {id: q0, text: 您对我们还有什么建议？, type: text}" + SCALE),
        survey(SCALE + "- {id: q9, text: 您对我们还有什么建议？, type: text}"),
    ),
    "personal-info-last": (
        survey(SCALE + scale("q2", "  personal: true")),
        survey(SCALE, background=scale("b1", "  personal: true")),
    ),
    "leading-question": (
        survey(SCALE.replace("您对本次", "您一定对本次")),
        survey(SCALE),
    ),
    "double-barreled": (
        survey(SCALE.replace("保养服务", "保养的质量和价格")),
        survey(SCALE.replace("您对", "您和家人对")),
    ),
    "options-incomplete": (
        survey(choice("q1", "您对这次的服务满意吗？", ["满意", "一般", "不满意"])),
        survey(choice("q1", "您对这次的服务满意吗？", ["满意", "一般", "不满意", "说不清"])),
    ),
    "options-overlap": (
        survey(SCALE, background=choice("b1", AGES, ["30-45岁", "45-60岁"], "  other: true")),
        survey(SCALE, background=choice("b1", AGES, ["30-44岁", "45-60岁"], "  other: true")),
    ),
    "options-gap": (
        survey(
            SCALE,
            background=choice(
                "b1", AGES, ["30岁以下", "35-45岁", "46岁及以上"], "  exhaustive: true"
            ),
        ),
        survey(
            SCALE,
            background=choice(
                "b1", AGES, ["30岁以下", "30-44岁", "45岁及以上"], "  exhaustive: true"
            ),
        ),
    ),
    "too-many-options": (
        survey(choice("q1", "您是从哪里知道我们店的？", list("ABCDEFG"), "  other: true")),
        survey(choice("q1", "您是从哪里知道我们店的？", list("ABCDEF"), "  other: true")),
    ),
    "jargon": (
        survey(YES_NO.replace("这次保养", "这次首保")),
        survey(YES_NO.replace("这次保养", "这次首次保养")),
    ),
    "too-long": (
        survey(
            SCALE + "- {id: q9, text: 您对我们还有什么建议？, type: text}",
            head="max_minutes: 0.2\n",
        ),
        survey(
            SCALE + "- {id: q9, text: 您对我们还有什么建议？, type: text}", head="max_minutes: 1\n"
        ),
    ),
}


def test_every_rule_has_a_case():
    assert set(CASES) == set(lint.RULES)


@pytest.mark.parametrize("rule", CASES)
def test_rule_fires(rule):
    fires, _clean = CASES[rule]
    found = [f for f in findings(fires) if f.rule == rule]
    assert found, rules(fires)
    assert all(f.severity == lint.RULES[rule] for f in found)
    assert all(f.message for f in found)


@pytest.mark.parametrize("rule", CASES)
def test_close_variant_is_clean(rule):
    _fires, clean = CASES[rule]
    assert findings(clean) == []


def test_rules_are_exactly_the_table():
    assert lint.RULES == {
        "duplicate-id": "error",
        "structure-missing-section": "error",
        "structure-order": "warning",
        "goto-unknown-target": "error",
        "goto-backward": "error",
        "unreachable-question": "error",
        "when-syntax": "error",
        "when-forward-reference": "error",
        "when-unknown-question": "error",
        "when-unknown-option": "error",
        "when-type-mismatch": "error",
        "section-empty": "warning",
        "closed-before-open": "warning",
        "personal-info-last": "warning",
        "leading-question": "warning",
        "double-barreled": "warning",
        "options-incomplete": "warning",
        "options-overlap": "error",
        "options-gap": "warning",
        "too-many-options": "warning",
        "jargon": "warning",
        "too-long": "warning",
    }


# --- what the messages say ------------------------------------------------------------


def test_finding_as_json():
    finding = only(CASES["duplicate-id"][0], "duplicate-id")
    assert finding.as_json() == {
        "rule": "duplicate-id",
        "severity": "error",
        "question": "q1",
        "line": finding.line,
        "message": finding.message,
    }
    assert "第一次出现在第" in finding.message


def test_findings_are_sorted_by_line_with_none_last():
    text = document(GREETING, section("main", SCALE.replace("您对", "难道您对") + SCALE))
    found = findings(text)
    assert [f.rule for f in found] == [
        "leading-question",
        "duplicate-id",
        "structure-missing-section",
    ]
    assert [f.line for f in found][-1] is None
    assert found[0].line < found[1].line


def test_when_syntax_names_the_column():
    finding = only(CASES["when-syntax"][0], "when-syntax")
    assert finding.question == "q2"
    assert "第 4 列" in finding.message and "==" in finding.message


def test_when_unknown_question_suggests_the_closest_id():
    finding = only(CASES["when-unknown-question"][0], "when-unknown-question")
    assert "qq1" in finding.message and "是不是 q1" in finding.message


def test_goto_unknown_target_suggests_too():
    text = survey(
        choice("q1", RECENT, ["保养过", "没有保养过"], goto={"没有保养过": "q22"}) + scale("q2")
    )
    assert "是不是 q2" in only(text, "goto-unknown-target").message


def test_when_unknown_option_lists_what_is_offered():
    message = only(CASES["when-unknown-option"][0], "when-unknown-option").message
    assert "'maybe'" in message and "yes、no" in message


@pytest.mark.parametrize(
    "first, condition",
    [
        (YES_NO, "q1 > 2"),  # size on a single question
        (YES_NO, "'yes' in q1"),  # membership on a scalar
        ("- {id: q1, text: 您的意见是？, type: text}", "q1 < 3"),
        (SCALE, "q1 < '3'"),  # size against text
        (
            choice("q1", "您不满意哪些地方？", ["价格", "态度"], "  other: true", "multi"),
            "q1 == 'o0'",
        ),
        (
            choice("q1", "您不满意哪些地方？", ["价格", "态度"], "  other: true", "multi"),
            "q1 in ['o0']",
        ),
    ],
)
def test_type_mismatches(first, condition):
    text = survey(first + scale("q2", f'  when: "{condition}"'))
    assert "when-type-mismatch" in rules(text)


@pytest.mark.parametrize(
    "first, condition",
    [
        (YES_NO, "q1 in ['yes', 'no']"),
        (
            choice("q1", "您不满意哪些地方？", ["价格", "态度"], "  other: true", "multi"),
            "'o0' in q1",
        ),
        (
            choice("q1", "您不满意哪些地方？", ["价格", "态度"], "  other: true", "multi"),
            "'other' in q1",
        ),
        (SCALE, "q1 <= 3 and answered(q1)"),
    ],
)
def test_well_typed_conditions_are_clean(first, condition):
    assert findings(survey(first + scale("q2", f'  when: "{condition}"'))) == []


# --- unreachable questions, said once --------------------------------------------------


def test_unreachable_names_the_jumps_that_pass_over_it():
    text = survey(
        YES_NO.replace("label: 是}", "label: 是, goto: END}").replace(
            "label: 不是}", "label: 不是, goto: q3}"
        )
        + scale("q2")
        + scale("q3")
    )
    finding = only(text, "unreachable-question")
    assert finding.question == "q2"
    assert "q1「是」→ END" in finding.message and "q1「不是」→ q3" in finding.message


def test_unreachable_by_its_condition_says_so():
    message = only(CASES["unreachable-question"][0], "unreachable-question").message
    assert "q1 > 7" in message


def test_a_broken_condition_is_not_also_reported_unreachable():
    for rule in ("when-forward-reference", "when-unknown-question", "when-unknown-option"):
        assert rules(CASES[rule][0]) == [rule]


def test_questions_passed_over_by_a_broken_jump_are_said_there_only():
    text = survey(
        YES_NO.replace("label: 是}", "label: 是, goto: q9}").replace(
            "label: 不是}", "label: 不是, goto: q8}"
        )
        + scale("q2")
    )
    assert rules(text) == ["goto-unknown-target", "goto-unknown-target"]


def test_a_jump_to_itself_is_backward():
    text = survey(YES_NO.replace("label: 不是}", "label: 不是, goto: q1}") + scale("q2"))
    assert rules(text) == ["goto-backward"]


# --- order within a section --------------------------------------------------------------


def test_a_follow_up_open_question_may_come_before_closed_ones():
    follow_up = "- {id: why, text: 能说说哪里不满意吗？, type: text, when: q1 <= 2}\n"
    assert findings(survey(SCALE + follow_up + scale("q2"))) == []


def test_closed_before_open_names_the_closed_question():
    message = only(CASES["closed-before-open"][0], "closed-before-open").message
    assert "q1" in message


# --- wording -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "难道您对这次保养不满意吗？",
        "您是不是很满意这次的保养？",
        "大家都说我们的保养好，您对这次保养满意吗？",
        "您不觉得这次保养很划算吗？",
        "您也认为这次保养的收费合理吗？",
        "这次保养挺好的，对吧？",
    ],
)
def test_leading_wordings(text):
    assert "leading-question" in rules(
        survey(SCALE.replace("您对本次保养服务的总体满意度如何？", text))
    )


@pytest.mark.parametrize(
    "text",
    [
        "您对服务顾问的接待和讲解满意吗？",
        "您如何评价店里的环境以及休息区？",
        "您觉得维修的质量与效率怎么样？",
    ],
)
def test_double_barreled_wordings(text):
    finding = only(
        survey(SCALE.replace("您对本次保养服务的总体满意度如何？", text)), "double-barreled"
    )
    assert any(c in finding.message for c in ("和", "以及", "与"))


@pytest.mark.parametrize(
    "text",
    [
        "您和家人对这次的保养满意吗？",  # people, not two things
        "销售顾问和您联系得及时吗，您满意吗？",
        "您对维修的及时性满意吗？",  # 及时 is one word
        "您觉得价格和质量哪个更重要？",  # a choice between the two, not one judgement
        "您对这次保养满意吗？和上次相比呢？",  # 和 opens its clause
        "您在保养和维修时通常会去哪里？",  # no judgement asked
    ],
)
def test_not_double_barreled(text):
    assert "double-barreled" not in rules(
        survey(SCALE.replace("您对本次保养服务的总体满意度如何？", text))
    )


def test_connectors_in_option_labels_are_not_double_barreled():
    question = choice("q1", "您对这次服务满意吗？", ["质量和价格都满意", "只满意质量", "说不清"])
    assert findings(survey(question)) == []


@pytest.mark.parametrize(
    "text, term",
    [
        ("您的车做过PDI检查吗？", "PDI"),
        ("您的车做过pdi检查吗？", "PDI"),  # any case
        ("工时费是多少？", "工时费"),
        ("这次的索赔件您拿回去了吗？", "索赔件"),  # the longer term, not 索赔 inside it
        ("您对我们的SA满意吗？", "SA"),
    ],
)
def test_jargon_terms(text, term):
    """(Not 4S: customers say 4S店 themselves, so it is no jargon.)"""
    message = only(
        survey(YES_NO.replace("这次保养是您本人送车去店里的吗？", text)), "jargon"
    ).message
    assert f"「{term}" in message or f"{term}（" in message or term in message


@pytest.mark.parametrize(
    "text", ["您的PDIX套餐用了吗？", "您去过USA吗？", "您的{customer_name}对吗？"]
)
def test_latin_jargon_matches_whole_words_only(text):
    assert "jargon" not in rules(survey(YES_NO.replace("这次保养是您本人送车去店里的吗？", text)))


def test_jargon_in_option_labels_and_what_to_say_instead():
    question = choice("q1", "您这次来店做的是什么？", ["定保", "钣喷", "说不清"])
    message = only(survey(question), "jargon").message
    assert "定保（可说：定期保养）" in message and "钣喷（可说：钣金喷漆）" in message


# --- options -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "labels, extra",
    [
        (["满意", "一般", "不满意", "说不清"], ""),
        (["满意", "一般", "不满意"], "  other: true"),
        (["满意", "一般", "不满意"], "  exhaustive: true"),
        (["是", "否"], ""),
        (["愿意", "不愿意"], ""),
        (["有", "没有"], ""),
        (["30岁以下", "30-44岁", "45岁及以上"], ""),  # ranges that cover every number
    ],
)
def test_complete_options(labels, extra):
    assert findings(survey(choice("q1", "您对这次的服务满意吗？", labels, extra))) == []


def test_overlap_and_gap_messages_name_the_numbers():
    overlap = only(CASES["options-overlap"][0], "options-overlap").message
    assert "「30-45岁」" in overlap and "「45-60岁」" in overlap and "45 同时属于" in overlap
    gap = only(CASES["options-gap"][0], "options-gap").message
    assert "「30岁以下」" in gap and "「35-45岁」" in gap and "30–34" in gap


@pytest.mark.parametrize(
    "label, expected",
    [
        ("30-44岁", (30, 44, True, True)),
        ("30～44", (30, 44, True, True)),
        ("30到44", (30, 44, True, True)),
        ("30岁至44岁", (30, 44, True, True)),
        ("30岁以下", (-lint.INF, 30, False, False)),
        ("30以内", (-lint.INF, 30, False, False)),
        ("不足30", (-lint.INF, 30, False, False)),
        ("30岁及以下", (-lint.INF, 30, False, True)),
        ("60岁以上", (60, lint.INF, False, False)),
        ("超过60", (60, lint.INF, False, False)),
        ("60岁及以上", (60, lint.INF, True, False)),
        ("60或以上", (60, lint.INF, True, False)),
        ("2016年以后", (2016, lint.INF, False, False)),
        ("1.5-2.0升", (1.5, 2.0, True, True)),
        ("距离太远", None),
        ("4S店", None),
        ("第2次来店", None),
    ],
)
def test_span_of_a_label(label, expected):
    found = span(label)
    if expected is None:
        assert found is None
    else:
        assert (found.lo, found.hi, found.lo_in, found.hi_in) == expected


@pytest.mark.parametrize(
    "labels, overlaps, gaps",
    [
        (["30-44岁", "45岁及以上"], 0, 0),  # whole numbers: no gap between 44 and 45
        (["30岁以下", "30-45岁", "46岁及以上"], 0, 0),
        (["30岁以下", "30-40岁", "40-50岁", "50岁以上"], 1, 0),
        (["1.5升以下", "1.5-2.0升", "2.5升及以上"], 0, 1),  # decimals: 2.0 to 2.5 is a gap
        (["1.5升以下", "1.5升及以上"], 0, 0),
        (["1.5升以下", "1.5升以上"], 0, 1),  # 1.5 itself is in neither
        (["6个月以内", "6个月-1年", "1年以上"], 0, 0),  # two units: not compared
        (["9-12点", "12-14点"], 0, 0),  # times of day meet
        (["1次", "2次", "3次"], 0, 0),  # single numbers alone are not ranges
        (["1次", "3-5次", "6次及以上"], 0, 1),
        (["60岁以上", "超过60"], 1, 0),  # both open-ended
    ],
)
def test_check_ranges(labels, overlaps, gaps):
    found = check_ranges(labels)
    assert (len(found.overlaps) if found else 0, len(found.gaps) if found else 0) == (
        overlaps,
        gaps,
    )


def test_range_messages_for_decimals_and_open_ends():
    assert check_ranges(["1.5-2.0升", "2.5升及以上"]).gaps == (
        ("1.5-2.0升", "2.5升及以上", "2 与 2.5 之间"),
    )
    assert check_ranges(["60岁以上", "超过60"]).overlaps == (("60岁以上", "超过60", "61 及以上"),)


# --- lint_ignore -------------------------------------------------------------------------

IGNORED = "  lint_ignore: [{rule}]\n  lint_reason: 客户群都是车队管理员，懂这些词\n"


def test_lint_ignore_silences_a_warning_for_that_question_only():
    first = YES_NO.replace("这次保养", "这次首保") + IGNORED.format(rule="jargon")
    second = YES_NO.replace("q1", "q2").replace("这次保养", "这次首保")
    found = findings(survey(first + second))
    assert [(f.rule, f.question) for f in found] == [("jargon", "q2")]


def test_lint_ignore_never_silences_an_error():
    question = choice(
        "b1",
        AGES,
        ["30-45岁", "45-60岁"],
        "  other: true\n" + IGNORED.format(rule="options-overlap"),
    )
    assert rules(survey(SCALE, background=question)) == ["options-overlap"]


# --- phrase lists ------------------------------------------------------------------------


def test_packaged_phrases_load_once():
    assert load_phrases() is load_phrases()
    assert ("首保", "首次保养") in load_phrases().jargon


def test_a_centre_file_extends_the_lists(tmp_path):
    centre = tmp_path / "centre.yaml"
    centre.write_text("jargon:\n  - 回厂率\n  - KPI: 考核\nleading: [您肯定也]\n", encoding="utf-8")
    phrases = load_phrases(centre)
    terms = [t for t, _plain in phrases.jargon]
    assert "回厂率" in terms and "KPI" in terms and "首保" in terms  # ours are kept
    text = survey(YES_NO.replace("这次保养是您本人送车去店里的吗？", "您知道我们的回厂率吗？"))
    assert "jargon" not in rules(text)
    assert "jargon" in rules(text, phrases=phrases)


def test_the_lists_drive_the_wording_rules():
    text = survey(SCALE.replace("您对本次保养服务", "难道您对首保的质量和价格"))
    assert set(rules(text)) == {"leading-question", "double-barreled", "jargon"}
    assert rules(text, phrases=Phrases()) == []


def test_a_centre_key_with_every_entry_commented_out(tmp_path):
    centre = tmp_path / "centre.yaml"
    centre.write_text("jargon:\n  # - 回厂率\n", encoding="utf-8")
    assert load_phrases(centre).jargon == load_phrases().jargon


def test_a_changed_centre_file_is_read_again(tmp_path):
    centre = tmp_path / "centre.yaml"
    centre.write_text("jargon: [回厂率]\n", encoding="utf-8")
    assert ("回厂率", "") in load_phrases(centre).jargon
    centre.write_text("jargon: [进厂台次, 回厂率]\n", encoding="utf-8")
    assert ("进厂台次", "") in load_phrases(centre).jargon


@pytest.mark.parametrize(
    "content, key, reason",
    [
        ("jargn: [回厂率]\n", "jargn", "未知的列表"),
        ("jargon: 回厂率\n", "jargon", "应为列表"),
        ("jargon: [回厂率, 12]\n", "jargon", "第 2 项"),
        ("leading: [yes]\n", "leading", "加引号"),
        ("yes_no: [是否]\n", "yes_no", "是/否"),
        ("jargon: [回厂率\n", None, "不是有效的 YAML"),
        ("- 回厂率\n", None, "应为映射"),
    ],
)
def test_a_bad_phrases_file_names_the_file_and_key(tmp_path, content, key, reason):
    centre = tmp_path / "centre.yaml"
    centre.write_text(content, encoding="utf-8")
    with pytest.raises(PhrasesError) as caught:
        load_phrases(centre)
    message = str(caught.value)
    assert message.startswith(str(centre)) and reason in message
    assert caught.value.key == key
    if key:
        assert f": {key}:" in message


def test_a_missing_phrases_file(tmp_path):
    with pytest.raises(PhrasesError, match="文件不存在"):
        load_phrases(tmp_path / "nowhere.yaml")


# --- the path rules ----------------------------------------------------------------------


def test_a_given_analysis_is_used(monkeypatch):
    q = loads(survey(SCALE), "t.yaml")
    analysis = paths.analyse(q)
    long = paths.Route(("q1",), "END", {"q1": 1}, seconds=3600)
    analysis = type(analysis)(**{**analysis.__dict__, "longest": long})
    monkeypatch.setattr(paths, "analyse", lambda *a, **k: pytest.fail("analysed again"))
    found = lint.lint(q, analysis=analysis)
    assert [f.rule for f in found] == ["too-long"]
    assert "60.0 分钟" in found[0].message and "10 分钟" in found[0].message


def test_too_many_routes_skips_the_path_rules(monkeypatch):
    def too_many(*args, **kwargs):
        raise paths.TooManyRoutes("more than 200000 branch points")

    monkeypatch.setattr(paths, "analyse", too_many)
    text = CASES["unreachable-question"][0].replace("您对本次", "难道您对本次")
    assert rules(text) == ["leading-question"]


# --- the example of formats.md -----------------------------------------------------------


def test_the_formats_example_is_clean():
    # Not even a warning: s1's 是/不是 need no "other", b1's ranges leave no gap.
    assert findings(example_yaml()) == []


# --- speed -------------------------------------------------------------------------------


def big_survey(n: int = 200) -> str:
    questions = []
    for i in range(n):
        when = f"  when: q{i - 1} == 'o0' or answered(q{i - 2})\n" if i % 5 == 4 else ""
        questions.append(
            choice(
                f"q{i}",
                f"您对第{i}项服务的质量和效率满意吗？",
                ["满意", "一般", "不满意", "说不清", "首保"],
                when,
            )
        )
    return survey("".join(questions), head="max_minutes: 30\n")


def test_two_hundred_questions_lint_well_under_half_a_second():
    q = loads(big_survey(), "big.yaml")
    load_phrases()  # read once per process, like a server
    started = time.process_time()
    found = lint.lint(q)
    spent = time.process_time() - started
    assert {f.rule for f in found} == {"double-barreled", "jargon", "too-long"}
    assert spent < 0.5, spent
