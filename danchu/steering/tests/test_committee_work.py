"""Programmes and inspections from the committee page and the API, across the cast:
the committee's member acts, staff above or at its place read, a commune officer (below the province,
not reading upwards), a citizen and another province's member get nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.core.models import AuditEntry
from danchu.places.tests import factories as pf
from danchu.reporting.periods import Period
from danchu.reporting.queries import values
from danchu.reporting.rollup import refresh
from danchu.steering import services
from danchu.steering.models import Inspection, Programme, Recommendation


@pytest.fixture
def province_reader(province: Any) -> Any:
    """Staff at the committee's place who is not one of its members: reads, does not act."""
    return person_with_role(Role.FRONT_OFFICER, province, full_name="Cán Bộ Mặt Trận Tỉnh")


@pytest.fixture
def foreign_member(db: Any) -> Any:
    other = pf.province(code="67", name="Tỉnh Đắk Nông")
    body = BodyFactory(kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo tỉnh khác", place=other)
    return person_with_role(Role.STEERING_MEMBER, other, body=body, full_name="Thành Viên Tỉnh Khác")


def _url(name: str, *args: Any) -> str:
    return reverse(f"steering:{name}", args=args)


def _programme_post(commune: Any = None, **over: str) -> dict[str, str]:
    return {
        "title": "Kế hoạch thực hiện QCDC năm 2025",
        "start_on": "2025-01-01",
        "end_on": "2025-12-31",
        "reference": "72/KH-BCĐ",
        "targets": "100% xã ban hành quy chế",
        **over,
    }


def _inspection_post(commune: Any, **over: Any) -> dict[str, Any]:
    return {
        "title": "Kiểm tra QCDC",
        "planned_on": "2025-05-01",
        "planned_until": "2025-05-15",
        "units": [commune.code],
        "content": "Việc công khai thủ tục hành chính",
        **over,
    }


# --- The page -------------------------------------------------------------------------------------


def test_member_creates_a_programme_on_the_page_and_marks_it_done(
    committee: Any, client_as: Any, steering_member: Any
) -> None:
    c = client_as(steering_member)
    r = c.post(_url("programme_create", committee.pk), _programme_post())
    assert r.status_code == 302
    p = Programme.objects.get()
    assert (p.year, p.start_on, p.reference, p.status) == (2025, dt.date(2025, 1, 1), "72/KH-BCĐ", "active")
    page = c.get(_url("committee", committee.pk)).content.decode()
    assert "Kế hoạch thực hiện QCDC năm 2025" in page and "100% xã ban hành quy chế" in page
    assert c.post(_url("programme_complete", committee.pk, p.pk)).status_code == 302
    p.refresh_from_db()
    assert p.status == Programme.Status.DONE and p.done_on is not None
    assert AuditEntry.objects.filter(action="steering.programme_complete").exists()
    again = c.post(_url("programme_complete", committee.pk, p.pk))
    assert again.status_code == 409 and "đã được đánh dấu hoàn thành" in again.content.decode()


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"end_on": "2024-12-31"}, "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"title": "   "}, "Hãy đặt tên cho chương trình."),
    ],
)
def test_bad_programme_is_refused_in_vietnamese_and_nothing_saved(
    committee: Any, client_as: Any, steering_member: Any, over: dict[str, str], message: str
) -> None:
    r = client_as(steering_member).post(_url("programme_create", committee.pk), _programme_post(**over))
    assert r.status_code == 400
    assert message in r.content.decode() or "Trường này là bắt buộc." in r.content.decode()
    assert not Programme.objects.exists()


