"""Running a questionnaire call by call: the next question (jumps, conditions, the
screening exit), every validation error, going back and changing an answer, and
how it ends."""

import pytest

from huifang.scripts.placeholders import fill
from huifang.surveys import loading
from huifang.surveys.engine import AnswerError, FlowError, Sheet, answer, back, next_question, walk
from tests.surveys.forms import BUILTIN, example_yaml, form, single

EXAMPLE = loading.loads(example_yaml())


def run(q, *steps):
    """Answer step by step; return the sheet."""
    sheet = Sheet()
    for step in steps:
        sheet = answer(q, sheet, *step)
    return sheet


def test_the_first_question_and_the_screening_exit():
    assert next_question(EXAMPLE, Sheet()).id == "s1"
    sheet = run(EXAMPLE, ("s1", "no"))
    walked = walk(EXAMPLE, sheet.answers)
    assert walked.asked == ("s1",) and walked.pending is None
    assert walked.status == "not_eligible"


def test_a_condition_shows_or_skips_a_question():
    unhappy = run(EXAMPLE, ("s1", "yes"), ("q1", 2))
    assert next_question(EXAMPLE, unhappy).id == "q2"
    happy = run(EXAMPLE, ("s1", "yes"), ("q1", 5))
    assert next_question(EXAMPLE, happy).id == "q3"


def test_a_whole_call_completes():
    sheet = run(
        EXAMPLE,
        ("s1", "yes"),
        ("q1", 3),
        ("q2", ["price", "other"], "太忙"),
        ("q3", ""),
        ("b1", "b"),
    )
    walked = walk(EXAMPLE, sheet.answers)
    assert walked.asked == ("s1", "q1", "q2", "q3", "b1") and walked.status == "complete"
    assert sheet.answers["q2"] == ["price", "other"] and sheet.other_text == {"q2": "太忙"}
    assert sheet.answers["q3"] is None  # left blank, allowed: it is not required


def test_stopping_midway_is_partial():
    sheet = run(EXAMPLE, ("s1", "yes"), ("q1", 3))
    assert walk(EXAMPLE, sheet.answers).status == "partial"


def test_a_goto_jumps_forward_past_questions():
    q = form(
        [
            {
                **single("a", "x", "y"),
                "options": [
                    {"value": "x", "label": "X"},
                    {"value": "y", "label": "Y", "goto": "c"},
                ],
            },
            single("b", "x"),
            single("c", "x", "y"),
        ]
    )
    assert walk(q, run(q, ("a", "y")).answers).pending == "c"
    assert walk(q, run(q, ("a", "x")).answers).pending == "b"


def test_a_multi_answer_jumps_with_its_first_chosen_option_that_has_a_goto():
    q = form(
        [
            {
                "id": "m",
                "text": "？",
                "type": "multi",
                "options": [
                    {"value": "a", "label": "A"},
                    {"value": "b", "label": "B", "goto": "END"},
                    {"value": "c", "label": "C", "goto": "z"},
                ],
            },
            single("y", "x"),
            single("z", "x"),
        ]
    )
    assert walk(q, {"m": ["c", "b"]}).ended == "END"
    assert walk(q, {"m": ["c"]}).pending == "z"
    assert walk(q, {"m": ["a"]}).pending == "y"


def test_going_back_and_changing_an_answer_drops_what_no_longer_applies():
    sheet = run(EXAMPLE, ("s1", "yes"), ("q1", 2), ("q2", ["far"]), ("q3", "太远了"))
    assert next_question(EXAMPLE, sheet).id == "b1"
    # Back one question: q3 is asked again, its old answer is there for the form.
    earlier, question = back(EXAMPLE, sheet)
    assert question.id == "q3" and next_question(EXAMPLE, earlier).id == "q3"
    assert "q3" not in earlier.answers and sheet.answers["q3"] == "太远了"
    # Change q1 to 5: q2 no longer applies and is dropped; q3, still ahead, is kept.
    changed = answer(EXAMPLE, sheet, "q1", 5)
    assert "q2" not in changed.answers and changed.answers["q3"] == "太远了"
    assert walk(EXAMPLE, changed.answers).asked == ("s1", "q1", "q3")
    assert next_question(EXAMPLE, changed).id == "b1"
    # And a screening answer that ends it drops everything after.
    ended = answer(EXAMPLE, sheet, "s1", "no")
    assert ended.answers == {"s1": "no"}


def test_back_at_the_start_stays_at_the_start():
    assert back(EXAMPLE, Sheet()) == (Sheet(), None)


def test_a_question_not_on_the_route_cannot_be_answered():
    with pytest.raises(AnswerError, match="现在不该回答"):
        answer(EXAMPLE, Sheet(), "q3", "太远")
    with pytest.raises(AnswerError, match="现在不该回答"):
        answer(EXAMPLE, run(EXAMPLE, ("s1", "yes"), ("q1", 5)), "q2", ["far"])


