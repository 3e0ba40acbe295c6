"""Each QA rule of quality.md: calls where it fires, and close variants where it must not."""

import pytest

from huifang.quality.inspect import inspect
from huifang.quality.rules import default_rules
from tests.quality.transcripts import CLOSING, MIDDLE, OPENING, good, replaced, transcript

CALL = OPENING + MIDDLE + CLOSING


def fired(t, rules=None) -> set[str]:
    return {f.rule for f in inspect(t, rules).findings}


def finding(t, rule, rules=None):
    return next(f for f in inspect(t, rules).findings if f.rule == rule)


def test_a_good_call_has_no_findings_and_scores_100():
    report = inspect(good())
    assert report.findings == ()
    assert report.score == 100 and report.passed
    assert report.not_measurable == ()
    assert 150 < report.speech_rate < 320


# --- the opening ---------------------------------------------------------------


def test_greeting_missing_fires_on_the_first_agent_segment():
    t = transcript(replaced(CALL, 0, "我是长城汽车客户关系部1024号回访专员，请问是王先生吗？"))
    f = finding(t, "greeting-missing")
    assert (f.segment, f.start, f.deduction) == (0, 0.0, 5)


@pytest.mark.parametrize("hello", ["早上好", "中午好", "晚上好", "您好"])
def test_every_greeting_counts(hello):
    t = transcript(
        replaced(CALL, 0, f"{hello}，我是长城汽车客户关系部1024号回访专员，请问是王先生吗？")
    )
    assert "greeting-missing" not in fired(t)


def test_a_greeting_said_only_later_does_not_count_for_the_opening():
    t = transcript(replaced(CALL, 0, "喂，王先生吗？我是长城汽车1024号专员。"))
    assert "greeting-missing" in fired(t)


def test_greeting_bare_fires_on_only_hello_but_not_on_hello_with_more():
    bare = transcript([("a", 0.0, 1.0, "您好！"), *CALL[1:]])
    assert "greeting-bare" in fired(bare)
    assert "greeting-bare" not in fired(good())


def test_self_intro_missing_and_its_three_ways_to_be_said():
    t = transcript(replaced(CALL, 0, "上午好，请问是王先生吗？"))
    assert "self-intro-missing" in fired(t)
    for said in (
        "上午好，我是长城汽车的小李，请问是王先生吗？",
        "上午好，我是客服小李，请问是王先生吗？",
        "上午好，我是8号，请问是王先生吗？",
    ):
        assert "self-intro-missing" not in fired(transcript(replaced(CALL, 0, said))), said


def test_self_intro_in_the_second_agent_segment_counts():
    lines = replaced(CALL, 0, "上午好，请问是王先生吗？")
    lines = replaced(
        lines, 2, "王先生您好，我是长城汽车回访专员，想做个简短回访，请问您现在方便接听吗？"
    )
    assert "self-intro-missing" not in fired(transcript(lines))


def test_a_phone_number_is_not_an_agent_number():
    t = transcript(replaced(CALL, 0, "上午好，请问是尾号5678号码的王先生吗？"), company="")
    assert "self-intro-missing" in fired(t)


def test_convenience_not_asked_on_outbound_but_not_inbound():
    lines = replaced(
        CALL, 2, "王先生您好，这次给您打电话是想做个简短回访，大约两分钟，我们开始吧。"
    )
    assert "convenience-not-asked" in fired(transcript(lines))
    assert "convenience-not-asked" not in fired(transcript(lines, direction="inbound"))


# --- what the agent says ---------------------------------------------------------


def test_forbidden_phrase_fires_for_the_agent_not_the_customer():
    said_by_agent = transcript(replaced(CALL, 6, "这是公司规定，没办法。"))
    f = finding(said_by_agent, "forbidden-phrase")
    assert f.segment == 6 and f.deduction == 20 and f.words in ("这是公司规定", "没办法")
    said_by_customer = transcript(replaced(CALL, 7, "这是公司规定吧，没办法。"))
    assert "forbidden-phrase" not in fired(said_by_customer)


