"""Customer signals 言下之意 (H1): what the customer's words imply, from the seed's
“他们如是说 / 言下之意” table and our after-sales variants, in customer segments only."""

from pathlib import Path

import pytest

from huifang.quality.signals import (
    DATA,
    Signal,
    SignalsError,
    default_book,
    detect,
    load_signals,
)
from huifang.quality.transcript import parse_transcript

BOOK = default_book()


def call(*turns: tuple[str, str]):
    """A transcript of (speaker, text) turns, five seconds each."""
    segments = [
        {"speaker": speaker, "start": 5.0 * i, "end": 5.0 * i + 4, "text": text}
        for i, (speaker, text) in enumerate(turns)
    ]
    return parse_transcript({"call_id": "c1", "segments": segments}, "t.json")


def kinds(text: str, speaker: str = "customer") -> set[str]:
    return {signal.kind for signal in detect(call((speaker, text)))}


# The seed's table, every row (both of its wordings of the group row).
SEED = [
    ("服务倒没什么问题。", "other_discontent"),
    ("我今天还有些事情", "postpone"),
    ("我只能接受这样的条件", "firm_terms"),
    ("我还要与其他人商量了以后才能定", "consult_others"),
    ("别的公司不仅服务好，价格也低", "compare_competitors"),
    ("如果我现在就定，什么时候能装", "buying_signal"),
    ("这个价格还能不能再优惠", "price_objection"),
    ("我们每个月的话费都很高", "billing_doubt"),
    ("我再比较一下其他公司吧", "compare_competitors"),
    ("你们什么时候搞促销", "waiting_promotion"),
    ("我们要买就是几家一块儿买", "group_purchase"),
    ("我们要装就是几家一起装", "group_purchase"),
    ("我不在乎价格高低", "quality_over_price"),
    ("价格需要商量", "price_objection"),
    ("改日再谈吧", "postpone"),
    # the 言下之意 column, said outright
    ("别的条件我不能接受", "firm_terms"),
    ("现在不能定", "postpone"),
    ("这个价格太贵了，如果不优惠，我就不买了", "price_objection"),
    ("集团购买有没有优惠，如优惠就有几个客户", "group_purchase"),
    ("我在乎通信质量", "quality_over_price"),
]


@pytest.mark.parametrize(("text", "kind"), SEED)
def test_every_row_of_the_seeds_table(text, kind):
    assert kind in kinds(text)


VARIANTS = [
    ("保养太贵了，能不能便宜点", "price_objection"),
    ("你们4S店比外面贵多了", "price_objection"),
    ("工时费也有点贵", "price_objection"),
    ("价格能不能再低一点", "price_objection"),
    ("价钱能不能再商量一下", "price_objection"),
    ("那我回头再说吧", "postpone"),
    ("我再想想", "postpone"),
    ("这个我考虑考虑", "postpone"),
    ("我跟家里人商量一下", "consult_others"),
    ("我得回去和我爱人商量商量", "consult_others"),
    ("这个我做不了主", "consult_others"),
    ("我问问我老婆再说", "consult_others"),
    ("我再看看别的品牌", "compare_competitors"),
    ("外面的修理厂才收一半", "compare_competitors"),
    ("我先对比一下别家的", "compare_competitors"),
    ("我现在就订的话什么时候能提车", "buying_signal"),
    ("大概多久能到货", "buying_signal"),
    ("定金多少啊", "buying_signal"),
    ("我们单位有三个人一起买，能优惠吗", "group_purchase"),
    ("你们搞不搞团购", "group_purchase"),
    ("上次保养的费用好像不对", "billing_doubt"),
    ("你们怎么多扣了我两百", "billing_doubt"),
    ("这个工时费怎么算的", "billing_doubt"),
    ("我等年底活动再来", "waiting_promotion"),
    ("有没有什么优惠活动", "waiting_promotion"),
    ("等到国庆再办吧", "waiting_promotion"),
    ("贵一点没关系，主要是质量", "quality_over_price"),
    ("我只要原厂配件", "quality_over_price"),
    ("服务还行，就是等的时间太长了", "other_discontent"),
    ("态度挺好的，不过车还是没修好", "other_discontent"),
    ("最多只能出两千", "firm_terms"),
    ("不然就算了", "firm_terms"),
]


@pytest.mark.parametrize(("text", "kind"), VARIANTS)
def test_our_after_sales_variants(text, kind):
    assert kind in kinds(text)


def test_every_kind_is_recognised_somewhere():
    assert {kind for _text, kind in SEED} == set(BOOK.kinds)


@pytest.mark.parametrize(("text", "kind"), SEED[:15])
def test_the_agent_saying_the_same_words_is_no_signal(text, kind):
    assert kinds(text, speaker="agent") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我不在乎价格", {"quality_over_price"}),  # not a price objection
        ("价格还可以", set()),
        ("价格也不贵", set()),
        ("其实不算太贵", set()),
        ("贵一点也没关系", {"quality_over_price"}),
        ("我再想想", {"postpone"}),  # thinking it over myself …
        ("我跟我爱人商量一下", {"consult_others"}),  # … is not asking my wife
        ("价格需要商量", {"price_objection"}),  # haggling, not asking someone
        ("我不会现在就定的", set()),
        ("好的，没问题，谢谢", set()),
        ("服务是没问题的，我很满意", set()),
        ("不着急，你慢慢查", set()),
        ("我不在乎质量", set()),
    ],
)
def test_close_words_that_mean_something_else(text, expected):
    assert kinds(text) == expected


