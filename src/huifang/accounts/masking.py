"""Number masking (A5): agents see 138****8000, never the whole number."""


def mask(number: str) -> str:
    """Keep the first three and the last four digits of the national number.

    >>> mask("+8613800138000")
    '138****8000'
    >>> mask("+862112345678")
    '021****5678'
    """
    digits = number[3:] if number.startswith("+86") else number.lstrip("+")
    if digits and not digits.startswith("1"):
        digits = "0" + digits  # a landline's trunk prefix, as people write it
    if len(digits) <= 7:
        return digits[:1] + "*" * max(len(digits) - 1, 0)
    return f"{digits[:3]}****{digits[-4:]}"
