"""`huifang survey lint|paths|test|diff|import` as formats.md says: one JSON document
with --format json, exit 0 / 1 (a check failed) / 2 (bad input) with one line naming
the file, the place and the reason."""

import json

import pytest
from django.core.management import call_command

from huifang.surveys.models import Version
from tests.cli import as_json, huifang
from tests.surveys.forms import BUILTIN, around, example_yaml, single

BROKEN = around(
    [
        single("q1", "a", "b", when="q9 == 'a'"),
        {"id": "q1", "text": "您觉得我们的服务和价格满意吗？", "type": "text"},
    ]
)


@pytest.fixture
def files(tmp_path):
    paths = {
        "clean": BUILTIN / "dormant-care.yaml",
        "broken": tmp_path / "broken.yaml",
        "notyaml": tmp_path / "notyaml.yaml",
        "failing": tmp_path / "failing.yaml",
    }
    paths["broken"].write_text(BROKEN, encoding="utf-8")
    paths["notyaml"].write_text("id: [oops\n", encoding="utf-8")
    paths["list"] = tmp_path / "list.yaml"
    paths["list"].write_text("- a\n- b\n", encoding="utf-8")
    paths["type"] = tmp_path / "type.yaml"
    paths["type"].write_text(example_yaml().replace("type: scale", "type: stars"), encoding="utf-8")
    paths["noid"] = tmp_path / "noid.yaml"
    paths["noid"].write_text(example_yaml().replace("- id: q3", "- name: q3"), encoding="utf-8")
    paths["huge"] = tmp_path / "huge.yaml"
    paths["huge"].write_text("# " + "问" * 3_500_000, encoding="utf-8")
    paths["failing"].write_text(
        example_yaml()
        + "tests:\n  - name: 满意的客户\n    answers: {s1: 'yes', q1: 5}\n    expect: [s1, q1, q2]\n",
        encoding="utf-8",
    )
    return paths


def run(*args) -> tuple[int, str, str]:
    """The command in this process: (exit code, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    import contextlib

    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            call_command(*args, stdout=out, stderr=err)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_lint_of_a_clean_builtin_exits_0_with_the_report(tmp_path, files):
    result = huifang(tmp_path, "survey", "lint", str(files["clean"]), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = as_json(result)
    assert report["id"] == "dormant-care" and report["findings"] == []
    assert report["paths"] > 5 and report["longest_path"][0] == "s1"
    assert 60 < report["estimated_seconds"] < 6 * 60


def test_lint_errors_exit_1_and_still_print_one_json_document(tmp_path, files):
    result = huifang(tmp_path, "survey", "lint", str(files["broken"]), "--format", "json")
    assert result.returncode == 1
    report = as_json(result)
    rules = {f["rule"] for f in report["findings"]}
    assert {"duplicate-id", "when-unknown-question", "double-barreled"} <= rules
    assert [f["line"] for f in report["findings"]] == sorted(f["line"] for f in report["findings"])
    assert (
        result.stderr.startswith(f"huifang: {files['broken']}: ") and result.stderr.count("\n") == 1
    )


@pytest.mark.parametrize(
    "name,needle",
    [
        ("notyaml", "不是有效的 YAML"),
        ("missing", "文件不存在"),
        ("list", "问卷应是一个映射"),
        ("type", "问题 q1 type：未知题型 'stars'"),
        ("noid", "第 3 部分 问题：缺少 id"),
        ("huge", "文件太大（10.5 MB）"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, files, name, needle):
    path = files.get(name, tmp_path / "missing.yaml")
    for command in ("lint", "paths", "test"):
        code, out, err = run(f"survey_{command}", str(path))
        assert code == 2 and out == ""
        assert err.startswith(f"huifang: {path}") and needle in err and err.count("\n") == 1


def test_a_negative_limit_is_bad_input(files):
    code, _, err = run("survey_paths", str(files["clean"]), "--limit", "-1")
    assert code == 2 and "--limit -1: must be 0 or more" in err


def test_paths_lists_every_route_with_its_witness(files):
    code, out, _ = run("survey_paths", str(BUILTIN / "sale-satisfaction.yaml"), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["paths"] == report["listed"] == len(report["routes"])
    ends = {r["end"] for r in report["routes"]}
    assert ends == {"END", "END_NOT_ELIGIBLE"}
    assert report["shortest"]["questions"] == ["s1"]
    assert report["unreachable"] == [] and report["time_model"]["chars_per_second"] == 4
    code, text, _ = run("survey_paths", str(BUILTIN / "sale-satisfaction.yaml"))
    assert "[END_NOT_ELIGIBLE] s1" in text and "5 paths; shortest 1 questions" in text


def test_path_tests_pass_on_a_builtin_and_a_failure_exits_1(files):
    code, out, _ = run("survey_test", str(BUILTIN / "service-satisfaction.yaml"))
    assert code == 0 and "5 passed, 0 failed" in out
    code, out, err = run("survey_test", str(files["failing"]), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["failed"] == 1 and report["tests"][0]["asked"] == ["s1", "q1", "q3", "b1"]
    assert "问到的题目 s1 q1 q3 b1，应为 s1 q1 q2" in err and ":43:" in err


def test_diff_between_files(files, tmp_path):
    changed = tmp_path / "changed.yaml"
    changed.write_text(example_yaml().replace("when: q1 <= 3", "when: q1 <= 2"), encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text(example_yaml(), encoding="utf-8")
    code, out, _ = run("survey_diff", str(plain), str(changed))
    assert code == 0 and "~ q2 when: 'q1 <= 3' → 'q1 <= 2'" in out
    code, out, _ = run("survey_diff", str(plain), str(changed), "--format", "json")
    assert json.loads(out)["changes"] == [
        {
            "kind": "changed",
            "question": "q2",
            "field": "when",
            "before": "q1 <= 3",
            "after": "q1 <= 2",
        }
    ]


def test_import_stores_versions_by_content_and_diff_reads_them(db, tmp_path):
    first = tmp_path / "v1.yaml"
    first.write_text(example_yaml(), encoding="utf-8")
    code, out, _ = run("survey_import", str(first), "--format", "json")
    assert code == 0 and json.loads(out)["version"] == 1 and json.loads(out)["created"]
    respaced = tmp_path / "respaced.yaml"
    respaced.write_text(
        "# the same questionnaire, laid out differently\n" + example_yaml(), encoding="utf-8"
    )
    code, out, _ = run("survey_import", str(respaced), "--format", "json")
    assert json.loads(out)["version"] == 1 and not json.loads(out)["created"]
    second = tmp_path / "v2.yaml"
    second.write_text(example_yaml().replace("非常满意", "很满意"), encoding="utf-8")
    code, out, _ = run("survey_import", str(second), "--format", "json")
    assert json.loads(out)["version"] == 2
    assert Version.objects.filter(questionnaire__slug="dormant-care").count() == 2
    code, out, _ = run("survey_diff", "dormant-care@1", "dormant-care@2")
    assert "~ q1 scale: " in out
    code, _, err = run("survey_diff", "dormant-care@1", "dormant-care@7")
    assert code == 2 and "dormant-care@7: no such file, and no stored questionnaire version" in err
    code, _, err = run("survey_import", str(tmp_path / "none.yaml"))
    assert code == 2 and Version.objects.count() == 2
