"""A province's staff keep the past of the provinces merged into it on 1 July 2025: the former
districts and communes of Đắk Lắk before the merger (L66, path /VN/L66/…) are the new Đắk Lắk's (66)
to read and to record the years before 2025 of — not another province's, and not its communes'
officers' (acting is not inherited)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.permissions import acts_above, can_read_place, readable_places
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.newrural import importing
from danchu.newrural.models import Assessment
from danchu.places.legacy import load_legacy
from danchu.places.models import Place, PlaceKind
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def former() -> dict[str, Place]:
    load_legacy(districts={"654"})  # the former Krông Pắc district of the former Đắk Lắk (L66)
    return {code: Place.objects.get(code=code) for code in ("66", "L66", "654", "L24496")}


def test_a_province_acts_on_and_reads_the_units_of_the_province_merged_into_it(
    former: dict[str, Place],
) -> None:
    committee = BodyFactory(
        kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo QCDC tỉnh", place=former["66"]
    )
    member = person_with_role(Role.STEERING_MEMBER, former["66"], body=committee, full_name="Ngô Quang Hải")
    elsewhere = pf.province(code="01", name="Thành phố Hà Nội", valid_from=dt.date(2025, 7, 1))
    other_old = pf.PlaceFactory(
        code="L01",
        name="Thành phố Hà Nội (cũ)",
        kind=PlaceKind.PROVINCE,
        parent=elsewhere.parent,
        valid_to=dt.date(2025, 6, 30),
    )
    other_commune = pf.commune(other_old, code="L00004", name="Phường Phúc Xá", valid_to=dt.date(2025, 6, 30))
    assert acts_above(member, former["66"])  # its own province: no successions read
    with CaptureQueriesContext(connection) as asked:
        assert acts_above(member, former["L24496"]) and acts_above(member, former["654"])
        assert can_read_place(member, former["L24496"])
        assert not acts_above(member, other_commune) and not can_read_place(member, other_commune)
        readable = readable_places(member)
        assert readable.filter(code="L24496").exists() and not readable.filter(code="L00004").exists()
    assert len(asked) == 3  # the merged provinces read once, then the two lookups of the list
    officer = person_with_role(
        Role.COMMUNE_OFFICER, Place.objects.get(code="24496"), full_name="Phạm Thị Lan"
    )
    assert not acts_above(officer, former["L24496"])
    # Another province's staff do not reach Đắk Lắk's past.
    Membership.objects.create(
        person=(hanoi := person_with_role(Role.CITIZEN)), role=Role.STEERING_MEMBER, place=elsewhere
    )
    assert not acts_above(hanoi, former["L24496"])


def test_the_new_province_imports_a_former_communes_new_rural_record(former: dict[str, Place]) -> None:
    member = person_with_role(Role.STEERING_MEMBER, former["66"], full_name="Ngô Quang Hải")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Mã đơn vị", "Năm", "Số tiêu chí đạt"])
    ws.append(["24496", 2021, 17])  # as the 2021 register wrote the code: the former Xã Ea Kly
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    importing.import_records(by=member, file=out, filename="ntm-2021.xlsx")
    assert Assessment.objects.get().commune == former["L24496"]
