"""The roll-ups' versions are kept per province (RollupVersion.scope): a write within one province
leaves what was read about the others kept, and the country's figures are read again after any
write. At year's end every commune submits while every committee has its dashboard open: with one
version for the whole country, each submission would make every dashboard read its rows again."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from danchu.places.models import Place
from danchu.places.tests import factories as pf
from danchu.reporting import queries, rollup, services
from danchu.reporting.defaults import install_defaults
from danchu.reporting.models import RollupVersion, rollup_scope
from danchu.reporting.periods import Period
from danchu.reporting.registry import INDICATORS, Section, grouped, register_computed

Y = Period.year(2025)
MONTH = Period.month(2026, 3)


def _figure(code: str, place: Place, period: Period) -> tuple[float | None, int]:
    """The key figure of `code` at `place`, and how many statements read the roll-up table for it."""
    with CaptureQueriesContext(connection) as q:
        value = queries.figures([INDICATORS.get(code)], place, period)[0].current.value
    return value, sum("reporting_indicatorvalue" in x["sql"] for x in q.captured_queries)


def test_the_scope_of_a_place_is_its_province() -> None:
    assert rollup_scope("/VN/") == ""
    assert rollup_scope("/VN/66/") == "/VN/66/"
    assert rollup_scope("/VN/66/24181/24181-001/") == "/VN/66/"
    assert rollup_scope("/RP/") == ""  # a province at the root: everything


def test_a_write_whose_province_is_not_known_changes_every_province(db: Any) -> None:
    province = pf.province(code="66", name="Tỉnh Đắk Lắk")
    root = pf.PlaceFactory(code="RP", name="Tỉnh Không Gốc", kind="province", parent=None)
    all_ = RollupVersion.ALL
    assert RollupVersion._scopes("default", [province.pk, None]) == {"/VN/66/"}
    assert RollupVersion._scopes("default", [root.pk]) == {all_}  # no scope of its own
    assert RollupVersion._scopes("default", [10**9]) == {all_}  # deleted meanwhile
    assert RollupVersion._scopes("default", None) == {all_}


def test_a_submission_in_another_province_leaves_the_dashboard_kept(
    reported: Any, admin_user: Any, province: Any, commune: Any, django_capture_on_commit_callbacks: Any
) -> None:
    quarterly = reported["quarterly"]
    country = Place.objects.get(code="VN")
    other = pf.province(code="64", name="Tỉnh Gia Lai", parent=country)
    far = pf.commune(other, code="23500", name="Xã Ia Grai")
    install_defaults(other)  # the forms assigned to its communes too
    assert _figure("adminreform.received", province, Y) == (6600, 1)
    assert _figure("adminreform.received", province, Y)[1] == 0  # kept
    country_value, reads = _figure("adminreform.received", country, Y)
    assert reads and _figure("adminreform.received", country, Y)[1] == 0

    def submit(place: Place, received: str) -> None:
        sub = services.submission_open(form=quarterly, place=place, period=Period.quarter(2025, 1))
        with django_capture_on_commit_callbacks(execute=True):  # the refresh job after the commit
            services.submission_save(
                actor=admin_user,
                submission=sub,
                raw={
                    "adminreform.received": received,
                    "adminreform.resolved": "1",
                    "adminreform.resolved_on_time": "1",
                    "pib.matters_supervised": "1",
                    "adminreform.communes_online": "1",
                },
            )
            services.submission_submit(actor=admin_user, submission=sub)
            services.submission_decide(actor=admin_user, submission=sub, approve=True)

    every = RollupVersion.current()
    submit(far, "777")
    assert RollupVersion.current() != every  # the country's figures are read again
    assert _figure("adminreform.received", province, Y) == (6600, 0)  # this province's stay kept
    assert _figure("adminreform.received", other, Y) == (777, 1)
    value, reads = _figure("adminreform.received", country, Y)
    assert (value, bool(reads)) == (country_value + 777, True)
    # A submission within the province: read again, with the new figure.
    new_commune = pf.commune(province, code="24199", name="Xã Ea Phê")
    submit(new_commune, "5")
    value, reads = _figure("adminreform.received", province, Y)
    assert (value, bool(reads)) == (6605, True)


CODE = "test.scoped_villages"


@pytest.fixture
def villages_indicator(db: Any) -> Iterator[None]:
    def compute(*, start: dt.date, end: dt.date) -> Any:
        return grouped(Place.objects.filter(code__startswith="SV", level=4), place="parent_id")

    register_computed(code=CODE, section=Section.DAN_BIET, name=CODE, compute=compute)
    yield
    INDICATORS._items.pop(CODE, None)


@pytest.mark.parametrize("setwise_ok", [True, False], ids=["set-based", "python"])
def test_a_refresh_reads_again_only_the_provinces_whose_cells_changed(
    villages_indicator: None, setwise_ok: bool
) -> None:
    one = pf.commune(pf.province(code="SVP", name="Tỉnh Một"), code="SVC1", name="Xã Một")
    two = pf.commune(pf.province(code="SVQ", name="Tỉnh Hai"), code="SVC2", name="Xã Hai")
    pf.village(one, code="SV-1")
    pf.village(two, code="SV-2")

    def refresh() -> int:
        return rollup.refresh_computed(period=MONTH, codes=[CODE], setwise_ok=setwise_ok)

    assert refresh() > 0
    first, second = one.parent, two.parent
    assert _figure(CODE, first, MONTH) == (1, 1) and _figure(CODE, second, MONTH) == (1, 1)
    pf.village(two, code="SV-3")
    assert refresh() > 0
    assert _figure(CODE, second, MONTH) == (2, 1)
    # The set-based refresh knows the provinces it wrote; the other path rewrites every province.
    assert _figure(CODE, first, MONTH) == (1, 0 if setwise_ok else 1)


def test_the_catalogue_and_the_roll_ups_change_apart(reported: Any, province: Any) -> None:
    from danchu.reporting.catalogue import all_indicators
    from danchu.reporting.models import DataElement

    def catalogue_reads() -> int:
        with CaptureQueriesContext(connection) as q:
            all_indicators()
        return sum("reporting_dataelement" in x["sql"] for x in q.captured_queries)

    catalogue_reads()
    assert catalogue_reads() == 0
    _figure("adminreform.received", province, Y)
    RollupVersion.bump(provinces=[province.pk])  # a write to the roll-ups
    assert catalogue_reads() == 0
    assert _figure("adminreform.received", province, Y)[1] == 1
    DataElement.objects.create(code="test.added", name="Số hộ mới", section=Section.DAN_BIET)
    assert catalogue_reads() == 1 and "test.added" in {i.code for i in all_indicators()}
    assert _figure("adminreform.received", province, Y)[1] == 0  # the roll-ups' reads stay kept


@pytest.mark.django_db(transaction=True)
def test_two_writers_bumping_a_new_scope_do_not_fail(province: Any) -> None:
    """A province's row is created by its first write: two first writes at once both commit (the
    second waits for the first's row, INSERT … ON CONFLICT), never an integrity error."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions: PostgreSQL")
    started, release = threading.Event(), threading.Event()
    out: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                RollupVersion.bump(provinces=[province.pk])
                started.set()
                release.wait(10)
        except Exception as e:  # noqa: BLE001 - reported to the test
            out["first"] = e
        finally:
            connections.close_all()

    def second() -> None:
        try:
            with transaction.atomic():
                RollupVersion.bump(provinces=[province.pk])
        except Exception as e:  # noqa: BLE001 - reported to the test
            out["second"] = e
        finally:
            connections.close_all()

    t1 = threading.Thread(target=first)
    t1.start()
    assert started.wait(10)
    t2 = threading.Thread(target=second)
    t2.start()
    t2.join(0.5)
    assert t2.is_alive()  # waits on the first's row
    release.set()
    t1.join(10)
    t2.join(10)
    assert out == {}
    assert RollupVersion.objects.filter(scope=province.path).count() == 1
