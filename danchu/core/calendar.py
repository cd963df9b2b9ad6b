"""The Vietnamese working-day calendar, for legal deadlines.

Working days are Monday to Friday, minus public holidays (Labour Code 2019, Art. 112: Tết Dương
lịch, Tết Nguyên Đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, and from 2026 Ngày Văn hóa Việt Nam)
and the compensatory days off the Government announces, plus Saturdays declared make-up working days
(làm bù). The `holidays` package knows the fixed holidays, the lunar ones, the observed days and
the swaps it has been told about; the swaps appear as a holiday "Day off (substituted from …)" on
the weekday off and, for the weekend day worked instead, in `weekend_workdays`. An administrator
adds what the package does not know yet as `core.DayOff` rows, which win over the package.

The Prime Minister decides each year's schedule (Labour Code 2019, Art. 112(3)); the package only
projects it. A year is official once an administrator has entered its `core.HolidaySchedule` (with
the deciding document); until then `is_projected(year)` is true and pages show its deadlines as
"dự kiến" (projected). Changes go through `core.clocks` so stored deadlines follow them.

Counting (DOMAIN.md §8.1): a deadline in working days starts on the day after the event; a deadline
in calendar days counts every day, and when its last day is a weekend day or a holiday it ends at the
end of the next working day (Civil Code 2015, Art. 148(5); Art. 144 applies the Code's way of counting
to every time limit unless a law provides otherwise, and the Laws on Complaints 2011, Denunciations
2018 and Citizen Reception 2013 do not). So `roll_to_working_day` defaults to on (setting
`DEADLINE_ROLL_TO_WORKING_DAY`); an operator may turn it off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import sqlmemo
from .models import DayOff, HolidaySchedule

# Safety bound for loops over days: no legal deadline reaches this far.
MAX_SPAN_DAYS = 366 * 20


class DayType(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


@dataclass(frozen=True)
class _Year:
    holidays: frozenset[dt.date]
    weekend_workdays: frozenset[dt.date]


@lru_cache(maxsize=64)
def _package_year(year: int) -> _Year:
    """The `holidays` package's view of one year, computed once per process."""
    vn = holidays.country_holidays("VN", years=year)
    return _Year(
        holidays=frozenset(vn.keys()),
        # The package lists every weekend workday it knows whatever the year asked for; keep this year's.
        weekend_workdays=frozenset(d for d in vn.weekend_workdays if d.year == year),
    )


@lru_cache(maxsize=64)
def _package_names(year: int, language: str) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("VN", years=year, language=language).items())


