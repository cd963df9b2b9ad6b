"""Staff of many communes (a national administrator) start a consultation by choosing the commune in
one form, not from a button per commune of the country (314 KB for 3,321 communes)."""

from __future__ import annotations

from typing import Any

from danchu.core.office import FEW_PLACES
from danchu.places.tests import factories as pf


def test_many_communes_one_form(province: Any, admin_user: Any, client_as: Any) -> None:
    communes = [
        pf.commune(province, code=f"9{i:04d}", name=f"Xã Thử Nghiệm {i}") for i in range(FEW_PLACES + 2)
    ]
    client = client_as(admin_user)
    page = client.get("/consultations/").content.decode()
    assert "/consultations/new/?place=" not in page
    assert 'action="/consultations/new/"' in page
    assert f'<option value="{communes[0].code}">{communes[0].name}</option>' in page
    # What the form sends opens the new consultation of that commune.
    assert client.get(f"/consultations/new/?place={communes[0].code}").status_code == 200


def test_an_officer_keeps_the_button_of_their_commune(commune: Any, officer: Any, client_as: Any) -> None:
    page = client_as(officer).get("/consultations/").content.decode()
    assert f"/consultations/new/?place={commune.code}" in page
    assert 'action="/consultations/new/"' not in page