def test_a_rule_fires_once_per_call_by_default():
    lines = replaced(CALL, 4, "不可能的，请问您对这次保养服务的整体满意度打几分？")
    lines = replaced(lines, 6, "我不知道，这是公司规定，请问服务顾问有没有解释保养的项目？")
    report = inspect(transcript(lines))
    assert [f.rule for f in report.findings].count("forbidden-phrase") == 1
    assert report.score == 80


def test_bare_what_fires_only_on_the_word_alone():
    lines = replaced(CALL, 6, "什么？", end=26.5)
    assert "bare-what" in fired(transcript(lines))
    polite = replaced(CALL, 6, "不好意思，刚才没听清，您能再说一遍吗？")
    assert "bare-what" not in fired(transcript(polite))


def test_negative_phrasing_fires_with_its_positive_rewrite():
    t = transcript(replaced(CALL, 6, "那您不需要吗？我们这个月有保养优惠活动。"))
    f = finding(t, "negative-phrasing")
    assert f.deduction == 2 and f.suggestion == "您需要吗？"


def test_negative_phrasing_by_pattern():
    t = transcript(replaced(CALL, 6, "您不愿意再来店里做一次检查，对吗？"))
    assert "negative-phrasing" in fired(t)
    assert "negative-phrasing" not in fired(good())


# --- holds and silences ----------------------------------------------------------

HOLD_ASKED = "请您稍等，我帮您查询一下，好吗？"


def hold_call(asked=HOLD_ASKED, back="感谢您的耐心等待，查到了，您的下次保养是在三月。", wait=20.0):
    lines = (
        OPENING
        + MIDDLE[:2]
        + [
            ("a", 25.8, 30.0, asked),
            ("c", 30.3, 30.8, "好的。"),
            ("a", 30.8 + wait, 36.0 + wait, back),
        ]
    )
    closing = [(w, s + wait + 5, e + wait + 5, t) for w, s, e, t in CLOSING]
    return transcript(lines + closing)


def test_a_hold_announced_properly_fires_nothing():
    assert fired(hold_call()) == set()


def test_hold_without_reason_or_permission():
    assert "hold-without-reason" in fired(hold_call(asked="您稍等一下，马上。"))
    assert "hold-without-reason" not in fired(hold_call(asked="请您稍等，我查一下，马上。"))
    assert "hold-without-reason" not in fired(hold_call(asked="您稍等一下可以吗？"))


def test_hold_without_thanks_after_ten_seconds_of_silence():
    no_thanks = hold_call(back="好，查到了，您的下次保养是在三月。")
    assert "hold-no-thanks" in fired(no_thanks)
    short = hold_call(back="好，查到了，您的下次保养是在三月。", wait=5.0)
    assert "hold-no-thanks" not in fired(short)


def test_long_silence_unless_the_agent_asked_to_wait():
    asked = hold_call()
    assert "long-silence" not in fired(asked)
    lines = OPENING + MIDDLE + [(w, s + 20, e + 20, t) for w, s, e, t in CLOSING]
    f = finding(transcript(lines), "long-silence")
    assert f.segment == 7 and "静默 20.3 秒" in f.evidence


def test_a_silence_under_fifteen_seconds_is_not_long():
    lines = OPENING + MIDDLE + [(w, s + 14, e + 14, t) for w, s, e, t in CLOSING]
    assert "long-silence" not in fired(transcript(lines))


# --- interrupting ----------------------------------------------------------------


def test_interruption_when_the_agent_talks_over_the_customer():
    lines = replaced(CALL, 7, "解释了，不过我还想问一下下次保养的时间和费用。", end=36.0)
    lines = replaced(lines, 8, "好的，请问还有什么可以帮您的吗？", start=34.0, end=38.0)
    f = finding(transcript(lines), "interruption")
    assert f.segment == 8 and "抢话 2.0 秒" in f.evidence


