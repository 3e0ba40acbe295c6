"""Transcripts for the QA tests, written as lines of dialogue."""

from huifang.quality.transcript import parse_transcript

OPENING = [
    ("a", 0.0, 7.0, "上午好，我是长城汽车客户关系部1024号回访专员，请问是王先生吗？"),
    ("c", 7.3, 8.0, "对，我是。"),
    (
        "a",
        8.3,
        15.0,
        "王先生您好，这次给您打电话是想做个简短回访，大约两分钟，请问您现在方便接听吗？",
    ),
    ("c", 15.3, 16.5, "方便，你说吧。"),
]
MIDDLE = [
    ("a", 16.8, 24.0, "请问您对这次保养服务的整体满意度打几分？一到十分，十分是非常满意。"),
    ("c", 24.3, 25.5, "九分吧。"),
    ("a", 25.8, 31.0, "好的，谢谢您。请问服务顾问有没有向您解释保养的项目和费用？"),
    ("c", 31.3, 33.0, "解释了，挺清楚的。"),
]
CLOSING = [
    ("a", 33.3, 38.0, "好的，请问还有什么可以帮您的吗？"),
    ("c", 38.3, 39.0, "没有了。"),
    ("a", 39.3, 44.5, "好的，感谢您的支持，祝您用车愉快，再见。"),
    ("c", 44.8, 45.3, "再见。"),
]


def transcript(
    lines, *, direction="outbound", ended_by="customer", company="长城汽车", agent_no="1024"
):
    return parse_transcript(
        {
            "call_id": "T1",
            "direction": direction,
            "agent_no": agent_no,
            "company": company,
            "ended_by": ended_by,
            "segments": [
                {"speaker": "agent" if who == "a" else "customer", "start": s, "end": e, "text": t}
                for who, s, e, t in lines
            ],
        },
        "t.json",
    )


CALL_LINES = OPENING + MIDDLE + CLOSING


def good(**kwargs):
    return transcript(OPENING + MIDDLE + CLOSING, **kwargs)


def replaced(lines, index, text=None, **times):
    """`lines` with line `index` given new text and/or times."""
    who, s, e, t = lines[index]
    new = (who, times.get("start", s), times.get("end", e), t if text is None else text)
    return [*lines[:index], new, *lines[index + 1 :]]
