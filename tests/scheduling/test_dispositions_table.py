"""The outcome table 回访结果: every row as dispositions.md gives it, and bad tables
refused with the file, the row and the reason."""

from datetime import timedelta

import pytest
import yaml

from huifang.scheduling import Disposition, DispositionError, load_dispositions, parse_delay
from huifang.scheduling._files import PACKAGE_DIR

M, H, D = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)

# code, 中文, kind, AAPOR code, class, never-reached class, delay, archive effect
SPEC = [
    ("complete", "回访成功", "final", "1.1", "I", None, None, "accurate"),
    ("partial", "部分完成", "final", "1.2", "P", None, None, "accurate"),
    ("refused", "拒绝回访", "final", "2.11", "R", None, None, "accurate"),
    ("break_off", "中途挂断", "retry_once", "2.12", "R", None, D, "accurate"),
    ("appointment", "预约回访", "retry", None, None, "NC", None, "accurate"),
    ("driving", "正在开车", "retry", None, None, "O", H, "accurate"),
    ("in_meeting", "正在开会", "retry", None, None, "O", 2 * H, "accurate"),
    ("not_available", "非本人接听，本人不在", "retry", None, None, "NC", D, "accurate"),
    ("new_number", "非本人，提供了新号码", "retry", None, None, None, 10 * M, "inaccurate"),
    ("no_answer", "无人接听", "retry", "3.13", "UH", None, 2 * H, None),
    ("busy", "占线", "retry", "3.12", "UH", None, 15 * M, None),
    ("unreachable", "关机/无法接通", "retry", "3.16", "UH", None, 4 * H, None),
    ("silent_line", "无声/信号差", "retry", "3.16", "UH", None, 30 * M, None),
    ("language", "语言障碍", "final", "2.33", "O", None, None, "accurate"),
    ("unable", "身体原因无法接受", "final", "2.32", "O", None, None, "accurate"),
    ("deceased", "客户已故", "final", "2.31", "O", None, None, "accurate"),
    ("not_eligible", "甄别不符", "final", "4.70", "NE", None, None, "accurate"),
    ("wrong_number", "错号(非本人且无新号)", "final", "4.x", "NE", None, None, "inaccurate"),
    ("empty_number", "空号", "final", "4.31", "NE", None, None, "inaccurate"),
    ("disconnected", "停机", "final", "4.32", "NE", None, None, "inaccurate"),
    ("quota_full", "配额已满", "final", "4.80", "NE", None, None, None),
]
CONVERSATION = {
    "complete", "partial", "refused", "break_off", "appointment", "driving", "in_meeting",
    "not_eligible", "language", "unable",
}  # fmt: skip
NEVER_REACHED_AAPOR = {
    "appointment": "2.21", "not_available": "2.21", "driving": "2.35", "in_meeting": "2.35",
}  # fmt: skip

TABLE = load_dispositions()


def test_the_table_has_every_code_in_order():
    assert list(TABLE) == [row[0] for row in SPEC]


@pytest.mark.parametrize("row", SPEC, ids=[row[0] for row in SPEC])
def test_each_row_as_the_spec_gives_it(row):
    code, label, kind, aapor, klass, never, delay, archive = row
    d = TABLE[code]
    assert (d.code, d.label, d.kind) == (code, label, kind)
    assert (d.aapor, d.aapor_class, d.never_reached_class) == (aapor, klass, never)
    assert d.never_reached_aapor == NEVER_REACHED_AAPOR.get(code)
    assert d.delay == delay
    assert d.archive == archive
    assert d.label_en
    assert d.conversation is (code in CONVERSATION)
    assert d.other_part_of_day is (code in {"not_available", "no_answer"})
    assert d.stops_customer is (code == "deceased")
    assert d.offer_do_not_call is (code == "refused")
    assert d.at_agreed_time is (code == "appointment")
    assert d.new_number is (code == "new_number")
    assert d.is_final is (kind == "final")
    assert d.is_retry is (kind != "final")


def test_disposition_is_frozen():
    with pytest.raises(AttributeError):
        TABLE["busy"].delay = None


@pytest.mark.parametrize(
    ("text", "delay"),
    [
        ("15m", 15 * M),
        ("10m", 10 * M),
        ("2h", 2 * H),
        ("1d", D),
        ("+1 day", D),
        ("+2 h", 2 * H),
        ("+15 min", 15 * M),
        ("30 minutes", 30 * M),
        ("3 Days", 3 * D),
    ],
)
def test_parse_delay(text, delay):
    assert parse_delay(text) == delay


@pytest.mark.parametrize("text", ["15", 15, "2 weeks", "h2", "", "0m", "-1d", "1.5h", None])
def test_parse_delay_refuses(text):
    with pytest.raises(ValueError, match="delay"):
        parse_delay(text)


def _default_rows() -> list[dict]:
    return yaml.safe_load((PACKAGE_DIR / "dispositions.yaml").read_text("utf-8"))["outcomes"]


def _write(tmp_path, rows, **top) -> str:
    path = tmp_path / "dispositions.yaml"
    path.write_text(yaml.safe_dump({**top, "outcomes": rows}, allow_unicode=True), "utf-8")
    return str(path)


