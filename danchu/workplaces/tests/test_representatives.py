"""A registered unit gets its representatives (the head's, the trade union's) from the commune that
registered it: without them nobody acts for the unit (the role was only given in Django's admin).
Given by phone or e-mail with a title, ended when they leave, both audited; the role then reads and
records for that unit only. Another commune, a unit's own representative and a resident get 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import UserFactory, give_totp
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_commune_gives_and_ends_a_units_representative(
    browser_as: Any, officer: Any, agency: Any, enterprise: Any
) -> None:
    head = UserFactory(full_name="Phạm Thị Lan", phone="+84912345678")
    c = browser_as(officer)
    page = c.get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
    assert 'id="representative-form"' in page
    url = reverse("workplaces:representative_add", args=[agency.pk])
    r = c.post_form(url, {"person": "0912 345 678", "title": "Hiệu trưởng"})
    assert r.status_code == 302
    m = Membership.objects.active().get(person=head, role=Role.WORKPLACE_REP)
    assert (m.body_id, m.title) == (agency.body_id, "Hiệu trưởng")
    assert AuditEntry.objects.filter(action="workplaces.representative_add").exists()
    # Twice is refused, with a message, and nothing is added.
    again = c.post_form(url, {"person": "0912345678", "title": "Hiệu trưởng"})
    assert again.status_code == 409 and "đã là người đại diện của đơn vị này." in again.content.decode()
    assert Membership.objects.filter(person=head, role=Role.WORKPLACE_REP).count() == 1
    # The new representative (two-step verification set up) acts for this unit, and reads no other.
    give_totp(head)
    mine = browser_as(head)
    assert mine.get(reverse("workplaces:unit", args=[agency.pk])).status_code == 200
    assert mine.get(reverse("workplaces:unit", args=[enterprise.pk])).status_code == 404
    end = reverse("workplaces:representative_end", args=[agency.pk, m.pk])
    assert c.post_form(end, {}).status_code == 302
    assert not Membership.objects.active().filter(person=head, role=Role.WORKPLACE_REP).exists()
    assert AuditEntry.objects.filter(action="workplaces.representative_end").exists()
    assert browser_as(head).get(reverse("workplaces:unit", args=[agency.pk])).status_code == 404


def test_an_unknown_contact_is_a_message_not_a_500(browser_as: Any, officer: Any, agency: Any) -> None:
    url = reverse("workplaces:representative_add", args=[agency.pk])
    for contact in ("0999 999 999", "x\x00", "a" * 300):
        r = browser_as(officer).post_form(url, {"person": contact, "title": ""})
        assert 300 <= r.status_code < 500
    assert not Membership.objects.filter(role=Role.WORKPLACE_REP, body=agency.body).exists()


def test_only_the_registrars_of_its_place_give_the_role(
    browser_as: Any,
    officer: Any,
    outsider: Any,
    rep: Any,
    citizen: Any,
    board_member: Any,
    agency: Any,
    enterprise: Any,
) -> None:
    UserFactory(phone="+84912345679")
    for person in (outsider, rep, citizen, board_member):
        r = browser_as(person).post_form(
            reverse("workplaces:representative_add", args=[agency.pk]), {"person": "0912345679"}
        )
        assert r.status_code in (403, 404)
    (m,) = Membership.objects.active().filter(role=Role.WORKPLACE_REP, body=agency.body)
    for person in (outsider, rep):
        r = browser_as(person).post_form(reverse("workplaces:representative_end", args=[agency.pk, m.pk]), {})
        assert r.status_code in (403, 404)
    # A membership of another unit is not found through this one.
    other = Membership.objects.create(person=UserFactory(), role=Role.WORKPLACE_REP, body=enterprise.body)
    r = browser_as(officer).post_form(
        reverse("workplaces:representative_end", args=[agency.pk, other.pk]), {}
    )
    assert r.status_code == 404
    assert Membership.objects.active().filter(role=Role.WORKPLACE_REP).count() == 2
