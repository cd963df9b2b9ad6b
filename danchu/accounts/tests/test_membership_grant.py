from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts import permissions, services
from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import UserFactory
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_chairman_makes_a_resident_officer_of_their_commune(chairman: Any, commune: Any) -> None:
    person = UserFactory()
    m = services.membership_grant(
        actor=chairman,
        person=person,
        role=Role.COMMUNE_OFFICER,
        place=commune,
        title="Công chức Văn hóa - Xã hội",
    )
    assert permissions.has_role(person, Role.COMMUNE_OFFICER, commune)
    assert permissions.needs_mfa_setup(person)
    entry = AuditEntry.objects.get(action="accounts.membership_grant", object_id=str(m.pk))
    assert entry.actor == chairman


def test_a_chairman_names_a_village_head_in_their_commune(chairman: Any, village: Any) -> None:
    person = UserFactory()
    services.membership_grant(actor=chairman, person=person, role=Role.VILLAGE_HEAD, place=village)
    assert permissions.can(person, "places.manage_households", village)


@pytest.mark.parametrize("role", [Role.COMMUNE_CHAIRMAN, Role.STEERING_MEMBER, Role.ADMIN])
def test_a_chairman_may_not_give_other_roles(chairman: Any, commune: Any, role: str) -> None:
    with pytest.raises((Forbidden, DomainError)):
        services.membership_grant(actor=chairman, person=UserFactory(), role=role, place=commune)


def test_a_chairman_may_not_give_roles_in_another_commune(chairman: Any, other_commune: Any) -> None:
    with pytest.raises(Forbidden):
        services.membership_grant(
            actor=chairman, person=UserFactory(), role=Role.COMMUNE_OFFICER, place=other_commune
        )


def test_an_officer_may_not_give_roles(officer: Any, commune: Any) -> None:
    with pytest.raises(Forbidden):
        services.membership_grant(
            actor=officer, person=UserFactory(), role=Role.COMMUNE_OFFICER, place=commune
        )


def test_a_village_head_is_held_in_a_village(admin_user: Any, commune: Any) -> None:
    with pytest.raises(DomainError):
        services.membership_grant(
            actor=admin_user, person=UserFactory(), role=Role.VILLAGE_HEAD, place=commune
        )


def test_the_same_role_twice_is_refused(admin_user: Any, officer: Any, commune: Any) -> None:
    with pytest.raises(Conflict):
        services.membership_grant(actor=admin_user, person=officer, role=Role.COMMUNE_OFFICER, place=commune)


def test_the_chairman_gives_a_role_in_the_back_office(chairman: Any, commune: Any, client_as: Any) -> None:
    person = UserFactory(phone="+84987000111")
    client = client_as(chairman)
    assert client.get(reverse("accounts:office_roles")).status_code == 200
    response = client.post(
        reverse("accounts:office_roles"),
        {"login": "0987 000 111", "role": "commune_officer", "place": commune.pk, "title": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(person=person, role=Role.COMMUNE_OFFICER, place=commune).exists()


def test_an_officer_cannot_open_the_roles_page(officer: Any, client_as: Any) -> None:
    assert client_as(officer).get(reverse("accounts:office_roles")).status_code == 403


def test_admins_manage_roles_in_the_admin_site_with_an_audit_entry(
    admin_user: Any, commune: Any, client_as: Any
) -> None:
    person = UserFactory()
    client = client_as(admin_user)
    response = client.post(
        reverse("admin:accounts_membership_add"),
        {
            "person": person.pk,
            "role": "commune_officer",
            "place": commune.pk,
            "title": "",
            "valid_from": "",
            "valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AuditEntry.objects.filter(action="accounts.membership_grant", actor=admin_user).exists()
    for name in ("user", "membership", "body", "householdlink", "personaltoken", "outboxmessage"):
        assert client.get(reverse(f"admin:accounts_{name}_changelist"), {"q": "a"}).status_code == 200
