"""The library says what the customer's training documents say (seeds 000–002): every
standard phrase is in some script, the keys the workspace asks for exist, and the
taboos are kept apart as 服务禁语."""

import re

import pytest

from huifang.scripts import placeholders
from huifang.scripts.care import default_lines
from huifang.scripts.library import KINDS, REQUIRED, TABOO, load_library

LIBRARY = load_library()

# Phrases copied from the seeds. OCR slips fixed where the library fixes them:
# 000 "我能为你提供" → 您; 000 "维修质量上的保障" reads 有保障 in the library, so the
# phrase below starts after it.
SEED_PHRASES = [
    # 000 电话礼仪·问候语
    "您好，很高兴为您服务，我能为您做些什么？",
    "您好，请问您需要什么帮助？",
    "欢迎您的来电，请问有什么可以帮您？",
    "您好，对不起，让您久等了，请问您需要什么帮助？",
    # 000 应答用语
    "对不起，我没听清楚您的问题，请您重复一遍，好吗？",
    "非常抱歉，您刚才说的我不是很明白，请您再讲一遍，好吗？",
    "对不起，您咨询的问题我暂时无法确定，需要核实后再回复您，请您留下联系电话好吗？",
    "我会尽快查询后与您联系",
    "非常抱歉，我这边听不清楚，请您大声一点，好吗？",
    "对不起，电话线路不好，听不清楚您讲话的声音。如果方便，请您换一部电话再打来好吗。",
    "对不起，您方便讲普通话吗？谢谢！",
    "很抱歉，您的方言我听不太懂，请不要着急。您慢慢说，我来记录好吗。",
    # 000 查询用语
    "这个问题我帮您查询一下好吗？请您稍等一下。",
    "我需要帮您核实一下情况，这可能需要您等待1-2分钟，您方便在线等待吗？",
    "感谢您耐心的等待",
    "方便告诉我，您的姓名吗？",
    "为了更好的为您提供服务，方便留下您的联系方式吗？",
    "您记录好了吗？",
    "经过查询，您车辆的问题正在处理",
    # 000 接受建议或表扬时的用语
    "不客气，这是我们应该做的",
    "这是我们的工作职责",
    "感谢您对我们工作的支持，随时欢迎您再次来电",
    "非常感谢您的支持与认可，您的满意就是对我们工作最大的支持",
    "谢谢您提出的宝贵建议，我们将及时地反馈给公司相关负责人员，再次感谢您对我们工作的关心和支持",
    "您的建议很重要，我们会及时转给相关部门，感谢您的支持！我们将尽快与您联系",
    "谢谢您的建议，我已记录下来，以后一定改进",
    # 000 其它方面的用语
    "对不起，我刚才的解释有误，请允许我重新解释",
    "能否告诉我您的联系方式，我稍后与您联系",
    "您好，您的电话已经接通，我能为您提供哪些帮助？",
    "很抱歉，听不到您的声音，我将挂断电话，希望您换部电话再次拨打，祝您愉快，再见。",
    "对不起，如果没有业务需要咨询，请挂机。",
    # 000 结束语
    "请问还有什么可以帮助您的？",
    "请问您还有其它问题需要解决吗？",
    "不用谢，很高兴为您服务，祝您心情愉快，再见。",
    # 000 电话回访技巧 and 特殊情况应对 1–3
    "对不起，打扰您了.请您注意行车安全，稍后我们再联系您。",
    "对不起，打扰您了，祝您工作顺利",
    "您什么时候方便，我们再联系您",
    "我们正在完善您的档案信息，如果有活动或新产品发布时，可以联系邀请您参与，您方便提供吗？",
    "您是否方便提供您朋友的电话，我们可以联系他，向他详细介绍车辆的信息",
    "邮寄地址",
    "您的参与将会是匿名的，我们将遵循行业规范，不会向任何项目无关人员透露您的个人信息，请您放心回答。",
    "我们特许服务站的维修技师都经过专业培训及技术指导，同时配备专业维修设备保证了维修质量",
    "特许经销商提供的均为原厂备件，可以保证备件质量及使用安全，让您放心",
    "非常感谢您的配合，我们的回访是为了了解您的服务体验以便收集您的意见和建议，使我们能及时改善，更好的为您提供服务。",
    # 000 实战-问卷设计
    "200元",
    "代金券",
    # 001 回访三步曲
    "感谢您在百忙之中接受",
    "方便接听",
    "感谢您对{company}的信任与支持",
    # 002 规范服务用语、重要的第一声、自我介绍、经验积累
    "您好，请问有什么可以帮您？",
    "您好，我是{company}呼叫中心{agent_no}号坐席",
    "早上好",
    "上午好",
    "中午好",
    "下午好",
    "晚上好",
    "请问有什么可以帮到您",
    "请问您贵姓",
    "请问您怎么称呼",
    "询问您贵姓是为了方便称呼您",
    "请问还有什么可以帮您吗",
    "请问还有什么可以为您服务的吗",
    "感谢您的来电，祝您生活愉快！",
    "您好，您的电话已接通，请讲",
    "对不起您的电话无声，如有需要请再次来电，谢谢！再见！",
    "您别急，我马上就帮您联系",
    "评价",
]

# 000 聆听过程中应避免使用的言语, 000 不良表现 (直接反问“什么”), 002 切忌草率答复“不可能”.
SEED_TABOOS = [
    "你好像不明白",
    "你肯定弄错了",
    "你什么意思",
    "你记混了",
    "我们从没",
    "我们不可能",
    "不可能",
    "什么？",
]


