"""Parsing the values of a row (dates, codes, kinds, genders, phones), with clear messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from danchu.core.formats import NO_WORDS, YES_WORDS, cell_date
from danchu.core.text import fold, quoted

from ..models import Place, PlaceKind
from .common import Gender, Relation

# --- Values -------------------------------------------------------------------------------------------


class Invalid(Exception):
    pass


def parse_date(value: Any) -> dt.date | None:
    """dd/mm/yyyy (as written in Vietnam), yyyy-mm-dd, or a spreadsheet date cell (`cell_date`)."""
    try:
        return cell_date(value)
    except ValueError:
        raise Invalid(
            _('"%(value)s" is not a date (write dd/mm/yyyy).') % {"value": quoted(str(value))}
        ) from None


def commune_code(value: str) -> str:
    """Spreadsheets drop leading zeros ("70" for "00070"); commune codes are 5 digits."""
    value = value.strip()
    if value.isdigit() and len(value) < 5:
        return value.zfill(5)
    return value


VILLAGE_WORDS = {
    # thôn, làng, ấp, bản, buôn, phum, sóc are villages; tổ dân phố, khu phố, khối phố… residential groups
    # (Law 10/2022, Art. 2; DOMAIN.md §1).
    "thon": PlaceKind.VILLAGE,
    "lang": PlaceKind.VILLAGE,
    "ap": PlaceKind.VILLAGE,
    "ban": PlaceKind.VILLAGE,
    "buon": PlaceKind.VILLAGE,
    "phum": PlaceKind.VILLAGE,
    "soc": PlaceKind.VILLAGE,
    "xom": PlaceKind.VILLAGE,
    "plei": PlaceKind.VILLAGE,
    "village": PlaceKind.VILLAGE,
    "to dan pho": PlaceKind.RESIDENTIAL_GROUP,
    "to": PlaceKind.RESIDENTIAL_GROUP,
    "khu pho": PlaceKind.RESIDENTIAL_GROUP,
    "khoi pho": PlaceKind.RESIDENTIAL_GROUP,
    "khu": PlaceKind.RESIDENTIAL_GROUP,
    "khoi": PlaceKind.RESIDENTIAL_GROUP,
    "tieu khu": PlaceKind.RESIDENTIAL_GROUP,
    "to dan cu": PlaceKind.RESIDENTIAL_GROUP,
    "residential group": PlaceKind.RESIDENTIAL_GROUP,
    "residential_group": PlaceKind.RESIDENTIAL_GROUP,
}


def village_kind(word: str, commune: Place | None = None, name: str = "") -> str:
    """The kind for a Vietnamese word ("thôn", "tổ dân phố"…); blank means: guess from the name, then
    from the commune (wards have residential groups, communes villages)."""
    key = fold(word)
    if key:
        if key in VILLAGE_WORDS:
            return VILLAGE_WORDS[key]
        raise Invalid(
            _('Unknown village type "%(word)s" (use thôn, bản, ấp, buôn, tổ dân phố, khu phố…).')
            % {"word": word}
        )
    folded_name = fold(name)
    for prefix in sorted(VILLAGE_WORDS, key=len, reverse=True):
        if folded_name.startswith(prefix + " "):
            return VILLAGE_WORDS[prefix]
    if commune is not None and commune.kind == PlaceKind.WARD:
        return PlaceKind.RESIDENTIAL_GROUP
    return PlaceKind.VILLAGE


GENDER_WORDS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "khac": Gender.OTHER,
    "other": Gender.OTHER,
}


def parse_gender(word: str) -> str:
    key = fold(word)
    if not key:
        return ""
    if key in GENDER_WORDS:
        return GENDER_WORDS[key]
    raise Invalid(_('Unknown gender "%(word)s" (use nam or nữ).') % {"word": word})


RELATION_WORDS = {
    "chu ho": Relation.HEAD,
    "head": Relation.HEAD,
    "vo": Relation.SPOUSE,
    "chong": Relation.SPOUSE,
    "spouse": Relation.SPOUSE,
    "con": Relation.CHILD,
    "con trai": Relation.CHILD,
    "con gai": Relation.CHILD,
    "child": Relation.CHILD,
    "bo": Relation.PARENT,
    "me": Relation.PARENT,
    "cha": Relation.PARENT,
    "ba": Relation.PARENT,
    "cha de": Relation.PARENT,
    "me de": Relation.PARENT,
    "parent": Relation.PARENT,
}


def parse_relation(word: str) -> str:
    """Other relations written in registers (cháu, con dâu, ông, bà…) are kept as "other"."""
    return RELATION_WORDS.get(fold(word), Relation.OTHER)


TRUE_WORDS = YES_WORDS | {"dai dien", "v"}


def parse_bool(word: str) -> bool:
    """Yes for "x", "có", "đại diện"…; no for empty and "không"; any other word is refused (a typo was
    once read as no, in silence)."""
    key = fold(word)
    if key in TRUE_WORDS:
        return True
    if key in NO_WORDS:
        return False
    raise Invalid(_('"%(word)s" is neither yes nor no (use x or leave it empty).') % {"word": word})


def parse_id_number(value: str) -> str:
    # Citizen ID cards have 12 digits; the old identity cards 9. A spreadsheet keeps a number typed in a
    # cell as a number and drops its leading zero (commune_code): a CCCD opens with its province's code,
    # 001–096, so 11 digits are a CCCD that lost its "0" (and 8 an old card).
    digits = value.replace(" ", "")
    if digits.isdigit() and len(digits) in (8, 11):
        digits = "0" + digits
    if digits and not (digits.isdigit() and len(digits) in (9, 12)):
        raise Invalid(
            _('"%(value)s" is not a citizen ID number (12 digits, or 9 for an old card).') % {"value": value}
        )
    return digits


def parse_phone(value: str) -> str:
    phone = re.sub(r"[\s.\-()]", "", value)
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) == 11:
        phone = "0" + phone[2:]
    elif phone.isdigit() and len(phone) == 9 and not phone.startswith("0"):
        phone = "0" + phone  # a mobile number whose leading zero a spreadsheet's number cell dropped
    if phone and not (phone.isdigit() and len(phone) in (10, 11) and phone.startswith("0")):
        raise Invalid(_('"%(value)s" is not a phone number.') % {"value": value})
    return phone