def test_one_signal_per_kind_and_segment_in_the_order_said():
    transcript = call(
        ("agent", "您好，这次保养一共是八百元。"),
        ("customer", "太贵了，真的太贵了，我再比较一下别家的"),
        ("agent", "是的，价格确实是您要考虑的。"),
        ("customer", "我跟家里人商量一下，反正也太贵"),
    )
    assert detect(transcript) == [
        Signal("price_objection", 1, 5.0, "太贵"),
        Signal("compare_competitors", 1, 5.0, "再比较一下别家"),
        Signal("consult_others", 3, 15.0, "跟家里人商量"),
        Signal("price_objection", 3, 15.0, "太贵"),
    ]


def test_a_quality_customer_may_still_object_to_the_price_elsewhere():
    said = "我不在乎价格高低，但是这个保养太贵了"
    assert kinds(said) == {"quality_over_price", "price_objection"}
    evidence = {s.kind: s.evidence for s in detect(call(("customer", said)))}
    assert evidence["price_objection"] == "保养太贵"


def test_every_kind_tells_the_agent_how_to_answer():
    for kind in BOOK.kinds.values():
        assert kind.label and kind.meaning
        # acknowledge 是的…所以…, reflect and confirm …对吗, then ask
        assert "是的" in kind.approach and "所以" in kind.approach, kind.key
        assert "对吗" in kind.approach, kind.key
        assert kind.reply.startswith("是的") and "对吗？" in kind.reply, kind.key
        assert kind.reply.endswith("？"), kind.key


def test_the_default_book_is_read_once():
    assert default_book() is default_book()
    assert load_signals(DATA).kinds == BOOK.kinds


# --- the data file is checked ----------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "signals.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_centres_file_with_its_own_kind(tmp_path):
    book = load_signals(
        write(
            tmp_path,
            "kinds:\n"
            "  - key: warranty_worry\n"
            "    label: 担心保修\n"
            "    meaning: 怕在外面修了以后不保修\n"
            "    approach: 是的…所以…；您的意思是…对吗？\n"
            "    reply: 是的，保修很重要，所以……\n"
            "    patterns: ['还(保不保|能不能保)修']\n",
        )
    )
    transcript = call(("customer", "外面做了还保不保修"))
    assert [s.kind for s in book.detect(transcript)] == ["warranty_worry"]


def test_a_broken_file_names_each_problem_with_its_line(tmp_path):
    text = (
        "kinds:\n"  # 1
        "  - key: price\n"  # 2
        "    label: 价格\n"
        "    meaning: 太贵\n"
        "    approach: 是的\n"
        "    reply: 是的\n"
        "    phrases: [太贵]\n"
        "    colour: red\n"  # unknown key
        "  - key: price\n"  # 9: duplicated key
        "    label: 价格二\n"
        "    meaning: 太贵\n"
        "    approach: 是的\n"
        "    reply: 是的\n"
        "    phrases: [贵]\n"
        "  - key: later\n"  # 15: missing label, bad regex
        "    meaning: 以后\n"
        "    approach: 是的\n"
        "    reply: 是的\n"
        "    patterns: ['改(天|日']\n"
        "  - key: Bad-Key\n"  # 20
        "    label: 坏\n"
        "    meaning: 坏\n"
        "    approach: 是的\n"
        "    reply: 是的\n"
        "    phrases: ['太贵了，真的']\n"
        "    patterns: ['(贵)?']\n"
    )
    with pytest.raises(SignalsError) as caught:
        load_signals(write(tmp_path, text))
    error = caught.value
    assert error.name.endswith("signals.yaml")
    problems = "\n".join(error.problems)
    assert "第 2 行 信号 price：未知字段 'colour'" in problems
    assert "第 9 行 信号 price：编号重复" in problems
    assert "第 15 行 信号 later：缺少 label" in problems
    assert "第 15 行 信号 later patterns：正则表达式 '改(天|日' 无效" in problems
    assert "第 20 行 第 4 个信号 key：'Bad-Key' 应为小写英文字母" in problems
    assert "第 20 行 第 4 个信号 phrases：短语 '太贵了，真的' 不能含标点或空格" in problems
    assert "第 20 行 第 4 个信号 patterns：正则表达式 '(贵)?' 能匹配空文字" in problems
    assert len(error.problems) == 7
    assert str(error).startswith(f"{error.name}: 第 2 行")


def test_a_broken_copy_of_our_file_is_refused(tmp_path):
    ours = DATA.read_text(encoding="utf-8")
    broken = ours.replace("    label: 价格异议\n", "", 1)
    with pytest.raises(SignalsError) as caught:
        load_signals(write(tmp_path, broken))
    line = next(
        i for i, text in enumerate(broken.splitlines(), 1) if "key: price_objection" in text
    )
    assert caught.value.problems == [f"第 {line} 行 信号 price_objection：缺少 label"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kinds: [oops\n", "不是有效的 YAML"),
        ("- key: x\n", "应为映射，其中 kinds 是信号的列表"),
        ("kinds: []\n", "至少要有一个信号"),
        (
            "kinds:\n  - key: x\n    label: x\n    meaning: x\n    approach: x\n    reply: x\n",
            "至少要有 phrases 或 patterns 之一",
        ),
    ],
)
def test_files_that_are_not_signal_books(tmp_path, text, message):
    with pytest.raises(SignalsError) as caught:
        load_signals(write(tmp_path, text))
    assert message in caught.value.problems[0]


def test_a_missing_file(tmp_path):
    with pytest.raises(SignalsError) as caught:
        load_signals(tmp_path / "nowhere.yaml")
    assert "文件不存在" in caught.value.problems[0]
