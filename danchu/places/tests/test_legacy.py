"""The pre-2025 tree (load_places --legacy) and the queries other modules use across the reform."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from danchu.core.errors import NotFound
from danchu.places import queries
from danchu.places.legacy import LEGACY_END, load_legacy
from danchu.places.models import Level, Place, PlaceKind, Succession

pytestmark = pytest.mark.django_db

Y2021 = dt.date(2021, 6, 30)
Y2026 = dt.date(2026, 3, 1)
YEARS = [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in (2021, 2025, 2026)]


@pytest.fixture
def krong_pac() -> Place:
    load_legacy(districts={"654"})
    return Place.objects.get(code="654")


def test_full_load_has_63_provinces_696_districts_10035_communes_all_mapped() -> None:
    started = time.monotonic()
    out = StringIO()
    call_command("load_places", "--legacy", stdout=out)
    elapsed = time.monotonic() - started

    old = Place.objects.filter(valid_to=LEGACY_END)
    assert old.filter(level=Level.PROVINCE).count() == 63
    assert old.filter(level=Level.DISTRICT).count() == 696
    assert old.filter(level=Level.COMMUNE).count() == 10035
    assert old.filter(level=Level.COMMUNE).exclude(successor_links__isnull=False).count() == 0
    new_communes = Place.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
    # Only the island special zones (formerly districts without communes) and two units the package
    # does not map have no predecessor commune.
    assert new_communes.exclude(predecessor_links__isnull=False).count() < 15
    assert Place.objects.filter(valid_to__isnull=True, level=Level.PROVINCE).count() == 34
    assert sum(1 for p in Place.objects.filter(code="66") for _ in queries.predecessors(p)) == 2
    points = Counter(old.filter(latitude__isnull=False).values_list("latitude", "longitude"))
    assert points and points.most_common(1)[0][1] == 1  # no made-up shared positions
    assert elapsed < 180, elapsed

    again = StringIO()
    call_command("load_places", "--legacy", stdout=again)
    assert "legacy places: 0 created, 0 updated; mapping: 0 created, 0 updated" in again.getvalue()


def test_the_former_krong_pac_district_has_a_township_and_15_communes(krong_pac: Place) -> None:
    assert krong_pac.name == "Huyện Krông Pắc" and krong_pac.kind == PlaceKind.DISTRICT
    assert krong_pac.parent.code == "L66" and krong_pac.parent.official_code == "66"
    assert krong_pac.path == "/VN/L66/654/"
    units = queries.children_on(krong_pac, Y2021)
    assert units.count() == 16
    assert queries.children_on(krong_pac, Y2021, kinds=[PlaceKind.COMMUNE]).count() == 15
    assert queries.children_on(krong_pac, Y2026).count() == 0
    phuoc_an = Place.objects.get(code="L24490")
    assert (phuoc_an.official_code, phuoc_an.kind, phuoc_an.valid_to) == (
        "24490",
        PlaceKind.TOWNSHIP,
        LEGACY_END,
    )
    assert Place.objects.get(code="L24493").name == "Xã Krông Búk"  # the package's "KRông" put right
    # Today's lists skip the old units.
    assert not Place.objects.current().filter(code__in=["654", "L24490", "L66"]).exists()


def test_a_new_commune_formed_whole_from_four_old_ones(krong_pac: Place) -> None:
    xa_krong_pac = Place.objects.get(code="24490")

    before = queries.predecessors(xa_krong_pac)

    assert sorted(p.name for p, _ in before) == [
        "Thị trấn Phước An",
        "Xã Ea Yông",
        "Xã Hòa An",
        "Xã Hòa Tiến",
    ]
    assert {share for _, share in before} == {Decimal(1)}
    assert queries.successors(Place.objects.get(code="L24490")) == [(xa_krong_pac, Decimal(1))]
    # The former district: where its communes went (the 6 new communes of 2025).
    assert len(queries.successors(krong_pac)) == 6
    assert [p.code for p, _ in queries.predecessors(Place.objects.get(code="66"))] == ["L66"]


def test_a_split_commune_has_unknown_shares_and_one_main_successor() -> None:
    load_legacy(districts={"657"})  # Cư Kuin
    ea_bhok = Place.objects.get(code="L24550")

    links = queries.successor_links(ea_bhok)

    assert ea_bhok.name == "Xã Ea Bhốk"
    assert [(link.new.name, link.share, link.basis, link.is_main) for link in links] == [
        ("Xã Dray Bhăng", None, Succession.Basis.UNKNOWN, True),
        ("Xã Ea Ktur", None, Succession.Basis.UNKNOWN, False),
    ]
    assert all(link.source.startswith("vietnamadminunits ") for link in links)


def test_place_by_code_resolves_old_and_new_codes_by_date(krong_pac: Place) -> None:
    assert queries.place_by_code("24490", on=Y2021).name == "Thị trấn Phước An"
    assert queries.place_by_code("24490", on=Y2026).name == "Xã Krông Pắc"
    assert queries.place_by_code("L24490", on=Y2021).code == "L24490"
    assert queries.place_by_code("66", on=Y2021).code == "L66"
    assert queries.place_by_code("66", on=Y2026).code == "66"
    assert queries.place_by_code("654", on=Y2021) == krong_pac
    assert queries.place_by_code("654").code == "654"  # without a date: the code as it is
    assert queries.place_by_code(" 24\x00490 ", on=Y2021).code == "L24490"  # NUL and spaces dropped

    with translation.override("vi"), pytest.raises(NotFound) as refused:
        queries.place_by_code("654", on=Y2026)
    assert refused.value.message == (
        "Ngày 01/03/2026 không có đơn vị nào mang mã 654. Huyện Krông Pắc (mã 654) tồn tại đến 30/06/2025."
    )
    with pytest.raises(NotFound):
        queries.place_by_code("99999", on=Y2021)
    with pytest.raises(NotFound):
        queries.place_by_code("9" * 500, on=Y2021)


def test_units_by_code_finds_what_unit_during_finds_with_one_query(krong_pac: Place) -> None:
    """The spreadsheet imports read a file's units once (UnitsByCode) and must find, row by row, the
    unit that unit_during() finds alone: the old unit for a year before the reform, the new one after."""
    codes = ["24490", "L24490", "24496", "654", " 24\x00496 ", "66"]
    with CaptureQueriesContext(connection) as read:
        units = queries.UnitsByCode([*codes, "99999"])
    assert len(read) == 1
    for code in codes:
        for start, end in YEARS:
            assert units.during(code, start, end) == queries.unit_during(code, start, end)
    assert units.during("24490", dt.date(2021, 1, 1), Y2021).code == "L24490"
    assert units.during("24490", dt.date(2026, 1, 1), Y2026).name == "Xã Krông Pắc"
    assert units.during("L24490", dt.date(2025, 1, 1), dt.date(2025, 12, 31)).code == "L24490"  # alive then
    assert units.during("24490", dt.date(2025, 1, 1), dt.date(2025, 12, 31)).code == "24490"  # as given first
    assert units.during("654", dt.date(2026, 1, 1), Y2026).code == "654"  # found; the caller refuses it
    for unknown in ("99999", "", "9" * 500):
        with pytest.raises(NotFound):
            units.during(unknown, dt.date(2021, 1, 1), Y2021)
        with pytest.raises(NotFound):
            queries.unit_during(unknown, dt.date(2021, 1, 1), Y2021)


def test_existed_during_and_validity_text(krong_pac: Place) -> None:
    old = Place.objects.get(code="L24496")
    new = Place.objects.get(code="24496")

    assert queries.existed_during(old, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert not queries.existed_during(old, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert not queries.existed_during(new, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert queries.existed_during(new, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with translation.override("vi"):
        assert queries.validity_text(old) == "Xã Ea Kly (mã 24496) tồn tại đến 30/06/2025."
        assert queries.validity_text(new) == "Xã Ea Kly (mã 24496) tồn tại từ 01/07/2025."
    with translation.override("en"):
        assert queries.validity_text(old) == "Xã Ea Kly (code 24496) existed until 30/06/2025."


def test_partial_load_is_idempotent_and_audited_once(krong_pac: Place) -> None:
    from danchu.core.models import AuditEntry

    audits = AuditEntry.objects.filter(action="places.legacy_loaded").count()

    result = load_legacy(districts={"654"})

    assert (result.created, result.updated, result.links_created, result.links_updated) == (0, 0, 0, 0)
    assert AuditEntry.objects.filter(action="places.legacy_loaded").count() == audits == 1


def test_pages_show_the_history_of_old_and_new_units(client: Any, krong_pac: Place) -> None:
    new = client.get("/places/24490/").content.decode()
    old = client.get("/places/L24490/").content.decode()
    district = client.get("/places/654/").content.decode()
    split = client.get("/places/24561/")  # Xã Dray Bhăng: part of Ea Bhốk (not loaded here) → no error

    assert "Lịch sử hành chính" in new and "Thị trấn Phước An" in new and "Huyện Krông Pắc" in new
    assert 'href="/places/L24490/"' in new and "toàn bộ đơn vị" in new
    assert "30/06/2025" in old and 'href="/places/24490/"' in old and "mã 24490" in old
    assert "Xã Krông Pắc" in district and "Xã Ea Kly" in district and "Xã Vụ Bổn" in district
    assert split.status_code == 200


def test_a_split_commune_page_says_the_share_is_not_known(client: Any) -> None:
    load_legacy(districts={"657"})

    html = client.get("/places/L24550/").content.decode()

    assert "Xã Dray Bhăng" in html and "Xã Ea Ktur" in html
    assert "một phần, cùng trụ sở (chưa rõ tỷ lệ)" in html and "một phần (chưa rõ tỷ lệ)" in html


def test_known_shares_of_a_split_commune_are_imported_with_line_numbers(tmp_path: Any) -> None:
    load_legacy(districts={"657"})  # Ea Bhốk (L24550) split between Dray Bhăng (24561) and Ea Ktur (24544)
    good = tmp_path / "ty_le.csv"
    good.write_text('Mã cũ,Mã mới,Tỷ lệ,Căn cứ\nL24550,24561,"62,5%",dân số\nL24550,24544,0.375,dân số\n')

    call_command("import_shares", str(good), stdout=StringIO())

    shares = {new.code: share for new, share in queries.successors(Place.objects.get(code="L24550"))}
    assert shares == {"24561": Decimal("0.625"), "24544": Decimal("0.375")}
    assert {link.basis for link in queries.successor_links(Place.objects.get(code="L24550"))} == {
        "population"
    }
    assert [s for _, s in queries.predecessors(Place.objects.get(code="24544")) if s == Decimal("0.375")]
    load_legacy(districts={"657"})  # a reload keeps the recorded shares
    assert {new.code: s for new, s in queries.successors(Place.objects.get(code="L24550"))} == shares

    bad = tmp_path / "sai.csv"
    bad.write_text(
        "old_code,new_code,share,basis\n"
        "L24550,24561,0.7,households\n"  # with the next row: 1.1 > 1
        "L24550,24544,0.4,households\n"
        "L24550,24490,0.1,households\n"  # not a link of the mapping
        "L99999,24561,0.1,households\n"
        "L24550,24561,abc,households\n"
        "L24550,24561,0.1,area\x00\n"
    )
    with translation.override("vi"), pytest.raises(Exception) as refused:
        call_command("import_shares", str(bad), stdout=StringIO(), stderr=(err := StringIO()))
    text = err.getvalue()
    assert "Dòng 3:" in text and "lớn hơn 1" in text
    assert "Dòng 4:" in text and "Dòng 5:" in text and "Dòng 6:" in text and "Dòng 7:" in text
    assert "nothing" in str(refused.value) or "không" in str(refused.value)
    assert {new.code: share for new, share in queries.successors(Place.objects.get(code="L24550"))} == shares