def _edit(which, **changes):
    def edit(rows):
        row = next(r for r in rows if r["code"] == which)
        for key, value in changes.items():
            if value is _DROP:
                row.pop(key)
            else:
                row[key] = value

    return edit


_DROP = object()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_edit("no_answer", delay=_DROP), "row 9 (no_answer): retry outcome without a delay"),
        (_edit("break_off", delay=_DROP), "row 3 (break_off): retry once outcome without a delay"),
        (_edit("complete", delay="1d"), "row 0 (complete): final outcome with a delay"),
        (_edit("busy", delay="15"), "row 10 (busy): delay '15': write a number and a unit"),
        (_edit("busy", delay="2 weeks"), "row 10 (busy): delay '2 weeks'"),
        (_edit("busy", delay=15), "row 10 (busy): delay 15: write a number and a unit"),
        (_edit("busy", dealy="15m"), "row 10 (busy): unknown key 'dealy'"),
        (_edit("busy", kind="again"), "row 10 (busy): kind 'again': not one of final, retry"),
        (_edit("busy", aapor_class="XX"), "row 10 (busy): aapor_class 'XX': not an AAPOR class"),
        (
            _edit("complete", aapor=4.7, aapor_class="NE"),
            "row 0 (complete): aapor 4.7: write it as quoted text",
        ),
        (_edit("complete", aapor="5.1"), "row 0 (complete): aapor '5.1': not an AAPOR code"),
        (
            _edit("complete", aapor_class="R"),
            "row 0 (complete): aapor_class R: AAPOR code 1.1 belongs to I, P",
        ),
        (
            _edit("complete", aapor_class=_DROP, aapor=_DROP),
            "row 0 (complete): final outcome without an AAPOR class",
        ),
        (_edit("driving", never_reached_class="NX"), "row 5 (driving): never_reached_class 'NX'"),
        (
            _edit("appointment", delay="1h"),
            "row 4 (appointment): outcome at the agreed time with a delay",
        ),
        (
            _edit("appointment", at_agreed_time=False),
            "row 4 (appointment): retry outcome without a delay",
        ),
        (
            _edit("refused", offer_do_not_call="yes"),
            "row 2 (refused): offer_do_not_call: expected true or false",
        ),
        (_edit("refused", archive="maybe"), "row 2 (refused): archive 'maybe'"),
        (_edit("refused", label=""), "row 2 (refused): label is missing"),
        (_edit("refused", code="Refused!"), "row 2 (Refused!): code: use lower-case letters"),
        (_edit("partial", code="complete"), "row 1 (complete): duplicate code 'complete'"),
    ],
)
def test_bad_tables_are_refused_with_their_place(tmp_path, edit, message):
    rows = _default_rows()
    edit(rows)
    path = _write(tmp_path, rows)
    with pytest.raises(DispositionError) as caught:
        load_dispositions(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_the_spec_example_message(tmp_path):
    rows = _default_rows()
    _edit("no_answer", delay=_DROP)(rows)
    path = _write(tmp_path, rows)
    with pytest.raises(DispositionError) as caught:
        load_dispositions(path)
    assert str(caught.value).endswith(
        "dispositions.yaml: row 9 (no_answer): retry outcome without a delay"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outcomes:\n  - {code: [busy", "line 2: not valid YAML"),
        ("just text", "expected a mapping with an 'outcomes' list"),
        ("outcomes: []", "the table has no outcomes"),
        ("outcomes: [7]", "row 0: expected a mapping of fields"),
        ("outcomes: [{label: x, kind: final}]", "row 0: code is missing"),
        ("extends: other\noutcomes: []", "extends 'other': only 'default' is known"),
        ("outcome: []\noutcomes: []", "unknown section 'outcome'"),
    ],
)
def test_malformed_files(tmp_path, text, message):
    path = tmp_path / "dispositions.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(DispositionError, match=message):
        load_dispositions(path)


def test_a_centre_table_replaces_the_default(tmp_path):
    rows = [r for r in _default_rows() if r["code"] in {"complete", "busy"}]
    table = load_dispositions(_write(tmp_path, rows))
    assert list(table) == ["complete", "busy"]
    assert table["busy"] == TABLE["busy"]


def test_a_centre_table_may_extend_the_default(tmp_path):
    rows = [
        {"code": "no_answer", "delay": "3h"},
        {"code": "voicemail", "label": "语音信箱", "kind": "retry", "delay": "1d",
         "aapor": "3.13", "aapor_class": "UH"},
    ]  # fmt: skip
    table = load_dispositions(_write(tmp_path, rows, extends="default"))
    assert list(table) == [row[0] for row in SPEC] + ["voicemail"]
    assert table["no_answer"].delay == 3 * H
    assert table["no_answer"].other_part_of_day is True  # kept from the default row
    assert table["busy"] == TABLE["busy"]
    assert table["voicemail"] == Disposition(
        "voicemail", "语音信箱", "", "retry", "3.13", "UH", delay=D
    )


def test_an_extending_row_is_checked_with_its_own_place(tmp_path):
    path = _write(tmp_path, [{"code": "busy", "delay": "soon"}], extends="default")
    with pytest.raises(DispositionError, match=r"row 0 \(busy\): delay 'soon'"):
        load_dispositions(path)
