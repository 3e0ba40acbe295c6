"""The special situations table (D3): every situation of the seed, each recording the
outcome dispositions.md gives it, and a table with mistakes refused with its place."""

import pytest

from huifang.calls.situations import RESERVED_KEYS, UNREACHED, SituationError, load_situations
from huifang.scheduling import load_dispositions
from huifang.scripts.library import load_library

OUTCOMES = load_dispositions()


def test_every_situation_of_the_seed_is_there_with_its_outcome():
    table = load_situations(outcomes=OUTCOMES, scripts=load_library().keys())
    expected = {
        "driving": "driving",
        "meeting": "in_meeting",
        "not_customer": "new_number",
        "inconvenient": "appointment",
        "silent_line": "silent_line",
        "bad_line": "silent_line",
        "harassment": "refused",  # final, never re-dialled the next day
        "declined": "refused",
        # the reply is read and the conversation goes on
        "refuses_details": None,
        "privacy": None,
        "referral": None,
        "out_of_warranty": None,
        "too_many_calls": None,
        "dialect": None,
    }
    assert {k: s.outcome for k, s in table.items()} == expected


def test_not_the_customer_records_the_new_number_or_not_available():
    s = load_situations()["not_customer"]
    assert s.capture == "new_number"
    assert s.outcome == "new_number" and s.otherwise == "not_available"


def test_inconvenient_needs_a_time_and_a_referral_a_lead():
    table = load_situations()
    assert table["inconvenient"].capture == "appointment"
    assert table["inconvenient"].outcome == "appointment"
    # no time named: 打扰您了 and the closing (seed 000), tried again another day
    assert table["inconvenient"].otherwise == "not_available"
    assert table["inconvenient"].otherwise_script == "situation.inconvenient_no_time"
    assert table["inconvenient"].captured_script == "situation.inconvenient_agreed"
    assert table["referral"].otherwise_script == "situation.referral_address"
    assert table["referral"].capture == "lead" and not table["referral"].ends_call
    assert table["dialect"].final == "language"


def test_keys_are_distinct_single_letters_clear_of_the_workspace_keys():
    table = load_situations()
    hints = [s.key_hint for s in table.values()]
    assert len(set(hints)) == len(hints)
    assert not set(hints) & set(RESERVED_KEYS)
    assert set("cehgi") <= set(RESERVED_KEYS)


def test_the_not_reached_buttons_are_outcomes_each_with_its_own_key():
    assert set(UNREACHED) <= set(OUTCOMES)
    assert set(UNREACHED) == {
        "no_answer",
        "busy",
        "unreachable",
        "empty_number",
        "disconnected",
        "wrong_number",
    }
    keys = list(UNREACHED.values())
    assert len(set(keys)) == len(keys) and not set(keys) & set("cehgi")
    assert all(len(k) == 1 and k.isalpha() and k.islower() for k in keys)


def test_a_customer_who_declines_the_callback_is_recorded_as_refused():
    declined = load_situations(outcomes=OUTCOMES)["declined"]
    assert declined.outcome == "refused" and declined.script == "situation.declined"
    assert OUTCOMES["refused"].offer_do_not_call


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "- {key: x, label: X, key_hint: q, script: s, outcome: nope}",
            "outcome 'nope' is not an outcome",
        ),
        ("- {key: x, label: X, key_hint: c, script: s}", "kept for the workspace"),
        ("- {key: x, label: X, key_hint: a, script: s}", "key_hint 'a' is kept"),
        ("- {key: x, label: X, key_hint: q, script: s, capture: photo}", "capture must be one of"),
        ("- {key: x, label: X, key_hint: q, script: s, colour: red}", "unknown field(s) colour"),
        (
            "- {key: x, label: X, key_hint: q, script: s, captured_script: s}",
            "'captured_script' needs something to capture",
        ),
        ("- {key: x, label: X, script: s}", "missing key_hint"),
        ("- {key: x, label: X, key_hint: q, script: missing.reply}", "not in the script library"),
        (
            "- {key: x, label: X, key_hint: q, script: s}\n- {key: y, label: Y, key_hint: q, script: s}",
            "situation 2 (y): key_hint 'q' is already x",
        ),
    ],
)
def test_a_bad_table_is_refused_with_its_place(tmp_path, row, message):
    path = tmp_path / "situations.yaml"
    path.write_text(row, encoding="utf-8")
    with pytest.raises(SituationError) as caught:
        load_situations(path, outcomes=OUTCOMES, scripts={"s"})
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.django_db
def test_a_reply_hidden_by_a_supervisor_does_not_stop_the_workspace():
    from huifang.calls import workspace
    from huifang.scripts.store import current_library, save_revision

    script = current_library().get("situation.declined")
    save_revision(
        "situation.declined",
        title=script.title,
        text=script.text,
        category=script.category,
        kinds=[],
        tags=[],
        hidden=True,
        author=None,
    )
    workspace.situations.cache_clear()
    try:
        assert workspace.situations()["declined"].script == "situation.declined"
    finally:
        workspace.situations.cache_clear()


def test_every_label_of_the_table_is_marked_for_translation():
    from huifang.calls.situations import LABELS

    assert [s.label for s in load_situations().values()] == list(LABELS)


def test_a_label_is_shown_in_the_interfaces_language(monkeypatch):
    import huifang.text

    monkeypatch.setattr(huifang.text, "_translate", {"正在开车": "Driving"}.get)
    assert load_situations()["driving"].shown_label == "Driving"
