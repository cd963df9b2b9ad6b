from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from danchu.places.models import Level, Place, PlaceKind
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "legacy_sample.csv"


@pytest.fixture
def dak_lak_2025() -> Place:
    dak_lak = pf.province(code="66", name="Tỉnh Đắk Lắk")
    for code, name in [
        ("24490", "Xã Krông Pắc"),
        ("24496", "Xã Ea Kly"),
        ("24502", "Xã Ea Phê"),
        ("24505", "Xã Ea Knuếc"),
        ("24526", "Xã Tân Tiến"),
        ("24529", "Xã Vụ Bổn"),
    ]:
        pf.commune(dak_lak, code=code, name=name)
    return dak_lak


def test_sample_represents_the_krong_pac_district_and_its_former_communes(dak_lak_2025: Place) -> None:
    call_command("import_legacy_units", str(SAMPLE), stdout=StringIO())

    district = Place.objects.get(code="654")
    assert district.kind == PlaceKind.DISTRICT and district.level == Level.DISTRICT
    assert district.parent == dak_lak_2025 and str(district.valid_to) == "2025-06-30"
    phuoc_an = Place.objects.get(name="Thị trấn Phước An")
    assert phuoc_an.kind == PlaceKind.TOWNSHIP and phuoc_an.parent == district
    assert phuoc_an.merged_into is not None and phuoc_an.merged_into.name == "Xã Krông Pắc"
    assert phuoc_an.path == "/VN/66/654/L24490/"
    # Legacy units are not current: the province page lists only today's communes.
    assert not Place.objects.current().filter(code="654").exists()
    assert Place.objects.current(on=__import__("datetime").date(2021, 6, 30)).filter(code="654").exists()
    assert Place.objects.within(district).communes().count() == 6


def test_second_import_changes_nothing(dak_lak_2025: Place) -> None:
    call_command("import_legacy_units", str(SAMPLE), stdout=StringIO())
    out = StringIO()

    call_command("import_legacy_units", str(SAMPLE), stdout=out)

    assert out.getvalue().startswith("0 ")


def test_a_current_code_cannot_be_taken_by_a_legacy_unit(tmp_path: Path, dak_lak_2025: Place) -> None:
    from danchu.places.importing import import_legacy_units

    path = tmp_path / "legacy.csv"
    path.write_text(
        "code,name,kind,parent_code,valid_from,valid_to,merged_into_code\n"
        "24490,Thị trấn Phước An,thị trấn,66,,30/06/2025,\n",
        encoding="utf-8",
    )

    result = import_legacy_units(path, filename="legacy.csv")

    assert not result.imported and result.errors[0].line == 2
    assert "24490" in str(result.errors[0])


def test_district_page_lists_its_former_communes(client: Any, dak_lak_2025: Place) -> None:
    call_command("import_legacy_units", str(SAMPLE), stdout=StringIO())

    html = client.get("/places/654/").content.decode()

    assert "Thị trấn Phước An" in html and "30/06/2025" in html
    assert "Huyện Krông Pắc" not in client.get("/places/66/").content.decode()
