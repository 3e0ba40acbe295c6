"""The intake checklist as data (F2): the seed's fields, the customer types with their
handling advice, the severities, and files refused with their lines."""

import pytest

from huifang.tickets.intake import IntakeError, default_checklist, load_checklist


def test_the_checklist_names_everything_seed_002_says_to_record():
    checklist = default_checklist()
    assert [field.key for field in checklist.fields] == [
        "customer", "vehicle", "category", "description", "service_station", "dealer",
        "parts", "what_happened", "customer_request", "customer_type", "severity",
    ]  # fmt: skip
    labels = " ".join(field.label for field in checklist.fields)
    for words in ("车架号", "服务站", "经销商", "零部件名称", "事情经过", "客户的要求", "客户类型"):
        assert words in labels
    assert {f.key for f in checklist.fields if f.na_allowed} == {
        "service_station",
        "dealer",
        "parts",
    }


def test_each_customer_type_comes_with_its_handling_advice():
    types = default_checklist().customer_types
    assert [(t.key, t.label) for t in types.values()] == [
        ("demanding", "要求型"),
        ("confused", "困惑型"),
        ("agitated", "激动型"),
    ]
    for customer_type in types.values():
        assert customer_type.traits and len(customer_type.advice) >= 3
    assert any("不可随意承诺" in line for line in types["demanding"].advice)  # seed 001
    assert any("先生您别急" in line for line in types["agitated"].advice)  # seed 002
    assert [s.label for s in default_checklist().severities.values()] == [
        "紧急",
        "重要",
        "一般",
        "轻微",
    ]


def test_a_complete_intake_has_no_problems():
    checklist = default_checklist()
    values = {field.key: "有" for field in checklist.fields}
    values.update(customer_type="confused", severity="minor", parts="不涉及")
    assert checklist.problems(values) == [] and checklist.is_complete(values)
    assert not checklist.is_complete({**values, "severity": None})


GOOD = """\
fields:
  - {key: customer, label: 客户}
  - {key: customer_type, label: 客户类型, choices: customer_types}
customer_types:
  - key: calm
    label: 平静型
    traits: 平静
    advice: [照常记录]
severities:
  - {key: normal, label: 一般, meaning: 一般情况}
"""


def load(tmp_path, text):
    path = tmp_path / "intake.yaml"
    path.write_text(text, encoding="utf-8")
    return load_checklist(path)


def test_a_centre_may_bring_its_own_checklist(tmp_path):
    checklist = load(tmp_path, GOOD)
    assert [f.key for f in checklist.fields] == ["customer", "customer_type"]
    assert checklist.problems({"customer": "王", "customer_type": "agitated"}) == [
        "客户类型「agitated」不是可选项（calm 平静型）"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("advice: [照常记录]", "advice: []"), "第 5 行 customer_types calm advice：至少要有一条应对方法"),
        (("    advice: [照常记录]\n", ""), "第 5 行 customer_types calm：缺少 advice"),
        (("choices: customer_types", "choices: moods"), "第 3 行 fields customer_type choices：'moods' 不是可选的列表（customer_types、severities）"),
        (("{key: customer, label: 客户}", "{key: customer, label: 客户, na_allowed: 是}"), "第 2 行 fields customer na_allowed：应为 true 或 false"),
        (("{key: customer_type,", "{key: customer,"), "第 3 行 fields #2：key customer 重复"),
        (("key: calm", "key: Calm"), "第 5 行 customer_types #1：key 'Calm' 应为小写英文字母、数字和下划线"),
        (("severities:", "severity:"), "第 1 行 受理清单：未知字段 'severity'"),
        (("{key: customer, label: 客户}", "{key: customer, label: 客户"), "第 3 行：不是有效的 YAML"),
    ],
)  # fmt: skip
def test_a_bad_checklist_is_refused_with_its_line(tmp_path, change, problem):
    with pytest.raises(IntakeError) as error:
        load(tmp_path, GOOD.replace(*change))
    assert any(p.startswith(problem) for p in error.value.problems), error.value.problems
    assert str(error.value).startswith(str(tmp_path / "intake.yaml"))