def test_member_plans_an_inspection_records_findings_and_resolves_a_recommendation(
    committee: Any, client_as: Any, steering_member: Any, commune: Any, other_commune: Any
) -> None:
    c = client_as(steering_member)
    page = c.get(_url("committee", committee.pk)).content.decode()
    assert commune.name in page and 'id="inspection-form"' in page
    r = c.post(
        _url("inspection_plan", committee.pk),
        _inspection_post(commune, units=[commune.code, other_commune.code]),
    )
    assert r.status_code == 302
    insp = Inspection.objects.get()
    assert sorted(u.place.code for u in insp.units.all()) == sorted([commune.code, other_commune.code])
    r = c.post(
        _url("inspection_record", committee.pk, insp.pk),
        {
            "done_on": "2025-05-10",
            "findings": "Cơ bản tốt",
            "recommendations": "Niêm yết đủ\n\nBáo cáo đúng hạn",
        },
    )
    assert r.status_code == 302
    insp.refresh_from_db()
    assert insp.status == Inspection.Status.DONE and insp.findings == "Cơ bản tốt"
    recs = list(insp.recommendations.all())
    assert [x.text for x in recs] == ["Niêm yết đủ", "Báo cáo đúng hạn"]
    r = c.post(_url("recommendation_resolve", committee.pk, recs[0].pk), {"resolution": "Đã niêm yết"})
    assert r.status_code == 302
    recs[0].refresh_from_db()
    assert recs[0].status == Recommendation.Status.RESOLVED and recs[0].resolution == "Đã niêm yết"
    page = c.get(_url("committee", committee.pk)).content.decode()
    assert "đã giải quyết" in page and "chưa giải quyết" in page
    assert AuditEntry.objects.filter(action="steering.recommendation_resolve").count() == 1


def test_inspection_of_a_unit_outside_the_committees_area_is_refused(
    committee: Any, client_as: Any, steering_member: Any, commune: Any, foreign_member: Any
) -> None:
    foreign_commune = pf.commune(foreign_member.memberships.get().place, code="24500", name="Xã Ngoài")
    r = client_as(steering_member).post(
        _url("inspection_plan", committee.pk),
        _inspection_post(commune, units=[commune.code, foreign_commune.code]),
    )
    assert r.status_code == 400
    assert "không thuộc địa bàn của Ban Chỉ đạo" in r.content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"planned_until": "2025-04-01"}, "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"title": " "}, "Hãy đặt tên cho cuộc kiểm tra."),
    ],
)
def test_bad_inspection_is_refused_in_vietnamese(
    committee: Any, client_as: Any, steering_member: Any, commune: Any, over: dict[str, str], message: str
) -> None:
    r = client_as(steering_member).post(
        _url("inspection_plan", committee.pk), _inspection_post(commune, **over)
    )
    body = r.content.decode()
    assert r.status_code == 400 and (message in body or "Trường này là bắt buộc." in body)
    assert not Inspection.objects.exists()


def test_findings_before_the_planned_date_are_refused(
    committee: Any, client_as: Any, steering_member: Any, commune: Any
) -> None:
    insp = services.inspection_plan(
        actor=steering_member,
        committee=committee,
        title="K",
        planned_on=dt.date(2025, 5, 1),
        units=[(commune, "")],
    )
    r = client_as(steering_member).post(
        _url("inspection_record", committee.pk, insp.pk), {"done_on": "2025-04-01", "findings": "Tốt"}
    )
    assert r.status_code == 400 and "trước ngày đã lên kế hoạch" in r.content.decode()
    insp.refresh_from_db()
    assert insp.status == Inspection.Status.PLANNED and not Recommendation.objects.exists()


def test_reader_sees_the_work_without_forms_and_cannot_write(
    committee: Any, client_as: Any, steering_member: Any, province_reader: Any, commune: Any
) -> None:
    services.programme_create(
        actor=steering_member, committee=committee, title="Chương trình 2025", year=2025
    )
    c = client_as(province_reader)
    page = c.get(_url("committee", committee.pk))
    assert page.status_code == 200 and "Chương trình 2025" in page.content.decode()
    assert 'id="programme-form"' not in page.content.decode()
    assert c.post(_url("programme_create", committee.pk), _programme_post()).status_code == 403
    assert c.post(_url("inspection_plan", committee.pk), _inspection_post(commune)).status_code == 403
    assert Programme.objects.count() == 1 and not Inspection.objects.exists()


@pytest.mark.parametrize("who", ["officer", "citizen", "foreign_member"])
def test_others_get_404_on_the_page_and_its_forms(
    committee: Any, client_as: Any, request: pytest.FixtureRequest, who: str, commune: Any
) -> None:
    """A commune officer reads downwards only; a citizen and another province's member have no scope."""
    c = client_as(request.getfixturevalue(who))
    assert c.get(_url("committee", committee.pk)).status_code == 404
    assert c.post(_url("programme_create", committee.pk), _programme_post()).status_code == 404
    assert c.post(_url("inspection_plan", committee.pk), _inspection_post(commune)).status_code == 404
    assert not Programme.objects.exists() and not Inspection.objects.exists()


