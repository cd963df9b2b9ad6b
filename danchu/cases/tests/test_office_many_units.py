"""A person who handles cases for many units (a national administrator) gets one dashboard link and a
unit picker on the dashboard, not a link per unit of the country (481 KB for 3,321 communes)."""

from __future__ import annotations

from typing import Any

from danchu.core.office import FEW_PLACES
from danchu.places.tests import factories as pf


def test_many_units_one_dashboard_link_and_a_picker(province: Any, admin_user: Any, client_as: Any) -> None:
    communes = [
        pf.commune(province, code=f"9{i:04d}", name=f"Xã Thử Nghiệm {i}") for i in range(FEW_PLACES + 2)
    ]
    client = client_as(admin_user)
    page = client.get("/cases/office/").content.decode()
    assert page.count("/cases/office/dashboard/") == 1
    chosen = communes[5]
    page = client.get(f"/cases/office/?unit={chosen.code}").content.decode()
    assert f"/cases/office/dashboard/?unit={chosen.code}" in page
    page = client.get(f"/cases/office/dashboard/?unit={chosen.code}").content.decode()
    assert f'<option value="{chosen.code}" selected>{chosen.name}</option>' in page
    assert f'href="?unit={communes[0].code}"' not in page  # the picker, not a link per unit


def test_an_officer_of_one_commune_keeps_its_dashboard_link(
    commune: Any, officer: Any, client_as: Any
) -> None:
    page = client_as(officer).get("/cases/office/").content.decode()
    assert f"/cases/office/dashboard/?unit={commune.code}" in page
