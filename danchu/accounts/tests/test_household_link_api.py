"""Household verification through /api/v1/accounts: the resident asks, the village head or a commune
officer decides, the same services as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.accounts import services
from danchu.accounts.models import HouseholdLink
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db

MINE = "/api/v1/accounts/household-links"
OFFICE = "/api/v1/accounts/office/household-links"


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def ask(client: Client, household: Any, **extra: Any) -> Any:
    return post(
        client,
        MINE,
        {"village_code": household.village.code, "household_number": household.number, **extra},
    )


def test_request_then_officer_confirms_then_me_shows_the_verified_household(
    unverified: Any, household: Any, officer: Any, client_as: Any
) -> None:
    resident = client_as(unverified)
    asked = ask(resident, household, as_representative=True, message="Tôi là con trai chủ hộ.")
    assert asked.status_code == 201, asked.content
    link = asked.json()
    assert (link["status"], link["household_number"], link["village_code"]) == (
        "requested",
        household.number,
        household.village.code,
    )
    assert link["as_representative"] is True

    staff = client_as(officer)
    pending = staff.get(OFFICE, {"status": "requested"}).json()
    assert [(p["id"], p["person_name"]) for p in pending] == [(link["id"], unverified.full_name)]

    confirmed = post(staff, f"{OFFICE}/{link['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed"
    assert staff.get(OFFICE).json() == []

    me = resident.get("/api/v1/accounts/me").json()
    assert me["verified_resident"] is True
    assert [(h["number"], h["village_code"], h["as_representative"]) for h in me["households"]] == [
        (household.number, household.village.code, True)
    ]
    assert {r["role"] for r in me["roles"]} == {"citizen", "household_rep"}
    mine = resident.get(MINE).json()
    assert [(m["status"], m["village_name"]) for m in mine] == [("confirmed", household.village.name)]
    assert AuditEntry.objects.filter(
        action="accounts.household_link_confirm", object_id=str(link["id"])
    ).exists()


def test_an_unknown_village_or_household_is_404_in_vietnamese(
    unverified: Any, village: Any, client_as: Any
) -> None:
    client = client_as(unverified)
    no_village = post(client, MINE, {"village_code": "00000", "household_number": "1"})
    assert no_village.status_code == 404
    assert no_village.json()["code"] == "no_village"
    no_household = post(client, MINE, {"village_code": village.code, "household_number": "999"})
    assert no_household.status_code == 404
    body = no_household.json()
    assert body["code"] == "no_household"
    assert body["message"] == f"Không có hộ nào mang số này tại {village.name}."
    assert not HouseholdLink.objects.exists()


def test_asking_again_while_a_request_is_pending_is_409(
    unverified: Any, household: Any, client_as: Any
) -> None:
    client = client_as(unverified)
    assert ask(client, household).status_code == 201
    again = ask(client, household)
    assert again.status_code == 409
    assert again.json()["code"] == "conflict" and again.json()["message"]
    assert HouseholdLink.objects.filter(person=unverified).count() == 1


def test_a_refusal_without_a_reason_is_refused_and_with_one_the_resident_reads_it(
    unverified: Any, household: Any, village_head: Any, client_as: Any
) -> None:
    link = services.household_link_request(person=unverified, household=household)
    staff = client_as(village_head)
    for body in ({}, {"reason": "   "}):
        refused = post(staff, f"{OFFICE}/{link.pk}/refuse", body)
        assert refused.status_code == 400
        assert refused.json()["code"] == "reason_required"
        assert "lý do" in refused.json()["message"]
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.REQUESTED

    refused = post(staff, f"{OFFICE}/{link.pk}/refuse", {"reason": "Không có tên trong sổ hộ khẩu."})
    assert refused.status_code == 200
    mine = client_as(unverified).get(MINE).json()
    assert [(m["status"], m["reason"]) for m in mine] == [("refused", "Không có tên trong sổ hộ khẩu.")]


def test_deciding_twice_is_409(unverified: Any, household: Any, village_head: Any, client_as: Any) -> None:
    link = services.household_link_request(person=unverified, household=household)
    staff = client_as(village_head)
    assert post(staff, f"{OFFICE}/{link.pk}/confirm").status_code == 200
    again = post(staff, f"{OFFICE}/{link.pk}/refuse", {"reason": "Nhầm"})
    assert again.status_code == 409
    assert again.json()["code"] == "bad_state"


def test_outsider_gets_404_and_cannot_see_the_request(
    unverified: Any, household: Any, outsider: Any, client_as: Any
) -> None:
    link = services.household_link_request(person=unverified, household=household)
    staff = client_as(outsider)
    assert staff.get(OFFICE).json() == []
    foreign = post(staff, f"{OFFICE}/{link.pk}/confirm")
    missing = post(staff, f"{OFFICE}/987654321/confirm")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert post(staff, f"{OFFICE}/{link.pk}/refuse", {"reason": "x"}).status_code == 404
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.REQUESTED


def test_citizen_on_the_office_endpoints_gets_403(
    citizen: Any, unverified: Any, household: Any, client_as: Any
) -> None:
    link = services.household_link_request(person=unverified, household=household)
    client = client_as(citizen)
    for response in (
        client.get(OFFICE),
        post(client, f"{OFFICE}/{link.pk}/confirm"),
        post(client, f"{OFFICE}/{link.pk}/refuse", {"reason": "x"}),
        post(client, f"{OFFICE}/{link.pk}/end"),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden" and response.json()["message"]
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.REQUESTED


def test_the_office_list_filters_by_status_and_refuses_an_unknown_one(
    citizen: Any, officer: Any, client_as: Any
) -> None:
    staff = client_as(officer)
    confirmed = staff.get(OFFICE, {"status": "confirmed"}).json()
    assert [c["person_name"] for c in confirmed] == [citizen.full_name]
    bad = staff.get(OFFICE, {"status": "maybe"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "status"


def test_a_resident_withdraws_their_request_but_not_someone_elses(
    unverified: Any, citizen: Any, household: Any, client_as: Any
) -> None:
    link = services.household_link_request(person=unverified, household=household)
    assert post(client_as(citizen), f"{MINE}/{link.pk}/end").status_code == 404
    ended = post(client_as(unverified), f"{MINE}/{link.pk}/end", {"reason": "Gửi nhầm"})
    assert ended.status_code == 200
    assert (ended.json()["status"], ended.json()["reason"]) == ("ended", "Gửi nhầm")


def test_the_village_head_ends_the_link_of_a_resident_who_moved_away(
    citizen: Any, village_head: Any, client_as: Any
) -> None:
    link = HouseholdLink.objects.get(person=citizen)
    ended = post(client_as(village_head), f"{OFFICE}/{link.pk}/end", {"reason": "Chuyển đi nơi khác"})
    assert ended.status_code == 200
    assert client_as(citizen).get("/api/v1/accounts/me").json()["verified_resident"] is False


def test_anonymous_callers_get_401(household: Any) -> None:
    client = Client()
    assert client.get(MINE).status_code == 401
    assert ask(client, household).status_code == 401
    assert client.get(OFFICE).status_code == 401