def test_what_the_page_creates_is_counted_by_the_indicator(
    committee: Any, client_as: Any, steering_member: Any, commune: Any, other_commune: Any, province: Any
) -> None:
    c = client_as(steering_member)
    c.post(
        _url("inspection_plan", committee.pk),
        _inspection_post(commune, units=[commune.code, other_commune.code]),
    )
    insp = Inspection.objects.get()
    c.post(_url("inspection_record", committee.pk, insp.pk), {"done_on": "2025-05-10", "findings": "Tốt"})
    refresh(period=Period.year(2025))
    assert values("steering.units_inspected", province, Period.year(2025)).value == 2
    assert values("steering.units_inspected", commune, Period.year(2025)).value == 1


# --- The API --------------------------------------------------------------------------------------


def _api(client: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    url = f"/api/v1/steering{path}"
    if body is None:
        return client.get(url)
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_member_creates_and_lists_programmes_and_inspections(
    committee: Any, client_as: Any, steering_member: Any, commune: Any
) -> None:
    c = client_as(steering_member)
    r = _api(c, f"/committees/{committee.pk}/programmes", _programme_post())
    assert r.status_code == 201 and r.json()["status"] == "active"
    pid = r.json()["id"]
    assert _api(c, f"/committees/{committee.pk}/programmes/{pid}/done", {}).json()["status"] == "done"
    assert [p["id"] for p in _api(c, f"/committees/{committee.pk}/programmes").json()] == [pid]

    r = _api(c, f"/committees/{committee.pk}/inspections", _inspection_post(commune))
    assert r.status_code == 201 and r.json()["units"] == [commune.code]
    iid = r.json()["id"]
    r = _api(
        c,
        f"/committees/{committee.pk}/inspections/{iid}/findings",
        {"done_on": "2025-05-10", "findings": "Tốt", "recommendations": ["Báo cáo đúng hạn"]},
    )
    assert r.status_code == 200 and r.json()["status"] == "done"
    rid = r.json()["recommendations"][0]["id"]
    r = _api(c, f"/committees/{committee.pk}/recommendations/{rid}/resolve", {"resolution": "Xong"})
    assert r.json()["status"] == "resolved"
    listed = _api(c, f"/committees/{committee.pk}/inspections").json()
    assert listed[0]["recommendations"][0]["status"] == "resolved"


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("programmes", _programme_post(end_on="2024-01-01"), "Ngày kết thúc không được trước ngày bắt đầu."),
        ("programmes", _programme_post(title=""), "Hãy đặt tên cho chương trình."),
        (
            "inspections",
            {"title": "", "planned_on": "2025-05-01", "units": ["24181"]},
            "Hãy đặt tên cho cuộc kiểm tra.",
        ),
        (
            "inspections",
            {"title": "K", "planned_on": "2025-05-01", "units": ["99999"]},
            "Không có địa bàn mã: 99999.",
        ),
    ],
)
def test_api_bad_input_is_a_vietnamese_400_and_nothing_saved(
    committee: Any, client_as: Any, steering_member: Any, commune: Any, path: str, body: Any, message: str
) -> None:
    r = _api(client_as(steering_member), f"/committees/{committee.pk}/{path}", body)
    assert r.status_code == 400 and r.json()["message"] == message
    assert not Programme.objects.exists() and not Inspection.objects.exists()


def test_api_unit_outside_the_area_is_refused(
    committee: Any, client_as: Any, steering_member: Any, commune: Any, foreign_member: Any
) -> None:
    foreign_commune = pf.commune(foreign_member.memberships.get().place, code="24500", name="Xã Ngoài")
    r = _api(
        client_as(steering_member),
        f"/committees/{committee.pk}/inspections",
        _inspection_post(commune, units=[foreign_commune.code]),
    )
    assert r.status_code == 400 and "Xã Ngoài" in r.json()["message"]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("province_reader", 200, 403),
        ("officer", 404, 404),
        ("foreign_member", 404, 404),
        ("citizen", 403, 403),
    ],
)
def test_api_scope_across_the_cast(
    committee: Any,
    client_as: Any,
    request: pytest.FixtureRequest,
    commune: Any,
    who: str,
    read: int,
    write: int,
) -> None:
    c = client_as(request.getfixturevalue(who))
    for kind, body in (("programmes", _programme_post()), ("inspections", _inspection_post(commune))):
        assert _api(c, f"/committees/{committee.pk}/{kind}").status_code == read
        assert _api(c, f"/committees/{committee.pk}/{kind}", body).status_code == write
    assert not Programme.objects.exists() and not Inspection.objects.exists()
