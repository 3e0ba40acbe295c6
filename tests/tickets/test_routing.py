"""Routing rules as data (F3): the packaged table, the most specific rule winning,
wildcards, the rule named with the routing, a department chosen by hand, and files
refused with their lines — overlapping rules above all."""

from datetime import UTC, datetime

import pytest

from huifang.tickets import workflow as wf
from huifang.tickets.routing import (
    RouteRefused,
    RoutingError,
    default_table,
    load_routing,
)

HEAD = """\
departments:
  - {key: quality, name: 质量部, head: q}
  - {key: sales, name: 销售部, head: s}
  - {key: nev_tech, name: 新能源技术部, head: n, parent: quality}
categories:
  - {key: engine, label: 发动机}
  - {key: electrical, label: 电器}
  - {key: delivery, label: 交车}
rules:
"""
FIRST_RULE_LINE = HEAD.count("\n") + 1


def table(tmp_path, *rules, head=HEAD):
    path = tmp_path / "centre.yaml"
    path.write_text(head + "".join(f"  - {rule}\n" for rule in rules), encoding="utf-8")
    return load_routing(path)


def refused(tmp_path, *rules, head=HEAD) -> RoutingError:
    with pytest.raises(RoutingError) as error:
        table(tmp_path, *rules, head=head)
    return error.value


# --- the packaged table -------------------------------------------------------------


def test_the_packaged_table_loads_with_a_realistic_list():
    routing = default_table()
    labels = {c.label for c in routing.categories.values()}
    for label in ("维修质量", "服务态度", "收费", "保险理赔", "发动机", "变速箱", "电器",
                  "销售承诺", "交车"):  # fmt: skip
        assert label in labels
    assert any(c.label.startswith("配件") for c in routing.categories.values())
    assert {c.group for c in routing.categories.values()} >= {"售后服务", "车辆质量", "销售"}
    assert all(d.name and d.head for d in routing.departments.values())
    for category in routing.categories:  # every ticket goes somewhere
        assert routing.route(category, "哈弗H6", "BJ01").department in routing.departments


@pytest.mark.parametrize(
    ("ticket", "department"),
    [
        (("engine", "哈弗H6", "BJ01"), "quality"),
        (("electrical", "哈弗H6", "BJ01"), "quality"),
        (("electrical", "欧拉好猫", "BJ01"), "nev_tech"),  # product named: more specific
        (("electrical", " 欧拉 好猫 ", "bj01"), "nev_tech"),  # spaces and case don't matter
        (("sales_promise", "坦克300", "SH01"), "sales"),
        (("sales_promise", "坦克300", "GD01"), "south_region"),  # dealer named
        (("parts_supply", "", ""), "parts"),
        (("insurance_claim", "长城炮", "SC01"), "insurance"),
        (("service_attitude", "哈弗H9", "HB01"), "network"),
        (("other", "哈弗H6", "BJ01"), "customer_relations"),  # the catch-all
    ],
)
def test_the_packaged_rules_route_as_the_centre_expects(ticket, department):
    assert default_table().route(*ticket).department == department


def test_the_routing_names_its_rule():
    routing = default_table().route("electrical", "欧拉好猫", "GD01")
    assert not routing.manual and routing.rule.product == "欧拉好猫"
    assert routing.rule_text.startswith(
        f"routing.yaml 第 {routing.rule.line} 行（电器 · 欧拉好猫 · 不限经销商 → 新能源技术部）"
    )
    assert routing.explanation == f"按规则派单：{routing.rule_text}"
    assert routing.as_data() == {"department": "nev_tech", "rule": routing.rule_text}


def test_escalation_goes_to_the_higher_department():
    routing = default_table()
    assert routing.higher("nev_tech").key == "quality"
    assert routing.higher("quality").key == "management"
    assert routing.higher("management") is None


# --- matching -----------------------------------------------------------------------


