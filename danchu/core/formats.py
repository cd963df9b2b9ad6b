"""Numbers, percentages, dates and year-on-year phrases the way Vietnamese reports write them.

Vietnamese: "3.509", "52.620", "2,3", "2,3%", "ngày 05 tháng 02 năm 2026", "tăng 2,3% so với cùng kỳ".
Each function follows the active language (English: "3,509", "2.3%", "5 February 2026", "up 2.3% on
the same period last year"); pass `lang="vi"` for documents that are always Vietnamese. Rounding is
half up, as people round by hand (Python's round() would turn 2,25 into 2,2).
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import nullcontext
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

Number = int | float | Decimal
MISSING = "—"

_EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _lang(lang: str | None) -> str:
    code = lang or translation.get_language() or "vi"
    return "en" if code.lower().startswith("en") else "vi"


# "52.620", "1.500.000" (and, for whole numbers, "500,000"): groups of three after the first.
_GROUPED = re.compile(r"\d{1,3}([.,])\d{3}(?:\1\d{3})*")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")


def read_number(text: str, *, whole: bool = False) -> Decimal:
    """A number of zero or more as people type it in Vietnam: "52.620" is fifty-two thousand, "2,5"
    two and a half, "1.234,5" and "1234.5" alike; spaces are ignored. With `whole` (an amount of
    đồng, which has no fraction) "500,000" is five hundred thousand too, never 500. ValueError for
    anything else ("năm trăm", "-5", "1e5", "NaN"): a number is never guessed."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    grouped = _GROUPED.fullmatch(text)
    if grouped and (whole or grouped.group(1) == "."):
        text = text.replace(grouped.group(1), "")
    elif "," in text:
        text = text.replace(".", "").replace(",", ".")
    if not _PLAIN.fullmatch(text):
        raise ValueError(text)
    return Decimal(text)


YES_WORDS = frozenset({"co", "x", "yes", "1", "true"})
NO_WORDS = frozenset({"khong", "no", "0", "false", ""})


def read_yes_no(value: object) -> bool:
    """A yes/no cell of an import as people fill it: "có"/"không" (any case, with or without marks),
    x, yes/no, 1/0, true/false; empty is no. ValueError for anything else: a yes is never guessed."""
    from .text import fold

    if isinstance(value, bool):
        return value
    word = fold("" if value is None else str(value)).strip()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueError(value)


def cell_number(value: object, *, whole: bool = False) -> Decimal:
    """A number from a workbook cell, a form or a JSON body: a number as it is, text as typed
    (`read_number`). ValueError for a yes/no and for anything that is no number."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return read_number(str(value), whole=whole)


def read_count(value: object) -> int:
    """A whole number of zero or more from a cell: a number cell, or text as typed ("1.234", "1,234"
    and "1 234" are one thousand two hundred and thirty-four). ValueError for a fraction ("12.5",
    "1,5": never 125 or 15) and for anything that is no number."""
    number = cell_number(value, whole=True)
    if number < 0 or number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


# Day first, as dates are written in Vietnam (15/03/2024, 15-03-2024, 15.03.2024, 5/3/2024), or
# ISO (2024-03-15); a time after it, as a spreadsheet exports a date cell to CSV ("15/03/2024 00:00"),
# is read past. Four-digit years only: "15/03/24" is refused, never the year 24.
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


# The days a person may type anywhere (forms and API bodies; modules narrow them where a rule says
# more): nothing before the state whose records these are (2 September 1945 — a birth date may go
# further back), nothing more than YEARS_AHEAD years ahead. Year 1 or 9999 is a slip of the keyboard,
# and 9999-12-31 plus a posting period was a 500 (OverflowError) when a disclosure was published.
EARLIEST_DAY = dt.date(1945, 9, 2)
BORN_SINCE = dt.date(1900, 1, 1)  # a person's birth date reaches further back than any record
YEARS_AHEAD = 10


def latest_day() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def implausible_day(value: dt.date | dt.datetime | None, *, earliest: dt.date = EARLIEST_DAY) -> str:
    """Why a day a person gave cannot be meant ("" when it can): before `earliest` or more than
    YEARS_AHEAD years ahead."""
    if value is None:
        return ""
    try:
        day = _as_date(value)
    except OverflowError:  # 9999-12-31 23:59 UTC has no local day
        day = dt.date.max
    if earliest <= day <= latest_day():
        return ""
    return _("%(day)s is not a plausible day: give one between %(first)s and %(last)s.") % {
        "day": f"{day.day:02}/{day.month:02}/{day.year:04}",  # year 1 as 0001, as it was typed
        "first": short_date(earliest),
        "last": short_date(latest_day()),
    }


def cell_date(value: object) -> dt.date | None:
    """A date from a workbook cell, a form or a JSON body: a date cell as it is, text as written in
    Vietnam (see above); None when blank. ValueError for anything else — a day that does not exist
    (30/02/2024) too."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for pattern, order in ((_DAY_FIRST, (2, 1, 0)), (_ISO, (0, 1, 2))):
        found = pattern.match(text)
        if found and _TIME.fullmatch(text, found.end()):
            year, month, day = (int(found.group(i + 1)) for i in order)
            return dt.date(year, month, day)  # ValueError for a day that does not exist
    raise ValueError(text)


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def number(value: Number | None, decimals: int | None = None, *, lang: str | None = None) -> str:
    """3509 → "3.509"; 2.3 → "2,3"; 52620.5 with decimals=0 → "52.621".

    decimals=None shows whole numbers without decimals and others with up to 2, trailing zeros dropped.
    """
    if value is None:
        return MISSING
    if (decimals is None or decimals == 0) and (
        type(value) is int or (type(value) is float and value.is_integer() and abs(value) < 2**53)
    ):  # a whole number (most figures): Python's grouping, not the Decimal path (~5x as long)
        text = f"{int(value):,}"
        return text if _lang(lang) == "en" else text.replace(",", ".")
    try:
        d = _decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if not d.is_finite():
        return MISSING
    places = 2 if decimals is None else max(decimals, 0)
    d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    text = f"{abs(d):f}"
    whole, _sep, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    thousands, point = (",", ".") if _lang(lang) == "en" else (".", ",")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = thousands.join(groups) + (point + frac if frac else "")
    if result.strip("0.,") == "":
        sign = ""  # no "-0"
    return sign + result


