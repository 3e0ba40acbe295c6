"""Reading questionnaires: the format of formats.md, every problem with its place,
bad files refused with one clear line, and printing back gives the same thing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huifang.surveys import loading, printing
from huifang.surveys import questionnaire as model
from huifang.surveys.loading import SurveyError, loads
from tests.surveys.forms import BUILTINS, around, example_yaml


def test_the_example_of_the_format_loads_as_written():
    q = loads(example_yaml(), "example.yaml")
    assert [s.kind for s in q.sections] == [
        "greeting",
        "screening",
        "main",
        "background",
        "closing",
    ]
    assert [x.id for x in q.questions] == ["s1", "q1", "q2", "q3", "b1"]
    s1 = q.question("s1")
    # `yes` and `no` stay text: `s1 == 'yes'` must be able to match.
    assert [o.value for o in s1.options] == ["yes", "no"]
    assert s1.options[1].goto == model.END_NOT_ELIGIBLE
    assert q.question("q1").scale == model.Scale(1, 5, ((1, "非常不满意"), (5, "非常满意")))
    assert q.question("q2").other and q.question("q2").when == "q1 <= 3"
    assert q.question("q2").values == ("far", "price", "other")
    assert q.question("q3").required is False
    assert q.question("b1").personal and q.question("b1").exhaustive
    assert q.max_minutes == 8 and q.question("q2").line == 22


def problems(text: str) -> list[str]:
    with pytest.raises(SurveyError) as caught:
        loads(text, "bad.yaml")
    return caught.value.problems


@pytest.mark.parametrize(
    "text,expected",
    [
        ("id: [unclosed", "行：不是有效的 YAML"),
        ("a: 1\n  b: 2\n", "第 2 行：不是有效的 YAML"),
        ("- just\n- a list\n", "问卷应是一个映射"),
        ("'a string'", "而不是 文字"),
        ("", "而不是 空"),
        ("id: x\ntitle: t\n", "缺少 sections"),
        ("id: Bad Slug\ntitle: t\nsections: []\n", "应为小写字母"),
        ("id: x\ntitle: t\nsections: []\nmax_minutes: -3\n", "max_minutes：应为正数"),
        ("id: x\ntitle: t\nsections: [{kind: intro}]\n", "第 1 部分 kind：未知部分 'intro'"),
        ("id: x\ntitle: t\nsections: [{kind: main, questoins: []}]\n", "未知字段 'questoins'"),
    ],
)
def test_bad_documents_are_refused_with_their_place(text, expected):
    assert any(expected in p for p in problems(text)), problems(text)


@pytest.mark.parametrize(
    "question,expected",
    [
        ({"text": "没有编号？", "type": "text"}, "问题：缺少 id"),
        ({"id": "1q", "text": "？", "type": "text"}, "问题 1q：编号应以字母开头"),
        ({"id": "q", "type": "text"}, "问题 q：缺少 text"),
        ({"id": "q", "text": "？", "type": "multiple"}, "问题 q type：未知题型 'multiple'"),
        ({"id": "q", "text": "？", "type": "single"}, "single 题需要 options"),
        (
            {"id": "q", "text": "？", "type": "text", "options": [{"value": "a", "label": "A"}]},
            "请删去 options",
        ),
        (
            {"id": "q", "text": "？", "type": "single", "options": [{"value": "a"}]},
            "选项 1：缺少 label",
        ),
        (
            {"id": "q", "text": "？", "type": "single", "options": ["a"]},
            "选项 1：应为 {value: …, label: …}",
        ),
        (
            {
                "id": "q",
                "text": "？",
                "type": "single",
                "options": [{"value": "a", "label": "A"}] * 2,
            },
            "选项值 'a' 重复",
        ),
        (
            {
                "id": "q",
                "text": "？",
                "type": "single",
                "options": [{"value": "a", "label": "A", "goto": "q 2"}],
            },
            "既不是题目编号",
        ),
        ({"id": "q", "text": "？", "type": "scale"}, "scale 题需要 scale"),
        (
            {"id": "q", "text": "？", "type": "scale", "scale": {"min": 5, "max": 1}},
            "min 应小于 max",
        ),
        (
            {"id": "q", "text": "？", "type": "scale", "scale": {"min": 1, "max": "五"}},
            "min 和 max 应为整数",
        ),
        (
            {"id": "q", "text": "？", "type": "text", "scale": {"min": 1, "max": 5}},
            "只有 scale 题可以有 scale",
        ),
        (
            {"id": "q", "text": "？", "type": "text", "required": "否"},
            "required：应为 true 或 false",
        ),
        (
            {"id": "q", "text": "？", "type": "text", "other": True},
            "只有 single/multi 题可以加 other",
        ),
        ({"id": "q", "text": "？", "type": "text", "when": ""}, "when：应为条件文字"),
        (
            {"id": "q", "text": "？", "type": "text", "lint_ignore": ["jargon"]},
            "需要写明 lint_reason",
        ),
    ],
)
def test_bad_questions_are_refused_with_their_section_id_and_field(question, expected):
    found = problems(around([question]))
    assert any(expected in p and "第 2 部分" in p for p in found), found


def test_every_problem_is_reported_not_only_the_first():
    found = problems(around([{"id": "a", "type": "bogus"}, {"id": "b", "text": "？"}]))
    assert len(found) == 3  # a: no text, a: unknown type, b: no type
    assert all(p.startswith("第 ") for p in found)  # each with its line


def test_a_bad_condition_still_loads_so_the_linter_can_say_what_is_wrong():
    q = loads(around([{"id": "q", "text": "？", "type": "text", "when": "q1 = 3"}]))
    assert q.question("q").when == "q1 = 3"


@pytest.mark.parametrize(
    "test,expected",
    [
        ({"name": "x"}, "至少写明 expect 或 end"),
        ({"name": "x", "end": "done"}, "end：应为 complete、not_eligible、partial 之一"),
        ({"name": "x", "answers": ["a"], "end": "complete"}, "answers：应为 {题目编号: 答案}"),
        ({"name": "x", "expect": "q1", "end": "complete"}, "expect：应为题目编号的列表"),
        ({"name": "x", "answers": {"q1": {"a": 1}}, "end": "complete"}, "answers q1：答案应为文字"),
    ],
)
def test_bad_path_tests_are_refused(test, expected):
    text = (
        around([{"id": "q1", "text": "？", "type": "text"}])
        + "tests:\n- "
        + str(test).replace("'", '"')
        + "\n"
    )
    assert any(expected in p for p in problems(text)), problems(text)


def test_files_that_cannot_be_questionnaires(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 10_000_000, encoding="utf-8")
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("id: 问卷".encode("gb18030"))
    cases = {
        big: "文件太大（10.0 MB）",
        gbk: "不是 UTF-8",
        tmp_path / "missing.yaml": "文件不存在",
        tmp_path: "文件夹",
    }
    for path, expected in cases.items():
        with pytest.raises(SurveyError) as caught:
            loading.load(path)
        assert expected in caught.value.first and str(path) in caught.value.first


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_printing_a_builtin_and_loading_it_again_gives_the_same_questionnaire(path):
    q = loading.load(path)
    again = loads(printing.dumps(q))
    assert again == q
    assert printing.dumps(again) == printing.dumps(q)


# --- generated questionnaires ------------------------------------------------------

qids = st.from_regex(r"q[0-9]{1,3}", fullmatch=True)
words = (
    st.text(st.sampled_from("您对满意吗价格服务 yes no:#'\"{}-1"), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def questions(draw, qid):
    kind = draw(st.sampled_from(model.TYPES))
    fields = {}
    if kind in model.CHOICE_TYPES:
        values = draw(
            st.lists(
                st.sampled_from(["yes", "no", "1", "a", "on", "价格"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        fields["options"] = tuple(
            model.Option(v, draw(words), draw(st.sampled_from([None, "END", "END_NOT_ELIGIBLE"])))
            for v in values
        )
        fields["other"] = draw(st.booleans())
    if kind == "scale":
        low = draw(st.integers(0, 3))
        fields["scale"] = model.Scale(low, low + draw(st.integers(1, 9)), ((low, draw(words)),))
    return model.Question(
        id=qid,
        text=draw(words),
        type=kind,
        required=draw(st.booleans()),
        personal=draw(st.booleans()),
        when=draw(st.sampled_from([None, "q1 <= 3", "'a' in q2 or not answered(q3)"])),
        **fields,
    )


@st.composite
def questionnaires(draw):
    ids = draw(st.lists(qids, min_size=1, max_size=6, unique=True))
    main = model.Section("main", None, tuple(draw(questions(i)) for i in ids))
    sections = (model.Section("greeting", draw(words)), main, model.Section("closing", draw(words)))
    tests = (model.PathTest(draw(words), {ids[0]: "yes"}, tuple(ids[:1]), "partial"),)
    return model.Questionnaire(
        id="gen-1",
        title=draw(words),
        purpose=draw(st.sampled_from(["", "目的"])),
        max_minutes=draw(st.sampled_from([None, 5, 7.5])),
        sections=sections,
        tests=draw(st.sampled_from([(), tests])),
    )


@settings(max_examples=150, deadline=None)
@given(questionnaires())
def test_load_print_load_gives_the_same_questionnaire(q):
    assert loads(printing.dumps(q)) == q


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_a_builtin_greeting_names_the_agents_number_and_confirms_the_person(path):
    """D2: company and "XX号" agent, confirm the person, purpose, duration, convenience."""
    from huifang.scripts.placeholders import unknown

    say = next(s.say for s in loading.load(path).sections if s.kind == "greeting")
    assert "{company}" in say and "{agent_no}号回访专员" in say
    assert "请问您是{customer_name}{title}吗？" in say
    assert say.index("{agent_no}号") < say.index("请问您是{customer_name}")  # who calls first
    assert "{minutes}分钟" in say and "方便接听" in say
    assert unknown(say) == []
