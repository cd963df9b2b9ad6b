"""The chairman's pages for delegations to sign and escalation contacts (issue #18): only the chairman
of the unit (or an administrator) opens them, every change is audited and goes through the services;
a browser must send its CSRF token; another unit's objects answer 404; bad input stays in the form
with a Vietnamese message and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.cases import services
from danchu.cases.models import Contact, Delegation
from danchu.cases.services.jobs import commune_chain
from danchu.core.models import AuditEntry

DELEGATIONS = "/cases/office/delegations/"
CONTACTS = "/cases/office/contacts/"


@pytest.fixture
def other_chairman(other_commune: Any) -> Any:
    return person_with_role(Role.COMMUNE_CHAIRMAN, other_commune, full_name="Chủ Tịch Xã Khác")


def _today() -> str:
    return timezone.localdate().isoformat()


def test_the_office_page_links_the_chairmans_pages(chairman: Any, officer: Any, client_as: Any) -> None:
    page = client_as(chairman).get("/cases/office/").content.decode()
    assert DELEGATIONS in page and CONTACTS in page
    page = client_as(officer).get("/cases/office/").content.decode()
    assert DELEGATIONS not in page and CONTACTS not in page


def test_only_a_chairman_opens_the_pages(
    commune: Any, chairman: Any, officer: Any, other_chairman: Any, client_as: Any
) -> None:
    for url in (DELEGATIONS, CONTACTS):
        assert client_as(chairman).get(url).status_code == 200
        assert client_as(officer).get(url).status_code == 404
        # The chairman of another commune may not name this one.
        assert client_as(other_chairman).get(f"{url}?unit={commune.code}").status_code == 404


def test_the_chairman_grants_and_revokes_a_delegation(
    commune: Any, chairman: Any, officer: Any, browser_as: Any
) -> None:
    browser = browser_as(chairman)
    page = browser.get(DELEGATIONS, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert str(officer) in page and "Ủy quyền ký" in page
    data = {"unit": commune.code, "delegate": officer.pk, "valid_from": _today(), "document": "QĐ 5"}
    assert browser.post(DELEGATIONS, data).status_code == 403  # no CSRF token
    assert not Delegation.objects.exists()
    r = browser.post_form(DELEGATIONS, data)
    assert r.status_code == 302, r.content
    d = Delegation.objects.get()
    assert (d.delegate, d.granted_by, d.document) == (officer, chairman, "QĐ 5")
    assert AuditEntry.objects.filter(action="cases.delegation_grant").count() == 1
    assert "đang có hiệu lực" in browser.get(DELEGATIONS, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    r = browser.post_form(DELEGATIONS, {"unit": commune.code, "revoke": d.pk})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.revoked_at is not None
    assert AuditEntry.objects.filter(action="cases.delegation_revoke").count() == 1


def test_another_communes_delegation_cannot_be_revoked(
    commune: Any, other_commune: Any, chairman: Any, other_chairman: Any, outsider: Any, browser_as: Any
) -> None:
    theirs = services.delegation_grant(
        by=other_chairman, unit=other_commune, delegate=outsider, valid_from=timezone.localdate()
    )
    browser = browser_as(chairman)
    assert browser.post_form(DELEGATIONS, {"unit": commune.code, "revoke": theirs.pk}).status_code == 404
    assert browser.post_form(DELEGATIONS, {"revoke": "987654321"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.parametrize(
    "change,message",
    [
        ({"delegate": "outsider"}, "Hãy chọn một thành viên"),
        ({"valid_to": "2000-01-01"}, "Ngày kết thúc trước ngày bắt đầu"),
        ({"document": "x" * 301}, "tối đa 300"),
        ({"document": "QĐ\x00"}, "Không được chứa ký tự rỗng"),
        ({"valid_from": "hôm qua"}, "Nhập một ngày hợp lệ"),
    ],
)
def test_a_bad_delegation_stays_in_the_form(
    commune: Any,
    chairman: Any,
    officer: Any,
    outsider: Any,
    browser_as: Any,
    change: dict[str, Any],
    message: str,
) -> None:
    data = {"unit": commune.code, "delegate": officer.pk, "valid_from": _today()} | change
    if data["delegate"] == "outsider":
        data["delegate"] = outsider.pk
    r = browser_as(chairman).post_form(DELEGATIONS, data, HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 400, r.status_code
    assert message.lower() in r.content.decode().lower()
    assert not Delegation.objects.exists()


def test_the_chairman_adds_and_stops_a_contact_the_escalation_then_reaches(
    commune: Any, chairman: Any, browser_as: Any
) -> None:
    browser = browser_as(chairman)
    data = {"unit": commune.code, "kind": "vice_chairman", "name": "Phó Chủ Tịch Lê", "email": "pct@xa.vn"}
    assert browser.post(CONTACTS, data).status_code == 403
    assert not Contact.objects.exists()
    assert browser.post_form(CONTACTS, data).status_code == 302
    c = Contact.objects.get()
    assert (c.place, c.kind, c.email, c.active) == (commune, "vice_chairman", "pct@xa.vn", True)
    assert AuditEntry.objects.filter(action="cases.contact_add").count() == 1
    assert "pct@xa.vn" in [r.email for r in commune_chain(commune)[1]]
    assert browser.post_form(CONTACTS, {"unit": commune.code, "deactivate": c.pk}).status_code == 302
    c.refresh_from_db()
    assert not c.active
    assert commune_chain(commune)[1] == []
    assert browser.post_form(CONTACTS, {"unit": commune.code, "activate": c.pk}).status_code == 302
    c.refresh_from_db()
    assert c.active
    assert AuditEntry.objects.filter(action="cases.contact_change").count() == 2


@pytest.mark.parametrize(
    "change,message",
    [
        ({"email": "", "phone": ""}, "địa chỉ thư điện tử hoặc số điện thoại"),
        ({"email": "không-phải-email"}, "địa chỉ e-mail hợp lệ"),
        ({"phone": "abc"}, "số điện thoại hợp lệ"),
        ({"kind": "steering_office"}, "Hãy chọn phó chủ tịch hoặc bí thư"),
        ({"name": "x" * 201}, "tối đa 200"),
        ({"name": "Lê\x00"}, "Không được chứa ký tự rỗng"),
    ],
)
def test_a_bad_contact_stays_in_the_form(
    commune: Any, chairman: Any, browser_as: Any, change: dict[str, Any], message: str
) -> None:
    data = {
        "unit": commune.code,
        "kind": "party_secretary",
        "name": "Bí thư Lê",
        "email": "bt@xa.vn",
    } | change
    r = browser_as(chairman).post_form(CONTACTS, data, HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 400, r.status_code
    assert message.lower() in r.content.decode().lower()
    assert not Contact.objects.exists()


def test_another_communes_contact_cannot_be_changed(
    commune: Any, other_commune: Any, chairman: Any, other_chairman: Any, browser_as: Any
) -> None:
    theirs = services.contact_add(
        by=other_chairman, unit=other_commune, kind="vice_chairman", name="Phó Chủ Tịch", phone="0912345678"
    )
    browser = browser_as(chairman)
    assert browser.post_form(CONTACTS, {"unit": commune.code, "deactivate": theirs.pk}).status_code == 404
    assert browser_as(other_chairman).post_form(CONTACTS, {"unit": commune.code}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_only_the_chairman_adds_contacts(commune: Any, officer: Any) -> None:
    from danchu.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.contact_add(by=officer, unit=commune, kind="vice_chairman", name="Lê", phone="0912345678")
    assert not Contact.objects.exists()
