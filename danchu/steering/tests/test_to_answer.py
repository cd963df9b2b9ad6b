"""The people who answer a steering committee's inspection for the inspected unit — an enterprise's
representative, an inspected commune's chairman — find the recommendations waiting for their written
answer on their own page and answer there; those of another unit that really exists see nothing of
them. A representative is not offered the committees' list, which they may not read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.steering import services
from danchu.steering.models import Recommendation

pytestmark = pytest.mark.django_db

ME = "/me/"


def _inspect(
    committee: Any, member: Any, *, units: list[Any], bodies: list[Any], text: str
) -> Recommendation:
    insp = services.inspection_plan(
        actor=member,
        committee=committee,
        title="Kiểm tra thực hiện dân chủ ở cơ sở",
        planned_on=dt.date.today(),
        units=units,
        bodies=bodies,
    )
    services.inspection_record(
        actor=member,
        inspection=insp,
        done_on=dt.date.today(),
        findings="Còn thiếu sót.",
        recommendations=[text],
    )
    return Recommendation.objects.get(inspection=insp)


@pytest.fixture
def enterprises(commune: Any) -> tuple[Any, Any]:
    return (
        BodyFactory(kind=Body.Kind.ENTERPRISE, name="Công ty TNHH Cà phê Krông Pắc", place=commune),
        BodyFactory(kind=Body.Kind.ENTERPRISE, name="Công ty CP Cao su Ea Kly", place=commune),
    )


def test_an_enterprise_representative_answers_on_their_own_page(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, enterprises: tuple[Any, Any]
) -> None:
    inspected, other = enterprises
    rep = person_with_role(Role.WORKPLACE_REP, commune, body=inspected, full_name="Trần Thị Mai")
    other_rep = person_with_role(Role.WORKPLACE_REP, commune, body=other, full_name="Lê Văn Cường")
    rec = _inspect(
        committee, steering_member, units=[], bodies=[inspected], text="Niêm yết biên bản đối thoại"
    )

    assert "Niêm yết biên bản đối thoại" not in browser_as(other_rep).get(ME).content.decode()
    client = browser_as(rep)
    page = client.get(ME).content.decode()
    assert "Kiến nghị của Ban Chỉ đạo chờ đơn vị trả lời" in page and "Niêm yết biên bản đối thoại" in page
    url = reverse("steering:recommendation_answer", args=[rec.pk])
    assert f'action="{url}"' in page

    assert client.post(url, {"answer": "x", "next": ME}).status_code == 403  # no CSRF token
    r = client.post_form(url, {"answer": "Đã niêm yết tại bảng tin nhà xưởng.", "next": ME})
    assert r.status_code == 302 and r["Location"] == ME
    rec.refresh_from_db()
    assert rec.answer == "Đã niêm yết tại bảng tin nhà xưởng." and rec.answered_by == rep
    assert "Niêm yết biên bản đối thoại" not in client.get(ME).content.decode()  # answered: off the list


def test_an_inspected_communes_chairman_sees_it_and_another_communes_does_not(
    browser_as: Any,
    committee: Any,
    steering_member: Any,
    commune: Any,
    other_commune: Any,
    chairman: Any,
) -> None:
    rec = _inspect(
        committee, steering_member, units=[(commune, "")], bodies=[], text="Công khai dự toán ngân sách xã"
    )
    other_chairman = person_with_role(Role.COMMUNE_CHAIRMAN, other_commune, full_name="Phan Văn Khác")
    assert "Công khai dự toán ngân sách xã" in browser_as(chairman).get(ME).content.decode()
    assert "Công khai dự toán ngân sách xã" not in browser_as(other_chairman).get(ME).content.decode()
    # A resolved recommendation waits for nobody.
    Recommendation.objects.filter(pk=rec.pk).update(status=Recommendation.Status.RESOLVED)
    assert "Công khai dự toán ngân sách xã" not in browser_as(chairman).get(ME).content.decode()


def test_a_representative_is_not_offered_the_committees_list(
    browser_as: Any, steering_member: Any, commune: Any, enterprises: tuple[Any, Any]
) -> None:
    rep = person_with_role(Role.WORKPLACE_REP, commune, body=enterprises[0], full_name="Trần Thị Mai")
    home = reverse("steering:home")
    assert f'href="{home}"' not in browser_as(rep).get("/office/").content.decode()
    assert f'href="{home}"' in browser_as(steering_member).get("/office/").content.decode()
