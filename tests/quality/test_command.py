"""`huifang qa check` as formats.md says: outputs and exit codes."""

import json

from tests.cli import huifang
from tests.quality.test_system import TABOO_LINES, document


def write(path, body):
    path.write_text(
        body if isinstance(body, str) else json.dumps(body, ensure_ascii=False), encoding="utf-8"
    )
    return path


def test_a_good_call_exits_0_with_the_json_of_formats_md(tmp_path):
    file = write(tmp_path / "good.json", document())
    result = huifang(tmp_path, "qa", "check", str(file), "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["call_id"] == "C1" and out["score"] == 100 and out["findings"] == []


def test_a_failing_call_exits_1_and_still_prints_its_findings(tmp_path):
    rules = write(tmp_path / "rules.yaml", "rules:\n  forbidden-phrase: {red_line: true}\n")
    file = write(tmp_path / "bad.json", document(TABOO_LINES))
    result = huifang(tmp_path, "qa", "check", str(file), "--rules", str(rules), "--format", "json")
    assert result.returncode == 1
    out = json.loads(result.stdout)
    finding = out["findings"][0]
    assert finding["rule"] == "forbidden-phrase" and finding["segment"] == 6
    assert finding["start"] == 25.8 and finding["deduction"] == 20 and finding["red_line"] is True
    assert "红线 forbidden-phrase" in result.stderr


def test_a_folder_prints_one_object_per_line_and_the_worst_exit(tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    write(folder / "a.json", document(call_id="A"))
    write(folder / "b.json", document(TABOO_LINES, call_id="B", ended_by="agent"))
    result = huifang(tmp_path, "qa", "check", str(folder), "--format", "json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["call_id"], x["score"]) for x in lines] == [("A", 100), ("B", 70)]
    assert result.returncode == 1  # 70 is below the default pass mark of 80
    write(folder / "c.json", '{"segments": [{"speaker": "agent", "start": 0, "end": 1}]}')
    result = huifang(tmp_path, "qa", "check", str(folder))
    assert result.returncode == 2
    assert "c.json: 第 1 段（segments[0]）：text 应为文字" in result.stderr
    assert "a.json  A  100  合格" in result.stdout  # the good ones are still checked


def test_every_malformed_input_exits_2_with_its_place(tmp_path):
    cases = {
        "syntax.json": ("{", "不是有效的 JSON（第 1 行第 2 列"),
        "list.json": ("[]", "应为 JSON 对象"),
        "times.json": (
            document([("a", 4.0, 5.0, "您好"), ("c", 1.0, 2.0, "喂")]),
            "第 2 段（segments[1]）：开始时间 1.0 早于上一段的 4.0",
        ),
        "speaker.json": (
            {"segments": [{"speaker": "robot", "start": 0, "end": 1, "text": "x"}]},
            "speaker 应为 agent、customer 之一",
        ),
        "gbk.json": (None, "不是 UTF-8"),
    }
    for name, (body, message) in cases.items():
        path = tmp_path / name
        if body is None:
            path.write_bytes('{"segments": []}  # 坐席'.encode("gb18030"))
        else:
            write(path, body)
        result = huifang(tmp_path, "qa", "check", str(path))
        assert result.returncode == 2, name
        assert result.stderr.startswith(f"huifang: {path}") and message in result.stderr, (
            result.stderr
        )
        assert "Traceback" not in result.stderr
    missing = huifang(tmp_path, "qa", "check", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "不存在" in missing.stderr


def test_a_bad_rules_file_exits_2_with_its_line(tmp_path):
    rules = write(
        tmp_path / "rules.yaml",
        "rules:\n  x:\n    title: t\n    deduction: 1\n    match: {regexp: a}\n",
    )
    file = write(tmp_path / "good.json", document())
    result = huifang(tmp_path, "qa", "check", str(file), "--rules", str(rules))
    assert result.returncode == 2
    assert f"{rules}: 第 5 行 规则 x match regexp：未知条件 regexp" in result.stderr


def test_a_large_folder_checked_by_several_processes_prints_the_same_in_order(tmp_path):
    import random

    from huifang.quality.generate import generate, random_faults

    folder = tmp_path / "many"
    folder.mkdir()
    rng = random.Random(3)
    for i in range(240):
        faults = random_faults(rng, rng.random())
        write(folder / f"{i:04d}.json", generate(rng, call_id=f"M{i}", faults=faults))
    one = huifang(tmp_path, "qa", "check", str(folder), "--format", "json", "--jobs", "1")
    two = huifang(tmp_path, "qa", "check", str(folder), "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 240
    assert [json.loads(x)["call_id"] for x in two.stdout.splitlines()][:3] == ["M0", "M1", "M2"]


def test_a_time_too_large_for_a_float_is_bad_input(tmp_path):
    file = tmp_path / "huge.json"
    file.write_text(
        '{"segments": [{"speaker": "agent", "start": 0, "end": 1e400, "text": "您好"}]}'
    )
    result = huifang(tmp_path, "qa", "check", str(file))
    assert result.returncode == 2 and "第 1 段（segments[0]）：end 应为秒数" in result.stderr
