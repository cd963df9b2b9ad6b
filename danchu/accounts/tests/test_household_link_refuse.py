from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts import services
from danchu.accounts.models import HouseholdLink, OutboxMessage
from danchu.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_refusing_requires_a_reason(unverified: Any, household: Any, village_head: Any) -> None:
    link = services.household_link_request(person=unverified, household=household)
    with pytest.raises(DomainError) as e:
        services.household_link_refuse(actor=village_head, link=link, reason="  ")
    assert "lý do" in e.value.message
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.REQUESTED


def test_the_refusal_form_without_reason_is_shown_again(
    unverified: Any, household: Any, officer: Any, client_as: Any
) -> None:
    link = services.household_link_request(person=unverified, household=household)
    response = client_as(officer).post(
        reverse("accounts:office_link_decide", args=[link.pk]), {"decision": "refuse", "reason": ""}
    )
    assert response.status_code == 400
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.REQUESTED


def test_the_resident_is_told_the_reason(
    unverified: Any, household: Any, village_head: Any, client_as: Any
) -> None:
    unverified.notify_channel = "zalo"
    unverified.save()
    link = services.household_link_request(person=unverified, household=household)
    services.household_link_refuse(actor=village_head, link=link, reason="Không có tên trong sổ hộ khẩu")
    message = OutboxMessage.objects.get(person=unverified, channel="zalo")
    assert "Không có tên trong sổ hộ khẩu" in message.body
    page = client_as(unverified).get(reverse("accounts:home")).content.decode()
    assert "Không có tên trong sổ hộ khẩu" in page


@pytest.mark.parametrize("decision", [None, "zzz"])
def test_a_decision_not_chosen_is_said_beside_the_choice(
    unverified: Any, household: Any, officer: Any, browser_as: Any, decision: str | None
) -> None:
    """A phone that ignores `required` sent no decision: the page came back with no message at all."""
    link = services.household_link_request(person=unverified, household=household)
    data = {"reason": ""} | ({"decision": decision} if decision else {})
    response = browser_as(officer).post_form(reverse("accounts:office_link_decide", args=[link.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and 'class="errorlist"' in page
    assert ("bắt buộc" in page) if decision is None else ("lựa chọn hợp lệ" in page)
    link.refresh_from_db()
    assert link.status == HouseholdLink.Status.REQUESTED
