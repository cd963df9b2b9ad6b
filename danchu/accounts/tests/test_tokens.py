from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.accounts import services
from danchu.accounts.models import PersonalToken

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_is_shown_once_and_only_its_digest_is_stored(citizen: Any, client_as: Any) -> None:
    client = client_as(citizen)
    page = client.post(reverse("accounts:tokens"), {"name": "Ứng dụng của tôi"})
    raw = page.context["created"]
    assert raw in page.content.decode()
    token = PersonalToken.objects.get(person=citizen)
    assert token.digest == PersonalToken.digest_of(raw) and raw not in (token.prefix, token.digest)
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()


def test_a_bearer_token_works_for_the_api(citizen: Any) -> None:
    _token, raw = services.token_create(person=citizen, name="script")
    response = Client().get("/api/v1/accounts/me", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["full_name"] == citizen.full_name


def test_a_revoked_token_gets_401_with_the_error_body(citizen: Any, client_as: Any) -> None:
    token, raw = services.token_create(person=citizen, name="script")
    response = client_as(citizen).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    response = Client().get("/api/v1/accounts/me", **bearer(raw))
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated" and body["message"]


def test_tokens_through_the_api(citizen: Any) -> None:
    _t, raw = services.token_create(person=citizen, name="first")
    client = Client()
    created = client.post(
        "/api/v1/accounts/tokens", {"name": "second"}, content_type="application/json", **bearer(raw)
    )
    assert created.status_code == 201
    new = created.json()
    assert new["token"].startswith("dch_")
    listed = client.get("/api/v1/accounts/tokens", **bearer(raw)).json()
    assert {t["name"] for t in listed} == {"first", "second"}
    assert all("token" not in t for t in listed)
    assert client.delete(f"/api/v1/accounts/tokens/{new['id']}", **bearer(raw)).status_code == 204
    assert client.get("/api/v1/accounts/me", **bearer(new["token"])).status_code == 401


def test_someone_elses_token_is_404(citizen: Any, unverified: Any) -> None:
    theirs, _ = services.token_create(person=unverified, name="theirs")
    _t, raw = services.token_create(person=citizen, name="mine")
    response = Client().delete(f"/api/v1/accounts/tokens/{theirs.pk}", **bearer(raw))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_token_needs_a_name(citizen: Any) -> None:
    _t, raw = services.token_create(person=citizen, name="first")
    response = Client().post(
        "/api/v1/accounts/tokens", {"name": " "}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "name_required"


def test_a_deactivated_persons_token_stops_working(citizen: Any) -> None:
    _t, raw = services.token_create(person=citizen, name="x")
    citizen.is_active = False
    citizen.save()
    assert Client().get("/api/v1/accounts/me", **bearer(raw)).status_code == 401


def test_a_token_of_someone_who_became_staff_without_totp_is_refused(unverified: Any, commune: Any) -> None:
    from danchu.accounts.models import Membership

    _t, raw = services.token_create(person=unverified, name="x")
    Membership.objects.create(person=unverified, role="commune_officer", place=commune)
    response = Client().get("/api/v1/accounts/me", **bearer(raw))
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_a_token_writes_through_a_csrf_enforcing_client(
    citizen: Any, browser_as: Any, token_for: Any
) -> None:
    # Django's test client skips CSRF; a real client with a token must be able to write (it once got
    # "403 CSRF check failed" because the session ran before the token).
    _token, raw = services.token_create(person=citizen, name="to revoke")
    token = PersonalToken.objects.get(person=citizen, name="to revoke")
    client = browser_as()
    response = client.delete(f"/api/v1/accounts/tokens/{token.pk}", **token_for(citizen))
    assert response.status_code == 204, response.content
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_session_write_without_the_csrf_token_is_refused(citizen: Any, browser_as: Any) -> None:
    _token, _raw = services.token_create(person=citizen, name="kept")
    token = PersonalToken.objects.get(person=citizen, name="kept")
    client = browser_as(citizen)
    assert client.delete(f"/api/v1/accounts/tokens/{token.pk}").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.api("delete", f"/api/v1/accounts/tokens/{token.pk}").status_code == 204


def test_last_use_is_written_at_most_once_a_minute(citizen: Any) -> None:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token, raw = services.token_create(person=citizen, name="x")
    assert Client().get("/api/v1/accounts/me", **bearer(raw)).status_code == 200
    first = PersonalToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    # Again within the minute: nothing written (one transaction per API write, not two).
    with CaptureQueriesContext(connection) as q:
        assert Client().get("/api/v1/accounts/me", **bearer(raw)).status_code == 200
    assert not any(x["sql"].startswith("UPDATE") for x in q.captured_queries)
    assert PersonalToken.objects.get(pk=token.pk).last_used_at == first
    # A minute later: written again.
    PersonalToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(seconds=61))
    assert Client().get("/api/v1/accounts/me", **bearer(raw)).status_code == 200
    again = PersonalToken.objects.get(pk=token.pk).last_used_at
    assert again is not None and again > first


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_a_revoked_or_mistyped_token_is_refused_as_a_token_not_as_a_missing_csrf(
    citizen: Any, method: str
) -> None:
    """A POST with a revoked token was answered "CSRF check Failed" (403): the session's check, as if
    no token had been sent. A request that sends a token is refused for its token: 401."""
    token, raw = services.token_create(person=citizen, name="script")
    services.token_revoke(actor=citizen, token=token)
    for sent in (raw, raw[:-2] + "xx", "dch_khong-phai-ma"):
        response = getattr(Client(enforce_csrf_checks=True), method)(
            f"/api/v1/accounts/tokens/{token.pk}" if method == "delete" else "/api/v1/accounts/tokens",
            **({"data": {"name": "thử"}, "content_type": "application/json"} if method == "post" else {}),
            **bearer(sent),
        )
        assert response.status_code == 401, (sent, response.content)
        assert response.json()["code"] == "unauthenticated"
    assert PersonalToken.objects.filter(person=citizen).count() == 1


def test_revoking_a_revoked_token_again_is_a_409_on_the_tokens_page(citizen: Any, browser_as: Any) -> None:
    """A second click (another tab) is refused with the tokens page again and the reason — it was a
    redirect to the list, answered 200."""
    token, _raw = services.token_create(person=citizen, name="script")
    client = browser_as(citizen)
    referer = {"HTTP_REFERER": "http://testserver" + reverse("accounts:tokens")}
    assert (
        client.post_form(reverse("accounts:token_revoke", args=[token.pk]), {}, **referer).status_code == 302
    )
    again = client.post_form(reverse("accounts:token_revoke", args=[token.pk]), {}, **referer)
    assert again.status_code == 409
    assert "Mã truy cập này đã bị thu hồi." in again.content.decode()