def test_the_rule_naming_the_most_fields_wins_whatever_the_order(tmp_path):
    routing = table(
        tmp_path,
        "{category: electrical, product: 欧拉好猫, dealer: GD01, department: sales}",
        "{category: electrical, product: 欧拉好猫, department: nev_tech}",
        "{category: electrical, department: quality}",
        "{department: quality}",
    )
    assert routing.route("electrical", "欧拉好猫", "GD01").department == "sales"
    assert routing.route("electrical", "欧拉好猫", "BJ01").department == "nev_tech"
    assert routing.route("electrical", "哈弗H6", "GD01").department == "quality"
    assert routing.route("engine", "欧拉好猫", "GD01").rule.line == FIRST_RULE_LINE + 3
    assert [r.specificity for r in routing.rules] == [3, 2, 1, 0]


def test_a_left_out_field_and_a_quoted_star_both_match_anything(tmp_path):
    routing = table(
        tmp_path,
        '{category: engine, product: "*", dealer: "*", department: quality}',
        "{category: delivery, department: sales}",
    )
    assert routing.route("engine", "哈弗H6", "BJ01").department == "quality"
    assert routing.route("delivery", "坦克300", "GD01").department == "sales"
    assert routing.rules[0].specificity == routing.rules[1].specificity == 1


def test_equal_rules_to_the_same_department_name_the_earlier(tmp_path):
    routing = table(
        tmp_path,
        "{category: engine, dealer: GD01, department: quality}",
        "{category: engine, product: 哈弗H6, department: quality}",
    )
    assert routing.route("engine", "哈弗H6", "GD01").rule.line == FIRST_RULE_LINE


def test_a_department_chosen_by_hand_is_a_manual_routing(tmp_path):
    routing = default_table().route("engine", "哈弗H6", "BJ01", department="sales")
    assert (routing.department, routing.rule, routing.manual) == ("sales", None, True)
    assert routing.explanation == "手动派单" and routing.as_data() == {
        "department": "sales",
        "rule": "",
    }
    with pytest.raises(RouteRefused, match="没有部门「legal」（可选：customer_relations、"):
        default_table().route("engine", department="legal")


def test_unknown_categories_and_unmatched_tickets_are_refused(tmp_path):
    with pytest.raises(RouteRefused, match="没有问题类别「brakes」（可选：repair_quality、"):
        default_table().route("brakes", "哈弗H6", "BJ01")
    routing = table(tmp_path, "{category: engine, department: quality}")
    with pytest.raises(RouteRefused, match="没有适用于「交车」的派单规则，请手动选择部门"):
        routing.route("delivery", "哈弗H6", "BJ01")


def test_the_routing_feeds_the_workflow():
    from tests.tickets.test_workflow import FACTS

    routing = default_table().route("gearbox", "哈弗H6", "BJ01")
    at = datetime(2025, 3, 3, 1, tzinfo=UTC)
    event = wf.apply([], "route", by="agent1", at=at, facts=FACTS, **routing.as_data())
    assert dict(event.data) == {"department": "quality", "rule": routing.rule_text}


# --- overlapping rules --------------------------------------------------------------


def test_overlapping_rules_are_refused_with_both_lines(tmp_path):
    error = refused(
        tmp_path,
        "{category: engine, department: quality}",
        "{category: engine, dealer: GD01, department: quality}",
        "{category: engine, product: 哈弗H6, department: sales}",
    )
    first, second = FIRST_RULE_LINE + 1, FIRST_RULE_LINE + 2
    assert error.problems == [
        f"第 {second} 行 规则：与第 {first} 行的规则重叠：「发动机 · 哈弗H6 · GD01」的工单两条都能匹配，"
        f"写明的条件一样多，部门却不同（第 {first} 行 质量部，第 {second} 行 销售部）；"
        "请删去一条，或为这些工单另写一条写明全部条件的规则"
    ]
    assert error.rows[0][0] == second
    assert str(error).startswith(f"{tmp_path / 'centre.yaml'}: 第 {second} 行")


def test_a_rule_for_the_tickets_both_match_settles_the_overlap(tmp_path):
    routing = table(
        tmp_path,
        "{category: engine, dealer: GD01, department: quality}",
        "{category: engine, product: 哈弗H6, department: sales}",
        "{category: engine, product: 哈弗H6, dealer: GD01, department: sales}",
    )
    assert routing.route("engine", "哈弗H6", "GD01").rule.line == FIRST_RULE_LINE + 2
    assert routing.route("engine", "哈弗H9", "GD01").department == "quality"


