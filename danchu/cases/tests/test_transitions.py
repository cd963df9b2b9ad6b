from __future__ import annotations

import json

from danchu.cases import services


def test_step_not_allowed_from_current_state_answers_409_naming_the_state(client_as, officer, file_case):
    case = file_case()
    c = client_as(officer)
    response = c.post(f"/api/v1/cases/{case.tracking_code}/close", content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert "đã tiếp nhận" in body["message"] or "received" in body["message"]


def test_staff_workflow_through_the_api(client_as, officer, chairman, file_case, other_commune):
    case = file_case()
    c = client_as(officer)
    code = case.tracking_code
    assert (
        c.post(f"/api/v1/cases/{code}/accept", "{}", content_type="application/json").json()["state"]
        == "accepted"
    )
    r = c.post(
        f"/api/v1/cases/{code}/assign",
        json.dumps({"handler_id": officer.pk}),
        content_type="application/json",
    )
    assert r.json()["state"] == "in_progress"
    r = c.post(
        f"/api/v1/cases/{code}/respond", json.dumps({"body": "Đã sửa"}), content_type="application/json"
    )
    assert r.json()["state"] == "drafted"
    r = client_as(chairman).post(f"/api/v1/cases/{code}/sign", "{}", content_type="application/json")
    assert r.json()["state"] == "resolved"
    assert c.post(f"/api/v1/cases/{code}/close", content_type="application/json").json()["state"] == "closed"
    r = c.post(
        f"/api/v1/cases/{code}/reopen",
        json.dumps({"reason": "Người dân phản hồi chưa sửa xong"}),
        content_type="application/json",
    )
    assert r.json()["state"] == "in_progress"


def test_outsider_cannot_see_or_act_on_a_case(client_as, outsider, file_case):
    case = file_case()
    c = client_as(outsider)
    assert c.get(f"/api/v1/cases/{case.tracking_code}").status_code == 404
    assert (
        c.post(
            f"/api/v1/cases/{case.tracking_code}/accept", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert c.get(f"/cases/office/{case.tracking_code}/").status_code == 404


def test_transfer_tells_the_citizen_who_holds_the_case(client_as, officer, file_case, other_commune):
    case = file_case(anonymous=False, identity=services.Identity(name="Dân", email="dan@example.vn"))
    from django.core import mail

    mail.outbox.clear()
    services.case_transfer(case=case, by=officer, to_unit=other_commune, reason="Thuộc địa bàn xã Ea Kly")
    assert case.unit == other_commune
    assert any(other_commune.name in m.body for m in mail.outbox)
    page = client_as(officer).get(f"/cases/track/{case.tracking_code}/").content.decode()
    assert other_commune.name in page


def test_merge_through_the_api_and_public_reception_schedule(client_as, client, officer, file_case, commune):
    import datetime as dt

    first, dup = file_case(), file_case()
    r = client_as(officer).post(
        f"/api/v1/cases/{dup.tracking_code}/merge",
        json.dumps({"other_code": first.tracking_code}),
        content_type="application/json",
    )
    assert r.json()["state"] == "merged"
    services.reception_slot_add(
        unit=commune,
        by=officer,
        date=dt.date.today() + dt.timedelta(days=3),
        leader_name="Hoàng Văn Chủ Tịch",
    )
    rows = client.get(f"/api/v1/cases/reception/{commune.code}").json()
    assert rows[0]["leader_name"] == "Hoàng Văn Chủ Tịch"
