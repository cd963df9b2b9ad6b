"""The disclosures office of a person who publishes for many units (a national administrator: every
commune of the country) lists each unit's own pages only for the unit chosen in the filter; one
paragraph of four links per commune made the page 1.2 MB for 3,321 communes."""

from __future__ import annotations

from typing import Any

from danchu.core.office import FEW_PLACES
from danchu.places.tests import factories as pf


def _communes(province: Any, n: int) -> list[Any]:
    return [pf.commune(province, code=f"9{i:04d}", name=f"Xã Thử Nghiệm {i}") for i in range(n)]


def test_many_units_get_a_picker_not_a_paragraph_each(province: Any, admin_user: Any, client_as: Any) -> None:
    communes = _communes(province, FEW_PLACES + 2)
    client = client_as(admin_user)
    page = client.get("/disclosures/office/").content.decode()
    assert "obligations/" not in page  # no unit's own links before one is chosen
    assert "Chọn một địa bàn trong bộ lọc bên dưới" in page
    for c in communes:  # every unit is still in the filter
        assert f'<option value="{c.code}">{c.name}</option>' in page
    chosen = communes[3]
    page = client.get(f"/disclosures/office/?place={chosen.code}").content.decode()
    assert f"/disclosures/office/place/{chosen.code}/obligations/" in page
    assert page.count("/obligations/") == 1
    assert "Chọn một địa bàn trong bộ lọc bên dưới" not in page


def test_a_unknown_place_in_the_filter_links_nothing(province: Any, admin_user: Any, client_as: Any) -> None:
    _communes(province, FEW_PLACES + 2)
    client = client_as(admin_user)
    response = client.get("/disclosures/office/?place=nope")
    assert response.status_code == 200
    assert "/obligations/" not in response.content.decode()
    assert client.get("/disclosures/office/?place=%00").status_code == 400


def test_a_commune_officer_sees_the_links_of_their_commune(
    commune: Any, officer: Any, client_as: Any
) -> None:
    page = client_as(officer).get("/disclosures/office/").content.decode()
    assert f"/disclosures/office/place/{commune.code}/obligations/" in page
    assert "Chọn một địa bàn trong bộ lọc bên dưới" not in page
