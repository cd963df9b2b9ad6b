"""Need-to-know (issue #9, DOMAIN.md §8): who sees what of a case, by case type, role and unit, with
real cases in the person's own commune and in another one — through the rules, the staff list, the
case page and the API alike."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.cases import services
from danchu.cases.models import Case
from danchu.cases.permissions import FULL, HANDLING, NOTHING, readable_cases, visibility
from danchu.core.access import can
from danchu.core.errors import Forbidden
from danchu.core.models import AuditEntry

from .conftest import denunciation_in

SECRET_TEXT = "Nội dung tố cáo bí mật"
ROLES = [
    "citizen",
    "village_head",
    "officer",
    "chairman",
    "front_officer",
    "board_member",
    "steering_member",
    "workplace_rep",
    "supervision_member",
    "outsider",
    "admin_user",
]
# What each role sees of a case of `commune` (own) — feedback, complaint, denunciation filed on the web.
OWN = {
    "citizen": (NOTHING, NOTHING, NOTHING),
    "village_head": (NOTHING, NOTHING, NOTHING),
    "officer": (FULL, FULL, NOTHING),  # a denunciation: only its receiver, handler and the chairman
    "chairman": (FULL, FULL, FULL),
    "front_officer": (HANDLING, HANDLING, HANDLING),
    "board_member": (HANDLING, HANDLING, HANDLING),
    "steering_member": (NOTHING, NOTHING, NOTHING),
    "workplace_rep": (NOTHING, NOTHING, NOTHING),
    "supervision_member": (NOTHING, NOTHING, NOTHING),
    "outsider": (NOTHING, NOTHING, NOTHING),  # officer of other_commune
    "admin_user": (FULL, FULL, HANDLING),
}
# The same cases filed in `other_commune` (foreign to everyone above but the outsider).
FOREIGN = {role: (NOTHING, NOTHING, NOTHING) for role in ROLES} | {
    "outsider": (FULL, FULL, NOTHING),
    "admin_user": (FULL, FULL, HANDLING),
}


@pytest.fixture
def three_cases(request: Any, file_case: Any, citizen: Any, officer: Any) -> Any:
    def make(place: Any) -> list[Case]:
        feedback = file_case(place=place, title="Phản ánh đường hỏng", description="Nội dung phản ánh riêng.")
        complaint = file_case(
            place=place,
            case_type_key="complaint",
            submitter=citizen,
            contested_decision="QĐ 15/QĐ-UBND",
            title="Khiếu nại bồi thường",
            description="Nội dung khiếu nại riêng.",
        )
        return [feedback, complaint, denunciation_in(place, citizen)]

    return make


def _page_level(client: Any, case: Case) -> str:
    response = client.get(f"/cases/office/{case.tracking_code}/")
    if response.status_code == 404:
        return NOTHING
    assert response.status_code == 200
    body = response.content.decode()
    if 'id="handling-only"' in body:
        assert case.description not in body and case.title not in body
        return HANDLING
    assert case.description in body
    return FULL


def _api_level(client: Any, case: Case) -> str:
    response = client.get(f"/api/v1/cases/{case.tracking_code}")
    if response.status_code in (403, 404):
        return NOTHING
    data = response.json()
    if not data["content_visible"]:
        assert data["title"] is None and data["description"] is None
        return HANDLING
    assert data["description"] == case.description
    return FULL


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "foreign"])
def test_who_sees_what_of_each_case_type_in_own_and_foreign_units(
    request: Any, role: str, where: str, three_cases: Any, client_as: Any, village: Any, foreign_village: Any
) -> None:
    person = request.getfixturevalue(role)
    cases = three_cases(village if where == "own" else foreign_village)
    expected = (OWN if where == "own" else FOREIGN)[role]
    client = client_as(person)
    listed = client.get("/cases/office/?state=").content.decode()
    api_listed = client.get("/api/v1/cases/?state=")
    api_codes = {c["tracking_code"] for c in api_listed.json()} if api_listed.status_code == 200 else set()
    for case, want in zip(cases, expected, strict=True):
        label = f"{role} / {case.case_type} / {where}"
        assert visibility(person, case) == want, label
        assert can(person, "cases.read_case", case) is (want != NOTHING), label
        assert can(person, "cases.read_content", case) is (want == FULL), label
        assert readable_cases(person).filter(pk=case.pk).exists() is (want != NOTHING), label
        assert _page_level(client, case) == want, label
        assert _api_level(client, case) == want, label
        assert (case.tracking_code in listed) is (want != NOTHING), label
        assert (case.tracking_code in api_codes) is (want != NOTHING), label
        if want != FULL:
            assert case.description not in listed, label
    assert SECRET_TEXT not in listed or expected[2] == FULL


def test_nobody_assigns_a_denunciation_to_themselves(citizen, village, officer, chairman):
    case = denunciation_in(village, citizen)
    with pytest.raises(Forbidden):
        services.case_assign(case=case, by=officer, handler=officer)  # not the chairman
    with pytest.raises(Forbidden):
        services.case_assign(case=case, by=chairman, handler=chairman)
    services.case_assign(case=case, by=chairman, handler=officer)
    assert visibility(officer, case) == FULL and can(officer, "cases.reveal_identity", case)
    assert not can(chairman, "cases.reveal_identity", case)


def test_an_officer_cannot_take_a_denunciation_through_the_page_or_the_api(
    citizen, village, officer, browser_as, token_for
):
    case = denunciation_in(village, citizen)
    page = browser_as(officer).post_form(
        f"/cases/office/{case.tracking_code}/assign/", {"handler": officer.pk}
    )
    assert page.status_code == 404
    from django.test import Client

    api = Client().post(
        f"/api/v1/cases/{case.tracking_code}/assign",
        {"handler_id": officer.pk},
        content_type="application/json",
        **token_for(officer),
    )
    assert api.status_code == 404
    case.refresh_from_db()
    assert case.handler is None


def test_revealing_needs_a_reason_and_every_refused_attempt_is_audited(
    citizen, village, officer, chairman, outsider, client_as
):
    case = denunciation_in(village, citizen)
    services.case_assign(case=case, by=chairman, handler=officer)
    url = f"/cases/office/{case.tracking_code}/identity/"
    refused = AuditEntry.objects.filter(action="cases.identity_refused")
    # The chairman reads the case but may not reveal; an officer of another commune does not even see it.
    response = client_as(chairman).post(url, {"reason": "Muốn biết người tố cáo"})
    assert response.status_code == 403 and "Chỉ người được phân công giải quyết" in response.content.decode()
    assert citizen.full_name not in response.content.decode()
    assert client_as(outsider).post(url, {"reason": "Muốn biết người tố cáo"}).status_code == 404
    assert refused.count() == 2
    assert set(refused.values_list("actor_id", flat=True)) == {chairman.pk, outsider.pk}
    # The handler must state a reason; the reading is audited with it.
    response = client_as(officer).post(url, {"reason": ""})
    assert (
        response.status_code == 400 and not AuditEntry.objects.filter(action="cases.identity_read").exists()
    )
    assert "Nêu lý do cần biết danh tính người tố cáo" in response.content.decode()
    assert citizen.full_name not in response.content.decode()
    response = client_as(officer).post(url, {"reason": "Mời người tố cáo đến bổ sung chứng cứ"})
    assert citizen.full_name in response.content.decode()
    read = AuditEntry.objects.get(action="cases.identity_read")
    assert read.actor == officer and "bổ sung chứng cứ" in str(read.after)


def test_the_denouncers_session_holds_no_link_to_the_denunciation(client_as, citizen, village):
    from django.contrib.sessions.models import Session

    from .test_intake import _post

    client = client_as(citizen)
    response = _post(client, village, case_type="denunciation", denounced="Trưởng thôn")
    assert response.status_code == 302
    code = Case.objects.get().tracking_code
    assert code in response["Location"]  # shown once to the person, from the URL
    for session in Session.objects.all():
        assert code not in str(session.get_decoded())
    # No table but the vault links the account and the case.
    assert Case.objects.get().submitter is None
    assert not AuditEntry.objects.filter(actor=citizen).exists()


def test_the_cases_menu_is_offered_only_to_roles_that_see_cases(
    officer, chairman, front_officer, board_member, admin_user, steering_member, workplace_rep, village_head
):
    from danchu.cases.permissions import sees_cases

    for person in (officer, chairman, front_officer, board_member, admin_user):
        assert sees_cases(person)
    for person in (steering_member, workplace_rep, village_head):
        assert not sees_cases(person)
