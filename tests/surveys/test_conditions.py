"""The condition language of `when`: what parses (and into what), what does not (and
where it stops making sense), and how it reads the answers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huifang.surveys.conditions import (
    And,
    Answered,
    Compare,
    ConditionError,
    Contains,
    Not,
    OneOf,
    Or,
    evaluate,
    parse,
    references,
    unparse,
)

VALID = [
    ("q1 <= 3", Compare("q1", "<=", 3)),
    ("q1==3", Compare("q1", "==", 3)),
    ("q1 != 'no'", Compare("q1", "!=", "no")),
    ('s1 == "yes"', Compare("s1", "==", "yes")),
    ("q1 > -1.5", Compare("q1", ">", -1.5)),
    ("q3 in ['a', 'b']", OneOf("q3", ("a", "b"))),
    ("'price' in q2", Contains("price", "q2")),
    ("answered(q3)", Answered("q3")),
    ("not answered(q3)", Not(Answered("q3"))),
    (
        "q1 <= 3 and 'price' in q2 or answered(q3)",
        Or(And(Compare("q1", "<=", 3), Contains("price", "q2")), Answered("q3")),
    ),
    (
        "q1 <= 3 and ('price' in q2 or answered(q3))",
        And(Compare("q1", "<=", 3), Or(Contains("price", "q2"), Answered("q3"))),
    ),
    ("not not q1 > 2", Not(Not(Compare("q1", ">", 2)))),
    (
        "a == 0 and b_2 == 1 and c == 2",  # left-associative
        And(And(Compare("a", "==", 0), Compare("b_2", "==", 1)), Compare("c", "==", 2)),
    ),
]

INVALID = [
    ("", 1, "空"),
    ("q1 = 3", 4, "=="),
    ("q1 <= ", 7, "缺少"),
    ("q1 == yes", 7, "引号"),
    ("q1 3", 4, "比较符号"),
    ("(q1 > 2", 8, ")"),
    ("q1 > 2)", 7, "结尾"),
    ("q1 > 2 and", 11, "缺少"),
    ("q1 in 'a'", 7, "["),
    ("q1 in ['a',]", 12, "数字或带引号"),
    ("'x' in 'y'", 8, "题目编号"),
    ("q1 > 2 && q2 < 3", 8, "&"),
    ("q1 == 'open", 7, "引号"),
    ("answered q1", 10, "("),
]


@pytest.mark.parametrize("source,tree", VALID)
def test_valid_conditions_parse_to_their_tree(source, tree):
    assert parse(source) == tree


@pytest.mark.parametrize("source,column,words", INVALID)
def test_invalid_conditions_name_the_column(source, column, words):
    with pytest.raises(ConditionError) as caught:
        parse(source)
    assert caught.value.column == column
    assert words in caught.value.message
    assert f"第 {column} 列" in str(caught.value)


ANSWERS = {"q1": 2, "q2": ["price", "far"], "s1": "yes", "q3": None, "n": 7.5}


@pytest.mark.parametrize(
    "source,expected",
    [
        ("q1 <= 3", True),
        ("q1 > 3", False),
        ("q1 == 2", True),
        ("q1 == '2'", True),  # option values are text; numbers match them by value
        ("s1 == 'yes'", True),
        ("s1 != 'yes'", False),
        ("s1 in ['no', 'yes']", True),
        ("'price' in q2", True),
        ("'slow' in q2", False),
        ("n >= 7.5", True),
        ("answered(q1) and not answered(q3)", True),
        # unanswered (left blank, hidden, never reached): every comparison is false
        ("q3 == 'x'", False),
        ("q3 != 'x'", False),
        ("q3 < 100", False),
        ("'x' in q3", False),
        ("zz in [1, 2]", False),
        ("not zz > 1", True),
        # comparisons that make no sense for the answer's kind are false, not errors
        ("s1 > 3", False),
        ("q2 == 'price'", False),
        ("'y' in s1", False),
    ],
)
def test_evaluation_against_answers(source, expected):
    assert evaluate(parse(source), ANSWERS) is expected


def test_references_list_each_question_once_in_order():
    assert references(parse("q2 > 1 and (answered(q1) or 'a' in q2)")) == ["q2", "q1"]


# --- printing and parsing again gives the same tree ---------------------------------

ids = st.from_regex(r"[a-z][a-z0-9_]{0,3}", fullmatch=True).filter(
    lambda s: s not in {"and", "or", "not", "in"} and not s.startswith("answered")
)
numbers = st.integers(-99, 999) | st.floats(-99, 999, allow_nan=False).map(lambda f: round(f, 2))
texts = st.text(st.sampled_from("abcxyz 价格满意其他_-'"), min_size=0, max_size=6).filter(
    lambda s: not ("'" in s and '"' in s)
)
literals = numbers | texts
atoms = st.one_of(
    st.builds(Compare, ids, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), literals),
    st.builds(OneOf, ids, st.lists(literals, min_size=1, max_size=3).map(tuple)),
    st.builds(Contains, literals, ids),
    st.builds(Answered, ids),
)
trees = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(Not, inner), st.builds(And, inner, inner), st.builds(Or, inner, inner)
    ),
    max_leaves=8,
)


@given(trees)
def test_printing_a_tree_and_parsing_it_again_gives_the_same_tree(tree):
    assert parse(unparse(tree)) == tree
