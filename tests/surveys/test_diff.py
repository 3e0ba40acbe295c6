"""What changed between two versions, question by question."""

from huifang.surveys import loading
from huifang.surveys.diff import diff
from tests.surveys.forms import example_yaml

OLD = loading.loads(example_yaml())


def changed(new_text: str) -> list[str]:
    return [c.line() for c in diff(OLD, loading.loads(new_text))]


def test_the_same_questionnaire_has_no_changes():
    assert diff(OLD, loading.loads(example_yaml())) == []


def test_wording_condition_option_and_jump_changes_are_listed_by_question():
    text = (
        example_yaml()
        .replace("when: q1 <= 3", "when: q1 <= 2")
        .replace("您对我们还有什么意见或建议？", "您还有什么建议？")
        .replace(
            "{value: price, label: 价格偏高}",
            "{value: price, label: 价格太高}, {value: slow, label: 等太久}",
        )
        .replace("{value: no, label: 不是, goto: END_NOT_ELIGIBLE}", "{value: no, label: 不是}")
    )
    assert changed(text) == [
        "~ s1 options[no].goto: 'END_NOT_ELIGIBLE' → —",
        "~ q2 when: 'q1 <= 3' → 'q1 <= 2'",
        "~ q2 options[price].label: '价格偏高' → '价格太高'",
        "~ q2 options[slow]: — → '等太久'",
        "~ q3 text: '您对我们还有什么意见或建议？' → '您还有什么建议？'",
    ]


def test_added_removed_and_moved_questions():
    text = example_yaml()
    q3 = text[text.index("      - id: q3") : text.index("  - kind: background")]
    text = text.replace(q3, "").replace(
        "  - kind: background\n    questions:\n",
        "  - kind: background\n    questions:\n" + q3.replace("id: q3", "id: q4"),
    )
    text = text.replace("id: q2\n", "id: q2\n", 1)
    lines = changed(text)
    assert "- q3  您对我们还有什么意见或建议？" in lines
    assert "+ q4  您对我们还有什么意见或建议？" in lines
    swapped = example_yaml()
    q1 = swapped[swapped.index("      - id: q1") : swapped.index("      - id: q2")]
    q2 = swapped[swapped.index("      - id: q2") : swapped.index("      - id: q3")]
    swapped = swapped.replace(q1 + q2, q2 + q1)
    moves = [c for c in diff(OLD, loading.loads(swapped)) if c.kind == "moved"]
    assert {c.question for c in moves} == {"q1", "q2"}
    assert moves[0].as_json()["before"] == "main #2"
