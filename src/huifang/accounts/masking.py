"""Number masking (A5): agents see 138****8000, never the whole number — also where a
number was typed into a complaint, a note or a result."""

import re
from typing import Any

# A Chinese mobile or landline number written in running text (with +86/0086, spaces
# or dashes), not part of a longer run of letters and digits (a VIN, an order number).
PHONE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}"
    r"|0\d{2,3}[- ]?\d{3,4}[- ]?\d{4}"
    r"|(?:\+|00)86[- ]?(?:10|[2-9]\d{1,2})[- ]?\d{3,4}[- ]?\d{4}"
    r")(?![0-9])"
)


def national(number: str) -> str:
    """The number as it is dialled in China: 13800138000, 02112345678.

    >>> national("+862112345678")
    '02112345678'
    >>> national("+861087654321")
    '01087654321'
    """
    digits = number[3:] if number.startswith("+86") else number.lstrip("+")
    mobile = len(digits) == 11 and digits.startswith("1")
    if digits and not mobile and not digits.startswith("0"):
        digits = "0" + digits
    return digits


def mask(number: str) -> str:
    """Keep the first three and the last four digits of the national number.

    >>> mask("+8613800138000")
    '138****8000'
    >>> mask("+862112345678")
    '021****5678'
    """
    digits = national(number)
    if len(digits) <= 7:
        return digits[:1] + "*" * max(len(digits) - 1, 0)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_text(value: Any) -> Any:
    """`value` (text, or a mapping or list holding text) with every phone number in it
    masked as `mask` masks them.

    >>> mask_text("客户留了电话 138 0013 8000，车架号 LGW12345678901234")
    '客户留了电话 138****8000，车架号 LGW12345678901234'
    """
    if isinstance(value, str):
        return PHONE_IN_TEXT.sub(_mask_match, value)
    if isinstance(value, dict):
        return {key: mask_text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_text(item) for item in value]
    return value


def _mask_match(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) > 11:
        digits = digits[2:]
    return mask("+86" + digits.removeprefix("0") if not digits.startswith("1") else digits)
