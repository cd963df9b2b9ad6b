"""What a dashboard read from the roll-ups is kept per process under their version (RollupVersion,
reporting.rows.memo_values, core.sqlmemo): opened again before the next write it runs no statement
on the roll-up table; every write path changes the version in its own transaction, so the next view
after a refresh shows the new figures (issue #17 item 5: the province dashboard near its SQL)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.core import sqlmemo
from danchu.places.models import Place
from danchu.places.tests import factories as pf
from danchu.reporting import queries, rollup, services
from danchu.reporting.models import IndicatorValue, RollupVersion
from danchu.reporting.periods import Period
from danchu.reporting.registry import INDICATORS, Section, grouped, register_computed

Y = Period.year(2025)
MONTH = Period.month(2026, 3)


def _rollup_reads(q: CaptureQueriesContext) -> list[str]:
    return [x["sql"] for x in q.captured_queries if "reporting_indicatorvalue" in x["sql"]]


def _tokenless(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', "", html)


def _dashboard(c: Any, place: Any, period: str = "2025") -> tuple[str, list[str]]:
    url = (
        reverse("reporting:dashboard", args=[place.code]) + f"?period={period}&indicator=adminreform.received"
    )
    with CaptureQueriesContext(connection) as q:
        r = c.get(url)
    assert r.status_code == 200
    return r.content.decode(), _rollup_reads(q)


def test_a_dashboard_opened_again_reads_no_roll_up_until_a_write(
    reported: Any, client_as: Any, steering_member: Any, province: Any
) -> None:
    c = client_as(steering_member)
    first, reads = _dashboard(c, province)
    assert reads  # the first view reads the roll-ups
    again, reads = _dashboard(c, province)
    assert reads == []  # kept: no statement on the roll-up table, the same page (but its form token)
    assert _tokenless(again) == _tokenless(first)
    RollupVersion.bump()  # what every write does
    _page, reads = _dashboard(c, province)
    assert reads


def test_a_view_reads_the_version_once_and_again_after_it_writes(
    reported: Any, client_as: Any, steering_member: Any, province: Any
) -> None:
    c = client_as(steering_member)
    url = reverse("reporting:dashboard", args=[province.code]) + "?period=2025"
    with CaptureQueriesContext(connection) as q:
        assert c.get(url).status_code == 200
    assert sum("reporting_rollupversion" in x["sql"] for x in q.captured_queries) == 1
    # Within one request (our receivers of Django's request_started / request_finished; sending the
    # signals themselves would also close the test's database connection), a write makes the next
    # read take the new token.
    sqlmemo.request_started()
    try:
        inds = [INDICATORS.get("adminreform.received")]
        assert queries.figures(inds, province, Y)[0].current.value == 6600
        IndicatorValue.objects.filter(indicator="adminreform.received", province_id=province.pk).update(
            value=0
        )
        RollupVersion.bump()
        assert queries.figures(inds, province, Y)[0].current.value == 0
    finally:
        sqlmemo.request_finished()


def test_a_form_saved_and_submitted_shows_on_the_next_view(
    reported: Any,
    client_as: Any,
    steering_member: Any,
    admin_user: Any,
    province: Any,
    commune: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The whole path a user meets: the dashboard is open (its reads kept), a commune submits its
    quarter, the refresh job runs after the commit, and the next view shows the figure."""
    quarterly, _annual = reported["quarterly"], reported["annual"]
    c = client_as(steering_member)
    before, _reads = _dashboard(c, province, "2026")
    assert "7.777" not in before
    _dashboard(c, province, "2026")  # kept now
    sub = services.submission_open(form=quarterly, place=commune, period=Period.quarter(2026, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_save(
            actor=admin_user,
            submission=sub,
            raw={
                "adminreform.received": "7777",
                "adminreform.resolved": "7000",
                "adminreform.resolved_on_time": "7000",
                "pib.matters_supervised": "1",
                "adminreform.communes_online": "1",
            },
        )
        services.submission_submit(actor=admin_user, submission=sub)
    after, reads = _dashboard(c, province, "2026")
    assert reads and "7.777" in after


def test_a_rolled_back_write_leaves_the_version(db: Any) -> None:
    token = RollupVersion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        RollupVersion.bump()
        assert RollupVersion.current() != token
        raise RuntimeError
    assert RollupVersion.current() == token


def test_rollup_reads_seconds_zero_reads_every_time_and_kept_rows_expire(
    reported: Any, province: Any, settings: Any, monkeypatch: Any
) -> None:
    inds = [INDICATORS.get("adminreform.received")]

    def reads() -> list[str]:
        with CaptureQueriesContext(connection) as q:
            assert queries.figures(inds, province, Y)[0].current.value == 6600
        return _rollup_reads(q)

    settings.ROLLUP_READS_SECONDS = 0
    assert reads() and reads()
    settings.ROLLUP_READS_SECONDS = 60
    assert reads() and not reads()
    now = sqlmemo.time.monotonic()
    monkeypatch.setattr(sqlmemo.time, "monotonic", lambda: now + 61)
    assert reads()  # older than ROLLUP_READS_SECONDS: read again


def test_the_register_of_places_is_read_every_time(reported: Any, province: Any, commune: Any) -> None:
    """The counts of units divide by the communes in the register (units_totals), which is not the
    roll-ups: a commune added is counted at once, whatever the roll-ups' version."""
    ind = INDICATORS.get("adminreform.communes_online")
    first = queries.figures([ind], province, Y)[0].current
    pf.commune(province, code="RK9", name="Xã Mới Lập", valid_from=dt.date(2020, 1, 1))
    now = queries.figures([ind], province, Y)[0].current
    assert (first.value, first.den, now.value, now.den) == (2, 2, 2, 3), (first, now)


# --- every write path changes the version --------------------------------------------------------

CODE = "test.kept_villages"


@pytest.fixture
def villages_indicator(db: Any) -> Iterator[None]:
    def compute(*, start: dt.date, end: dt.date) -> Any:
        return grouped(Place.objects.filter(code__startswith="KV", level=4), place="parent_id")

    register_computed(code=CODE, section=Section.DAN_BIET, name=CODE, compute=compute)
    yield
    INDICATORS._items.pop(CODE, None)


@pytest.fixture
def kv(db: Any) -> dict[str, Any]:
    province = pf.province(code="KVP", name="Tỉnh Giữ")
    commune = pf.commune(province, code="KVC", name="Xã Giữ")
    pf.village(commune, code="KV-1")
    return {"province": province, "commune": commune}


@pytest.mark.parametrize("setwise_ok", [True, False], ids=["set-based", "python"])
def test_a_refresh_that_writes_changes_the_version_and_one_that_does_not_leaves_it(
    villages_indicator: None, kv: dict[str, Any], setwise_ok: bool
) -> None:
    def refresh() -> int:
        return rollup.refresh_computed(period=MONTH, codes=[CODE], setwise_ok=setwise_ok)

    def figure() -> float | None:
        return queries.figures([INDICATORS.get(CODE)], kv["province"], MONTH)[0].current.value

    token = RollupVersion.current()
    assert refresh() > 0
    assert RollupVersion.current() != token
    assert figure() == 1
    pf.village(kv["commune"], code="KV-2")
    token = RollupVersion.current()
    assert refresh() > 0 and RollupVersion.current() != token
    assert figure() == 2  # read again, not the kept 1
    if setwise_ok:  # nothing new: nothing written, what was read stays valid
        token = RollupVersion.current()
        assert refresh() == 0 and RollupVersion.current() == token
    Place.objects.filter(code__startswith="KV-").delete()  # the records go: the cells are removed
    token = RollupVersion.current()
    refresh()
    assert RollupVersion.current() != token
    assert figure() is None
    assert not IndicatorValue.objects.filter(indicator=CODE).exists()


def test_rebuilding_the_commune_grain_changes_the_version(
    villages_indicator: None, kv: dict[str, Any]
) -> None:
    rollup.refresh_computed(period=MONTH, codes=[CODE])
    token = RollupVersion.current()
    assert rollup.rebuild_commune_grain([CODE], MONTH) > 0
    assert RollupVersion.current() != token


def test_a_submission_leaving_the_roll_ups_changes_the_version(
    reported: Any, admin_user: Any, commune: Any
) -> None:
    from danchu.reporting.models import Submission

    sub = Submission.objects.filter(place=commune, period_start=dt.date(2025, 10, 1)).first()
    assert sub is not None
    token = RollupVersion.current()
    Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.RETURNED)
    sub.refresh_from_db()
    rollup.refresh_submission(sub)  # its values leave the roll-ups
    assert RollupVersion.current() != token
    token = RollupVersion.current()
    Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.APPROVED)
    sub.refresh_from_db()
    rollup.refresh_submission(sub)  # and come back
    assert RollupVersion.current() != token


