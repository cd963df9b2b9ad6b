"""Vietnamese phone numbers, stored in E.164 form (+84912345678).

People type "0912 345 678", "0912.345.678", "84912345678", "+84 912 345 678" or, dropping the
trunk zero as many do on forms, "912 345 678"; all are the same number. Numbers from other countries are kept if they are already in E.164 form.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()]")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# Mobile numbers have 9 digits after the trunk prefix 0, landlines (e.g. 0262 3xx xxxx) 10.
_NATIONAL = re.compile(r"^0(\d{9,10})$")
_WITH_COUNTRY = re.compile(r"^(?:\+?84|0084)(\d{9,10})$")
# A mobile number without its trunk zero: nine digits starting with a mobile prefix (3, 5, 7, 8, 9).
_BARE_MOBILE = re.compile(r"^([35789]\d{8})$")


def normalize_phone(raw: str | None) -> str | None:
    """The number in E.164 form, or None when it is not a phone number."""
    if not raw:
        return None
    value = _SEPARATORS.sub("", raw.strip())
    if m := _NATIONAL.match(value):
        return "+84" + m.group(1)
    if m := _WITH_COUNTRY.match(value):
        digits = m.group(1)
        return "+84" + (digits[1:] if digits.startswith("0") and len(digits) == 10 else digits)
    if m := _BARE_MOBILE.match(value):
        return "+84" + m.group(1)
    if _E164.match(value):
        return value
    return None


def display_phone(phone: str | None) -> str:
    """+84912345678 -> 0912 345 678 (how Vietnamese people read a number)."""
    if not phone:
        return ""
    if phone.startswith("+84"):
        national = "0" + phone[3:]
        if len(national) == 10:
            return f"{national[:4]} {national[4:7]} {national[7:]}"
        return national
    return phone