def test_a_short_backchannel_or_a_small_overlap_is_listening():
    long_answer = ("c", 31.3, 36.0, "解释了，不过我还想问一下下次保养的时间和费用。")
    closing = [(w, s + 3, e + 3, t) for w, s, e, t in CLOSING]
    backchannel = OPENING + MIDDLE[:3] + [long_answer, ("a", 33.5, 34.0, "嗯嗯")] + closing
    assert "interruption" not in fired(transcript(backchannel))
    small = (
        OPENING
        + MIDDLE[:3]
        + [long_answer, ("a", 35.5, 40.0, "好的，请问还有什么可以帮您的吗？")]
        + closing[1:]
    )
    assert "interruption" not in fired(transcript(small))


# --- the closing -----------------------------------------------------------------


def test_closing_rules_fire_on_the_last_agent_segments():
    lines = (
        OPENING
        + replaced(MIDDLE, 2, "好的。请问服务顾问有没有向您解释保养的项目和费用？")
        + [("a", 33.3, 36.0, "好的，那就这样。"), ("c", 36.3, 37.0, "嗯。")]
    )
    report = inspect(transcript(lines))
    rules = {f.rule: f for f in report.findings}
    assert {"closing-question-missing", "thanks-missing", "goodbye-missing"} <= set(rules)
    assert rules["goodbye-missing"].segment == 8
    assert report.score == 100 - 5 - 3 - 2


def test_thanks_said_early_in_the_call_does_not_count_for_the_closing():
    closing = [
        ("a", 33.3, 38.0, "好的，请问还有什么可以帮您的吗？"),
        ("c", 38.3, 39.0, "没有了。"),
        ("a", 39.3, 42.0, "好的，祝您用车愉快，再见。"),
    ]
    lines = OPENING + MIDDLE + closing
    assert "thanks-missing" not in fired(transcript(lines))  # 谢谢您 in the last three
    lines = (
        OPENING
        + MIDDLE[:2]
        + [("a", 25.8, 31.0, "好的。请问服务顾问有没有向您解释保养的项目和费用？"), MIDDLE[3]]
        + closing
    )
    assert "thanks-missing" in fired(transcript(lines))


def test_agent_hung_up_first_and_unknown_is_not_measurable():
    assert "agent-hung-up-first" in fired(good(ended_by="agent"))
    report = inspect(good(ended_by="unknown"))
    assert "agent-hung-up-first" in report.not_measurable and report.score == 100


# --- promises, competitors, details --------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "这次保养我给您打折。",
        "下次免费给您换机油。",
        "我一定帮您退全款。",
        "您放心，保证给您换新的。",
    ],
)
def test_unauthorized_promise(said):
    assert "unauthorized-promise" in fired(transcript(replaced(CALL, 6, said)))


def test_an_offer_the_campaign_makes_is_not_a_promise():
    said = "这个月店里有保养活动，具体优惠以门店为准，您可以咨询一下。"
    assert "unauthorized-promise" not in fired(transcript(replaced(CALL, 6, said)))


def test_competitor_disparagement_needs_both_a_competitor_and_a_slight():
    slight = "外面的修理厂用的配件质量差，您还是回店里做吧。"
    assert "competitor-disparagement" in fired(transcript(replaced(CALL, 6, slight)))
    fair = "外面的修理厂也可以做，不过原厂配件有质保。"
    assert "competitor-disparagement" not in fired(transcript(replaced(CALL, 6, fair)))


def test_info_not_confirmed_and_confirmed_by_repeating_or_asking():
    lines = OPENING + [
        ("a", 16.8, 22.0, "请问您现在用的联系电话是哪个？方便留一下吗？"),
        ("c", 22.3, 26.0, "我换号了，新号码是139 1234 5678。"),
    ]
    tail = [("c", 31.3, 32.0, "嗯。"), *CLOSING]
    unconfirmed = transcript(lines + [("a", 26.3, 31.0, "好的，那我们继续下一个问题吧。")] + tail)
    f = finding(unconfirmed, "info-not-confirmed")
    assert f.segment == 5 and f.words.replace(" ", "") == "13912345678"
    repeated = transcript(
        lines + [("a", 26.3, 31.0, "好的，一三九，一二三四，五六七八，5678 我记下了。")] + tail
    )
    assert "info-not-confirmed" not in fired(repeated)
    asked = transcript(
        lines + [("a", 26.3, 31.0, "好的，跟您确认一下，是139开头的这个号码对吗？")] + tail
    )
    assert "info-not-confirmed" not in fired(asked)