def test_rules_naming_one_field_each_overlap_too(tmp_path):
    error = refused(
        tmp_path,
        "{category: electrical, department: quality}",
        "{product: 欧拉好猫, department: nev_tech}",
    )
    assert "「电器 · 欧拉好猫 · 不限经销商」的工单两条都能匹配" in error.problems[0]
    assert f"与第 {FIRST_RULE_LINE} 行的规则重叠" in error.problems[0]


def test_rules_that_cannot_match_the_same_ticket_do_not_overlap(tmp_path):
    routing = table(
        tmp_path,
        "{category: engine, dealer: GD01, department: quality}",
        "{category: delivery, product: 哈弗H6, department: sales}",
        "{category: engine, dealer: BJ01, department: sales}",
    )
    assert len(routing.rules) == 3


def test_the_same_rule_twice_is_refused(tmp_path):
    error = refused(
        tmp_path,
        "{category: engine, department: quality}",
        "{category: engine, product: '*', department: quality}",
        "{category: engine, department: sales}",
    )
    line = FIRST_RULE_LINE
    assert error.problems == [
        f"第 {line + 1} 行 规则：与第 {line} 行的规则重复",
        f"第 {line + 2} 行 规则：与第 {line} 行的规则条件完全相同，部门却不同（质量部 / 销售部）",
    ]


# --- files refused with their lines -------------------------------------------------


def test_unknown_departments_and_categories_are_refused_with_their_lines(tmp_path):
    error = refused(
        tmp_path,
        "{category: engine, department: legal}",
        "{category: brakes, department: quality}",
        "{category: engine, departmnet: quality}",
    )
    line = FIRST_RULE_LINE
    assert error.problems == [
        f"第 {line} 行 规则：没有部门「legal」（可选：quality、sales、nev_tech）",
        f"第 {line + 1} 行 规则：没有问题类别「brakes」（可选：engine、electrical、delivery）",
        f"第 {line + 2} 行 规则：未知字段 'departmnet'（可用：category、dealer、department、name、product）",
        f"第 {line + 2} 行 规则：缺少 department",
    ]


def test_departments_must_hang_together(tmp_path):
    head = (
        HEAD.replace("parent: quality}", "parent: sales}")
        .replace(
            "{key: sales, name: 销售部, head: s}",
            "{key: sales, name: 销售部, head: s, parent: nev_tech}",
        )
        .replace(
            "{key: quality, name: 质量部, head: q}", "{key: quality, name: 质量部, parent: hq}"
        )
    )
    error = refused(tmp_path, "{department: quality}", head=head)
    assert error.problems == [
        "第 2 行 部门：缺少 head",
        "第 2 行 部门 quality：上级部门「hq」不在部门列表中",
        "第 3 行 部门 sales：上级部门绕成了圈：sales → nev_tech → sales",
        "第 4 行 部门 nev_tech：上级部门绕成了圈：nev_tech → sales → nev_tech",
    ]


def test_a_broken_yaml_file_is_refused_with_file_line_and_reason(tmp_path):
    path = tmp_path / "centre.yaml"
    path.write_text(HEAD + "  - {category: engine, department: quality\n", encoding="utf-8")
    with pytest.raises(RoutingError) as error:
        load_routing(path)
    (problem,) = error.value.problems
    assert error.value.name == str(path)
    assert problem.startswith(f"第 {FIRST_RULE_LINE + 1} 行：不是有效的 YAML（")


def test_a_bare_star_gets_a_hint(tmp_path):
    error = refused(tmp_path, "{category: *, department: quality}")
    assert error.problems[0].startswith(f"第 {FIRST_RULE_LINE} 行：不是有效的 YAML（")
    assert error.problems[0].endswith('（* 要加引号写成 "*"，或不写这一项：不写就是不限）')


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- engine\n", "应为映射，含 departments、categories、rules"),
        (HEAD + "  - 42\n", "rules #1：应为映射"),
        (HEAD.replace("categories:", "kategorien:"), "未知字段 'kategorien'"),
    ],
)
def test_files_of_the_wrong_shape_are_refused(tmp_path, text, problem):
    path = tmp_path / "centre.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RoutingError, match=problem):
        load_routing(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RoutingError, match="nowhere.yaml: 文件不存在"):
        load_routing(tmp_path / "nowhere.yaml")