def percent(value: Number | None, decimals: int = 1, *, lang: str | None = None) -> str:
    """A value already in percent: 2.3 → "2,3%"; 100 → "100%" (a zero decimal is dropped)."""
    if value is None:
        return MISSING
    text = number(value, decimals, lang=lang)
    point = "." if _lang(lang) == "en" else ","
    if point in text and text.split(point)[1].strip("0") == "":
        text = text.split(point)[0]
    return text + "%"


def share(part: Number | None, whole: Number | None) -> Decimal | None:
    """part/whole in percent, or None when the whole is zero or missing."""
    if part is None or not whole:
        return None
    return _decimal(part) * 100 / _decimal(whole)


def ratio(part: Number | None, whole: Number | None, decimals: int = 1, *, lang: str | None = None) -> str:
    """24 of 24 units → "24/24 (100%)"; with nothing to count → "0/0"."""
    if part is None or whole is None:
        return MISSING
    head = f"{number(part, lang=lang)}/{number(whole, lang=lang)}"
    pct = share(part, whole)
    return head if pct is None else f"{head} ({percent(pct, decimals, lang=lang)})"


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def long_date(value: dt.date | dt.datetime | None, *, lang: str | None = None) -> str:
    """ "ngày 12 tháng 01 năm 2021", "ngày 05 tháng 3 năm 2026".

    Decree 30/2020/NĐ-CP, Appendix I (place and date of a document): days 1–9 and months 1–2 take
    a leading zero; other months do not.
    """
    if value is None:
        return MISSING
    d = _as_date(value)
    if _lang(lang) == "en":
        return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_and_date(place: str, value: dt.date | dt.datetime, *, lang: str | None = None) -> str:
    """The place-and-date line of a document: "Xã Krông Pắc, ngày 05 tháng 02 năm 2026"."""
    return f"{place}, {long_date(value, lang=lang)}"


def short_date(value: dt.date | dt.datetime | None) -> str:
    """ "12/01/2021" (day/month/year, as Vietnamese forms write it, in either language)."""
    if value is None:
        return MISSING
    d = _as_date(value)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def short_datetime(value: dt.datetime) -> str:
    """ "12/01/2021 14:05": a moment in Vietnam's time zone, as forms write it."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


Against = Literal["same_period", "previous_period"]


def change(
    current: Number | None,
    previous: Number | None,
    *,
    decimals: int = 1,
    against: Against = "same_period",
    lang: str | None = None,
) -> str:
    """ "tăng 2,3% so với cùng kỳ", "giảm 4% so với cùng kỳ", "bằng cùng kỳ" (English when active)."""
    with translation.override(_lang(lang)) if lang else nullcontext():
        if current is None or previous is None or previous == 0:
            if against == "same_period":
                return _("no figure for the same period last year")
            return _("no figure for the previous period")
        cur, prev = _decimal(current), _decimal(previous)
        if cur == prev:
            return (
                _("same as the same period last year")
                if against == "same_period"
                else _("same as the previous period")
            )
        pct = percent(abs(cur - prev) * 100 / abs(prev), decimals, lang=lang)
        if against == "same_period":
            if cur > prev:
                return pgettext("change", "up %(percent)s on the same period last year") % {"percent": pct}
            return pgettext("change", "down %(percent)s on the same period last year") % {"percent": pct}
        if cur > prev:
            return pgettext("change", "up %(percent)s on the previous period") % {"percent": pct}
        return pgettext("change", "down %(percent)s on the previous period") % {"percent": pct}
