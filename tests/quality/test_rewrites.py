"""Negative → positive rewrites 否定语 → 肯定语 (H2): the seed's table, the general
forms, and sentences that are already positive left alone."""

from pathlib import Path

import pytest

from huifang.quality.phrases import PhraseIndex
from huifang.quality.rewrites import (
    Rewrite,
    RewritesError,
    load_rewrites,
    negative_phrases,
    rewrite,
)

# The seed's 否定语 → 肯定语 table (003 使客户满意的应对技巧).
SEED = [
    ("这样不行吗？", "这样可以吧？"),
    ("是不是不要这样的？", "这样做，好吧？"),
    ("您不需要吗？", "您需要吗？"),
    ("您不喜欢吗？", "您喜欢吗？"),
    ("您不愿意这样做，对吗？", "您愿意吗？"),
]


@pytest.mark.parametrize(("negative", "positive"), SEED)
def test_every_pair_of_the_seeds_table(negative, positive):
    assert rewrite(negative) == Rewrite(negative.rstrip("？"), positive)


@pytest.mark.parametrize(("negative", "positive"), SEED)
def test_as_speech_to_text_writes_it(negative, positive):
    """No punctuation, half-width punctuation, inside a longer sentence."""
    bare = negative.replace("，", "").replace("？", "")
    assert rewrite(bare).positive == positive
    assert rewrite(negative.replace("，", ",").replace("？", "?")).positive == positive
    assert rewrite(f"先生，{bare}我们再帮您看看").positive == positive


@pytest.mark.parametrize(
    "sentence",
    [
        *(positive for _negative, positive in SEED),
        "就这样吧？",
        "您看这样可以吗？",
        "您不需要担心，我们会处理好的。",
        "请问您还有其他需要吗？",
        "不好意思，让您久等了。",
        "您的车辆不需要额外付费。",
        "这样行不行，我帮您约明天上午？",
    ],
)
def test_positive_sentences_are_left_alone(sentence):
    assert rewrite(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "negative", "positive"),
    [
        ("那您不需要保养吗？", "您不需要保养吗", "您需要保养吗？"),
        ("你不喜欢这个颜色吗", "你不喜欢这个颜色吗", "你喜欢这个颜色吗？"),
        ("您不考虑一下吗", "您不考虑一下吗", "您考虑一下吗？"),
        ("您不愿意换，对吗？", "您不愿意换，对吗", "您愿意换吗？"),
        ("那样不可以吗？", "那样不可以吗", "那样可以吧？"),
        ("是不是不要那样？", "是不是不要那样", "那样做，好吧？"),
    ],
)
def test_the_general_forms(sentence, negative, positive):
    assert rewrite(sentence) == Rewrite(negative, positive)


def test_the_first_negative_in_a_sentence_is_rewritten():
    assert rewrite("您不喜欢吗？这样不行吗？").positive == "您喜欢吗？"
    assert rewrite("这样不行吗？您不喜欢吗？").positive == "这样可以吧？"


def test_the_seeds_pair_wins_over_a_general_form_at_the_same_place():
    # The general form would say 您愿意这样做吗？; the seed says 您愿意吗？
    assert rewrite("您不愿意这样做，对吗").positive == "您愿意吗？"


def test_the_negative_phrases_for_the_qa_rule():
    phrases = negative_phrases()
    assert phrases == [
        "这样不行吗",
        "是不是不要这样的",
        "您不需要吗",
        "您不喜欢吗",
        "您不愿意这样做对吗",
    ]
    index = PhraseIndex({"negative": phrases})
    for phrase in phrases:
        said = f"好的，{phrase}？"
        assert [hit.phrase for hit in index.find(said)] == [phrase]
        assert rewrite(said) is not None


# --- the data file is checked ----------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rewrites.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_centres_file(tmp_path):
    rewrites = load_rewrites(
        write(
            tmp_path,
            "pairs:\n  - negative: 您没意见吧不是吗\n    positive: 您同意吗？\n"
            "forms:\n  - pattern: '您不(?P<verb>要)(?P<what>\\w{1,4})吗'\n"
            "    positive: '{verb}{what}吗？'\n",
        )
    )
    assert rewrites.rewrite("您不要试试吗") == Rewrite("您不要试试吗", "要试试吗？")


def test_a_broken_file_names_each_problem_with_its_line(tmp_path):
    text = (
        "pairs:\n"  # 1
        "  - negative: 这样可以吗\n"  # 2: no negation
        "    positive: 好吧\n"
        "  - negative: 这样不行吗\n"  # 4: its positive is negative again
        "    positive: 那这样不行吗？\n"
        "    note: x\n"
        "forms:\n"
        "  - pattern: '您不(喜欢'\n"  # 8: bad regex
        "    positive: 好\n"
        "  - pattern: '您不(?P<verb>想)吗'\n"  # 10: unknown group
        "    positive: '{who}{verb}吗'\n"
        "  - pattern: '(不)?'\n"  # 12: matches nothing at all
        "    positive: 好\n"
    )
    with pytest.raises(RewritesError) as caught:
        load_rewrites(write(tmp_path, text))
    problems = "\n".join(caught.value.problems)
    assert "第 2 行 第 1 对否定语 negative：'这样可以吗' 里没有否定词“不”" in problems
    assert "第 4 行 第 2 对否定语：未知字段 'note'" in problems
    assert (
        "第 4 行 否定语 这样不行吗：肯定语 '那这样不行吗？' 本身又含否定语 '这样不行吗'" in problems
    )
    assert "第 8 行 第 1 个句式 pattern：正则表达式 '您不(喜欢' 无效" in problems
    assert "第 10 行 第 2 个句式 positive：who 不是 pattern 里的命名分组" in problems
    assert "第 12 行 第 3 个句式 pattern：能匹配空文字" in problems
    assert len(caught.value.problems) == 6


def test_a_missing_file(tmp_path):
    with pytest.raises(RewritesError) as caught:
        load_rewrites(tmp_path / "nowhere.yaml")
    assert "文件不存在" in caught.value.problems[0]
