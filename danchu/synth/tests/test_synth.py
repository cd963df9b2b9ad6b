"""`danchu synth` at commune scale, on SQLite and PostgreSQL (each in bounded time)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from danchu.adminreform.models import Figure
from danchu.cases.models import Case
from danchu.disclosures.models import Disclosure, SearchEntry
from danchu.meetings.models import HouseholdVote
from danchu.places.models import Household, HouseholdMember, Place
from danchu.steering.models import Task
from danchu.synth import generate


class Rollback(Exception):
    pass


def _fingerprint() -> str:
    h = hashlib.sha256()
    for qs in (
        Place.objects.order_by("pk").values_list("pk", "code", "name", "path"),
        HouseholdMember.objects.order_by("pk").values_list("household_id", "full_name"),
        Case.objects.order_by("pk").values_list("tracking_code", "place_id", "title", "state", "received_at"),
        Disclosure.objects.order_by("pk").values_list("title", "summary", "published_at"),
        HouseholdVote.objects.order_by("pk").values_list("item_id", "household_id", "choice"),
        Figure.objects.order_by("pk").values_list("place_id", "start", "received", "resolved_on_time"),
        Task.objects.order_by("pk").values_list("title", "deadline", "done_on"),
    ):
        for row in qs:
            h.update(repr(row).encode())
    return h.hexdigest()


def _generate(seed: int) -> tuple[dict[str, int], str]:
    try:
        with transaction.atomic():
            counts = generate.run(scale="commune", years=1, seed=seed, out=io.StringIO())
            raise Rollback(counts, _fingerprint())
    except Rollback as done:
        return done.args[0], done.args[1]


@pytest.mark.django_db
def test_commune_scale_is_complete_valid_and_fast(client: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    call_command("synth", "--scale", "commune", "--years", "2", "--seed", "5", stdout=out, stderr=err)
    assert time.monotonic() - started < 60
    connection.check_constraints()  # every foreign key points at a row
    commune = Place.objects.get(code="S01001")
    assert Place.objects.filter(parent=commune).count() == 8
    assert Household.objects.filter(village__parent=commune).count() == 480
    assert Case.objects.filter(unit=commune).count() == 120
    assert Disclosure.objects.filter(place=commune).public().count() == 80  # type: ignore[attr-defined]
    assert SearchEntry.objects.filter(place_path=commune.path).count() == 80
    assert "households" in out.getvalue() and "total" in out.getvalue()
    assert "[####" in err.getvalue()  # the progress bar
    # The sequences moved past the generated keys: ordinary writes go on.
    Place.objects.create(code="X1", name="Thôn mới", name_folded="thon moi", kind="village", level=4,
                         parent=commune, path=commune.path + "X1/")  # fmt: skip
    # The public pages work on it.
    r = client.get(f"/disclosures/{commune.code}/")
    assert r.status_code == 200
    assert Disclosure.objects.filter(place=commune).order_by("-published_at")[0].title in r.content.decode()
    _the_other_modules_are_filled(client, commune)


def _the_other_modules_are_filled(client: Any, commune: Place) -> None:
    """Steering, new-rural and administrative-reform rows too (more.py), valid for their services."""
    from danchu.newrural.models import Assessment
    from danchu.steering.models import Briefing, Inspection, Programme, SteeringCommittee

    assert SteeringCommittee.objects.filter(body__place__in=[commune, commune.parent]).count() == 2
    assert Programme.objects.filter(committee__body__place=commune).count() == 2  # one a year
    assert Briefing.objects.filter(committee__body__place=commune).count() == 8  # one a quarter
    assert Task.objects.filter(briefing__committee__body__place=commune).count() == 16
    assert Inspection.objects.filter(committee__body__place=commune.parent, units__place=commune).exists()
    figures = Figure.objects.filter(place=commune).order_by("start")
    assert figures.count() == 8  # two years of quarters, each over and within its wholes
    assert all(f.resolved_on_time <= f.resolved <= f.received + f.carried_over for f in figures)
    assert all(f.end < dt.date(2026, 1, 1) for f in figures)
    rural = Place.objects.get(code="S01001").kind == "commune"
    assert Assessment.objects.filter(commune=commune).count() == (2 if rural else 0)  # wards are not assessed
    page = client.get(f"/adminreform/place/{commune.code}/")
    assert page.status_code == 200 and "Bộ phận Một cửa" in page.content.decode()
    assert client.get("/newrural/place/S01/").status_code == 200  # the province


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    counts, first = _generate(11)
    assert _generate(11) == (counts, first)
    assert _generate(12)[1] != first


@pytest.mark.django_db
def test_a_second_run_and_bad_arguments_are_refused_without_writing() -> None:
    call_command("synth", "--scale", "commune", "--seed", "1", stdout=io.StringIO(), stderr=io.StringIO())
    before = Place.objects.count()
    with pytest.raises(CommandError, match="already"):
        call_command("synth", "--scale", "commune", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="years"):
        call_command("synth", "--years", "0", stdout=io.StringIO(), stderr=io.StringIO())
    assert Place.objects.count() == before


@pytest.mark.django_db
def test_many_communes_and_years_keep_every_unique_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Province and national scales are the commune scale many times over: numbers that are unique
    across the country (inspection board matters, tracking codes) must not repeat from one commune
    or year to the next (the province scale stopped at the second commune's first matter)."""
    from danchu.oversight.models import Matter
    from danchu.synth.plan import Plan

    tiny = Plan(provinces=2, communes_per_province=3, villages_per_commune=2, households_per_village=4,
                cases_per_commune_year=3, disclosures_per_commune_year=2, comments_per_consultation=2)  # fmt: skip
    monkeypatch.setitem(generate.SCALES, "tiny", tiny)
    out = io.StringIO()
    counts = generate.run(scale="tiny", years=3, seed=7, out=out)
    assert "province 2/2" in out.getvalue()  # written one province at a time
    connection.check_constraints()
    assert counts["places (communes)"] == 6 and counts["inspection board matters"] == 6 * 3 * 6
    assert Matter.objects.values("code").distinct().count() == 6 * 3 * 6
    assert all(m.code.startswith(f"TTND-{m.board.body.place.code}-{m.received_on.year}-")
               for m in Matter.objects.select_related("board__body__place"))  # fmt: skip
