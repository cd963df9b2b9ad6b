"""The case steps that had only pages, now in the API too (issue #18): giving a denunciation more time
to accept, recording a complaint's time limit and its obstacle, telling the denouncer of the
acceptance; and the chairman's delegations to sign. Each through a personal token and through a
browser session that must send its CSRF token; another unit's real objects answer 404; bad input a
clear 4xx in Vietnamese with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.cases import services
from danchu.cases.models import Case, Delegation
from danchu.core.models import AuditEntry

from .conftest import denunciation_in

API = "/api/v1/cases"


def _vi(msgid: str) -> str:
    with translation.override("vi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"not translated: {msgid}"
    return text


def _post(url: str, body: Any, headers: dict[str, str]) -> Any:
    return Client().post(url, body or {}, content_type="application/json", **headers)


@pytest.fixture
def other_chairman(other_commune: Any) -> Any:
    return person_with_role(Role.COMMUNE_CHAIRMAN, other_commune, full_name="Chủ Tịch Xã Khác")


@pytest.fixture
def complaint(village: Any, officer: Any) -> Case:
    return services.case_submit(
        services.CaseSubmission(
            case_type_key="complaint",
            place=village,
            title="Khiếu nại quyết định thu hồi đất",
            description="Quyết định thu hồi đất không đúng diện tích thực tế.",
            contested_decision="Quyết định số 12/QĐ-UBND",
            identity=services.Identity(name="Trần Văn Khiếu", phone="0912345679"),
            recorded_by=officer,
            channel="walk_in",
        )
    )


@pytest.fixture
def denunciation(village: Any, citizen: Any) -> Case:
    return denunciation_in(village, citizen)


@pytest.fixture
def foreign_denunciation(foreign_village: Any, outsider: Any) -> Case:
    return services.case_submit(
        services.CaseSubmission(
            case_type_key="denunciation",
            place=foreign_village,
            title="Tố cáo cán bộ xã khác",
            description="Cán bộ xã khác thu tiền sai quy định.",
            denounced="Cán bộ thu đóng góp",
            identity=services.Identity(name="Lê Văn Tố", phone="0912345670"),
            recorded_by=outsider,
            channel="walk_in",
        )
    )


# --- extend acceptance ----------------------------------------------------------------------------


def test_extending_acceptance_with_a_token(denunciation: Case, chairman: Any, token_for: Any) -> None:
    due = denunciation.acceptance_due
    url = f"{API}/{denunciation.tracking_code}/extend-acceptance"
    r = _post(url, {"reason": "Xác minh ở thôn 1 và thôn 2"}, token_for(chairman))
    assert r.status_code == 200, r.content
    denunciation.refresh_from_db()
    assert denunciation.acceptance_extended and denunciation.acceptance_due > due
    assert AuditEntry.objects.filter(action="cases.extend_acceptance").count() == 1
    again = _post(url, {"reason": "Lần nữa"}, token_for(chairman))
    assert again.status_code == 409
    assert again.json()["message"] == _vi("The acceptance period was already extended.")


def test_extending_acceptance_through_a_session_needs_csrf(
    denunciation: Case, chairman: Any, browser_as: Any
) -> None:
    url = f"{API}/{denunciation.tracking_code}/extend-acceptance"
    session = browser_as(chairman)
    body = {"reason": "Xác minh ở nhiều nơi"}
    assert session.post(url, body, content_type="application/json").status_code == 403
    denunciation.refresh_from_db()
    assert not denunciation.acceptance_extended
    assert session.api("post", url, body).status_code == 200
    denunciation.refresh_from_db()
    assert denunciation.acceptance_extended


@pytest.mark.parametrize(
    "body,status,message",
    [
        ({"reason": "   "}, 400, "Name the places where the verification is needed."),
        ({"reason": "\x00"}, 400, ""),  # refused, not dropped: the message names the NUL
        ({"reason": "x" * 501}, 422, ""),
        ({}, 422, ""),
    ],
)
def test_extending_acceptance_refuses_bad_input(
    denunciation: Case, chairman: Any, token_for: Any, body: dict[str, Any], status: int, message: str
) -> None:
    r = _post(f"{API}/{denunciation.tracking_code}/extend-acceptance", body, token_for(chairman))
    assert r.status_code == status, r.content
    assert r.json()["message"] == _vi(message) if message else r.json()["message"]
    denunciation.refresh_from_db()
    assert not denunciation.acceptance_extended


def test_extending_acceptance_of_a_feedback_case_is_refused(
    file_case: Any, officer: Any, token_for: Any
) -> None:
    case = file_case()
    r = _post(f"{API}/{case.tracking_code}/extend-acceptance", {"reason": "Nhiều nơi"}, token_for(officer))
    assert r.status_code == 400
    assert r.json()["message"] == _vi("This type of case has no longer acceptance period.")


# --- the time limit of a complaint ------------------------------------------------------------------


def test_recording_the_time_limit_with_a_token_and_a_session(
    complaint: Case, officer: Any, token_for: Any, browser_as: Any
) -> None:
    url = f"{API}/{complaint.tracking_code}/limitation"
    known = (timezone.localdate() - dt.timedelta(days=100)).isoformat()
    body = {"known_on": known, "obstacle_days": 20, "obstacle_reason": "Ốm nằm viện"}
    session = browser_as(officer)
    assert session.post(url, body, content_type="application/json").status_code == 403
    complaint.refresh_from_db()
    assert complaint.decision_known_on is None
    assert session.api("post", url, body).status_code == 200
    complaint.refresh_from_db()
    assert complaint.decision_known_on.isoformat() == known and complaint.limitation_obstacle_days == 20
    r = _post(url, body | {"obstacle_days": 0, "obstacle_reason": ""}, token_for(officer))
    assert r.status_code == 200, r.content
    complaint.refresh_from_db()
    assert complaint.limitation_obstacle_days == 0
    assert AuditEntry.objects.filter(action="cases.limitation", object_id=str(complaint.pk)).count() == 2


@pytest.mark.parametrize(
    "body,status,message",
    [
        ({"known_on": "2030-01-01"}, 400, "The decision cannot be known after the complaint was received."),
        ({"known_on": "2999-01-01"}, 422, ""),  # no day anyone means (core.formats.implausible_day)
        ({"known_on": "2026-01-05", "obstacle_days": 5}, 400, "Say what the obstacle was."),
        (
            {"known_on": "2026-01-05", "obstacle_days": 5, "obstacle_reason": "\x00"},
            400,
            "",  # refused, not dropped: the message names the NUL
        ),
        ({"known_on": "2026-01-05", "obstacle_days": 99999, "obstacle_reason": "Ốm"}, 422, ""),
        ({"known_on": "2026-01-05", "obstacle_days": -1, "obstacle_reason": "Ốm"}, 422, ""),
        ({"known_on": "không phải ngày"}, 422, ""),
        ({"known_on": "2026-01-05", "obstacle_days": 1, "obstacle_reason": "x" * 301}, 422, ""),
    ],
)
def test_recording_the_time_limit_refuses_bad_input(
    complaint: Case, officer: Any, token_for: Any, body: dict[str, Any], status: int, message: str
) -> None:
    r = _post(f"{API}/{complaint.tracking_code}/limitation", body, token_for(officer))
    assert r.status_code == status, r.content
    assert r.json()["message"] == _vi(message) if message else r.json()["message"]
    complaint.refresh_from_db()
    assert complaint.decision_known_on is None


def test_the_time_limit_is_for_complaints_only(file_case: Any, officer: Any, token_for: Any) -> None:
    case = file_case()
    r = _post(f"{API}/{case.tracking_code}/limitation", {"known_on": "2026-01-05"}, token_for(officer))
    assert r.status_code == 400
    assert r.json()["message"] == _vi("The time limit applies to first-time complaints.")


# --- the notice of acceptance -------------------------------------------------------------------------


def test_sending_the_notice_of_acceptance(
    denunciation: Case, chairman: Any, officer: Any, token_for: Any, browser_as: Any
) -> None:
    services.case_accept(case=denunciation, by=chairman)
    url = f"{API}/{denunciation.tracking_code}/acceptance-notice"
    assert _post(url, None, token_for(officer)).status_code == 404  # need-to-know: not the officer's
    session = browser_as(chairman)
    assert session.post(url, content_type="application/json").status_code == 403
    assert session.api("post", url).status_code == 200
    denunciation.refresh_from_db()
    assert denunciation.notice_sent_at is not None
    again = _post(url, None, token_for(chairman))
    assert again.status_code == 409
    assert again.json()["message"] == _vi("The notice of acceptance was already sent.")


def test_a_case_without_a_notice_is_refused(file_case: Any, officer: Any, token_for: Any) -> None:
    case = file_case()
    services.case_accept(case=case, by=officer)
    r = _post(f"{API}/{case.tracking_code}/acceptance-notice", None, token_for(officer))
    assert r.status_code == 400
    assert r.json()["message"] == _vi("This case has no notice of acceptance to send.")


# --- another unit's real cases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "step,body",
    [
        ("extend-acceptance", {"reason": "Nhiều nơi"}),
        ("limitation", {"known_on": "2026-01-05"}),
        ("acceptance-notice", None),
    ],
)
def test_another_units_case_is_not_found(
    foreign_denunciation: Case, chairman: Any, officer: Any, token_for: Any, step: str, body: Any
) -> None:
    tokens = [token_for(chairman), token_for(officer)]
    before = AuditEntry.objects.exclude(action__endswith="_refused").count()
    for headers in tokens:
        r = _post(f"{API}/{foreign_denunciation.tracking_code}/{step}", body, headers)
        assert r.status_code == 404, (step, r.content)
    foreign_denunciation.refresh_from_db()
    assert not foreign_denunciation.acceptance_extended
    assert AuditEntry.objects.exclude(action__endswith="_refused").count() == before


# --- delegations to sign --------------------------------------------------------------------------------


def _grant_body(officer: Any, **kw: Any) -> dict[str, Any]:
    return {"delegate_id": officer.pk, "valid_from": timezone.localdate().isoformat(), **kw}


def test_the_chairman_grants_and_revokes_a_delegation_with_a_token(
    commune: Any, chairman: Any, officer: Any, token_for: Any
) -> None:
    url = f"{API}/units/{commune.code}/delegations"
    r = _post(url, _grant_body(officer, document="Quyết định 5/QĐ-UBND"), token_for(chairman))
    assert r.status_code == 201, r.content
    d = Delegation.objects.get()
    assert r.json()["id"] == d.pk and r.json()["in_force"] and d.delegate == officer
    assert AuditEntry.objects.filter(action="cases.delegation_grant").count() == 1
    listed = Client().get(url, **token_for(chairman))
    assert listed.status_code == 200 and [x["id"] for x in listed.json()] == [d.pk]
    revoke = f"{API}/delegations/{d.pk}/revoke"
    assert _post(revoke, None, token_for(chairman)).status_code == 200
    d.refresh_from_db()
    assert d.revoked_at is not None
    assert AuditEntry.objects.filter(action="cases.delegation_revoke").count() == 1
    again = _post(revoke, None, token_for(chairman))
    assert again.status_code == 409
    assert again.json()["message"] == _vi("This delegation was already revoked.")


def test_delegations_through_a_session_need_csrf(
    commune: Any, chairman: Any, officer: Any, browser_as: Any
) -> None:
    url = f"{API}/units/{commune.code}/delegations"
    session = browser_as(chairman)
    assert session.post(url, _grant_body(officer), content_type="application/json").status_code == 403
    assert not Delegation.objects.exists()
    assert session.api("post", url, _grant_body(officer)).status_code == 201
    d = Delegation.objects.get()
    revoke = f"{API}/delegations/{d.pk}/revoke"
    assert session.post(revoke, content_type="application/json").status_code == 403
    assert session.api("post", revoke).status_code == 200


def test_only_the_chairman_of_the_unit_manages_its_delegations(
    commune: Any, chairman: Any, officer: Any, other_chairman: Any, token_for: Any
) -> None:
    url = f"{API}/units/{commune.code}/delegations"
    for person in (officer, other_chairman):
        assert Client().get(url, **token_for(person)).status_code == 404
        assert _post(url, _grant_body(officer), token_for(person)).status_code == 404
    assert not Delegation.objects.exists()
    d = services.delegation_grant(
        by=chairman, unit=commune, delegate=officer, valid_from=timezone.localdate()
    )
    for person in (officer, other_chairman):
        assert _post(f"{API}/delegations/{d.pk}/revoke", None, token_for(person)).status_code == 404
    d.refresh_from_db()
    assert d.revoked_at is None
    assert _post(f"{API}/delegations/987654321/revoke", None, token_for(chairman)).status_code == 404


@pytest.mark.parametrize(
    "change,status,message",
    [
        (
            {"delegate_id": "outsider"},
            400,
            "The delegate must hold a role in this commune's People's Committee.",
        ),
        ({"delegate_id": "chairman"}, 400, "Delegate to someone else."),
        ({"valid_to": "2000-01-01"}, 400, "The end of the period is before its start."),
        ({"document": "x" * 301}, 422, ""),
        ({"valid_from": "hôm qua"}, 422, ""),
        ({"delegate_id": 0}, 422, ""),
    ],
)
def test_a_bad_delegation_is_refused(
    commune: Any,
    chairman: Any,
    officer: Any,
    outsider: Any,
    token_for: Any,
    change: dict[str, Any],
    status: int,
    message: str,
) -> None:
    people = {"outsider": outsider.pk, "chairman": chairman.pk}
    body = _grant_body(officer) | {
        k: people.get(v, v) if isinstance(v, str) else v for k, v in change.items()
    }
    r = _post(f"{API}/units/{commune.code}/delegations", body, token_for(chairman))
    assert r.status_code == status, r.content
    assert r.json()["message"] == _vi(message) if message else r.json()["message"]
    assert not Delegation.objects.exists()


def test_nul_bytes_in_the_deciding_document_are_refused_not_dropped(
    commune: Any, chairman: Any, officer: Any, token_for: Any
) -> None:
    body = _grant_body(officer, document="QĐ\x00 5")
    r = _post(f"{API}/units/{commune.code}/delegations", body, token_for(chairman))
    assert r.status_code == 400, r.content
    assert "NUL" in r.json()["message"] and not Delegation.objects.exists()
