from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts import permissions, services
from danchu.accounts.models import HouseholdLink, Membership, OutboxMessage, Role
from danchu.accounts.tests.factories import UserFactory
from danchu.core.errors import Conflict, Forbidden
from danchu.core.models import AuditEntry
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


def request(person: Any, household: Any, rep: bool = False) -> HouseholdLink:
    return services.household_link_request(person=person, household=household, as_representative=rep)


def test_the_village_head_confirms_and_the_resident_is_verified_and_notified(
    unverified: Any, household: Any, village_head: Any
) -> None:
    unverified.notify_channel = "sms"
    unverified.save()
    link = request(unverified, household)
    services.household_link_confirm(actor=village_head, link=link)
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.CONFIRMED
    assert link.decided_by == village_head
    permissions.forget(unverified)
    assert permissions.is_verified_resident(unverified)
    assert permissions.has_role(unverified, Role.CITIZEN, household.village)
    message = OutboxMessage.objects.get(person=unverified)
    assert message.channel == "sms"
    assert "xác minh" in message.subject
    assert AuditEntry.objects.filter(action="accounts.household_link_confirm", actor=village_head).exists()


def test_a_commune_officer_confirms_in_the_back_office(
    unverified: Any, household: Any, officer: Any, client_as: Any
) -> None:
    link = request(unverified, household)
    client = client_as(officer)
    listing = client.get(reverse("accounts:office_links"))
    assert unverified.full_name in listing.content.decode()
    response = client.post(reverse("accounts:office_link_decide", args=[link.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.CONFIRMED


def test_confirming_a_new_representative_keeps_one_per_household(
    household_rep: Any, village_head: Any
) -> None:
    household = HouseholdLink.objects.get(person=household_rep).household
    newcomer = UserFactory()
    link = request(newcomer, household, rep=True)
    services.household_link_confirm(actor=village_head, link=link)
    reps = HouseholdLink.objects.confirmed().filter(household=household, as_representative=True)
    assert list(reps.values_list("person", flat=True)) == [newcomer.pk]
    old = HouseholdLink.objects.get(person=household_rep)
    assert old.status == HouseholdLink.Status.CONFIRMED and not old.as_representative
    permissions.forget(household_rep)
    assert not permissions.is_household_representative(household_rep, household)
    assert not Membership.objects.active().filter(person=household_rep, role=Role.HOUSEHOLD_REP).exists()


def test_the_database_refuses_two_confirmed_representatives(household: Any) -> None:
    from django.db import IntegrityError, transaction

    from danchu.accounts.tests.factories import link_household

    link_household(UserFactory(), household, representative=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        link_household(UserFactory(), household, representative=True)


def test_an_outsider_may_not_confirm(unverified: Any, household: Any, outsider: Any) -> None:
    link = request(unverified, household)
    with pytest.raises(Forbidden):
        services.household_link_confirm(actor=outsider, link=link)


def test_the_head_of_another_village_may_not_confirm(
    unverified: Any, household: Any, other_village: Any
) -> None:
    from danchu.accounts.tests.factories import person_with_role

    other_head = person_with_role(Role.VILLAGE_HEAD, other_village)
    with pytest.raises(Forbidden):
        services.household_link_confirm(actor=other_head, link=request(unverified, household))


def test_an_outsider_gets_404_for_a_request_of_another_commune(
    unverified: Any, household: Any, outsider: Any, client_as: Any
) -> None:
    link = request(unverified, household)
    response = client_as(outsider).get(reverse("accounts:office_link_decide", args=[link.pk]))
    assert response.status_code == 404


def test_a_decided_request_cannot_be_confirmed_again(
    unverified: Any, household: Any, village_head: Any
) -> None:
    link = request(unverified, household)
    services.household_link_confirm(actor=village_head, link=link)
    with pytest.raises(Conflict) as e:
        services.household_link_confirm(actor=village_head, link=link)
    assert "xác nhận" in e.value.message


def test_pending_requests_of_other_villages_are_not_listed_to_a_village_head(
    village_head: Any, other_village: Any, client_as: Any
) -> None:
    hh = pf.household_with_head(other_village)
    stranger = UserFactory(full_name="Người Thôn Khác")
    request(stranger, hh)
    page = client_as(village_head).get(reverse("accounts:office_links")).content.decode()
    assert "Người Thôn Khác" not in page


def test_the_office_home_counts_the_requests_waiting_in_the_village(
    unverified: Any, household: Any, village_head: Any, other_village: Any, client_as: Any
) -> None:
    from danchu.accounts.tests.factories import person_with_role
    from danchu.core.home import todos_for

    def waiting(person: Any) -> int:
        return {t["key"]: t["count"] for t in todos_for(person)}.get("accounts.links", 0)

    elsewhere = person_with_role(Role.VILLAGE_HEAD, other_village, full_name="Trưởng Buôn Đắk")
    link = request(unverified, household)
    assert (waiting(village_head), waiting(elsewhere)) == (1, 0)
    assert "Yêu cầu liên kết hộ cần xác minh" in client_as(village_head).get("/office/").content.decode()
    services.household_link_confirm(actor=village_head, link=link)
    assert waiting(village_head) == 0
