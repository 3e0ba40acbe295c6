"""Number masking (A5): agents see 138****8000, never the whole number."""


def national(number: str) -> str:
    """The number as it is dialled in China: 13800138000, 02112345678.

    >>> national("+862112345678")
    '02112345678'
    """
    digits = number[3:] if number.startswith("+86") else number.lstrip("+")
    if digits and not digits.startswith("1"):
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
