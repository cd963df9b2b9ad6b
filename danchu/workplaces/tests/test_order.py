"""Lists of units and places in Vietnamese order (core.text.vi_sort_key), not the database's
collation, which puts "Đ" after "Y"."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.places.tests import factories as pf
from danchu.workplaces import services
from danchu.workplaces.models import Ownership, UnitType

from .conftest import LAST_YEAR

pytestmark = pytest.mark.django_db

NAMES = ["Yên Thành", "Đội Cầu đường", "Công an xã", "Ủy ban nhân dân xã", "Ban Quản lý dự án"]
IN_ORDER = ["Ban Quản lý dự án", "Công an xã", "Đội Cầu đường", "Ủy ban nhân dân xã", "Yên Thành"]


@pytest.fixture
def agencies(commune: Any) -> list[Any]:
    return [
        services.unit_register(
            actor=None,
            data=services.UnitData(
                code=f"CQ-{i}",
                name=name,
                unit_type=UnitType.AGENCY,
                place=commune,
                ownership=Ownership.NOT_APPLICABLE,
            ),
        )
        for i, name in enumerate(NAMES)
    ]


def _positions(text: str, names: list[str]) -> list[int]:
    return [text.index(name) for name in names]


def test_the_units_page_and_the_api_list_units_in_vietnamese_order(
    client: Any, client_as: Any, token_for: Any, officer: Any, agencies: Any
) -> None:
    page = client_as(officer).get(reverse("workplaces:units")).content.decode()
    assert _positions(page, IN_ORDER) == sorted(_positions(page, IN_ORDER))
    listed = client.get("/api/v1/workplaces/units", **token_for(officer)).json()
    assert [u["name"] for u in listed] == IN_ORDER


def test_the_compliance_list_is_in_vietnamese_order(
    client_as: Any, steering_member: Any, committee: Any, agencies: Any
) -> None:
    page = client_as(steering_member).get(
        reverse("workplaces:compliance", args=[committee.pk]), {"year": LAST_YEAR}
    )
    text = page.content.decode()
    missing = text[text.index('id="missing"') :]
    assert _positions(missing, IN_ORDER) == sorted(_positions(missing, IN_ORDER))


def test_the_places_to_register_under_are_in_vietnamese_order(
    client_as: Any, admin_user: Any, province: Any, commune: Any
) -> None:
    pf.commune(province, code="24199", name="Xã Đắk Liêng")
    pf.commune(province, code="24198", name="Xã Yang Mao")
    page = client_as(admin_user).get(reverse("workplaces:unit_new")).content.decode()
    names = ["Xã Đắk Liêng", "Xã Krông Pắc", "Xã Yang Mao"]
    assert _positions(page, names) == sorted(_positions(page, names))


def test_the_api_pages_the_units_in_that_order_and_counts_them_all(
    client: Any, token_for: Any, officer: Any, agencies: Any
) -> None:
    headers = token_for(officer)
    first = client.get("/api/v1/workplaces/units", {"limit": 2}, **headers)
    assert first.status_code == 200 and first["X-Total-Count"] == str(len(IN_ORDER))
    assert [u["name"] for u in first.json()] == IN_ORDER[:2]
    following, names = first, [u["name"] for u in first.json()]
    while "Link" in following:
        url = following["Link"].split(";")[0].strip("<>")
        assert 'rel="next"' in following["Link"] and "offset=" in url
        following = client.get(url, **headers)
        names += [u["name"] for u in following.json()]
    assert names == IN_ORDER  # nothing cut, nothing twice
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "nhiều"}):
        refused = client.get("/api/v1/workplaces/units", bad, **headers)
        assert refused.status_code in (400, 422), bad  # refused, never clamped


def test_a_search_of_the_units_too_long_is_refused_not_cut(
    client_as: Any, officer: Any, agencies: Any
) -> None:
    c = client_as(officer)
    r = c.get(reverse("workplaces:units"), {"q": "Công ty cổ phần " * 8})  # 128 characters: was cut to 100
    assert r.status_code == 400 and "100" in r.content.decode()
    assert IN_ORDER[0] in c.get(reverse("workplaces:units"), {"q": IN_ORDER[0]}).content.decode()