SCALE = {"id": "s", "text": "？", "type": "scale", "scale": {"min": 1, "max": 5}}


@pytest.mark.parametrize(
    "question,value,other,message",
    [
        (single("q", "a", "b"), None, "", "此题必答"),
        (single("q", "a", "b"), "  ", "", "此题必答"),
        (single("q", "a", "b"), "c", "", "'c' 不是此题的选项（可选：a、b）"),
        (single("q", "a", other=True), "other", "", "请注明"),
        ({**single("q", "a", "b"), "type": "multi"}, ["a", "x"], "", "'x' 不是此题的选项"),
        ({**single("q", "a", "b"), "type": "multi"}, [], "", "此题必答"),
        ({**single("q", "a"), "type": "multi", "other": True}, ["a", "other"], " ", "请注明"),
        (SCALE, 6, "", "应为 1 到 5 之间的整数"),
        (SCALE, 2.5, "", "应为 1 到 5 之间的整数"),
        (SCALE, "很好", "", "'很好' 不是数字"),
        (SCALE, True, "", "应为数字"),
        ({"id": "n", "text": "？", "type": "nps"}, 11, "", "应为 0 到 10 之间的整数"),
        ({"id": "n", "text": "？", "type": "nps"}, -1, "", "应为 0 到 10 之间的整数"),
        ({"id": "x", "text": "？", "type": "number"}, "十", "", "'十' 不是数字"),
        ({"id": "x", "text": "？", "type": "number"}, "nan", "", "'nan' 不是数字"),
        ({"id": "x", "text": "？", "type": "number"}, "1e400", "", "'1e400' 不是数字"),
        ({"id": "x", "text": "？", "type": "number"}, float("inf"), "", "不是数字"),
        (SCALE, "nan", "", "'nan' 不是数字"),
        ({"id": "d", "text": "？", "type": "date"}, "2026-02-30", "", "不是日期"),
        ({"id": "d", "text": "？", "type": "date"}, "3月1日", "", "请写成 2026-03-01"),
        ({"id": "t", "text": "？", "type": "text"}, "", "", "此题必答"),
    ],
)
def test_every_validation_error(question, value, other, message):
    q = form([question])
    with pytest.raises(AnswerError) as caught:
        answer(q, Sheet(), question["id"], value, other)
    assert message in caught.value.message and caught.value.qid == question["id"]


@pytest.mark.parametrize(
    "question,value,stored",
    [
        (single("q", "1", "2"), 2, "2"),  # option values are text
        ({**single("q", "a", "b", "c"), "type": "multi"}, ["c", "a", "c"], ["a", "c"]),
        ({**single("q", "a"), "type": "multi"}, "a", ["a"]),
        (SCALE, "4", 4),
        ({"id": "n", "text": "？", "type": "nps"}, 0, 0),
        ({"id": "x", "text": "？", "type": "number"}, "3.5", 3.5),
        ({"id": "x", "text": "？", "type": "number"}, 12.0, 12),
        ({"id": "d", "text": "？", "type": "date"}, "2026-03-01", "2026-03-01"),
        ({"id": "t", "text": "？", "type": "text"}, "  很好  ", "很好"),
        ({"id": "t", "text": "？", "type": "text", "required": False}, "", None),
    ],
)
def test_answers_are_stored_in_their_plain_form(question, value, stored):
    q = form([question])
    assert answer(q, Sheet(), question["id"], value).answers[question["id"]] == stored


def test_a_jump_backward_cannot_be_walked():
    q = form(
        [
            single("a", "x"),
            {**single("b", "x"), "options": [{"value": "x", "label": "X", "goto": "a"}]},
        ]
    )
    with pytest.raises(FlowError, match="b 向前跳回 a"):
        walk(q, {"a": "x", "b": "x"})


def test_spoken_fills_what_it_knows_and_shows_what_it_lacks():
    text = "{title}您好，我是{company}{agent_no}号，{dealer}"
    said = fill(text, {"title": "王先生", "company": "长城汽车", "agent_no": "1024"})
    assert said == "王先生您好，我是长城汽车1024号，{dealer}"


def test_a_sheet_survives_json():
    sheet = run(EXAMPLE, ("s1", "yes"), ("q1", 2), ("q2", ["other"], "忙"))
    assert Sheet.from_json(sheet.as_json()) == sheet


def test_the_dormant_care_builtin_runs_the_voucher_branch():
    q = loading.load(BUILTIN / "dormant-care.yaml")
    sheet = run(q, ("s1", "yes"), ("s2", "yes"), ("q1", ["price"]), ("q3", "chain"), ("q4", 3))
    sheet = answer(q, sheet, "q5", "other_number")
    assert next_question(q, sheet).id == "q6"
    sheet = answer(q, sheet, "q5", "yes")
    assert next_question(q, sheet).id == "q7"
