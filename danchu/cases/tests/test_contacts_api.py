"""Escalation contacts through the API (issue #18): the same services and rule
(`cases.manage_authority`) as the page — the chairman of the commune lists, adds and stops them with
a token; a session must send its CSRF header; another commune's real contact answers 404 and stays as
it was; bad input is a 400 with a message and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.cases import services
from danchu.cases.models import Contact
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db

API = "/api/v1/cases"


@pytest.fixture
def other_chairman(other_commune: Any) -> Any:
    return person_with_role(Role.COMMUNE_CHAIRMAN, other_commune, full_name="Chủ Tịch Xã Khác")


def _post(url: str, body: Any, headers: dict[str, Any]) -> Any:
    return Client().post(url, body, content_type="application/json", **headers)


def test_the_chairman_adds_lists_and_stops_a_contact_with_a_token(
    commune: Any, chairman: Any, officer: Any, token_for: Any
) -> None:
    url = f"{API}/units/{commune.code}/contacts"
    h = token_for(chairman)
    r = _post(url, {"kind": "vice_chairman", "name": "Phó Chủ Tịch Lê", "phone": "0912345678"}, h)
    assert r.status_code == 201, r.content
    c = Contact.objects.get()
    assert r.json()["id"] == c.pk and r.json()["active"] and c.place == commune and c.kind == "vice_chairman"
    r = _post(url, {"kind": "party_secretary", "person_id": officer.pk}, h)
    assert r.status_code == 201 and r.json()["person_id"] == officer.pk
    assert AuditEntry.objects.filter(action="cases.contact_add").count() == 2
    listed = Client().get(url, **h)
    assert listed.status_code == 200 and sorted(x["id"] for x in listed.json()) == sorted(
        Contact.objects.values_list("pk", flat=True)
    )
    active = f"{API}/contacts/{c.pk}/active"
    r = _post(active, {"active": False}, h)
    assert r.status_code == 200 and r.json()["active"] is False
    c.refresh_from_db()
    assert not c.active
    assert AuditEntry.objects.filter(action="cases.contact_change").count() == 1
    assert _post(active, {"active": False}, h).status_code == 409
    assert _post(active, {"active": True}, h).json()["active"] is True


def test_contacts_through_a_session_need_csrf(commune: Any, chairman: Any, browser_as: Any) -> None:
    url = f"{API}/units/{commune.code}/contacts"
    body = {"kind": "vice_chairman", "name": "Phó Chủ Tịch Lê", "email": "pho@example.vn"}
    session = browser_as(chairman)
    assert session.post(url, body, content_type="application/json").status_code == 403
    assert not Contact.objects.exists()
    assert session.api("post", url, body).status_code == 201
    c = Contact.objects.get()
    active = f"{API}/contacts/{c.pk}/active"
    assert session.post(active, {"active": False}, content_type="application/json").status_code == 403
    assert session.api("post", active, {"active": False}).status_code == 200


def test_another_communes_real_contact_answers_404(
    commune: Any, other_commune: Any, chairman: Any, other_chairman: Any, officer: Any, token_for: Any
) -> None:
    theirs = services.contact_add(
        by=other_chairman, unit=other_commune, kind="vice_chairman", name="Phó Chủ Tịch", phone="0912345678"
    )
    for person in (chairman, officer):
        assert (
            _post(f"{API}/contacts/{theirs.pk}/active", {"active": False}, token_for(person)).status_code
            == 404
        )
    for person in (officer, other_chairman):
        url = f"{API}/units/{commune.code}/contacts"
        assert Client().get(url, **token_for(person)).status_code == 404
        body = {"kind": "vice_chairman", "name": "Lê", "phone": "0912345678"}
        assert _post(url, body, token_for(person)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active and Contact.objects.count() == 1
    # Their own chairman may.
    assert (
        _post(f"{API}/contacts/{theirs.pk}/active", {"active": False}, token_for(other_chairman)).status_code
        == 200
    )


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "steering_office", "name": "Văn phòng", "phone": "0912345678"},
        {"kind": "vice_chairman", "name": "", "phone": "0912345678"},
        {"kind": "vice_chairman", "name": "Lê"},
        {"kind": "vice_chairman", "name": "Lê", "email": "not-an-address"},
        {"kind": "vice_chairman", "person_id": 987654321},
    ],
)
def test_bad_contacts_are_refused_and_nothing_is_written(
    commune: Any, chairman: Any, token_for: Any, body: dict[str, Any]
) -> None:
    r = _post(f"{API}/units/{commune.code}/contacts", body, token_for(chairman))
    assert r.status_code == 400, r.content
    assert r.json()["message"]
    assert not Contact.objects.exists()
    assert not AuditEntry.objects.filter(action="cases.contact_add").exists()