def test_deleting_a_place_changes_the_version(villages_indicator: None, kv: dict[str, Any]) -> None:
    rollup.refresh_computed(period=MONTH, codes=[CODE])
    token = RollupVersion.current()
    Place.objects.filter(code="KV-1").delete()
    kv["commune"].delete()  # its roll-up rows go with it (CASCADE)
    assert RollupVersion.current() != token


def test_the_catalogue_is_kept_until_it_changes_and_per_language(db: Any) -> None:
    """The catalogue kept in the database is read under the same version: an element added, renamed
    or deleted (as the admin and the catalogue's pages do, through save() and delete()) shows at once,
    and a name is never served in the other language."""
    from django.utils import translation

    from danchu.reporting.catalogue import all_indicators, get_indicator
    from danchu.reporting.models import DataElement

    def codes() -> tuple[set[str], int]:
        with CaptureQueriesContext(connection) as q:
            found = {i.code for i in all_indicators()}
        return found, len(q.captured_queries)

    _found, _n = codes()
    found, n = codes()
    assert "x.kept" not in found and n == 1  # the version only: the catalogue was kept
    el = DataElement.objects.create(
        code="x.kept", name="Hồ sơ giữ", name_en="Kept files", section=Section.DAN_BIET
    )
    assert "x.kept" in codes()[0]
    with translation.override("en"):
        assert get_indicator("x.kept").name == "Kept files"
    with translation.override("vi"):
        assert get_indicator("x.kept").name == "Hồ sơ giữ"
    el.name = "Hồ sơ đã đổi tên"
    el.save()
    with translation.override("vi"):
        assert get_indicator("x.kept").name == "Hồ sơ đã đổi tên"
    el.delete()
    assert "x.kept" not in codes()[0] and get_indicator("x.kept") is None
