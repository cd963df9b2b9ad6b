from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from danchu.core import calendar
from danchu.core.calendar import Calendar, DayType, DeadlineRule
from danchu.core.models import DayOff

D = dt.date
pytestmark = pytest.mark.django_db


def test_tet_2026_week_is_not_worked() -> None:
    for day in range(16, 21):
        assert not calendar.is_working_day(D(2026, 2, day)), day
    assert calendar.is_working_day(D(2026, 2, 13))
    assert calendar.is_working_day(D(2026, 2, 23))


def test_one_working_day_after_the_friday_before_tet_2026_is_the_monday_after() -> None:
    assert calendar.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)


def test_five_working_days_across_tet_2026() -> None:
    # Thu 12 Feb: Fri 13 (1), Tết 16–20, Mon 23 (2) … Thu 26 (5).
    assert calendar.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    assert calendar.working_days_between(D(2026, 2, 12), D(2026, 2, 26)) == 5


def test_tet_2027_spans_thursday_to_the_next_wednesday() -> None:
    for day in range(4, 11):
        assert not calendar.is_working_day(D(2027, 2, day)), day
    assert calendar.add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    assert (
        calendar.working_days_between(D(2027, 2, 1), D(2027, 2, 28)) == 19 - 5
    )  # 19 weekdays after Monday 1 Feb, 5 of them Tết


def test_first_day_counted_is_the_day_after_start() -> None:
    # Monday 5 Jan 2026 + 1 working day is Tuesday, not Monday itself.
    assert calendar.add_working_days(D(2026, 1, 5), 1) == D(2026, 1, 6)
    assert calendar.add_working_days(D(2026, 1, 5), 0) == D(2026, 1, 5)


def test_weekend_start_counts_from_monday() -> None:
    assert calendar.add_working_days(D(2026, 1, 10), 1) == D(2026, 1, 12)  # Saturday → Monday


def test_counting_back_working_days() -> None:
    assert calendar.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


def test_working_days_between_is_the_inverse_of_adding() -> None:
    start = D(2026, 4, 20)
    for n in (0, 1, 3, 7, 10, 30):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n
    assert calendar.working_days_between(D(2026, 2, 26), D(2026, 2, 12)) == -5


def test_other_public_holidays_2026() -> None:
    off = [D(2026, 1, 1), D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 1), D(2026, 9, 2)]
    for day in off:
        assert not calendar.is_working_day(day), day
    # Giỗ Tổ Hùng Vương fell on Sunday 26 April 2026; Monday 27 is the day off in lieu.
    assert calendar.is_working_day(D(2026, 4, 28))


def test_substituted_saturday_is_a_working_day_and_its_monday_is_off() -> None:
    # The Government swapped Monday 31 Aug 2026 (off) with Saturday 22 Aug 2026 (worked).
    assert calendar.is_working_day(D(2026, 8, 22))
    assert not calendar.is_working_day(D(2026, 8, 31))
    assert not calendar.is_working_day(D(2026, 8, 23))  # the Sunday stays a weekend day
    # Friday 21 Aug + 1 working day is the make-up Saturday.
    assert calendar.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_administrator_day_off_is_not_a_working_day() -> None:
    day = D(2026, 3, 10)  # an ordinary Tuesday
    assert calendar.is_working_day(day)
    DayOff.objects.create(date=day, name="Nghỉ theo quyết định của Thủ tướng")
    assert not calendar.is_working_day(day)
    assert calendar.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 11)


def test_administrator_make_up_saturday_counts_as_a_working_day() -> None:
    saturday = D(2027, 3, 13)
    assert not calendar.is_working_day(saturday)
    DayOff.objects.create(date=saturday, name="Làm bù", is_working_day=True)
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(D(2027, 3, 12), 1) == saturday


def test_administrator_row_overrides_the_package() -> None:
    DayOff.objects.create(date=D(2026, 11, 24), name="Làm việc bình thường", is_working_day=True)
    assert calendar.is_working_day(D(2026, 11, 24))


def test_calendar_days_end_on_the_day_unless_rolled() -> None:
    # 7 Feb 2026 + 10 days = Tuesday 17 Feb, in Tết.
    assert calendar.add_calendar_days(D(2026, 2, 7), 10) == D(2026, 2, 17)
    assert calendar.add_calendar_days(D(2026, 2, 7), 10, roll_to_working_day=True) == D(2026, 2, 23)
    # A working last day is not moved.
    assert calendar.add_calendar_days(D(2026, 3, 2), 10, roll_to_working_day=True) == D(2026, 3, 12)


def test_due_date_by_day_type(settings: Any) -> None:
    assert calendar.due_date(D(2026, 2, 12), 5, "working") == D(2026, 2, 26)
    # Civil Code 2015, Art. 148(5) by default: a last day in Tết ends on the next working day.
    assert calendar.due_date(D(2026, 2, 7), 10, DayType.CALENDAR) == D(2026, 2, 23)
    assert calendar.due_date(D(2026, 2, 7), 10, "calendar", roll_to_working_day=False) == D(2026, 2, 17)
    settings.DEADLINE_ROLL_TO_WORKING_DAY = False
    assert calendar.due_date(D(2026, 2, 7), 10, "calendar") == D(2026, 2, 17)


def test_due_date_refuses_an_unknown_day_type() -> None:
    with pytest.raises(ValueError):
        calendar.due_date(D(2026, 2, 7), 10, "lunar")


def test_deadline_rule() -> None:
    complaint_acceptance = DeadlineRule(10, DayType.CALENDAR)
    denunciation_notice = DeadlineRule(5, DayType.WORKING)
    # 20 Feb 2026 is a Tết day off: the period ends on the next working day (Civil Code Art. 148(5)).
    assert complaint_acceptance.due(D(2026, 2, 10)) == D(2026, 2, 23)
    assert DeadlineRule(10, DayType.CALENDAR, roll_to_working_day=False).due(D(2026, 2, 10)) == D(2026, 2, 20)
    assert denunciation_notice.due(D(2026, 2, 10)) == D(2026, 2, 24)  # 11, 12, 13, then 23, 24 after Tết


def test_one_calendar_loads_each_year_once(django_assert_num_queries: Any) -> None:
    cal = Calendar()
    with django_assert_num_queries(2):  # DayOff rows of 2026 and 2027
        cal.add_working_days(D(2026, 12, 20), 30)
        cal.working_days_between(D(2026, 12, 1), D(2027, 1, 31))


def test_days_left_counts_from_today_in_vietnam() -> None:
    due = D(2026, 2, 23)
    # 17:30 UTC on Friday 13 Feb is already Saturday 14 Feb in Hanoi.
    with time_machine.travel(dt.datetime(2026, 2, 13, 17, 30, tzinfo=dt.UTC), tick=False):
        assert calendar.today() == D(2026, 2, 14)
        assert calendar.working_days_left(due) == 1
    with time_machine.travel(dt.datetime(2026, 2, 24, 3, 0, tzinfo=dt.UTC), tick=False):
        assert calendar.working_days_left(due) == -1
