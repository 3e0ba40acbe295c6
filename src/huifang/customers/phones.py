"""Telephone numbers (A2): E.164, mobile or landline, and the province and city a
number belongs to — the region drives the southern lunch-break rule of C1.

Plain Python over `phonenumbers`, but for Django's gettext: the reason a number is
refused is worded in the active language (zh-hans by default); no database.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from django.utils.translation import gettext as _
from phonenumbers import PhoneNumberType

MOBILE = "mobile"
LANDLINE = "landline"
OTHER = "other"

# Short names as people say them, longest first so 黑龙江 is not read as 黑.
PROVINCES = (
    "黑龙江", "内蒙古",
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川",
    "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "广西", "西藏", "宁夏", "新疆",
    "香港", "澳门",
)  # fmt: skip

# What follows a short name in a full one: 广东省, 广西壮族自治区, 香港特别行政区, 北京市.
_PROVINCE_SUFFIXES = (
    "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市",
)  # fmt: skip

# Numbers outside the mainland that a Chinese centre still calls as domestic customers.
_REGIONS = {"CN": "", "HK": "香港", "MO": "澳门", "TW": "台湾"}

_KINDS = {
    PhoneNumberType.MOBILE: MOBILE,
    PhoneNumberType.FIXED_LINE: LANDLINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: MOBILE,
}

# What may appear in a written number besides digits: separators, a leading +, and
# brackets round an area code. Anything else (letters, 转 for an extension) is refused.
_ALLOWED = re.compile(r"[0-9+\-().\s]+")
_EXCEL_LOST_DIGITS = re.compile(r"\d(\.\d+)?[eE]\+?\d+")
_MOBILE = re.compile(r"(?:\+86|0086|86)?[\s-]*(1\d\d)[\s-]?(\d{4})[\s-]?(\d{4})")
_SPLIT = re.compile(r"[;,，；/、|\n\r]+")


@dataclass(frozen=True, slots=True)
class PhoneInfo:
    """A normalised number: `e164` like +8613800138000, `kind` mobile, landline or
    other (400 numbers, short codes), and the region the number is registered in."""

    e164: str
    kind: str
    province: str = ""
    city: str = ""


def normalise_phone(raw: str) -> PhoneInfo:
    """Read a number as Chinese dealers write it.

    >>> normalise_phone("0755 1234 5678")
    PhoneInfo(e164='+8675512345678', kind='landline', province='广东', city='深圳')

    Raises ValueError with the reason when the text is not a usable number."""
    return _normalise(unicodedata.normalize("NFKC", str(raw)).strip())


def _normalise(text: str) -> PhoneInfo:
    if not text:
        raise ValueError(_("号码为空"))
    mobile = _MOBILE.fullmatch(text)
    if mobile:
        national = "".join(mobile.groups())
        known = _mobile_prefix(national[:7])
        if known is not None:
            return PhoneInfo("+86" + national, MOBILE, *known)
    if re.fullmatch(r"\d+\.0+", text):  # a number cell read as 13800138000.0
        text = text.split(".")[0]
    value = repr(text)
    if _EXCEL_LOST_DIGITS.fullmatch(text):
        raise ValueError(
            _("%(value)s 是科学计数法，Excel 已经丢掉了部分数字；请把这一列设为文本格式后重新导出")
            % {"value": value}
        )
    if not _ALLOWED.fullmatch(text):
        bad = next(ch for ch in text if not _ALLOWED.fullmatch(ch))
        raise ValueError(
            _("%(value)s 含有 %(char)s，电话号码里不能有这个字符")
            % {"value": value, "char": repr(bad)}
        )
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7:
        raise ValueError(_("%(value)s 位数太少，不是电话号码") % {"value": value})
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(
            _("%(value)s 不是电话号码（%(detail)s）") % {"value": value, "detail": exc}
        ) from None
    region = phonenumbers.region_code_for_number(number)
    if number.country_code != 86 and region not in _REGIONS:
        raise ValueError(
            _("%(value)s 不是中国的号码（国家代码 +%(code)s）")
            % {"value": value, "code": number.country_code}
        )
    if not phonenumbers.is_valid_number(number):
        raise ValueError(_why_invalid(number, value))
    kind = _KINDS.get(phonenumbers.number_type(number), OTHER)
    if number.country_code == 86:
        province, city = split_region(_describe(number))
    else:
        province, city = _REGIONS[region], ""
    return PhoneInfo(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        kind,
        province,
        city,
    )


@lru_cache(maxsize=8192)
def _mobile_prefix(prefix: str) -> tuple[str, str] | None:
    """Province and city of the 11-digit mobile numbers starting with these 7 digits,
    or None when they are not valid mobile numbers. For an 11-digit national number
    starting with 1, validity depends on at most its first 6 digits and the geocoder's
    data on its first 7, so one lookup per prefix serves every number under it."""
    try:
        number = phonenumbers.parse(prefix + "0000", "CN")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        return None
    return split_region(_describe(number))


def _describe(number) -> str:
    """The geocoder's Chinese description, like 广东省深圳市. Imported here, not at the
    top: loading phonenumbers' geocoding data costs about 170 MB, which only processes
    that normalise numbers should pay."""
    from phonenumbers import geocoder

    return geocoder.description_for_valid_number(number, "zh")


def _why_invalid(number, value: str) -> str:
    """Why a number phonenumbers calls invalid is refused; `value` is the text quoted."""
    national = str(number.national_number)
    if number.country_code == 86 and len(national) <= 8:
        return _("%(value)s 位数不够：手机号码应为 11 位，固定电话要带区号") % {"value": value}
    if number.country_code == 86 and national.startswith("1"):
        if len(national) != 11:
            return _("%(value)s 手机号码位数不对：应为 11 位，这里是 %(length)d 位") % {
                "value": value,
                "length": len(national),
            }
        return _("%(value)s 不是有效的手机号码：没有运营商使用这个号段") % {"value": value}
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == phonenumbers.ValidationResult.TOO_LONG:
        return _("%(value)s 位数太多，不是电话号码") % {"value": value}
    if reason == phonenumbers.ValidationResult.TOO_SHORT:
        return _("%(value)s 位数太少，不是电话号码") % {"value": value}
    return _("%(value)s 不是有效的中国电话号码") % {"value": value}


def split_phones(cell) -> list[str]:
    """The numbers written in one cell, in order.

    Separators are `;` `,` `，` `；` `/` `、` `|` and line breaks. Spaces separate numbers
    only when every piece is long enough to be a number by itself, so "0755 1234 5678"
    and "+86 138 0013 8000" stay one number while "13800138000 13900139000" are two.

    >>> split_phones("13800138000；0755 1234 5678、13900139000 13700137000")
    ['13800138000', '0755 1234 5678', '13900139000', '13700137000']
    """
    text = unicodedata.normalize("NFKC", "" if cell is None else str(cell))
    numbers = []
    for chunk in _SPLIT.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        pieces = chunk.split()
        if len(pieces) > 1 and all(len(re.sub(r"\D", "", p)) >= 7 for p in pieces):
            numbers.extend(pieces)
        else:
            numbers.append(chunk)
    return numbers


def split_region(description: str) -> tuple[str, str]:
    """Province short name and city from the geocoder's description.

    >>> split_region("广东省深圳市")
    ('广东', '深圳')
    >>> split_region("北京市")
    ('北京', '北京')
    >>> split_region("内蒙古呼和浩特市")
    ('内蒙古', '呼和浩特')
    >>> split_region("中国")
    ('', '')

    An area code that serves several cities ("四川省成都市、资阳市、眉山市") gives the
    first, the one the code is named after."""
    province = next((p for p in PROVINCES if description.startswith(p)), "")
    if not province:
        return "", ""
    rest = description[len(province) :]
    for suffix in _PROVINCE_SUFFIXES:
        if rest.startswith(suffix):
            rest = rest[len(suffix) :]
            break
    city = rest.split("、")[0]
    if not city and province in {"北京", "天津", "上海", "重庆", "香港", "澳门"}:
        city = province
    if city.endswith("市") and len(city) > 2:
        city = city[:-1]
    return province, city


def short_province(text: str) -> str:
    """The short name of a province written in full or short: 广东省 → 广东,
    广西壮族自治区 → 广西, 北京市 → 北京. Raises ValueError for anything else."""
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for province in PROVINCES:
        if name == province or (
            name.startswith(province) and name[len(province) :] in _PROVINCE_SUFFIXES
        ):
            return province
    if name == "内蒙":
        return "内蒙古"
    raise ValueError(_("%(value)s 不是中国的省份名称") % {"value": repr(text)})
