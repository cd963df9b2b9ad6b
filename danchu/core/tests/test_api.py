"""The API skeleton: the OpenAPI document, the one error body in the request's language, /healthz,
and core's calendar and audit endpoints."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.test import Client

from danchu.accounts.models import PersonalToken
from danchu.core.audit import audit
from danchu.front import views

pytestmark = pytest.mark.django_db


def _assert_error_body(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code
    assert body["message"]
    return body


def _token_for(person: Any) -> str:
    token = "dct_" + secrets.token_urlsafe(24)
    PersonalToken.objects.create(
        person=person, name="test", prefix=token[:8], digest=PersonalToken.digest_of(token)
    )
    return token


def test_openapi_document_is_served_with_access_declarations(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    op = doc["paths"]["/api/v1/core/calendar/due-date"]["get"]
    assert op["x-danchu-access"]["who"] == "anyone"
    assert op["responses"]["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert {"code", "message", "detail"} <= set(doc["components"]["schemas"]["Error"]["properties"])


def test_401_in_vietnamese_by_default(client: Client) -> None:
    body = _assert_error_body(client.get("/api/v1/core/audit/verify"), 401, "unauthenticated")
    assert body["message"] == "Vui lòng đăng nhập hoặc gửi mã truy cập hợp lệ."


def test_401_in_english_when_asked(client: Client) -> None:
    response = client.get("/api/v1/core/audit/verify", HTTP_ACCEPT_LANGUAGE="en")
    body = _assert_error_body(response, 401, "unauthenticated")
    assert body["message"] == "Please sign in or send a valid token."


def test_wrong_token_is_401(client: Client) -> None:
    response = client.get("/api/v1/core/audit/verify", HTTP_AUTHORIZATION="Bearer not-a-token")
    _assert_error_body(response, 401, "unauthenticated")


def test_403_for_a_citizen_on_an_administrators_endpoint(client_as: Any, citizen: Any) -> None:
    body = _assert_error_body(client_as(citizen).get("/api/v1/core/audit/verify"), 403, "forbidden")
    assert body["message"] == "Chỉ quản trị hệ thống được xem nhật ký kiểm toán."
    response = client_as(citizen).get("/api/v1/core/audit/verify", HTTP_ACCEPT_LANGUAGE="en")
    assert (
        _assert_error_body(response, 403, "forbidden")["message"]
        == "Only system administrators may read the audit log."
    )


def test_404_for_a_missing_object(admin_user: Any) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token_for(admin_user)}")
    body = _assert_error_body(client.get("/api/v1/core/audit/entries/999999"), 404, "not_found")
    assert body["message"] == "Không có bản ghi nhật ký này."


def test_404_for_an_unknown_api_path(client: Client) -> None:
    body = _assert_error_body(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert body["message"] == "Trang này không tồn tại."
    body = _assert_error_body(
        client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="en"), 404, "not_found"
    )
    assert body["message"] == "This page does not exist."


def test_422_names_the_bad_field_in_vietnamese(client: Client) -> None:
    response = client.get("/api/v1/core/calendar/due-date?start=2026-13-40&days=5")
    body = _assert_error_body(response, 422, "invalid")
    assert body["message"] == "Một số giá trị không hợp lệ."
    assert {"field": "start", "message": "Nhập ngày hợp lệ (YYYY-MM-DD)."} in body["detail"]


def test_422_in_english(client: Client) -> None:
    response = client.get(
        "/api/v1/core/calendar/due-date?start=2026-02-01&days=-1", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = _assert_error_body(response, 422, "invalid")
    assert body["message"] == "Some values are not valid."
    assert body["detail"] == [{"field": "days", "message": "Enter a value of at least 0."}]


def test_domain_error_becomes_the_error_body(client: Client) -> None:
    response = client.get("/api/v1/core/calendar/working-days?start=2026-03-01&end=2026-02-01")
    body = _assert_error_body(response, 422, "invalid")
    assert body["message"] == "Ngày kết thúc không được trước ngày bắt đầu."
    assert body["detail"][0]["field"] == "end"


def test_personal_token_signs_in(admin_user: Any) -> None:
    audit(actor=admin_user, action="test.one")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token_for(admin_user)}")
    response = client.get("/api/v1/core/audit/verify")
    assert response.status_code == 200
    assert response.json() == {"intact": True, "checked": 1, "broken_entry_id": None}


def test_admin_reads_an_audit_entry(client_as: Any, admin_user: Any) -> None:
    entry = audit(actor=admin_user, action="test.read", object_type="x.y", object_id=7, after={"a": 1})
    response = client_as(admin_user).get(f"/api/v1/core/audit/entries/{entry.pk}")
    assert response.status_code == 200
    assert response.json()["after"] == {"a": 1}
    assert response.json()["hash"] == entry.hash


def test_due_date_endpoint_counts_working_days_across_tet(client: Client) -> None:
    response = client.get("/api/v1/core/calendar/due-date?start=2026-02-12&days=5&day_type=working")
    assert response.status_code == 200
    assert response.json()["due"] == "2026-02-26"


def test_due_date_endpoint_rolls_calendar_days_unless_asked_not_to(client: Client) -> None:
    url = "/api/v1/core/calendar/due-date?start=2026-02-07&days=10&day_type=calendar"
    assert client.get(url + "&roll_to_working_day=false").json()["due"] == "2026-02-17"
    rolled = client.get(url).json()
    assert rolled["due"] == "2026-02-23"
    assert rolled["roll_to_working_day"] is True


def test_working_days_endpoint_lists_days_off_and_make_up_days(client: Client) -> None:
    response = client.get("/api/v1/core/calendar/working-days?start=2026-08-20&end=2026-09-04")
    data = response.json()
    assert response.status_code == 200
    assert data["make_up_days"] == ["2026-08-22"]
    assert [d["date"] for d in data["days_off"]] == ["2026-08-31", "2026-09-01", "2026-09-02"]
    assert data["working_days"] == 9  # 21, 22 (Sat), 24–28, 3, 4


def test_working_days_endpoint_refuses_a_huge_range(client: Client) -> None:
    response = client.get("/api/v1/core/calendar/working-days?start=2000-01-01&end=2099-01-01")
    _assert_error_body(response, 422, "invalid")


# --- /healthz ------------------------------------------------------------------------------------


class _Broken:
    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("down")


def test_healthz_reports_database_cache_and_queue(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["cache"]["ok"] and checks["queue"]["ok"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("part", ["database", "cache", "queue"])
def test_healthz_is_503_when_a_part_fails(client: Client, monkeypatch: Any, part: str) -> None:
    if part == "database":
        monkeypatch.setattr(views, "connection", _Broken())
    elif part == "cache":
        monkeypatch.setattr(views, "cache", _Broken())
    else:
        from huey.contrib.djhuey import HUEY

        monkeypatch.setattr(HUEY, "pending_count", lambda: (_ for _ in ()).throw(RuntimeError("down")))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["checks"][part]["ok"] is False
    assert all(c["ok"] for name, c in body["checks"].items() if name != part)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "Nội dung yêu cầu không phải JSON hợp lệ."), ("en", "The request body is not valid JSON.")],
)
def test_unparsable_body_is_a_translated_400(lang: str, expected: str, client_as: Any, officer: Any) -> None:
    response = client_as(officer).post(
        "/api/v1/cases/", data="{bad json", content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "message": expected, "detail": None}