def test_an_address_must_be_confirmed_too():
    lines = OPENING + [
        ("a", 16.8, 22.0, "礼品给您寄到哪个地址呢？"),
        ("c", 22.3, 27.0, "寄到北京市朝阳区建国路88号吧。"),
        ("a", 27.3, 32.0, "好的，那我们继续下一个问题。"),
    ]
    assert "info-not-confirmed" in fired(transcript(lines + CLOSING))


# --- speaking rate ---------------------------------------------------------------


def stretched(factor):
    """The good call with every agent segment's duration scaled by `factor`."""
    lines, shift = [], 0.0
    for who, s, e, t in CALL:
        s += shift
        if who == "a":
            grow = (e - s + shift) * (factor - 1)
            e = e + shift + grow
            shift += grow
        else:
            e += shift
        lines.append((who, round(s, 1), round(e, 1), t))
    return transcript(lines)


def test_speech_too_fast_and_too_slow():
    base = inspect(good()).speech_rate
    fast = inspect(stretched(0.6))
    assert fast.speech_rate > 320 and "speech-too-fast" in {f.rule for f in fast.findings}
    slow = inspect(stretched(2.0))
    assert slow.speech_rate < 150 and "speech-too-slow" in {f.rule for f in slow.findings}
    assert 150 < base < 320


def test_speech_rate_not_measurable_with_fewer_than_three_rated_segments():
    lines = [
        ("a", 0.0, 6.0, "上午好，我是长城汽车1024号专员，请问您现在方便吗？"),
        ("c", 6.3, 7.0, "方便。"),
        ("a", 7.3, 9.0, "好的，再见。"),
    ]
    report = inspect(transcript(lines))
    assert report.speech_rate is None
    assert {"speech-too-fast", "speech-too-slow"} <= set(report.not_measurable)


def test_the_built_in_rules_are_those_of_quality_md():
    ids = {r.id for r in default_rules().rules}
    assert ids == {
        "greeting-missing", "greeting-bare", "self-intro-missing", "convenience-not-asked",
        "forbidden-phrase", "bare-what", "negative-phrasing", "hold-without-reason",
        "hold-no-thanks", "long-silence", "interruption", "closing-question-missing",
        "thanks-missing", "goodbye-missing", "agent-hung-up-first", "unauthorized-promise",
        "competitor-disparagement", "info-not-confirmed", "speech-too-fast", "speech-too-slow",
    }  # fmt: skip
    deductions = {r.id: r.deduction for r in default_rules().rules}
    assert deductions["forbidden-phrase"] == 20 and deductions["agent-hung-up-first"] == 10


def test_a_date_is_not_an_agent_number():
    for said in (
        "上午好，您3月5号来店保养过，请问是王先生吗？",
        "上午好，上个月十五号您来过店里，请问是王先生吗？",
    ):
        t = transcript(replaced(CALL, 0, said), company="")
        assert "self-intro-missing" in fired(t), said


def test_a_general_negative_question_gets_a_positive_rewrite_too():
    t = transcript(replaced(CALL, 6, "您是不是不要这个保养套餐了？"))
    assert finding(t, "negative-phrasing").suggestion == "这个保养套餐您需要吗？"


def test_a_hold_asked_inside_the_customers_long_turn_excuses_the_silence_after_it():
    lines = OPENING + [
        ("c", 16.6, 40.0, "我跟你说一下上次保养的情况，" * 8),
        ("a", 20.0, 22.0, "您稍等一下好吗，我帮您查询"),
        ("a", 60.0, 66.0, "感谢您的耐心等待，查到了，您的下次保养是在三月。"),
    ]
    closing = [(w, s + 40, e + 40, t) for w, s, e, t in CLOSING]
    assert "long-silence" not in fired(transcript(lines + closing))
    unasked = replaced(lines, 5, "我帮您看一下记录")
    assert "long-silence" in fired(transcript(unasked + closing))
