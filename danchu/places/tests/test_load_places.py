from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from danchu.core.models import AuditEntry
from danchu.places.loading import load_places
from danchu.places.models import Level, Place, PlaceKind

pytestmark = pytest.mark.django_db


def test_loads_the_country_34_provinces_and_3321_communes() -> None:
    result = load_places()

    assert result.created == 1 + 34 + 3321
    assert Place.objects.filter(level=Level.COUNTRY).get().name == "Việt Nam"
    assert Place.objects.provinces().count() == 34
    assert Place.objects.communes().count() == 3321
    assert Place.objects.filter(kind=PlaceKind.CITY).count() == 6
    assert Place.objects.filter(kind=PlaceKind.PROVINCE).count() == 28
    assert Place.objects.filter(kind=PlaceKind.SPECIAL_ZONE).count() == 13
    assert Place.objects.filter(kind=PlaceKind.WARD).count() == 687
    assert Place.objects.filter(kind=PlaceKind.COMMUNE).count() == 2621


def test_codes_names_and_paths_follow_the_official_list() -> None:
    load_places()

    dak_lak = Place.objects.get(code="66")
    assert dak_lak.name == "Tỉnh Đắk Lắk"
    assert dak_lak.kind == PlaceKind.PROVINCE
    assert dak_lak.path == "/VN/66/"
    krong_pac = Place.objects.get(code="24490")
    assert krong_pac.name == "Xã Krông Pắc"
    assert krong_pac.parent == dak_lak
    assert krong_pac.path == "/VN/66/24490/"
    assert krong_pac.name_folded == "xa krong pac"
    assert str(krong_pac.valid_from) == "2025-07-01"
    assert Place.objects.get(code="01").name == "Thành phố Hà Nội"
    assert Place.objects.get(code="00070").kind == PlaceKind.WARD  # zero-padded
    assert not Place.objects.filter(name__contains="  ").exists()


def test_second_run_changes_nothing() -> None:
    load_places()
    audits = AuditEntry.objects.count()
    out = StringIO()

    call_command("load_places", stdout=out)

    assert "0 created, 0 updated" in out.getvalue()
    assert AuditEntry.objects.count() == audits


def test_a_renamed_unit_is_put_back() -> None:
    load_places()
    Place.objects.filter(code="24490").update(name="Sai tên", name_folded="sai ten")

    result = load_places()

    assert (result.created, result.updated) == (0, 1)
    assert Place.objects.get(code="24490").name == "Xã Krông Pắc"


def test_villages_below_a_commune_survive_a_reload(commune_from_loader: Place) -> None:
    from danchu.places import services

    village = services.village_create(actor=None, commune=commune_from_loader, name="Thôn 1")
    load_places()
    village.refresh_from_db()
    assert village.parent == commune_from_loader


@pytest.fixture
def commune_from_loader() -> Place:
    load_places()
    return Place.objects.get(code="24490")
