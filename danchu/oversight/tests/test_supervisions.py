"""A Front supervision goes from plan to answered recommendations (through the API, as a client would)."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.core.calendar import today
from danchu.core.models import AuditEntry
from danchu.oversight.models import Recommendation, Supervision

pytestmark = pytest.mark.django_db
BASE = "/api/v1/oversight"


@pytest.fixture
def province_front(province: Any) -> Body:
    return BodyFactory(
        kind=Body.Kind.FATHERLAND_FRONT, name="Ủy ban MTTQ Việt Nam tỉnh Đắk Lắk", place=province
    )


@pytest.fixture
def province_front_officer(province: Any, province_front: Body) -> Any:
    return person_with_role(
        Role.FRONT_OFFICER, province, body=province_front, full_name="Lê Thị Mặt Trận Tỉnh"
    )


def _post(client: Any, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"{BASE}{url}", body, content_type="application/json", **headers)


def test_front_supervision_from_plan_to_answered_recommendations(
    client: Any, token_for: Any, province_front: Body, province_front_officer: Any, steering_member: Any
) -> None:
    h = token_for(province_front_officer)
    day = today().isoformat()
    r = _post(
        client,
        f"/fronts/{province_front.pk}/supervisions",
        {
            "title": "Giám sát thực hiện QCDC ở cơ sở tại UBND các xã năm 2026",
            "topic": "grassroots_democracy",
            "supervised_body": "UBND xã Krông Pắc, UBND xã Ea Kly",
            "plan": "Đoàn giám sát làm việc với UBND 2 xã; kiểm tra hồ sơ công khai, tiếp công dân.",
            "planned_from": day,
            "planned_to": day,
            "members": "Phó Chủ tịch UBMTTQ tỉnh (trưởng đoàn); đại diện Hội Nông dân, Hội LHPN tỉnh",
            "coordinating": "Hội Nông dân, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên",
        },
        h,
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    # Recommendations come after the findings, not before.
    r = _post(client, f"/supervisions/{pk}/recommendations", {"addressee": "UBND xã", "content": "x"}, h)
    assert r.status_code == 409
    assert _post(client, f"/supervisions/{pk}/start", {}, h).status_code == 200
    r = _post(
        client,
        f"/supervisions/{pk}/conclude",
        {"findings": "Xã Ea Kly chưa niêm yết công khai dự toán ngân sách đúng thời hạn.", "public": True},
        h,
    )
    assert r.json()["status"] == "concluded"
    recs = [
        _post(client, f"/supervisions/{pk}/recommendations", {"addressee": who, "content": what}, h).json()[
            "id"
        ]
        for who, what in (
            ("Chủ tịch UBND xã Ea Kly", "Niêm yết công khai dự toán ngân sách năm 2026 tại trụ sở UBND xã."),
            (
                "Chủ tịch UBND xã Krông Pắc",
                "Bố trí lịch tiếp công dân định kỳ và công khai trên cổng thông tin.",
            ),
        )
    ]
    # Cannot close while recommendations are unanswered; cannot resolve before the answer.
    assert _post(client, f"/supervisions/{pk}/close", {}, h).status_code == 409
    assert _post(client, f"/recommendations/{recs[0]}/resolve", {"resolution": "xong"}, h).status_code == 409
    for rec in recs:
        r = _post(
            client,
            f"/recommendations/{rec}/answer",
            {"answer": "UBND xã đã thực hiện (Công văn số 45/UBND)."},
            h,
        )
        assert r.status_code == 200 and r.json()["answered_on_time"] is True
        assert (
            _post(
                client, f"/recommendations/{rec}/resolve", {"resolution": "Đã kiểm tra lại."}, h
            ).status_code
            == 200
        )
    r = _post(client, f"/supervisions/{pk}/close", {}, h)
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert Recommendation.objects.filter(supervision_id=pk, status="resolved").count() == 2
    assert AuditEntry.objects.filter(action__startswith="oversight.supervision_").count() == 4
    # The provincial steering committee reads it; the Front's list shows it.
    assert client.get(f"{BASE}/supervisions/{pk}", **token_for(steering_member)).status_code == 200
    assert [s["id"] for s in client.get(f"{BASE}/supervisions", **h).json()] == [pk]


def test_commune_front_cannot_run_the_province_supervision(
    client: Any, token_for: Any, province_front: Body, front_officer: Any, outsider: Any
) -> None:
    s = Supervision.objects.create(
        front=province_front,
        title="Giám sát",
        topic="land",
        supervised_body="Sở Nông nghiệp",
        plan="x",
        planned_from=today(),
        planned_to=today(),
    )
    assert _post(client, f"/supervisions/{s.pk}/start", {}, token_for(front_officer)).status_code in (
        403,
        404,
    )
    assert client.get(f"{BASE}/supervisions/{s.pk}", **token_for(outsider)).status_code == 404
    r = _post(client, f"/fronts/{province_front.pk}/supervisions", {}, token_for(front_officer))
    assert r.status_code in (404, 422)
    s.refresh_from_db()
    assert s.status == "planned"


def test_front_supervision_counts_by_level_and_topic(
    province_front: Body, province_front_officer: Any, front_officer: Any
) -> None:
    from danchu.oversight import services
    from danchu.oversight.indicators import _front

    commune_front = Body.objects.get(kind=Body.Kind.FATHERLAND_FRONT, place__level=3)
    for front, actor, topic in (
        (province_front, province_front_officer, "land"),
        (province_front, province_front_officer, "land"),
        (commune_front, front_officer, "social"),
    ):
        services.supervision_plan(
            actor=actor,
            front=front,
            data=services.SupervisionData(
                title="Giám sát",
                topic=topic,
                supervised_body="UBND",
                plan="Kế hoạch",
                planned_from=today(),
                planned_to=today(),
            ),
        )
    rows = {(b["level"], b["topic"]): n for _p, b, n in _front(start=today(), end=today())}
    assert rows == {("province", "land"): 2, ("commune", "social"): 1}


def test_a_supervision_is_not_closed_before_its_findings(
    client: Any, token_for: Any, province_front: Body, province_front_officer: Any
) -> None:
    import datetime as dt

    h = token_for(province_front_officer)
    day = today().isoformat()
    body = {"title": "Giám sát", "topic": "policy", "supervised_body": "UBND xã", "plan": "p"}
    pk = _post(
        client,
        f"/fronts/{province_front.pk}/supervisions",
        body | {"planned_from": day, "planned_to": day},
        h,
    ).json()["id"]
    assert _post(client, f"/supervisions/{pk}/start", {}, h).status_code == 200
    assert _post(client, f"/supervisions/{pk}/conclude", {"findings": "Đúng quy định."}, h).status_code == 200
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    r = _post(client, f"/supervisions/{pk}/close", {"on": yesterday}, h)
    assert r.status_code == 400 and r.json()["message"]
    s = Supervision.objects.get(pk=pk)
    assert s.status == Supervision.Status.CONCLUDED and s.closed_on is None
    assert _post(client, f"/supervisions/{pk}/close", {}, h).status_code == 200
