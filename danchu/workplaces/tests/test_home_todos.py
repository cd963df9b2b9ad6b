"""A unit's representative opened the office home and read nothing of the conference and the periodic
dialogues their unit owes this year; they are counted there from REMIND_DAYS before they fall due
until they are held, for the units the person represents only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.testing import on_day
from danchu.workplaces import home

from .conftest import held_conference

pytestmark = pytest.mark.django_db

YEAR = dt.date.today().year


def test_the_conference_of_the_year_is_counted_when_due_until_held(
    rep: Any, agency: Any, enterprise_rep: Any
) -> None:
    assert home.conferences_due_count(rep, today=dt.date(YEAR, 11, 1)) == 0  # due 31/12: not yet
    assert home.conferences_due_count(rep, today=dt.date(YEAR, 12, 6)) == 1
    assert home.conferences_due_count(enterprise_rep, today=dt.date(YEAR, 12, 6)) == 1  # their own unit
    with on_day(dt.date(YEAR, 12, 20)):  # held on 10/12
        held_conference(agency, year=YEAR)
    assert home.conferences_due_count(rep, today=dt.date(YEAR, 12, 20)) == 0
    assert home.conferences_due_count(enterprise_rep, today=dt.date(YEAR, 12, 20)) == 1


def test_an_enterprise_short_of_its_periodic_dialogues_is_counted_near_the_years_end(
    rep: Any, enterprise_rep: Any
) -> None:
    assert home.dialogues_due_count(enterprise_rep, today=dt.date(YEAR, 10, 1)) == 0
    assert home.dialogues_due_count(enterprise_rep, today=dt.date(YEAR, 12, 6)) == 1
    assert home.dialogues_due_count(rep, today=dt.date(YEAR, 12, 6)) == 0  # an agency holds none


def test_the_office_home_shows_it(client_as: Any, rep: Any) -> None:
    client = client_as(rep)
    with on_day(dt.date(YEAR, 12, 6)):
        assert "Hội nghị của đơn vị trong năm đã đến hạn" in client.get("/office/").content.decode()
    with on_day(dt.date(YEAR, 6, 1)):
        assert "Hội nghị của đơn vị trong năm đã đến hạn" not in client.get("/office/").content.decode()
