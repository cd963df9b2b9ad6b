"""A day nobody can mean — year 1, year 9999 — is refused with a message beside its field, in forms
and in API bodies alike; a birth date reaches further back than a record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from danchu.core.forms import DayField, MomentField
from danchu.places.api import MemberIn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["01/01/0001", "0001-01-01", "31/12/9999", "1945-09-01"])
def test_a_form_refuses_a_day_nobody_means(typed: str) -> None:
    with translation.override("vi"), pytest.raises(Exception) as refused:
        DayField().clean(typed)
    assert "không hợp lý" in " ".join(refused.value.messages)  # type: ignore[attr-defined]


def test_a_form_takes_the_days_people_mean() -> None:
    today = timezone.localdate()
    for day in (dt.date(1945, 9, 2), dt.date(1990, 1, 1), today, today.replace(year=today.year + 5)):
        assert DayField().clean(day.strftime("%d/%m/%Y")) == day
    assert DayField(earliest=dt.date(1900, 1, 1)).clean("12/05/1931") == dt.date(1931, 5, 12)


def test_a_moment_in_year_9999_is_refused_not_overflowed() -> None:
    with pytest.raises(Exception) as refused:
        MomentField().clean("9999-12-31T23:59")
    assert refused.value.code == "implausible_day"  # type: ignore[attr-defined]


def test_an_api_body_refuses_it_naming_the_field_and_a_birth_date_goes_back_further() -> None:
    with translation.override("vi"), pytest.raises(Exception) as refused:
        MemberIn(full_name="Nguyễn Văn An", birth_date="0001-01-01")
    assert "Ngày 01/01/0001 không hợp lý" in str(refused.value)
    assert MemberIn(full_name="Nguyễn Văn An", birth_date="1931-05-12").birth_date == dt.date(1931, 5, 12)


def test_an_api_whole_number_stops_where_its_column_does_unless_it_says_its_own_limit() -> None:
    from ninja import Field

    from danchu.core.api import InSchema

    class Probe(InSchema):
        persons: int
        budget: int = Field(0, ge=0, le=10**13)

    with translation.override("vi"), pytest.raises(Exception) as refused:
        Probe(persons=99_999_999_999)
    assert "2.147.483.647" in str(refused.value)
    assert Probe(persons=2_147_483_647, budget=99_999_999_999).budget == 99_999_999_999
