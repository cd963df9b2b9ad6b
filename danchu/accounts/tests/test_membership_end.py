from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts import permissions, services
from danchu.accounts.models import Membership, Role
from danchu.core.errors import Conflict, Forbidden
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_ended_role_no_longer_counts(chairman: Any, officer: Any, commune: Any) -> None:
    m = Membership.objects.get(person=officer, role=Role.COMMUNE_OFFICER)
    services.membership_end(actor=chairman, membership=m)
    permissions.forget(officer)
    assert not permissions.can(officer, "places.manage_villages", commune)
    assert AuditEntry.objects.filter(action="accounts.membership_end", object_id=str(m.pk)).exists()
    with pytest.raises(Conflict):
        services.membership_end(actor=chairman, membership=m)


def test_a_chairman_may_not_end_roles_of_another_commune(chairman: Any, outsider: Any) -> None:
    with pytest.raises(Forbidden):
        services.membership_end(actor=chairman, membership=Membership.objects.get(person=outsider))


def test_the_chairman_ends_a_role_in_the_back_office(
    chairman: Any, village_head: Any, client_as: Any
) -> None:
    m = Membership.objects.get(person=village_head)
    response = client_as(chairman).post(reverse("accounts:office_role_end", args=[m.pk]))
    assert response.status_code == 302
    assert not Membership.objects.active().filter(pk=m.pk).exists()


def test_roles_of_another_commune_are_404_in_the_back_office(
    chairman: Any, outsider: Any, client_as: Any
) -> None:
    m = Membership.objects.get(person=outsider)
    assert client_as(chairman).post(reverse("accounts:office_role_end", args=[m.pk])).status_code == 404
