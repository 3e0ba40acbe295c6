"""Questionnaires for the survey tests: the example of formats.md, the built-ins, and
a way to build a small valid one around a few questions."""

from pathlib import Path

import yaml

from huifang.surveys.loading import loads

BUILTIN = Path(__file__).parents[2] / "src" / "huifang" / "surveys" / "builtin"
BUILTINS = sorted(BUILTIN.glob("*.yaml"))
SPEC = Path(__file__).parents[3] / "shared" / "spec" / "formats.md"


def example_yaml() -> str:
    """The questionnaire example of formats.md, as written there."""
    text = SPEC.read_text(encoding="utf-8") if SPEC.exists() else ""
    if "## Questionnaire" not in text:
        return EXAMPLE
    return text.split("## Questionnaire (`*.yaml`)\n```yaml\n")[1].split("```")[0]


def around(questions: list[dict], **top) -> str:
    """YAML of a valid questionnaire: greeting, a main section with `questions`, closing."""
    data = {
        "id": "t",
        "title": "测试问卷",
        **top,
        "sections": [
            {"kind": "greeting", "say": "您好，我是{company}{agent_no}号回访专员。"},
            {"kind": "main", "questions": questions},
            {"kind": "closing", "say": "感谢您的配合，再见！"},
        ],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def form(questions: list[dict], **top):
    return loads(around(questions, **top), "t.yaml")


def single(qid: str, *values: str, **fields) -> dict:
    options = [{"value": v, "label": f"选项{v}"} for v in values]
    return {"id": qid, "text": f"问题{qid}？", "type": "single", "options": options, **fields}


# A copy of the formats.md example for a checkout without the shared spec beside it.
EXAMPLE = """\
id: dormant-care                 # slug, unique
title: 服务流失用户关爱调研
purpose: 了解客户半年未到店的原因并赠送保养代金券
max_minutes: 8                   # optional; the length rule uses it (default 10)
sections:
  - kind: greeting               # greeting | screening | main | background | closing
    say: 您好，我是{company}客户关系部{agent_no}号回访专员……   # read aloud; not a question
  - kind: screening
    questions:
      - id: s1
        text: 请问您是{customer_name}{title}本人吗？
        type: single             # single | multi | scale | nps | text | number | date
        options:
          - {value: yes, label: 是}
          - {value: no, label: 不是, goto: END_NOT_ELIGIBLE}
  - kind: main
    questions:
      - id: q1
        text: 您对上次保养服务的总体满意度如何？
        type: scale
        scale: {min: 1, max: 5, labels: {1: 非常不满意, 5: 非常满意}}
      - id: q2
        text: 您近半年没有回店保养的主要原因是？
        type: multi
        options: [{value: far, label: 距离太远}, {value: price, label: 价格偏高}]
        other: true              # adds 其他（请注明）
        when: q1 <= 3            # shown only when true
      - id: q3
        text: 您对我们还有什么意见或建议？
        type: text
        required: false
  - kind: background
    questions:
      - id: b1
        text: 请问您的年龄段是？
        type: single
        personal: true
        exhaustive: true         # options cover every case; no "other" needed
        options: [{value: a, label: 30岁以下}, {value: b, label: 30-45岁}, {value: c, label: 46岁及以上}]
  - kind: closing
    say: 感谢您的配合！天气转凉，请注意保暖，祝您生活愉快，再见。
"""
