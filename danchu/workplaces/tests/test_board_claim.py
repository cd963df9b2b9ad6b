"""A member of a unit's board elected without an account takes over the account recorded for them:
the unit's representative records their phone (unit page or API), accounts sends a one-time code and
the claim link by SMS, the member types the code and a password, then sets up MFA at sign-in as the
role requires."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from danchu.accounts.models import OutboxMessage, PhoneCode, Role, User
from danchu.accounts.tests.factories import UserFactory, person_with_role
from danchu.core.models import AuditEntry
from danchu.oversight.models import BoardMember
from danchu.workplaces import services
from danchu.workplaces.models import Ownership, UnitType

from .conftest import held_conference
from .test_unit_board import _elect

pytestmark = pytest.mark.django_db

PASSWORD = "Mật khẩu của ban thanh tra 2026"


def _seated_without_account(rep: Any, unit: Any, name: str = "Phạm Thị Bình") -> BoardMember:
    _elect(rep, held_conference(unit), {}, winners=[name], seats=1)
    member = BoardMember.objects.get(board__body=unit.body, person__full_name=name)
    assert not member.person.is_active and not member.person.has_usable_password()
    return member


def _sms(phone: str) -> str:
    message = OutboxMessage.objects.filter(channel="sms", recipient=phone).order_by("-pk").first()
    assert message is not None, "no SMS was sent"
    return message.body


def _code(body: str) -> str:
    found = re.search(r"\b(\d{6})\b", body)
    assert found
    return found.group(1)


def _claim(client: Any, phone: str, code: str, password: str = PASSWORD) -> Any:
    return client.post_form(
        reverse("accounts:claim"),
        {"phone": phone, "code": code, "password1": password, "password2": password},
    )


def test_the_representative_sends_the_code_and_the_member_claims_the_account(
    browser_as: Any, rep: Any, agency: Any
) -> None:
    member = _seated_without_account(rep, agency)
    client = browser_as(rep)
    page = client.get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
    listed = page[page.index('id="board-claim"') :]
    assert f'data-member="{member.pk}"' in listed and "Phạm Thị Bình" in listed
    url = reverse("oversight:member_claim", args=[member.pk])
    assert client.post(url, {"phone": "0912 345 678"}).status_code == 403  # no CSRF token
    assert User.objects.get(pk=member.person_id).phone is None
    unit_page = reverse("workplaces:unit", args=[agency.pk])
    r = client.post_form(url, {"phone": "0912 345 678", "next": unit_page})
    assert r.status_code == 302 and r["Location"] == unit_page
    person = User.objects.get(pk=member.person_id)
    assert person.phone == "+84912345678" and not person.is_active
    body = _sms("+84912345678")
    # The link is absolute (SITE_URL) and names the phone; the code is six digits.
    link = settings.SITE_URL + reverse("accounts:claim") + "?phone=%2B84912345678"
    assert link in body
    code = _code(body)
    for action in ("accounts.claim_phone_record", "accounts.claim_code_send"):
        assert AuditEntry.objects.get(action=action, object_id=str(person.pk)).actor == rep
    assert AuditEntry.objects.filter(action="oversight.unit_member_claim_send", actor=rep).count() == 1

    member_client = browser_as()
    page = member_client.get(link.removeprefix(settings.SITE_URL))
    assert page.status_code == 200 and 'value="+84912345678"' in page.content.decode()
    # A weak password is refused by the project's validators; the code is not spent.
    r = _claim(member_client, "0912345678", code, password="12345678")
    assert r.status_code == 400
    # A wrong code is refused and counted.
    r = _claim(member_client, "0912345678", "000000" if code != "000000" else "111111")
    assert r.status_code == 400 and "Mã" in r.content.decode()
    assert PhoneCode.objects.get(person=person, purpose="claim").attempts == 1
    assert not User.objects.get(pk=person.pk).is_active
    r = _claim(member_client, "0912 345 678", code)
    assert r.status_code == 302 and r["Location"] == reverse("account_login")
    person.refresh_from_db()
    assert person.is_active and person.check_password(PASSWORD) and person.phone_verified_at is not None
    assert AuditEntry.objects.get(action="accounts.account_claim", object_id=str(person.pk)).actor == person
    # The code served once.
    again = _claim(browser_as(), "0912345678", code)
    assert again.status_code == 400
    # The claimed account no longer shows on the unit's page as one to claim.
    page = client.get(unit_page).content.decode()
    assert 'id="board-claim"' not in page
    # Signing in, the member (role UNIT_INSPECTION_MEMBER requires MFA) is led to set it up.
    signin = browser_as()
    r = signin.post_form(reverse("account_login"), {"login": "0912345678", "password": PASSWORD})
    assert r.status_code == 302
    r = signin.get(reverse("accounts:home"))
    assert r.status_code == 302 and r["Location"] == reverse("mfa_activate_totp")
    assert person.memberships.get().role == Role.UNIT_INSPECTION_MEMBER


def test_the_api_sends_the_code_and_refuses_a_phone_of_another_account(
    browser_as: Any, token_for: Any, rep: Any, agency: Any
) -> None:
    member = _seated_without_account(rep, agency)
    UserFactory(phone="+84987654321", full_name="Người Khác")
    api = browser_as()
    url = f"/api/v1/oversight/members/{member.pk}/claim"
    headers = token_for(rep)
    for typed in ("+84 987 654 321", "0987654321", "987654321"):
        r = api.post(url, {"phone": typed}, content_type="application/json", **headers)
        assert r.status_code == 409, r.content
        assert "Số điện thoại này đã được một tài khoản khác" in r.json()["message"]
    assert User.objects.get(pk=member.person_id).phone is None
    assert not OutboxMessage.objects.filter(recipient="+84987654321").exists()
    assert not AuditEntry.objects.filter(action="accounts.claim_phone_record").exists()
    # NUL bytes, over-long and not-a-number input: 4xx, nothing changed.
    for bad in ("0912\x00345678", "0" * 200, "không có số"):
        r = api.post(url, {"phone": bad}, content_type="application/json", **headers)
        assert 400 <= r.status_code < 500, (bad, r.status_code)
    assert User.objects.get(pk=member.person_id).phone is None
    r = api.post(url, {"phone": "+84 912 345 678"}, content_type="application/json", **headers)
    assert r.status_code == 200, r.content
    assert r.json() == {
        "member_id": member.pk,
        "name": "Phạm Thị Bình",
        "phone": "+84912345678",
        "sent": True,
    }
    assert settings.SITE_URL + reverse("accounts:claim") in _sms("+84912345678")
    # Once claimed, there is nothing more to send.
    code = _code(_sms("+84912345678"))
    assert _claim(browser_as(), "0912345678", code).status_code == 302
    r = api.post(url, {"phone": "0912345678"}, content_type="application/json", **headers)
    assert r.status_code == 409


def test_another_units_representative_gets_404(
    browser_as: Any, token_for: Any, rep: Any, agency: Any, commune: Any
) -> None:
    member = _seated_without_account(rep, agency)
    other = services.unit_register(
        actor=None,
        data=services.UnitData(
            code="DV-KP-09",
            name="Trạm Y tế xã Krông Pắc",
            unit_type=UnitType.PUBLIC_SERVICE,
            place=commune,
            ownership=Ownership.NOT_APPLICABLE,
            employees=30,
        ),
    )
    other_rep = person_with_role(Role.WORKPLACE_REP, commune, body=other.body, full_name="Hồ Thị Lan")
    _seated_without_account(other_rep, other, name="Võ Văn Cường")
    r = browser_as().post(
        f"/api/v1/oversight/members/{member.pk}/claim",
        {"phone": "0912345678"},
        content_type="application/json",
        **token_for(other_rep),
    )
    assert r.status_code == 404
    r = browser_as(other_rep).post_form(
        reverse("oversight:member_claim", args=[member.pk]), {"phone": "0912345678"}
    )
    assert r.status_code == 404
    assert User.objects.get(pk=member.person_id).phone is None
    assert not OutboxMessage.objects.filter(channel="sms").exists()


def test_a_code_of_another_account_does_not_claim_this_one(
    browser_as: Any, token_for: Any, rep: Any, agency: Any
) -> None:
    _elect(rep, held_conference(agency), {}, winners=["Lê Văn An", "Phạm Thị Bình"], seats=2)
    hanh, thu = (
        BoardMember.objects.get(board__body=agency.body, person__full_name=n)
        for n in ("Lê Văn An", "Phạm Thị Bình")
    )
    headers = token_for(rep)
    for member, phone in ((hanh, "0912345678"), (thu, "0912345679")):
        r = browser_as().post(
            f"/api/v1/oversight/members/{member.pk}/claim",
            {"phone": phone},
            content_type="application/json",
            **headers,
        )
        assert r.status_code == 200
    hanh_code = _code(_sms("+84912345678"))
    thu_code = _code(_sms("+84912345679"))
    if hanh_code != thu_code:
        assert _claim(browser_as(), "0912345679", hanh_code).status_code == 400
        assert not User.objects.get(pk=thu.person_id).is_active
    # A new code replaces the earlier one: the earlier code no longer works.
    r = browser_as().post(
        f"/api/v1/oversight/members/{hanh.pk}/claim",
        {"phone": "0912345678"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 200
    newer = _code(_sms("+84912345678"))
    if newer != hanh_code:
        assert _claim(browser_as(), "0912345678", hanh_code).status_code == 400
    assert _claim(browser_as(), "0912345678", newer).status_code == 302
    # An over-long or NUL-bearing form is refused without a change.
    assert _claim(browser_as(), "0912345679", "1" * 50).status_code == 400
    assert _claim(browser_as(), "0912\x00345679", thu_code).status_code == 400
    assert not User.objects.get(pk=thu.person_id).is_active
    assert _claim(browser_as(), "0912345679", thu_code).status_code == 302


def test_too_many_wrong_codes_lock_the_code(browser_as: Any, rep: Any, agency: Any) -> None:
    from danchu.oversight import services as oversight

    member = _seated_without_account(rep, agency)
    oversight.unit_member_claim_send(actor=rep, member=member, phone="0912345678")
    code = _code(_sms("+84912345678"))
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert _claim(browser_as(), "0912345678", wrong).status_code == 400
    r = _claim(browser_as(), "0912345678", code)
    assert r.status_code == 429
    assert not User.objects.get(pk=member.person_id).is_active


def test_a_refused_number_changes_nothing_on_the_unit_page(
    browser_as: Any, token_for: Any, rep: Any, agency: Any
) -> None:
    member = _seated_without_account(rep, agency)
    UserFactory(phone="+84987654321", full_name="Người Khác")
    client = browser_as(rep)
    unit_page = reverse("workplaces:unit", args=[agency.pk])
    url = reverse("oversight:member_claim", args=[member.pk])
    r = client.post_form(url, {"phone": "0987 654 321", "next": unit_page}, HTTP_REFERER=unit_page)
    page = r.content.decode()  # the unit's page again, with the reason
    assert r.status_code == 409 and f'action="{url}"' in page
    assert "Số điện thoại này đã được một tài khoản khác sử dụng" in page
    assert User.objects.get(pk=member.person_id).phone is None
    # Three codes an hour: the fourth request, even to a corrected number, changes nothing.
    headers = token_for(rep)
    api = f"/api/v1/oversight/members/{member.pk}/claim"
    for _ in range(3):
        r = browser_as().post(api, {"phone": "0912345678"}, content_type="application/json", **headers)
        assert r.status_code == 200
    r = browser_as().post(api, {"phone": "0912345670"}, content_type="application/json", **headers)
    assert r.status_code == 429
    assert User.objects.get(pk=member.person_id).phone == "+84912345678"
    assert not OutboxMessage.objects.filter(recipient="+84912345670").exists()
    assert AuditEntry.objects.filter(action="accounts.claim_phone_record").count() == 1
    assert AuditEntry.objects.filter(action="accounts.claim_code_send").count() == 3


def test_the_election_page_points_to_the_claim_forms(browser_as: Any, rep: Any, agency: Any) -> None:
    e = _elect(rep, held_conference(agency), {}, winners=["Phạm Thị Bình"], seats=1)
    page = browser_as(rep).get(reverse("workplaces:election", args=[e.pk])).content.decode()
    hint = page[page.index('id="seating-claim"') :]
    assert reverse("workplaces:unit", args=[agency.pk]) + "#board-claim" in hint
    assert "nhận tài khoản" in hint
