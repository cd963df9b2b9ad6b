from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts import services
from danchu.accounts.models import HouseholdLink
from danchu.core.errors import Conflict
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_resident_finds_their_village_and_asks_to_represent_their_household(
    unverified: Any, household: Any, client_as: Any
) -> None:
    client = client_as(unverified)
    found = client.get(reverse("accounts:household_request"), {"q": "thon 1"})
    assert household.village.name in found.content.decode()
    response = client.post(
        reverse("accounts:household_request") + f"?village={household.village.code}",
        {
            "village_code": household.village.code,
            "number": household.number.lower(),
            "as_representative": "on",
            "message": "Tôi là con trai chủ hộ.",
        },
    )
    assert response.status_code == 302
    link = HouseholdLink.objects.get(person=unverified)
    assert link.status == HouseholdLink.Status.REQUESTED
    assert link.as_representative
    assert link.message == "Tôi là con trai chủ hộ."
    assert AuditEntry.objects.filter(
        action="accounts.household_link_request", object_id=str(link.pk)
    ).exists()


def test_an_unknown_household_number_is_named_in_the_error(
    unverified: Any, village: Any, client_as: Any
) -> None:
    response = client_as(unverified).post(
        reverse("accounts:household_request"), {"village_code": village.code, "number": "999"}
    )
    assert response.status_code == 400
    assert "Không có hộ nào mang số này" in response.content.decode()
    assert not HouseholdLink.objects.exists()


def test_asking_twice_for_the_same_household_is_refused(unverified: Any, household: Any) -> None:
    services.household_link_request(person=unverified, household=household)
    with pytest.raises(Conflict):
        services.household_link_request(person=unverified, household=household)


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("accounts:household_request"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_village_whose_name_is_everywhere_is_found_by_adding_its_commune(
    unverified: Any, commune: Any, other_commune: Any, client_as: Any
) -> None:
    """ "Thôn 1" is in thousands of communes: the page listed 30 of them, not always the resident's,
    and said nothing of the rest. It now says more match and how to narrow; a comma does."""
    from danchu.places.tests import factories as pf

    for i in range(31):
        pf.village(commune, code=f"{commune.code}-{i:03}", name=f"Thôn 1{i:02d}")
    mine = pf.village(other_commune, code=f"{other_commune.code}-001", name="Thôn 1")
    client = client_as(unverified)
    page = client.get(reverse("accounts:household_request"), {"q": "thôn 1"}).content.decode()
    assert 'id="search-more"' in page and f"?village={mine.code}" in page  # the exact name first
    page = client.get(reverse("accounts:household_request"), {"q": "thon 10"}).content.decode()
    assert 'id="search-more"' not in page
    narrowed = client.get(reverse("accounts:household_request"), {"q": "Thôn 1, Ea Kly"}).content.decode()
    assert f"?village={mine.code}" in narrowed and f"?village={commune.code}-000" not in narrowed
    too_long = client.get(reverse("accounts:household_request"), {"q": "Thôn " * 30})
    assert too_long.status_code == 400  # refused, not cut to 100 characters
