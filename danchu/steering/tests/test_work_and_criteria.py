"""The committee's own work: giao ban tasks closed only with a result and reminded; assignments on
the commune's page; inspections notify the inspected enterprise, which answers in writing; bright
spots and models recognised only with evidence for every criterion; awards split and counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.core.errors import DomainError
from danchu.steering import services
from danchu.steering.models import Award, BrightSpot, EmulationModel, Recommendation, Task
from danchu.steering.services import criteria, work

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise_body(commune: Any) -> Any:
    return BodyFactory(kind=Body.Kind.ENTERPRISE, name="Công ty TNHH Cà phê Krông Pắc", place=commune)


@pytest.fixture
def enterprise_rep(enterprise_body: Any, commune: Any) -> Any:
    return person_with_role(Role.WORKPLACE_REP, commune, body=enterprise_body, full_name="Trần Thị Mai")


def _briefing(committee: Any, member: Any) -> Any:
    return work.briefing_hold(
        actor=member,
        committee=committee,
        held_on=dt.date.today() - dt.timedelta(days=5),
        conclusions="Đôn đốc các doanh nghiệp chưa tổ chức hội nghị người lao động.",
        tasks=[
            work.TaskData(
                title="Làm việc với doanh nghiệp chưa tổ chức hội nghị",
                deadline=dt.date.today() + dt.timedelta(days=2),
                owner=member,
                owner_name=str(member),
            )
        ],
    )


def test_a_task_cannot_be_closed_without_a_result(committee: Any, steering_member: Any) -> None:
    task = _briefing(committee, steering_member).tasks.get()
    with pytest.raises(DomainError):
        work.task_close(actor=steering_member, task=task, result="   ")
    task.refresh_from_db()
    assert task.state == Task.State.OPEN
    work.task_close(actor=steering_member, task=task, result="Hai doanh nghiệp đã đăng ký lịch hội nghị.")
    task.refresh_from_db()
    assert task.state == Task.State.DONE and task.on_time


def test_closing_a_task_on_the_page_without_result_changes_nothing(
    browser_as: Any, committee: Any, steering_member: Any
) -> None:
    task = _briefing(committee, steering_member).tasks.get()
    client = browser_as(steering_member)
    url = reverse("steering:task_close", args=[task.pk])
    assert client.post(url, {"result": "x"}).status_code == 403  # no CSRF token
    r = client.post_form(url, {"result": ""}, HTTP_REFERER="http://testserver/steering/")
    assert r.status_code == 400 and "Không thể kết thúc nhiệm vụ khi chưa ghi kết quả." in r.content.decode()
    assert 'class="error-message"' not in r.content.decode()  # the steering page again, not the error page
    assert Task.objects.get().state == Task.State.OPEN
    assert client.post_form(url, {"result": "Đã hoàn thành"}).status_code == 302
    assert Task.objects.get().result == "Đã hoàn thành"


def test_another_committees_task_is_404(
    client_as: Any, committee: Any, steering_member: Any, db: Any
) -> None:
    from danchu.places.tests import factories as pf

    task = _briefing(committee, steering_member).tasks.get()
    other = pf.province(code="67", name="Tỉnh Đắk Nông")
    body = BodyFactory(kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo tỉnh khác", place=other)
    foreign = person_with_role(Role.STEERING_MEMBER, other, body=body)
    r = client_as(foreign).post(reverse("steering:task_close", args=[task.pk]), {"result": "xong"})
    assert r.status_code == 404 and Task.objects.get().state == Task.State.OPEN


def test_owners_are_reminded_of_tasks_due_soon_once_a_day(
    committee: Any, steering_member: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _briefing(committee, steering_member)
    with django_capture_on_commit_callbacks(execute=True):
        assert work.remind_tasks() == 1
        assert work.remind_tasks() == 0
    assert len(mailoutbox) == 1


def test_a_reminder_is_written_in_the_owners_language_not_the_jobs(
    committee: Any, steering_member: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils import translation

    _briefing(committee, steering_member)
    type(steering_member).objects.filter(pk=steering_member.pk).update(language="en")
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):  # the job's language
        assert work.remind_tasks() == 1
    (message,) = mailoutbox
    assert message.subject.startswith("Task due on "), message.subject
    assert "assigned you this task" in message.body


def test_the_briefing_form_sets_tasks_and_refuses_a_bad_line(
    browser_as: Any, committee: Any, steering_member: Any
) -> None:
    client = browser_as(steering_member)
    url = reverse("steering:briefing_hold", args=[committee.pk])
    data = {"held_on": dt.date.today().isoformat(), "conclusions": "Kết luận giao ban quý IV."}
    r = client.post_form(url, {**data, "tasks": "Chỉ một cột"}, HTTP_REFERER="http://testserver/steering/")
    assert r.status_code == 400 and not committee.briefings.exists()
    page = r.content.decode()
    assert "Dòng nhiệm vụ 1: hãy ghi “nhiệm vụ; người thực hiện; thời hạn”." in page
    line = f"Tổng hợp báo cáo năm; {steering_member.full_name}; {dt.date.today() + dt.timedelta(days=9)}"
    assert client.post_form(url, {**data, "tasks": line}).status_code == 302
    assert Task.objects.get().owner == steering_member


def test_assignments_show_on_the_communes_page(
    client_as: Any, committee: Any, steering_member: Any, commune: Any, citizen: Any
) -> None:
    work.assignment_add(
        actor=steering_member, committee=committee, person=steering_member, position="Ủy viên", place=commune
    )
    url = reverse("steering:place_assignments", args=[commune.code])
    page = client_as(steering_member).get(url).content.decode()
    assert "Ủy viên" in page and steering_member.full_name in page
    assert client_as(citizen).get(url).status_code == 404


def test_only_a_member_can_be_assigned(
    committee: Any, steering_member: Any, officer: Any, commune: Any
) -> None:
    with pytest.raises(DomainError):
        work.assignment_add(
            actor=steering_member, committee=committee, person=officer, position="Ủy viên", place=commune
        )


def test_an_inspection_notifies_the_enterprise_which_answers_in_writing(
    browser_as: Any,
    client_as: Any,
    committee: Any,
    steering_member: Any,
    enterprise_body: Any,
    enterprise_rep: Any,
    officer: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        insp = services.inspection_plan(
            actor=steering_member,
            committee=committee,
            title="Kiểm tra thực hiện dân chủ ở doanh nghiệp",
            planned_on=dt.date.today(),
            units=[],
            bodies=[enterprise_body],
        )
    assert len(mailoutbox) == 1 and "Kiểm tra" in mailoutbox[0].subject
    services.inspection_record(
        actor=steering_member,
        inspection=insp,
        done_on=dt.date.today(),
        findings="Chưa niêm yết biên bản đối thoại.",
        recommendations=["Niêm yết công khai biên bản đối thoại"],
    )
    rec = Recommendation.objects.get()
    url = reverse("steering:recommendation_answer", args=[rec.pk])
    assert client_as(officer).post(url, {"answer": "Không phải đơn vị tôi"}).status_code == 404
    r = browser_as(enterprise_rep).post_form(
        url, {"answer": "Đã niêm yết tại bảng tin.", "next": "https://evil.example/"}
    )
    assert r.status_code == 302 and r["Location"] == "/workplaces/"
    rec.refresh_from_db()
    assert rec.answer == "Đã niêm yết tại bảng tin." and rec.answered_by == enterprise_rep


def test_a_bright_spot_is_not_recognised_while_a_criterion_lacks_evidence(
    committee: Any, steering_member: Any, commune: Any
) -> None:
    spot = services.bright_spot_register(
        actor=steering_member,
        committee=committee,
        place=commune,
        name="Đối thoại định kỳ của Chủ tịch xã với Nhân dân",
        address="Trụ sở UBND xã",
        field=BrightSpot.Field.GOVERNMENT_MOBILISATION,
    )
    for to, note in (("planned", "Kế hoạch"), ("implementing", ""), ("evaluated", "Đạt")):
        services.bright_spot_advance(actor=steering_member, spot=spot, to=to, note=note)
    items = criteria.criteria_for("dvcq")
    assert items and all(c.kind == "dvcq" for c in items)
    qcdc = criteria.criteria_for("qcdc")[0]
    with pytest.raises(DomainError):  # a criterion of another kind
        criteria.evidence_add(actor=steering_member, criterion=qcdc, text="x", bright_spot=spot)
    for c in items[:-1]:
        criteria.evidence_add(actor=steering_member, criterion=c, text="Biên bản đối thoại", bright_spot=spot)
    with pytest.raises(DomainError, match=items[-1].text[:20]):
        services.bright_spot_advance(actor=steering_member, spot=spot, to="recognised")
    criteria.evidence_add(
        actor=steering_member, criterion=items[-1], text="Kết quả khảo sát", figure="92%", bright_spot=spot
    )
    services.bright_spot_advance(actor=steering_member, spot=spot, to="recognised")
    assert BrightSpot.objects.get().status == "recognised"


def test_a_model_is_not_recognised_without_evidence(steering_member: Any, commune: Any) -> None:
    m = services.model_register(
        actor=steering_member,
        place=commune,
        name="Vận động hiến đất làm đường",
        field=EmulationModel.Field.ECONOMIC,
        year=2026,
    )
    with pytest.raises(DomainError):
        services.model_recognise(actor=steering_member, model=m, level="cấp tỉnh")
    for c in criteria.criteria_for("dvk"):
        criteria.evidence_add(
            actor=steering_member, criterion=c, text="1,2 km đường bê tông", emulation_model=m
        )
    assert services.model_recognise(actor=steering_member, model=m, level="cấp tỉnh").status == "recognised"


def test_awards_are_split_by_collective_and_individual(steering_member: Any, commune: Any) -> None:
    for kind, who in (
        ("collective", "Nhân dân thôn 1"),
        ("individual", "Ông Y Khu Niê"),
        ("individual", "Bà Hạnh"),
    ):
        services.award_grant(
            actor=steering_member,
            kind="giay_khen",
            recipient=who,
            place=commune,
            reason="Thành tích QCDC",
            issuer="UBND tỉnh",
            issued_on=dt.date(2025, 12, 1),
            recipient_kind=kind,
            field="qcdc",
        )
    assert Award.objects.filter(recipient_kind="collective").count() == 1
    assert Award.objects.filter(recipient_kind="individual").count() == 2
    with pytest.raises(DomainError):
        services.award_grant(
            actor=steering_member,
            kind="giay_khen",
            recipient="X",
            place=commune,
            reason="Y",
            issuer="UBND tỉnh",
            issued_on=dt.date(2025, 12, 1),
            recipient_kind="group",
        )


def test_the_public_list_counts_kinds_separately(client: Any, committee: Any, commune: Any) -> None:
    for field in ("qcdc", "government_mobilisation", "qcdc"):
        BrightSpot.objects.create(
            committee=committee,
            place=commune,
            name=f"Điểm sáng {field}",
            address="Xã Krông Pắc",
            field=field,
            year=2025,
            registered_on=dt.date(2025, 2, 1),
            status="recognised",
        )
    page = client.get(reverse("steering:bright_spots_public")).content.decode()
    assert page.count('data-name="Điểm sáng qcdc"') == 2 and "Điểm sáng government_mobilisation" in page


def test_models_are_managed_on_the_office_page(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any, officer: Any
) -> None:
    client = browser_as(steering_member)
    url = reverse("steering:model_register", args=[committee.pk])
    data = {"name": "Dân vận khéo trong hiến đất làm đường", "place": commune.code, "field": "economic"}
    assert client.post_form(url, data).status_code == 302
    m = EmulationModel.objects.get()
    rec = reverse("steering:model_recognise", args=[committee.pk, m.pk])
    back = {"HTTP_REFERER": "http://testserver/steering/"}
    r = client.post_form(rec, {"level": "cấp tỉnh"}, **back)  # no evidence yet
    assert (
        r.status_code == 400
        and "Chưa thể công nhận khi các tiêu chí sau chưa có minh chứng" in r.content.decode()
    )
    assert EmulationModel.objects.get().status != "recognised"
    for c in criteria.criteria_for("dvk"):
        criteria.evidence_add(actor=steering_member, criterion=c, text="Kết quả cụ thể", emulation_model=m)
    assert client.post_form(rec, {"level": "cấp tỉnh"}).status_code == 302
    assert EmulationModel.objects.get().status == "recognised"
    assert browser_as(officer).post_form(url, data).status_code == 404


def test_the_api_closes_a_task_only_with_a_result(
    client: Any, token_for: Any, committee: Any, steering_member: Any, officer: Any
) -> None:
    task = _briefing(committee, steering_member).tasks.get()
    headers = token_for(steering_member)
    url = f"/api/v1/steering/tasks/{task.pk}/close"
    r = client.post(url, {"result": ""}, content_type="application/json", **headers)
    assert r.status_code == 400 and Task.objects.get().state == "open"
    r = client.post(url, {"result": "x\x00"}, content_type="application/json", **headers)
    assert r.status_code == 400
    r = client.post(url, {"result": "Xong"}, content_type="application/json", **token_for(officer))
    assert r.status_code == 404
    r = client.post(url, {"result": "Đã hoàn thành"}, content_type="application/json", **headers)
    assert r.status_code == 200 and r.json()["state"] == "done"
    listed = client.get(f"/api/v1/steering/committees/{committee.pk}/tasks", **headers).json()
    assert listed[0]["result"] == "Đã hoàn thành"


def test_the_communes_page_links_the_assignments_only_to_who_may_open_them(
    client_as: Any, committee: Any, steering_member: Any, commune: Any, citizen: Any
) -> None:
    url = reverse("steering:place_assignments", args=[commune.code])
    place_page = reverse("places:detail", args=[commune.code])
    member_view = client_as(steering_member).get(place_page)
    assert url in member_view.content.decode()
    assert "private" in member_view["Cache-Control"] and "public" not in member_view["Cache-Control"]
    for reader in (client_as(citizen), Client()):
        page = reader.get(place_page)
        assert page.status_code == 200 and url not in page.content.decode()
        assert "public" in page["Cache-Control"]
