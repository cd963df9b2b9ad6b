from __future__ import annotations

from typing import Any

import pytest

from danchu.places.models import Household, Place

pytestmark = pytest.mark.django_db


def test_public_provinces_and_detail(client: Any, province: Place, commune: Place) -> None:
    provinces = client.get("/api/v1/places/provinces").json()
    assert [p["code"] for p in provinces] == ["66"]

    detail = client.get(f"/api/v1/places/{province.code}").json()
    assert detail["name"] == "Tỉnh Đắk Lắk"
    assert [c["code"] for c in detail["children"]] == [commune.code]
    assert detail["children"][0]["parent_code"] == "66"


def test_public_search_is_diacritic_insensitive(client: Any, commune: Place) -> None:
    found = client.get("/api/v1/places/search", {"q": "krong pac"}).json()
    assert [p["name"] for p in found] == ["Xã Krông Pắc"]


def test_unknown_code_is_a_404_error_body_in_vietnamese(client: Any, db: Any) -> None:
    response = client.get("/api/v1/places/ZZZ")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Không có đơn vị nào có mã ZZZ.",
        "detail": None,
    }


def test_staff_lists_and_creates_villages(
    client_as: Any, officer: Any, commune: Place, village: Place
) -> None:
    c = client_as(officer)
    assert [v["code"] for v in c.get(f"/api/v1/places/{commune.code}/villages").json()] == [village.code]

    response = c.post(
        f"/api/v1/places/{commune.code}/villages", {"name": "Thôn Mới"}, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["code"] == "24181-002"


def test_duplicate_village_is_a_409(client_as: Any, officer: Any, commune: Place, village: Place) -> None:
    response = client_as(officer).post(
        f"/api/v1/places/{commune.code}/villages", {"name": "Thôn 1"}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_households_register_list_and_voters(client_as: Any, officer: Any, village: Place) -> None:
    c = client_as(officer)
    response = c.post(
        f"/api/v1/places/villages/{village.code}/households",
        {
            "number": "H9",
            "address": "Thôn 1",
            "members": [
                {"full_name": "Y Bhin Niê", "relation": "head"},
                {"full_name": "H' Yim Êban", "relation": "spouse"},
            ],
            "representative_index": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["representative"]["full_name"] == "H' Yim Êban"

    listed = c.get(f"/api/v1/places/villages/{village.code}/households").json()
    assert [h["number"] for h in listed] == ["H9"]
    assert [
        h["number"] for h in c.get(f"/api/v1/places/villages/{village.code}/households?q=Niê").json()
    ] == ["H9"]
    too_long = c.get(f"/api/v1/places/villages/{village.code}/households", {"q": "Niê" + "x" * 100})
    assert too_long.status_code == 422  # refused with the reason, not cut to its first 100 characters

    first = c.get(f"/api/v1/places/villages/{village.code}/households", {"limit": 1})
    assert first["X-Total-Count"] == "1" and "Link" not in first
    for offset in ("9223372036854775808", "99999999999999999999", "1000001", "-1"):  # a 500 before
        refused = c.get(f"/api/v1/places/villages/{village.code}/households", {"offset": offset})
        assert refused.status_code == 422, (offset, refused.status_code)
    assert c.get(f"/api/v1/places/villages/{village.code}/households", {"limit": 501}).status_code == 422

    voters = c.get(f"/api/v1/places/villages/{village.code}/voters").json()
    assert voters["count"] == 1 and voters["voters"][0]["representative"] == "H' Yim Êban"
    assert Household.objects.get(number="H9").members.count() == 2


def test_foreign_scope_and_anonymous_are_refused(
    client: Any, client_as: Any, outsider: Any, commune: Place, village: Place
) -> None:
    assert client_as(outsider).get(f"/api/v1/places/{commune.code}/villages").status_code == 404
    assert client_as(outsider).get(f"/api/v1/places/villages/{village.code}/voters").status_code == 404
    assert client.get(f"/api/v1/places/villages/{village.code}/voters").status_code == 401


def test_invalid_payload_is_a_422(client_as: Any, officer: Any, village: Place) -> None:
    response = client_as(officer).post(
        f"/api/v1/places/villages/{village.code}/households",
        {"number": "", "members": []},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_nul_characters_never_cause_a_500(client: Any, client_as: Any, officer: Any, commune: Place) -> None:
    assert client.get("/api/v1/places/ab%00cd").status_code == 404
    assert client.get("/api/v1/places/search", {"q": "kr\x00ong"}).status_code == 200
    assert client.get("/places/ab%00cd/").status_code == 404
    response = client_as(officer).post(
        f"/api/v1/places/{commune.code}/villages", {"name": "Thôn\x00 Mới"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["name"] == "Thôn Mới"
