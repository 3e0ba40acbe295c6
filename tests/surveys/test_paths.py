"""Test mode: the routes through a questionnaire by its distinct branches, each with
answers that take it; the shortest, longest and average; unreachable questions judged
by the conditions; and the path tests a questionnaire carries."""

import pytest

from huifang.surveys import engine, loading, paths, pathtests
from tests.surveys.forms import BUILTINS, example_yaml, form, single

EXAMPLE = loading.loads(example_yaml())


def test_the_example_has_three_routes_each_with_a_witness_that_takes_it():
    found = paths.analyse(EXAMPLE)
    assert found.count == 3 and found.complete_listing
    routes = {(r.questions, r.end) for r in found.routes}
    assert routes == {
        (("s1",), "END_NOT_ELIGIBLE"),
        (("s1", "q1", "q2", "q3", "b1"), "END"),
        (("s1", "q1", "q3", "b1"), "END"),
    }
    for route in found.routes:
        walked = engine.walk(EXAMPLE, route.witness)
        assert walked.asked == route.questions
    assert found.longest.questions == ("s1", "q1", "q2", "q3", "b1")
    assert found.shortest.questions == ("s1",)
    assert found.shortest.seconds < found.average_seconds < found.longest.seconds
    assert found.average_questions == pytest.approx((1 + 5 + 4) / 3)
    assert found.unreachable == ()


def test_the_estimate_follows_the_stated_time_model():
    q = form([{"id": "t", "text": "一二三四五六七八", "type": "text"}])
    model = paths.timing()
    said = (len("您好，我是XXXXXX号回访专员。") + len("感谢您的配合，再见！")) / model[
        "chars_per_second"
    ]
    expected = said + 8 / model["chars_per_second"] + model["answer_seconds"]["text"]
    assert paths.analyse(q).longest.seconds == pytest.approx(expected)


def test_a_condition_that_can_never_hold_makes_its_question_unreachable():
    q = form(
        [
            {"id": "q1", "text": "？", "type": "scale", "scale": {"min": 1, "max": 5}},
            {"id": "q2", "text": "？", "type": "text", "when": "q1 > 7"},
            {"id": "q3", "text": "？", "type": "text", "when": "q1 > 3 and q1 < 2"},
            {"id": "q4", "text": "？", "type": "text", "when": "q1 >= 5"},
        ]
    )
    assert paths.analyse(q).unreachable == ("q2", "q3")


def test_a_goto_that_skips_a_question_on_every_answer_makes_it_unreachable():
    q = form(
        [
            {**single("a", "x"), "options": [{"value": "x", "label": "X", "goto": "c"}]},
            single("b", "x"),
            single("c", "x"),
        ]
    )
    assert paths.analyse(q).unreachable == ("b",)


def test_multi_answers_are_enumerated_by_the_values_conditions_read():
    q = form(
        [
            {**single("m", "a", "b", "c", "d"), "type": "multi"},
            {"id": "x", "text": "？", "type": "text", "when": "'a' in m"},
            {"id": "y", "text": "？", "type": "text", "when": "'b' in m"},
        ]
    )
    routes = {r.questions for r in paths.analyse(q).routes}
    assert routes == {("m",), ("m", "x"), ("m", "y"), ("m", "x", "y")}


def test_independent_branches_are_counted_without_listing_every_combination():
    questions = []
    for i in range(40):  # 40 independent yes/no branches: 2**40 routes
        questions.append(single(f"a{i}", "yes", "no"))
        questions.append({"id": f"b{i}", "text": "？", "type": "text", "when": f"a{i} == 'yes'"})
    found = paths.analyse(form(questions), limit=10)
    assert found.count == 2**40
    assert len(found.routes) == 10 and not found.complete_listing
    assert len(found.longest.questions) == 80 and len(found.shortest.questions) == 40


def test_an_optional_question_left_blank_is_its_own_branch_when_a_condition_asks():
    q = form(
        [
            {"id": "t", "text": "？", "type": "text", "required": False},
            {"id": "u", "text": "？", "type": "text", "when": "answered(t)"},
        ]
    )
    assert {r.questions for r in paths.analyse(q).routes} == {("t",), ("t", "u")}


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_the_builtins_pass_their_own_path_tests_and_reach_every_question(path):
    q = loading.load(path)
    assert q.tests, "a built-in carries its tests"
    outcomes = pathtests.run_all(q)
    assert [o.problems for o in outcomes if not o.passed] == []
    found = paths.analyse(q)
    assert found.unreachable == ()
    assert found.longest.seconds <= q.minutes_allowed * 60


def test_a_failing_path_test_says_what_was_asked_and_what_was_expected():
    q = loading.loads(
        example_yaml()
        + """
tests:
  - name: wrong expectation
    answers: {s1: 'yes', q1: 5, q3: '', b1: a}
    expect: [s1, q1, q2, q3, b1]
    end: complete
  - name: bad answers
    answers: {s1: 'maybe', q9: 1}
    end: not_eligible
"""
    )
    wrong, bad = pathtests.run_all(q)
    assert wrong.problems == ("问到的题目 s1 q1 q3 b1，应为 s1 q1 q2 q3 b1",)
    assert bad.problems[:2] == (
        "答案无效：s1：'maybe' 不是此题的选项（可选：yes、no）",
        "答案里的 q9 不是本问卷的题目",
    )
    assert "结束状态为 partial，应为 not_eligible" in bad.problems[2]


def test_a_range_between_two_close_decimal_bounds_is_reachable():
    q = form(
        [
            {"id": "q1", "text": "？", "type": "number"},
            {"id": "q2", "text": "？", "type": "text", "when": "q1 > 0.5 and q1 < 1"},
        ]
    )
    assert paths.analyse(q).unreachable == ()


def test_too_many_branch_points_block_a_launch_instead_of_passing_unchecked(monkeypatch):
    from huifang.surveys import report

    monkeypatch.setattr(paths, "MAX_NODES", 2)
    reasons = report.blocking(EXAMPLE)
    assert any("分支太多" in r for r in reasons)
