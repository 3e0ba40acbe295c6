"""Placeholders 占位符 in the scripts: `{customer_name}{title}` and friends, filled with
the values of the call at hand. A placeholder the call has no value for stays written
as `{name}`, so the agent sees what is missing instead of a gap in the sentence."""

from __future__ import annotations

import re
from collections.abc import Mapping

from huifang.text import _, gettext_noop

# Every placeholder a script may use, in the order the editor lists them, with what it
# stands for. The library loader refuses any other.
PLACEHOLDERS: dict[str, str] = {
    "greeting": gettext_noop("按时段的问候：早上好/上午好/中午好/下午好/晚上好"),
    "customer_name": gettext_noop("客户姓名"),
    "surname": gettext_noop("客户的姓（称呼用，如“王先生”）"),
    "title": gettext_noop("称呼：先生/女士"),
    "agent_no": gettext_noop("坐席工号（XX号坐席）"),
    "agent_name": gettext_noop("坐席姓名"),
    "company": gettext_noop("公司名称"),
    "dealer": gettext_noop("经销商/门店"),
    "product": gettext_noop("车型/产品"),
    "plate": gettext_noop("车牌号"),
    "purpose": gettext_noop("本次回访的目的（回访项目中填写）"),
    "minutes": gettext_noop("回访大约需要的分钟数"),
    "offer": gettext_noop("可赠送的资源，如200元维修保养代金券（回访项目中填写）"),
    "callback_time": gettext_noop("约定的再次联系时间"),
    "appointment_time": gettext_noop("预约到店的时间"),
    "holiday": gettext_noop("即将到来的节日"),
    "care": gettext_noop("今天的关爱语（按生日、节日、季节选择）"),
    "insurance_due": gettext_noop("保险到期日"),
    "inspection_due": gettext_noop("年检到期日"),
    "licence_due": gettext_noop("驾驶证到期日"),
    "days": gettext_noop("还需要的处理天数"),
}

# What the editor's preview fills in, so a script reads as it would on a call.
EXAMPLES: dict[str, str] = {
    "greeting": "上午好",
    "customer_name": "王建国",
    "surname": "王",
    "title": "先生",
    "agent_no": "1024",
    "agent_name": "李娜",
    "company": "长城汽车",
    "dealer": "北京长城汽车4S店",
    "product": "哈弗H6",
    "plate": "京A12345",
    "purpose": "了解您对最近一次保养服务的感受",
    "minutes": "3",
    "offer": "一张200元的维修保养代金券",
    "callback_time": "明天上午10点",
    "appointment_time": "本周六上午9点",
    "holiday": "中秋节",
    "care": "秋天天气干燥，提醒您要多喝水多吃水果，注意保养身体。",
    "insurance_due": "12月5日",
    "inspection_due": "11月30日",
    "licence_due": "2027年3月1日",
    "days": "3",
}

# A filled placeholder: lowercase letters and underscores between braces.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Anything between braces, to catch {客户}, {Customer} or { name } as unknown.
_BRACED = re.compile(r"\{([^{}\n]*)\}")


def fill(text: str, context: Mapping[str, object]) -> str:
    """`text` with every `{name}` that `context` has a non-empty value for replaced by
    that value; the others stay as written."""

    def value(match: re.Match) -> str:
        found = context.get(match.group(1))
        if found is None:
            return match.group(0)
        found = str(found)
        return found if found.strip() else match.group(0)

    return PLACEHOLDER.sub(value, text or "")


def used(text: str) -> list[str]:
    """The placeholders in `text`, each once, in order of first use (anything between
    braces counts, so unknown ones can be named)."""
    seen: dict[str, None] = {}
    for match in _BRACED.finditer(text or ""):
        seen.setdefault(match.group(1), None)
    return list(seen)


def unknown(text: str) -> list[str]:
    """The braced names in `text` that are not placeholders."""
    return [name for name in used(text) if name not in PLACEHOLDERS]


def missing(text: str, context: Mapping[str, object]) -> list[str]:
    """The placeholders of `text` that `context` leaves unfilled."""
    filled = fill(text, context)
    return [name for name in used(text) if name in PLACEHOLDERS and f"{{{name}}}" in filled]


def described() -> list[tuple[str, str, str]]:
    """(name, description in the active language, example) for every placeholder."""
    return [(name, _(text), EXAMPLES.get(name, "")) for name, text in PLACEHOLDERS.items()]


def unknown_message(names: list[str]) -> str:
    """The message for a text that uses unknown placeholders."""
    return _("未知占位符 {names}（可用：{known}）").format(
        names=_("、").join("{" + n + "}" for n in names),
        known=_("、").join(PLACEHOLDERS),
    )


# Two-character surnames 复姓 that are still in use; any other name's surname is its
# first character.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 "
    "独孤 南宫 西门 百里 呼延 澹台 公冶 太史 申屠 闻人 万俟 钟离 宗政 濮阳 淳于 单于 "
    "赫连 第五 拓跋 鲜于 闾丘 亓官 司空 仲孙 乐正 左丘 东郭 梁丘 羊舌 微生 公羊".split()
)


def surname(name: str) -> str:
    """The family name of a Chinese personal name (王建国 → 王, 欧阳修 → 欧阳); a name
    in Latin letters or of one character is returned whole."""
    name = (name or "").strip()
    if len(name) <= 1 or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return name
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2]
    return name[0]
