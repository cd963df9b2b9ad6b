"""The public form stays light on a cheap phone: the place choice is narrowed by province first."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.places.tests import factories as pf


@pytest.mark.django_db
def test_form_without_a_place_asks_for_the_province_and_lists_no_commune(
    commune: Any, other_commune: Any
) -> None:
    for n in range(50):
        pf.commune(commune.parent, name=f"Xã Thêm {n}")
    response = Client().get("/cases/new/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_province"' in html and "Tỉnh Đắk Lắk" in html
    assert "Xã Krông Pắc" not in html and "Xã Thêm 7" not in html
    assert len(response.content) < 60_000


@pytest.mark.django_db
def test_choosing_a_province_lists_only_its_communes(commune: Any, other_commune: Any) -> None:
    elsewhere = pf.commune(pf.province(code="01", name="Thành phố Hà Nội"), name="Phường Hoàn Kiếm")
    html = Client().get(f"/cases/new/?province={commune.parent.code}").content.decode()
    assert "Xã Krông Pắc" in html and "Xã Ea Kly" in html
    assert elsewhere.name not in html.split('id="id_place"', 1)[1]


@pytest.mark.django_db
def test_a_commune_link_shows_the_commune_its_villages_and_its_province(
    village: Any, other_village: Any
) -> None:
    html = Client().get(f"/cases/new/?place={village.parent.code}").content.decode()
    assert "Thôn 1" in html and "Buôn Đắk" in html
    assert f'value="{village.parent.parent.code}" selected' in html


@pytest.mark.django_db
def test_a_signed_in_residents_phone_is_filled_in_as_people_write_it(citizen: Any, client_as: Any) -> None:
    """The form filled in "+84912…" (how the number is stored), where the person's page writes it
    "0912 …" and the field's own example asks for that."""
    citizen.phone = "+84912345678"
    citizen.save(update_fields=["phone"])
    html = client_as(citizen).get("/cases/new/").content.decode()
    assert 'value="0912 345 678"' in html and "+84912345678" not in html
