"""Contact-time policies 呼叫时段策略 and the north/south lunch rule (features.md C1).

The policies and the list of southern provinces are data (`policies.yaml`); a centre
may load its own copy. A window is half-open, [start, end): a call may *start* at the
start instant but not at the end instant.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from huifang.scheduling._files import read_yaml

Window = tuple[time, time]


class PolicyError(ValueError):
    """A contact-policy file or name is wrong; the message names the place."""


@dataclass(frozen=True)
class ContactPolicy:
    """A contact-time policy: the windows in which a call may start, on workdays.

    `windows` apply in the north, `south_windows` south of the Qinling–Huaihe line
    (longer lunch break 午休). Both are sorted and do not overlap."""

    name: str
    windows: tuple[Window, ...]
    south_windows: tuple[Window, ...]
    label: str = ""

    def windows_for(self, south: bool) -> tuple[Window, ...]:
        return self.south_windows if south else self.windows


# -- provinces -----------------------------------------------------------------------

# Provincial-level divisions 省级行政区: short name, official full name, English names.
_PROVINCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("北京", "北京市", ("Beijing",)),
    ("天津", "天津市", ("Tianjin",)),
    ("河北", "河北省", ("Hebei",)),
    ("山西", "山西省", ("Shanxi",)),
    ("内蒙古", "内蒙古自治区", ("Inner Mongolia", "Nei Mongol", "Neimenggu")),
    ("辽宁", "辽宁省", ("Liaoning",)),
    ("吉林", "吉林省", ("Jilin",)),
    ("黑龙江", "黑龙江省", ("Heilongjiang",)),
    ("上海", "上海市", ("Shanghai",)),
    ("江苏", "江苏省", ("Jiangsu",)),
    ("浙江", "浙江省", ("Zhejiang",)),
    ("安徽", "安徽省", ("Anhui",)),
    ("福建", "福建省", ("Fujian",)),
    ("江西", "江西省", ("Jiangxi",)),
    ("山东", "山东省", ("Shandong",)),
    ("河南", "河南省", ("Henan",)),
    ("湖北", "湖北省", ("Hubei",)),
    ("湖南", "湖南省", ("Hunan",)),
    ("广东", "广东省", ("Guangdong",)),
    ("广西", "广西壮族自治区", ("Guangxi",)),
    ("海南", "海南省", ("Hainan",)),
    ("重庆", "重庆市", ("Chongqing",)),
    ("四川", "四川省", ("Sichuan",)),
    ("贵州", "贵州省", ("Guizhou",)),
    ("云南", "云南省", ("Yunnan",)),
    ("西藏", "西藏自治区", ("Tibet", "Xizang")),
    ("陕西", "陕西省", ("Shaanxi",)),
    ("甘肃", "甘肃省", ("Gansu",)),
    ("青海", "青海省", ("Qinghai",)),
    ("宁夏", "宁夏回族自治区", ("Ningxia",)),
    ("新疆", "新疆维吾尔自治区", ("Xinjiang",)),
    ("香港", "香港特别行政区", ("Hong Kong",)),
    ("澳门", "澳门特别行政区", ("Macau", "Macao")),
    ("台湾", "台湾省", ("Taiwan",)),
)
PROVINCES: frozenset[str] = frozenset(short for short, _, _ in _PROVINCES)
"""Short names of the 34 provincial-level divisions."""

_BY_PREFIX = sorted(PROVINCES, key=len, reverse=True)
_ENGLISH = sorted(
    (
        (re.sub(r"[^a-z]", "", name.lower()), short)
        for short, _, names in _PROVINCES
        for name in names
    ),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def normalise_province(name: str | None) -> str:
    """The short name of a province-level region: "广东省" → "广东",
    "广西壮族自治区" → "广西", "北京市" → "北京", "香港特别行政区" → "香港",
    "广东省深圳市" → "广东", "Guangdong Province" → "广东". Empty for no name; an
    unknown name comes back trimmed of its 省/市/自治区 suffix."""
    if not name:
        return ""
    text = re.sub(r"\s+", "", str(name))
    for short in _BY_PREFIX:
        if text.startswith(short):
            return short
    letters = re.sub(r"[^a-z]", "", text.lower())
    if letters:
        for english, short in _ENGLISH:
            if letters.startswith(english):
                return short
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def province_spellings(short: str) -> tuple[str, ...]:
    """The ways a province is commonly written ("广东", "广东省", "Guangdong"), for
    matching stored text in a database query."""
    for name, full, english in _PROVINCES:
        if name == short:
            return (name, full, *english)
    return (short,)


# -- loading -------------------------------------------------------------------------

_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")


def _time(hour: str, minute: str) -> time | None:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        return None
    return time(h, m)


def _windows(raw, place: str) -> tuple[Window, ...]:
    if not isinstance(raw, list) or not raw:
        raise PolicyError(f'{place}: give a list of windows like ["08:30-12:00", "13:00-19:00"]')
    windows: list[Window] = []
    for i, item in enumerate(raw):
        where = f"{place}[{i}]"
        match = _WINDOW.match(item) if isinstance(item, str) else None
        if match is None:
            raise PolicyError(f'{where}: {item!r} is not a window like "08:30-12:00"')
        start, end = _time(*match.group(1, 2)), _time(*match.group(3, 4))
        if start is None or end is None:
            bad = match.group(1, 2) if start is None else match.group(3, 4)
            raise PolicyError(f"{where}: {':'.join(bad)} is not a time of day")
        if end < start:
            raise PolicyError(f"{where}: end {end:%H:%M} is before start {start:%H:%M}")
        if end == start:
            raise PolicyError(f"{where}: the window {start:%H:%M}-{end:%H:%M} is empty")
        if windows and start < windows[-1][1]:
            prev = windows[-1]
            raise PolicyError(
                f"{where}: {start:%H:%M}-{end:%H:%M} overlaps or comes before "
                f"{prev[0]:%H:%M}-{prev[1]:%H:%M}; list windows in order without overlap"
            )
        windows.append((start, end))
    return tuple(windows)


_POLICY_KEYS = {"label", "windows", "south_windows"}


def load_policies(path: str | Path | None = None) -> dict[str, ContactPolicy]:
    """The contact policies in `path` (the packaged `policies.yaml` when None),
    validated; a bad file raises `PolicyError` naming the file and the place."""
    data, where = read_yaml(path, "policies.yaml", PolicyError)
    if not isinstance(data, dict) or not isinstance(data.get("policies"), dict):
        raise PolicyError(f"{where}: expected a mapping with a 'policies' section")
    unknown = sorted(set(data) - {"policies", "south_provinces"}, key=str)
    if unknown:
        raise PolicyError(f"{where}: unknown section {unknown[0]!r}")
    if not data["policies"]:
        raise PolicyError(f"{where}: policies: no policy defined")
    policies: dict[str, ContactPolicy] = {}
    for name, body in data["policies"].items():
        place = f"{where}: {name}"
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise PolicyError(f"{where}: policy name {name!r}: use lower-case letters, digits, _")
        if not isinstance(body, dict):
            raise PolicyError(f"{place}: expected label, windows and south_windows")
        unknown = sorted(set(body) - _POLICY_KEYS, key=str)
        if unknown:
            raise PolicyError(f"{place}: unknown key {unknown[0]!r}")
        label = body.get("label", "")
        if not isinstance(label, str):
            raise PolicyError(f"{place}.label: expected text")
        windows = _windows(body.get("windows"), f"{place}.windows")
        south = _windows(body.get("south_windows", body.get("windows")), f"{place}.south_windows")
        policies[name] = ContactPolicy(name, windows, south, label)
    _south_list(data, where)  # the same file must carry a valid province list
    return policies


def load_south_provinces(path: str | Path | None = None) -> frozenset[str]:
    """The southern provinces (short names) listed in the policy file."""
    data, where = read_yaml(path, "policies.yaml", PolicyError)
    return _south_list(data, where)


def _south_list(data, where: str) -> frozenset[str]:
    raw = data.get("south_provinces") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise PolicyError(f"{where}: south_provinces: expected a list of province names")
    names = set()
    for i, item in enumerate(raw):
        short = normalise_province(item) if isinstance(item, str) else ""
        if short not in PROVINCES:
            raise PolicyError(f"{where}: south_provinces[{i}]: {item!r} is not a province")
        names.add(short)
    return frozenset(names)


@functools.cache
def _policies_at(path: str | None) -> dict[str, ContactPolicy]:
    return load_policies(path)


def get_policy(name: str, path: str | Path | None = None) -> ContactPolicy:
    """The policy called `name` from the packaged file (or `path`), loaded once."""
    policies = _policies_at(None if path is None else str(path))
    try:
        return policies[name]
    except KeyError:
        known = ", ".join(sorted(policies))
        raise PolicyError(f"unknown contact policy {name!r} (known: {known})") from None


SOUTH_PROVINCES: frozenset[str] = load_south_provinces()
"""Short names of the southern provinces, from the packaged policies.yaml."""

SOUTH_PROVINCE_SPELLINGS: frozenset[str] = frozenset(
    spelling for short in SOUTH_PROVINCES for spelling in province_spellings(short)
)
"""Every common spelling of a southern province ("广东", "广东省", "Guangdong"), for a
database query over stored province text that was not normalised."""


def is_south(province: str | None, south: frozenset[str] | None = None) -> bool:
    """True when `province` is south of the Qinling–Huaihe line (longer lunch break).
    An unknown or empty region counts as south: it gets the longer lunch break."""
    short = normalise_province(province)
    if short not in PROVINCES:
        return True
    return short in (SOUTH_PROVINCES if south is None else south)
