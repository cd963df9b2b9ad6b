from __future__ import annotations

import pytest

from danchu.accounts.permissions import can


@pytest.mark.parametrize(
    "who, expected",
    [
        ("officer", True),
        ("chairman", True),
        ("admin_user", True),
        ("outsider", False),
        ("village_head", False),
        ("steering_member", False),
        ("front_officer", False),
        ("board_member", False),
        ("citizen", False),
        ("unverified", False),
    ],
)
def test_manage_disclosures_of_the_commune(request, commune, village, who, expected) -> None:
    person = request.getfixturevalue(who)
    assert can(person, "disclosures.manage", commune) is expected
    assert can(person, "disclosures.manage", village) is expected  # a village's items are the commune's work


def test_acting_is_not_inherited_from_the_province(steering_member, officer, province, other_commune) -> None:
    assert not can(officer, "disclosures.manage", other_commune)
    assert not can(steering_member, "disclosures.manage", other_commune)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("officer", True),
        ("chairman", True),
        ("steering_member", True),
        ("admin_user", True),
        ("outsider", False),
        ("citizen", False),
        ("village_head", False),
    ],
)
def test_read_compliance_of_the_commune(request, commune, who, expected) -> None:
    assert can(request.getfixturevalue(who), "disclosures.read_compliance", commune) is expected


@pytest.mark.parametrize(
    "who, status", [("officer", 200), ("outsider", 404), ("citizen", 404), ("village_head", 404)]
)
def test_back_office_page_of_a_draft(client_as, draft, request, who, status) -> None:
    r = client_as(request.getfixturevalue(who)).get(f"/disclosures/office/{draft.pk}/")
    assert r.status_code == status


def test_anonymous_is_sent_to_sign_in(client, draft) -> None:
    r = client.get(f"/disclosures/office/{draft.pk}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.parametrize(
    # The province's steering member publishes the committee's own documents (test_committee.py).
    "who, status",
    [
        ("officer", 200),
        ("front_officer", 404),
        ("steering_member", 200),
        ("board_member", 404),
        ("citizen", 404),
    ],
)
def test_the_back_office_pages_are_for_those_who_publish(client_as, request, commune, who, status) -> None:
    c = client_as(request.getfixturevalue(who))
    for url in ("/disclosures/office/", "/disclosures/office/new/", "/disclosures/office/questions/"):
        assert c.get(url).status_code == status, url


def test_compliance_is_read_by_the_steering_committee(client_as, steering_member, commune) -> None:
    c = client_as(steering_member)
    assert c.get("/disclosures/office/compliance/").status_code == 200
    assert c.get(f"/disclosures/office/place/{commune.code}/obligations/").status_code == 200
