"""A committee member's page (issue #16 item 2): the committee's open tasks (overdue marked), the
reports waiting for it and the recommendations not yet resolved — and nothing of another province's
committee, nor for a citizen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.places.tests import factories as pf
from danchu.reporting import services as reporting
from danchu.reporting.defaults import install_defaults
from danchu.reporting.periods import Period
from danchu.steering import services
from danchu.steering.models import Recommendation
from danchu.steering.services.work import TaskData, task_assign, task_close


def _me(user: Any) -> str:
    c = Client()
    c.force_login(user)
    r = c.get("/me/", HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 200
    return r.content.decode()


def test_a_member_sees_the_committees_tasks_reports_and_open_recommendations(
    steering_member: Any, province: Any, commune: Any, officer: Any, citizen: Any
) -> None:
    body = Body.objects.get(kind=Body.Kind.STEERING_COMMITTEE, place=province)
    committee = services.committee_ensure(actor=None, body=body)
    today = dt.date.today()
    task_assign(
        actor=steering_member,
        committee=committee,
        data=TaskData(
            "Đôn đốc các xã tổ chức hội nghị nhân dân", today - dt.timedelta(days=3), owner_name="Văn phòng"
        ),
    )
    done = task_assign(
        actor=steering_member, committee=committee, data=TaskData("Việc đã xong", today, owner_name="Ban")
    )
    task_close(actor=steering_member, task=done, result="Đã hoàn thành")
    insp = services.inspection_plan(
        actor=steering_member,
        committee=committee,
        title="Kiểm tra thực hiện QCDC tại xã",
        planned_on=today - dt.timedelta(days=10),
        units=[(commune, "")],
    )
    services.inspection_record(
        actor=steering_member,
        inspection=insp,
        done_on=today - dt.timedelta(days=9),
        findings="Xã chưa niêm yết đủ nội dung công khai.",
        recommendations=["Niêm yết công khai dự toán ngân sách xã", "Kiến nghị đã giải quyết xong"],
    )
    services.recommendation_resolve(
        actor=steering_member, recommendation=Recommendation.objects.get(text="Kiến nghị đã giải quyết xong")
    )
    quarterly, _annual = install_defaults(province, body)
    sub = reporting.submission_open(form=quarterly, place=commune, period=Period.quarter(2025, 1))
    reporting.submission_save(
        actor=officer,
        submission=sub,
        raw={
            "adminreform.received": "10",
            "adminreform.resolved": "9",
            "adminreform.resolved_on_time": "9",
            "pib.matters_supervised": "1",
            "adminreform.communes_online": "1",
        },
    )
    reporting.submission_submit(actor=officer, submission=sub)
    draft = reporting.report_draft(
        actor=steering_member, place=province, period=Period.year(2025), committee=body
    )

    page = _me(steering_member)
    assert "Đôn đốc các xã tổ chức hội nghị nhân dân" in page and "quá hạn" in page
    assert "Việc đã xong" not in page
    assert "Niêm yết công khai dự toán ngân sách xã" in page
    assert "Kiến nghị đã giải quyết xong" not in page
    assert f"/reporting/forms/{quarterly.code}/{commune.code}/2025Q1/" in page
    assert f"/reporting/reports/{draft.pk}/" in page

    # Another province's member sees their own (empty) committee only; a citizen sees no committee.
    other = pf.province(code="67", name="Tỉnh Đắk Nông")
    other_body = BodyFactory(kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo tỉnh khác", place=other)
    services.committee_ensure(actor=None, body=other_body)
    foreign = person_with_role(Role.STEERING_MEMBER, other, body=other_body, full_name="Thành Viên Tỉnh Khác")
    page = _me(foreign)
    assert "Ban Chỉ đạo tỉnh khác" in page
    assert "Đôn đốc các xã" not in page and "Niêm yết công khai dự toán" not in page
    assert f"/reporting/reports/{draft.pk}/" not in page
    assert 'class="steering-mine"' not in _me(citizen)
