from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts import permissions, services
from danchu.accounts.models import HouseholdLink
from danchu.core.errors import Forbidden

pytestmark = pytest.mark.django_db


def test_a_resident_who_moved_ends_their_link_and_is_no_longer_verified(citizen: Any, client_as: Any) -> None:
    link = HouseholdLink.objects.get(person=citizen)
    response = client_as(citizen).post(reverse("accounts:household_end", args=[link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.ENDED
    permissions.forget(citizen)
    assert not permissions.is_verified_resident(citizen)


def test_the_village_head_ends_a_link_of_their_village(citizen: Any, village_head: Any) -> None:
    link = HouseholdLink.objects.get(person=citizen)
    services.household_link_end(actor=village_head, link=link, reason="Đã chuyển đi nơi khác")
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.ENDED and link.ended_at is not None


def test_an_outsider_may_not_end_a_link(citizen: Any, outsider: Any) -> None:
    with pytest.raises(Forbidden):
        services.household_link_end(actor=outsider, link=HouseholdLink.objects.get(person=citizen))


def test_nobody_else_can_end_a_link_through_the_residents_page(
    citizen: Any, unverified: Any, client_as: Any
) -> None:
    link = HouseholdLink.objects.get(person=citizen)
    assert client_as(unverified).post(reverse("accounts:household_end", args=[link.pk])).status_code == 404