class Calendar:
    """One consistent view of the calendar: the package's holidays plus the DayOff rows, each year
    loaded once (one query per year touched). The module functions build a fresh one per call so an
    administrator's new DayOff takes effect at once; build one yourself for many computations."""

    def __init__(self, patch: dict[dt.date, tuple[bool, str] | None] | None = None) -> None:
        """`patch` overlays DayOff rows (None removes one): the calendar as it was, or would be, around
        a change (core.clocks uses it to find the deadlines that followed the old calendar)."""
        self._overrides: dict[int, dict[dt.date, tuple[bool, str]]] = {}
        self._patch = patch or {}
        self._official: set[int] | None = None

    def _year_overrides(self, year: int) -> dict[dt.date, tuple[bool, str]]:
        if year not in self._overrides:
            rows = sqlmemo.values(  # compiled once per worker and year: every case filed reads it
                ("core.calendar.year", year),
                lambda: DayOff.objects.filter(date__year=year).values("date", "is_working_day", "name"),
            )
            days = {r["date"]: (r["is_working_day"], r["name"]) for r in rows}
            for day, value in self._patch.items():
                if day.year != year:
                    continue
                if value is None:
                    days.pop(day, None)
                else:
                    days[day] = value
            self._overrides[year] = days
        return self._overrides[year]

    def is_projected(self, year: int) -> bool:
        """True while `year` has no official schedule: its holidays are the package's projection."""
        if self._official is None:
            self._official = set(HolidaySchedule.objects.values_list("year", flat=True))
        return year not in self._official

    def projected_between(self, start: dt.date, end: dt.date) -> bool:
        """Whether a deadline counted from `start` to `end` depends on a projected year."""
        a, b = sorted((start, end))
        return any(self.is_projected(y) for y in range(a.year, b.year + 1))

    def is_working_day(self, day: dt.date) -> bool:
        override = self._year_overrides(day.year).get(day)
        if override is not None:
            return override[0]
        year = _package_year(day.year)
        if day.weekday() >= 5:  # Saturday, Sunday
            return day in year.weekend_workdays
        return day not in year.holidays

    def holiday_name(self, day: dt.date) -> str:
        """The name of the day off or make-up day on `day` (the administrator's, else the package's,
        in the active language), or ""."""
        override = self._year_overrides(day.year).get(day)
        if override is not None:
            return override[1]
        language = "en_US" if (translation.get_language() or "vi").startswith("en") else "vi"
        return _package_names(day.year, language).get(day, "")

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (the day after `start` is the first one counted).
        Negative n counts back; n = 0 returns `start`."""
        step = dt.timedelta(days=1 if n >= 0 else -1)
        day, left, guard = start, abs(n), 0
        while left:
            day += step
            guard += 1
            if guard > MAX_SPAN_DAYS:
                raise ValueError("working-day count out of range")
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after `a` up to and including `b`; negative when b is before a.
        `working_days_between(a, add_working_days(a, n)) == n`."""
        if b < a:
            return -self.working_days_between(b, a)
        if (b - a).days > MAX_SPAN_DAYS:
            raise ValueError("date range out of range")
        return sum(self.is_working_day(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        guard = 0
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
            guard += 1
            if guard > MAX_SPAN_DAYS:
                raise ValueError("no working day found")
        return day

    def add_calendar_days(self, start: dt.date, n: int, *, roll_to_working_day: bool = False) -> dt.date:
        end = start + dt.timedelta(days=n)
        return self.next_working_day(end) if roll_to_working_day else end

    def due_date(
        self,
        start: dt.date,
        days: int,
        day_type: DayType | str,
        *,
        roll_to_working_day: bool | None = None,
    ) -> dt.date:
        if DayType(day_type) == DayType.WORKING:
            return self.add_working_days(start, days)
        if roll_to_working_day is None:
            roll_to_working_day = default_roll_to_working_day()
        return self.add_calendar_days(start, days, roll_to_working_day=roll_to_working_day)


def default_roll_to_working_day() -> bool:
    # Civil Code 2015, Art. 148(5) with Art. 144: on by default, an operator may turn it off.
    return settings.DEADLINE_ROLL_TO_WORKING_DAY


@dataclass(frozen=True)
class DeadlineRule:
    """A legal time limit: `days` of `day_type`, e.g. DeadlineRule(10, DayType.CALENDAR) for accepting a
    complaint (Luật Khiếu nại 2011, Điều 27). Modules keep these as data with the article cited."""

    days: int
    day_type: DayType = DayType.CALENDAR
    roll_to_working_day: bool | None = None

    def due(self, start: dt.date, calendar: Calendar | None = None) -> dt.date:
        return (calendar or Calendar()).due_date(
            start, self.days, self.day_type, roll_to_working_day=self.roll_to_working_day
        )


def today() -> dt.date:
    """Today in Vietnam (Asia/Ho_Chi_Minh), the day deadlines are counted in."""
    from django.utils import timezone

    return timezone.localdate()


def is_working_day(d: dt.date) -> bool:
    return Calendar().is_working_day(d)


def add_working_days(start: dt.date, n: int) -> dt.date:
    return Calendar().add_working_days(start, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    return Calendar().working_days_between(a, b)


def next_working_day(d: dt.date) -> dt.date:
    return Calendar().next_working_day(d)


def add_calendar_days(start: dt.date, n: int, *, roll_to_working_day: bool = False) -> dt.date:
    return Calendar().add_calendar_days(start, n, roll_to_working_day=roll_to_working_day)


def due_date(
    start: dt.date, days: int, day_type: DayType | str, *, roll_to_working_day: bool | None = None
) -> dt.date:
    return Calendar().due_date(start, days, day_type, roll_to_working_day=roll_to_working_day)


def is_projected(day: dt.date) -> bool:
    return Calendar().is_projected(day.year)


def working_days_left(due: dt.date, *, on: dt.date | None = None) -> int:
    """Working days from today (or `on`) until `due`; 0 on the due day, negative once overdue."""
    return working_days_between(on or today(), due)