def plain(text: str) -> str:
    """Only the words: punctuation, spaces and placeholder braces dropped, so 1-2 and
    1～2, “.” and “。” compare equal."""
    return "".join(ch for ch in text if ch.isalnum())


READABLE = [plain(s.text) for s in LIBRARY if not s.taboo]


def test_there_are_enough_seed_phrases_to_mean_something():
    assert len(SEED_PHRASES) >= 30


@pytest.mark.parametrize("phrase", SEED_PHRASES)
def test_every_seed_phrase_is_in_a_script_to_read(phrase):
    wanted = plain(phrase)
    assert any(wanted in text for text in READABLE), phrase


@pytest.mark.parametrize("phrase", SEED_TABOOS)
def test_every_seed_taboo_is_a_taboo_and_never_a_phrase_to_read(phrase):
    taboos = [s.text for s in LIBRARY.in_category(TABOO)]
    assert any(f"禁说：{phrase}" in text for text in taboos), phrase
    assert all(text.startswith("禁说：") and "\n宜说：" in text for text in taboos)
    for s in LIBRARY:
        if not s.taboo and phrase != "什么？":
            assert phrase not in s.text, (s.key, phrase)


def test_the_taboo_category_is_labelled_service_taboos_and_not_searchable():
    assert LIBRARY.categories[TABOO] == "服务禁语"
    assert LIBRARY.search("你好像不明白") == []
    assert LIBRARY.search("你好像不明白", taboo=True)[0].key == "taboo.not_understand"


def test_every_required_key_exists_with_known_placeholders():
    for key in REQUIRED:
        script = LIBRARY.get(key)
        assert script.text.strip() and script.title.strip(), key
        assert placeholders.unknown(script.text) == [], key
        assert not script.taboo


def test_every_script_uses_only_known_placeholders_and_known_kinds():
    for script in LIBRARY:
        assert placeholders.unknown(script.text) == [], script.key
        assert set(script.kinds) <= set(KINDS), script.key
        assert script.category in LIBRARY.categories, script.key


def test_talking_points_for_every_campaign_kind():
    from huifang.campaigns.choices import Kind

    for kind in Kind.values:
        points = LIBRARY.get(f"points.{kind}")
        assert points.kinds == (kind,)
        lines = points.text.splitlines()
        assert len(lines) >= 3, kind  # one point a line
        assert all(line.strip() for line in lines)


def test_the_opening_line_has_every_step_of_d2():
    text = LIBRARY.get("opening.default").text
    for name in ("greeting", "customer_name", "title", "company", "agent_no", "purpose", "minutes"):
        assert f"{{{name}}}" in text, name
    assert "{agent_no}号坐席" in text
    assert text.endswith("请问您现在方便接听吗？")


@pytest.mark.parametrize(
    "kind",
    [
        "reminder",
        "satisfaction_sale",
        "satisfaction_service",
        "dormant",
        "holiday",
        "complaint_followup",
    ],
)
def test_an_opening_for_each_main_kind(kind):
    script = LIBRARY.get(f"opening.{kind}")
    assert script.kinds == (kind,)
    assert script.text.endswith("请问您现在方便接听吗？")
    assert "{agent_no}号坐席" in script.text and "{customer_name}{title}" in script.text


def test_the_reminder_opening_says_spoken_words_not_the_campaigns_purpose():
    """The campaign's purpose is written for the staff (提醒客户车辆保险即将到期…);
    read aloud to the customer it would talk about them in the third person."""
    text = LIBRARY.get("opening.reminder").text
    assert "{purpose}" not in text and "温馨提醒" in text


def test_every_campaign_kind_has_callback_scripts_beyond_opening_and_points():
    for kind in KINDS:
        others = [s for s in LIBRARY.for_kind(kind) if s.category not in ("opening", "points")]
        assert others, kind


def test_hold_asks_permission_and_gives_a_reason():
    ask, long = LIBRARY.get("hold.ask").text, LIBRARY.get("hold.ask_long").text
    assert "查询" in ask and "好吗" in ask
    assert "核实" in long and "1～2分钟" in long and "方便在线等待吗" in long
    assert LIBRARY.get("hold.thanks").text == "感谢您耐心的等待。"


def test_closing_words():
    assert LIBRARY.get("closing.anything_else").text == "请问还有什么可以帮助您的？"
    assert LIBRARY.get("closing.thanks").text.startswith("感谢您在百忙之中接受我们的回访")
    assert "再见" in LIBRARY.get("closing.goodbye").text


def test_the_dormant_care_offers_the_seeds_200_yuan_voucher():
    assert "200元的维修保养代金券" in LIBRARY.get("dormant.voucher").text


def test_sources_name_a_seed_and_every_seed_is_used():
    seeds = {re.match(r"^(\d{3}) ", s.source).group(1) for s in LIBRARY if s.source}
    assert {"000", "001", "002"} <= seeds
    for script in LIBRARY:
        assert script.source == "" or re.match(r"^00\d ", script.source), script.key


def test_texts_use_chinese_punctuation():
    for script in LIBRARY:
        body = re.sub(r"\{[a-z_]+\}", "", script.text)
        assert not re.search(r"[,?!;:]", body), script.key
        assert not re.search(r"[\u4e00-\u9fff]\.", body), script.key


def test_care_lines_are_in_chinese_and_fill():
    lines = default_lines()
    every = list(lines.birthday) + [t for ts in lines.seasons.values() for t in ts]
    every += [t for f in lines.festivals for t in f.lines]
    for line in every:
        assert placeholders.unknown(line) == []
        assert line[-1] in "。！", line
