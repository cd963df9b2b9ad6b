"""A citizen's rights over their data (Decree 13/2023; issue #9, item 11): download everything,
correct name and contacts with history, close the account; retention with a purge that reports first."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from danchu.accounts import services
from danchu.accounts.models import HouseholdLink, OutboxMessage, PersonalToken, User
from danchu.accounts.tests.factories import PASSWORD
from danchu.accounts.tests.my_data import pdf_source
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_json_download_holds_my_household_and_nothing_of_others(
    citizen: Any, household_rep: Any, client_as: Any
) -> None:
    response = client_as(citizen).get(reverse("accounts:my_data_json"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["full_name"] == "Lê Văn Dân"
    sections = {s["key"]: s["rows"] for s in data["sections"]}
    assert len(sections["accounts.households"]) == 1
    assert "Phạm Thị Chủ Hộ" not in response.content.decode()


def test_the_pdf_download_is_a_readable_pdf(citizen: Any, client_as: Any) -> None:
    response = client_as(citizen).get(reverse("accounts:my_data_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_api_gives_the_same_data_with_a_token(citizen: Any, token_for: Any) -> None:
    response = Client().get("/api/v1/accounts/me/data", **token_for(citizen))
    assert response.status_code == 200
    assert response.json()["person"]["id"] == citizen.pk


def test_correcting_my_name_keeps_the_earlier_one_in_the_history(citizen: Any, browser_as: Any) -> None:
    browser = browser_as(citizen)
    response = browser.post_form(
        reverse("accounts:my_data"),
        {"full_name": "Lê Văn Dần", "email": "dan@example.vn", "phone": "0912 345 670"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.email, citizen.phone) == (
        "Lê Văn Dần",
        "dan@example.vn",
        "+84912345670",
    )
    page = browser.get(reverse("accounts:my_data")).content.decode()
    assert "Lê Văn Dân" in page  # the earlier name, in the correction history


def test_a_correction_through_the_api_refuses_a_bad_phone(citizen: Any, token_for: Any) -> None:
    body = json.dumps({"full_name": "Lê Văn Dần", "phone": "12"})
    response = Client().post(
        "/api/v1/accounts/me/profile", body, content_type="application/json", **token_for(citizen)
    )
    assert response.status_code == 400 and response.json()["message"]
    citizen.refresh_from_db()
    assert citizen.full_name == "Lê Văn Dân"


@pytest.mark.parametrize("email", ["đường liên thôn", "dan@", "dan@example", "dan@example.vn\x00"])
def test_a_correction_through_the_api_refuses_an_address_that_is_no_email(
    citizen: Any, token_for: Any, email: str
) -> None:
    """The page's form checked the address; the API stored "đường liên thôn" as the address the person
    signs in with."""
    citizen.email = "dan@example.vn"
    citizen.save()
    body = json.dumps({"full_name": "Lê Văn Dần", "email": email})
    response = Client().post(
        "/api/v1/accounts/me/profile", body, content_type="application/json", **token_for(citizen)
    )
    assert response.status_code in (400, 422)
    if response.status_code == 400:
        assert response.json()["code"] == "bad_email"
        assert response.json()["message"] == "Nhập địa chỉ e-mail hợp lệ."
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.email) == ("Lê Văn Dân", "dan@example.vn")


def test_closing_my_account_pseudonymises_me_and_keeps_the_audit_log(citizen: Any, browser_as: Any) -> None:
    citizen.email = "dan@example.vn"
    citizen.save()
    entries_before = AuditEntry.objects.count()
    browser = browser_as(citizen)
    response = browser.post_form(reverse("accounts:account_close"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    person = User.objects.get(pk=citizen.pk)
    assert not person.is_active and not person.has_usable_password()
    assert "Lê Văn Dân" not in person.full_name and person.phone is None
    assert person.email.endswith(".invalid")
    assert not HouseholdLink.objects.filter(person=person, status="confirmed").exists()
    assert AuditEntry.objects.count() == entries_before + 1
    assert not Client().login(email="dan@example.vn", password=PASSWORD)


def test_closing_needs_my_password(citizen: Any, browser_as: Any) -> None:
    response = browser_as(citizen).post_form(
        reverse("accounts:account_close"),
        {"password": "sai", "confirm": "on"},
        HTTP_REFERER="http://testserver" + reverse("accounts:my_data"),
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Nhập mật khẩu và đánh dấu ô xác nhận" in page
    assert f'action="{reverse("accounts:account_close")}"' in page  # my data page again, its form on it
    citizen.refresh_from_db()
    assert citizen.is_active


def test_purge_reports_before_it_deletes(citizen: Any) -> None:
    old = OutboxMessage.objects.create(channel="sms", recipient="+84912345678", body="cũ")
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=120))
    recent = OutboxMessage.objects.create(channel="sms", recipient="+84912345678", body="mới")
    out = StringIO()
    call_command("purge", dry_run=True, stdout=out)
    assert "accounts.outbox: would delete 1" in out.getvalue()
    assert OutboxMessage.objects.count() == 2
    call_command("purge", stdout=StringIO())
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert AuditEntry.objects.filter(action="core.purge").exists()


@pytest.fixture
def fresh_limits() -> Any:
    from danchu.core import ratelimit

    ratelimit.store().clear()
    yield
    ratelimit.store().clear()


def test_a_token_alone_cannot_close_the_account_through_the_api(
    citizen: Any, token_for: Any, fresh_limits: Any
) -> None:
    """POST /api/v1/accounts/me/close closed the account with a token and no body, where the page asks
    for the password and the box ticked: a token lent to another system could close its holder."""
    auth = token_for(citizen)
    for body in (
        {},
        {"password": PASSWORD},
        {"password": "sai", "confirm": True},
        {"password": "", "confirm": True},
    ):
        response = Client().post("/api/v1/accounts/me/close", body, content_type="application/json", **auth)
        assert response.status_code in (400, 422), body
        citizen.refresh_from_db()
        assert citizen.is_active
    refused = Client().post(
        "/api/v1/accounts/me/close",
        {"password": "sai", "confirm": True},
        content_type="application/json",
        **auth,
    )
    assert refused.json()["code"] == "not_confirmed"
    assert "mật khẩu" in refused.json()["message"]
    response = Client().post(
        "/api/v1/accounts/me/close",
        {"password": PASSWORD, "confirm": True},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 204
    citizen.refresh_from_db()
    assert not citizen.is_active


def test_guessing_the_password_to_close_the_account_is_limited(
    citizen: Any, token_for: Any, fresh_limits: Any
) -> None:
    auth = token_for(citizen)

    def close(password: str) -> Any:
        return Client().post(
            "/api/v1/accounts/me/close",
            {"password": password, "confirm": True},
            content_type="application/json",
            **auth,
        )

    assert [close(f"sai-{i}").status_code for i in range(5)] == [400] * 5
    assert close(PASSWORD).status_code == 429  # even the right one, until the window ends
    citizen.refresh_from_db()
    assert citizen.is_active


def test_a_correction_through_the_api_keeps_the_contacts_it_leaves_out(citizen: Any, token_for: Any) -> None:
    """Correcting the name alone removed the e-mail and the phone: left out read as "remove"."""
    citizen.email, citizen.phone = "dan@example.vn", "+84912345670"
    citizen.save()
    auth = token_for(citizen)

    def correct(body: dict[str, str]) -> Any:
        return Client().post("/api/v1/accounts/me/profile", body, content_type="application/json", **auth)

    assert correct({"full_name": "Lê Văn Dần"}).status_code == 200
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.email, citizen.phone) == (
        "Lê Văn Dần",
        "dan@example.vn",
        "+84912345670",
    )
    assert correct({"full_name": "Lê Văn Dần", "email": ""}).json()["email"] is None  # "" removes it
    citizen.refresh_from_db()
    assert (citizen.email, citizen.phone) == (None, "+84912345670")
    refused = correct({"full_name": "Lê Văn Dần", "phone": ""})  # nothing left to sign in with
    assert refused.status_code == 400 and refused.json()["code"] == "no_contact"


def test_only_a_wrong_password_counts_towards_the_limit(
    citizen: Any, token_for: Any, fresh_limits: Any
) -> None:
    """The right password without the box ticked is refused but is no guess."""
    auth = token_for(citizen)
    for _ in range(6):
        response = Client().post(
            "/api/v1/accounts/me/close", {"password": PASSWORD}, content_type="application/json", **auth
        )
        assert response.status_code == 400 and response.json()["code"] == "not_confirmed"
    closed = Client().post(
        "/api/v1/accounts/me/close",
        {"password": PASSWORD, "confirm": True},
        content_type="application/json",
        **auth,
    )
    assert closed.status_code == 204


def test_the_pdf_names_its_columns_and_writes_local_times(citizen: Any, client_as: Any) -> None:
    """The "readable PDF" headed its tables with keys (valid_from, created_at, object_type) and wrote
    times as Python prints them, in UTC (2026-12-06 02:41:23.265620+00:00)."""
    from danchu.accounts.personal_data import personal_data, readable

    services.token_create(person=citizen, name="Ứng dụng của tôi")
    with translation.override("vi"):
        sections = {s["label"]: s for s in readable(personal_data(citizen))}
    tokens = sections["Mã truy cập cá nhân"]
    assert tokens["headers"][:3] == ["Tên", "Bắt đầu bằng", "Ngày tạo"]
    made = timezone.localtime(PersonalToken.objects.get(person=citizen).created_at)
    assert tokens["rows"][0][2] == made.strftime("%d/%m/%Y %H:%M")
    citizen.phone = "+84912345678"
    citizen.save(update_fields=["phone"])
    text = pdf_source(client_as(citizen))
    assert "<th>Vai trò</th>" in text and "<th>Bắt đầu bằng</th>" in text
    assert "0912 345 678" in text.split("</p>", 1)[0]  # the heading writes the phone as people read it
    assert not [word for word in ("valid_from", "created_at", "object_type", "+00:00") if word in text]


def test_my_audit_entries_say_what_i_did_in_words(citizen: Any, client_as: Any) -> None:
    """The audit section listed action codes ("accounts.token_create") a resident cannot read; each
    module names the actions residents take, and the others keep their code beside an empty cell."""
    from danchu.accounts.personal_data import personal_data

    services.token_create(person=citizen, name="Ứng dụng của tôi")
    from danchu.core.audit import audit

    audit(actor=citizen, action="bench.something_else", object_type="x", object_id="1")
    with translation.override("vi"):
        rows = next(s for s in personal_data(citizen)["sections"] if s["key"] == "accounts.actions")["rows"]
    said = {r["action"]: r["what"] for r in rows}
    assert said["accounts.token_create"] == "Bạn đã tạo một mã truy cập cá nhân"
    assert said["bench.something_else"] == ""
    assert "Bạn đã tạo một mã truy cập cá nhân" in pdf_source(client_as(citizen))


def test_every_named_action_is_one_a_service_audits() -> None:
    """A name registered under a misspelt code ("consultations.comment_add" where the service audits
    "consultations.comment") would never show: each code must be written by some service."""
    from pathlib import Path

    from danchu.accounts.personal_data import ACTION_NAMES

    root = Path(__file__).resolve().parents[2]
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in root.rglob("*.py")
        if "tests" not in p.parts and p.name != "home.py" and p != root / "accounts" / "personal_data.py"
    )
    assert len(ACTION_NAMES) >= 20
    missing = [
        code for code in ACTION_NAMES if f'action="{code}"' not in sources and f'"{code}",' not in sources
    ]
    assert missing == []


def test_the_pdf_shows_the_latest_rows_of_a_long_trail_and_says_so(citizen: Any, client_as: Any) -> None:
    """An officer's trail of 90,000 entries laid out whole took over 22 minutes and 8 GB: the PDF shows
    each section's latest rows and says where the rest is; the JSON still holds every one."""
    from danchu.accounts.data_views import PDF_ROWS
    from danchu.core.audit import audit

    for n in range(PDF_ROWS + 5):
        audit(actor=citizen, action="accounts.profile_correct", obj=citizen, after={"n": n})
    total = AuditEntry.objects.filter(actor=citizen).count()
    client = client_as(citizen)
    source = pdf_source(client)
    assert f"{PDF_ROWS} dòng gần nhất trong tổng số {total} dòng" in source
    data = json.loads(client.get(reverse("accounts:my_data_json")).content)
    assert len({s["key"]: s["rows"] for s in data["sections"]}["accounts.actions"]) == total
