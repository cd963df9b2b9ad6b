"""Reporting periods: month, quarter, six months, year and custom ranges.

Codes follow DHIS2's ISO-like forms: "2021-03" (month), "2022Q1" (quarter), "2021S1" (six months),
"2021" (year), "2021-01-05_2021-02-20" (custom). Vietnamese names are those reports use:
"tháng 3 năm 2021", "quý I năm 2022", "6 tháng đầu năm 2021", "năm 2021".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.errors import DomainError
from danchu.core.text import fold, quoted


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    SIX_MONTHS = "six_months", _("Six months")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom range")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ROMAN_BACK = {v: k for k, v in ROMAN.items()}
ORDER = {
    PeriodType.MONTH: 1,
    PeriodType.QUARTER: 2,
    PeriodType.SIX_MONTHS: 3,
    PeriodType.YEAR: 4,
    PeriodType.CUSTOM: 5,
}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    type: str = PeriodType.CUSTOM

    # --- constructors ---------------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), _month_end(year, month), PeriodType.MONTH)

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if q not in (1, 2, 3, 4):
            raise ValueError(q)
        return cls(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), PeriodType.QUARTER)

    @classmethod
    def six_months(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError(half)
        return cls(dt.date(year, 6 * half - 5, 1), _month_end(year, 6 * half), PeriodType.SIX_MONTHS)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), PeriodType.YEAR)

    @classmethod
    def custom(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise DomainError(_("A period cannot end before it starts."))
        return cls(start, end, PeriodType.CUSTOM)

    @classmethod
    def containing(cls, day: dt.date, type: str) -> Period:
        if type == PeriodType.MONTH:
            return cls.month(day.year, day.month)
        if type == PeriodType.QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if type == PeriodType.SIX_MONTHS:
            return cls.six_months(day.year, 1 if day.month <= 6 else 2)
        if type == PeriodType.YEAR:
            return cls.year(day.year)
        raise ValueError(type)

    @classmethod
    def of(cls, type: str, start: dt.date, end: dt.date | None = None) -> Period:
        if type == PeriodType.CUSTOM:
            return cls.custom(start, end or start)
        return cls.containing(start, type)

    # --- codes and names --------------------------------------------------------------------------
    @property
    def code(self) -> str:
        s = self.start
        if self.type == PeriodType.MONTH:
            return f"{s.year}-{s.month:02d}"
        if self.type == PeriodType.QUARTER:
            return f"{s.year}Q{(s.month - 1) // 3 + 1}"
        if self.type == PeriodType.SIX_MONTHS:
            return f"{s.year}S{1 if s.month <= 6 else 2}"
        if self.type == PeriodType.YEAR:
            return str(s.year)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def name(self, language: str = "vi") -> str:
        s = self.start
        q = (s.month - 1) // 3 + 1
        if language == "vi":
            if self.type == PeriodType.MONTH:
                return f"tháng {s.month} năm {s.year}"
            if self.type == PeriodType.QUARTER:
                return f"quý {ROMAN[q]} năm {s.year}"
            if self.type == PeriodType.SIX_MONTHS:
                return f"6 tháng {'đầu' if s.month <= 6 else 'cuối'} năm {s.year}"
            if self.type == PeriodType.YEAR:
                return f"năm {s.year}"
            return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"
        if self.type == PeriodType.MONTH:
            return f"{calendar.month_name[s.month]} {s.year}"
        if self.type == PeriodType.QUARTER:
            return f"Q{q} {s.year}"
        if self.type == PeriodType.SIX_MONTHS:
            return f"{'first' if s.month <= 6 else 'second'} half of {s.year}"
        if self.type == PeriodType.YEAR:
            return str(s.year)
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name("en" if (get_language() or "vi").startswith("en") else "vi")

    # --- arithmetic -------------------------------------------------------------------------------
    def same_period_last_year(self) -> Period:
        def back(d: dt.date) -> dt.date:
            if d.month == 2 and d.day == 29:
                return dt.date(d.year - 1, 2, 28)
            return d.replace(year=d.year - 1)

        if self.type == PeriodType.CUSTOM:
            return Period(back(self.start), back(self.end), PeriodType.CUSTOM)
        return Period.containing(back(self.start), self.type)

    def next(self) -> Period:
        if self.type == PeriodType.CUSTOM:
            length = self.end - self.start
            return Period(
                self.end + dt.timedelta(days=1), self.end + dt.timedelta(days=1) + length, PeriodType.CUSTOM
            )
        return Period.containing(self.end + dt.timedelta(days=1), self.type)

    def previous(self) -> Period:
        if self.type == PeriodType.CUSTOM:
            length = self.end - self.start
            return Period(
                self.start - dt.timedelta(days=1) - length,
                self.start - dt.timedelta(days=1),
                PeriodType.CUSTOM,
            )
        return Period.containing(self.start - dt.timedelta(days=1), self.type)

    def months(self) -> Iterator[Period]:
        cur = Period.month(self.start.year, self.start.month)
        while cur.start <= self.end:
            yield cur
            cur = cur.next()

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def due_date(self, days_after_end: int) -> dt.date:
        return self.end + dt.timedelta(days=days_after_end)


_CODE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), lambda m: Period.month(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})Q([1-4])$", re.I), lambda m: Period.quarter(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})S([12])$", re.I), lambda m: Period.six_months(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})$"), lambda m: Period.year(int(m[1]))),
    (
        re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$"),
        lambda m: Period.custom(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])),
    ),
]

# Names, after Vietnamese folding (no diacritics, lower case).
_NAME_PATTERNS = [
    (re.compile(r"^quy\s+(i{1,3}|iv|[1-4])\s+(?:nam\s+)?(\d{4})$"), "quarter"),
    (re.compile(r"^6\s+thang\s+(dau|cuoi)\s+nam\s+(\d{4})$"), "half"),
    (re.compile(r"^thang\s+(\d{1,2})\s*(?:nam|/)\s*(\d{4})$"), "month"),
    (re.compile(r"^nam\s+(\d{4})$"), "year"),
    (re.compile(r"^q([1-4])\s+(\d{4})$"), "quarter"),
    (re.compile(r"^(first|second)\s+half\s+(?:of\s+)?(\d{4})$"), "half_en"),
    (re.compile(r"^([a-z]+)\s+(\d{4})$"), "month_en"),
]


def parse(text: str, *, default_year: int | None = None) -> Period:
    """A period from its code or its Vietnamese or English name. Raises DomainError if unknown.

    "6 tháng cuối năm" without a year uses ``default_year`` (the current year by default).
    """
    raw = (text or "").strip()
    for pattern, make in _CODE_PATTERNS:
        m = pattern.match(raw)
        if m:
            try:
                return make(m)
            except ValueError:
                break
    folded = re.sub(r"\s+", " ", fold(raw)).strip()
    if re.match(r"^6 thang (dau|cuoi)( nam)?$", folded):
        folded = f"{folded.removesuffix(' nam')} nam {default_year or dt.date.today().year}"
    for pattern, kind in _NAME_PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        try:
            if kind == "quarter":
                q = m[1].upper()
                return Period.quarter(int(m[2]), ROMAN_BACK.get(q) or int(q))
            if kind == "half":
                return Period.six_months(int(m[2]), 1 if m[1] == "dau" else 2)
            if kind == "half_en":
                return Period.six_months(int(m[2]), 1 if m[1] == "first" else 2)
            if kind == "month":
                return Period.month(int(m[2]), int(m[1]))
            if kind == "year":
                return Period.year(int(m[1]))
            if kind == "month_en":
                names = {n.lower(): i for i, n in enumerate(calendar.month_name) if n}
                if m[1] in names:
                    return Period.month(int(m[2]), names[m[1]])
        except ValueError:
            break
    raise DomainError(_("Unknown period: %(text)s") % {"text": quoted(raw)}, code="bad_period")


def current(type: str, today: dt.date | None = None) -> Period:
    return Period.containing(today or dt.date.today(), type)


def last_complete(type: str, today: dt.date | None = None) -> Period:
    return current(type, today).previous()


def parse_many(texts: list[str]) -> tuple[list[Period], list[str]]:
    """The periods the texts name, in order and without repeats, and the message of each text that
    names none (a page lists them all at once rather than stopping at the first)."""
    periods: list[Period] = []
    problems: list[str] = []
    for text in texts:
        try:
            period = parse(text)
        except DomainError as e:
            problems.append(e.message)
            continue
        if period not in periods:
            periods.append(period)
    return periods, problems
