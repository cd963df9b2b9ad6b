"""Journeys of the committee's members as they meet them on the page: the next step of a bright
spot named in their language, a task that cannot be due before the meeting that set it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from danchu.steering import services
from danchu.steering.models import Task


def test_the_next_steps_of_a_bright_spot_are_named_not_coded(
    browser_as: Any, committee: Any, steering_member: Any, commune: Any
) -> None:
    spot = services.bright_spot_register(
        actor=steering_member, committee=committee, place=commune, name="Hiến đất", address="Thôn 1"
    )
    services.bright_spot_advance(actor=steering_member, spot=spot, to="planned", note="Kế hoạch số 1")
    services.bright_spot_advance(actor=steering_member, spot=spot, to="implementing")
    services.bright_spot_advance(actor=steering_member, spot=spot, to="evaluated", note="Tốt")
    page = (
        browser_as(steering_member).get(reverse("steering:committee", args=[committee.pk])).content.decode()
    )
    assert "→ recognised" not in page and "→ not_recognised" not in page
    assert "→ không được công nhận" in page or "→ not recognised" in page


def test_a_task_due_before_the_briefing_that_set_it_is_refused(
    browser_as: Any, committee: Any, steering_member: Any
) -> None:
    client = browser_as(steering_member)
    url = reverse("steering:briefing_hold", args=[committee.pk])
    today = dt.date.today()
    line = f"Tổng hợp báo cáo; {steering_member.full_name}; {today - dt.timedelta(days=30)}"
    r = client.post_form(
        url,
        {"held_on": today.isoformat(), "conclusions": "Kết luận giao ban.", "tasks": line},
        HTTP_REFERER="http://testserver/steering/",
    )
    page = r.content.decode()  # the steering page again, with the reason
    assert r.status_code == 400 and 'class="error-message"' not in page
    assert "trước ngày họp" in page or "before the meeting" in page
    assert not committee.briefings.exists() and not Task.objects.exists()


def test_an_inspected_commune_reads_and_answers_the_recommendations_addressed_to_it(
    browser_as: Any,
    committee: Any,
    steering_member: Any,
    commune: Any,
    chairman: Any,
    outsider: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from danchu.core.models import AuditEntry
    from danchu.steering.models import Recommendation

    with django_capture_on_commit_callbacks(execute=True):
        insp = services.inspection_plan(
            actor=steering_member,
            committee=committee,
            title="Kiểm tra thực hiện QCDC ở xã",
            planned_on=dt.date.today(),
            units=[(commune, "")],
        )
    if chairman.email:
        assert any(chairman.email in m.to for m in mailoutbox)
    services.inspection_record(
        actor=steering_member,
        inspection=insp,
        done_on=dt.date.today(),
        findings="Chưa niêm yết dự toán ngân sách.",
        recommendations=["Niêm yết dự toán tại trụ sở UBND xã"],
    )
    rec = Recommendation.objects.get()
    page_url = reverse("steering:place_recommendations", args=[commune.code])
    answer_url = reverse("steering:recommendation_answer", args=[rec.pk])
    client = browser_as(chairman)
    page = client.get(page_url)
    assert page.status_code == 200
    assert (
        "Niêm yết dự toán tại trụ sở UBND xã" in page.content.decode() and answer_url in page.content.decode()
    )
    # Another commune's officer neither reads nor answers it; the committee's member reads, does not answer.
    stranger = browser_as(outsider)
    assert stranger.get(page_url).status_code == 404
    assert stranger.post_form(answer_url, {"answer": "Không phải xã tôi"}).status_code == 404
    member_page = browser_as(steering_member).get(page_url)
    assert member_page.status_code == 200 and answer_url not in member_page.content.decode()
    r = client.post_form(answer_url, {"answer": "Đã niêm yết ngày 05/12.", "next": page_url})
    assert r.status_code == 302 and r["Location"] == page_url
    rec.refresh_from_db()
    assert rec.answer == "Đã niêm yết ngày 05/12." and rec.answered_by == chairman
    assert AuditEntry.objects.filter(action="steering.recommendation_answer").count() == 1


def test_a_double_submitted_briefing_is_recorded_once(
    browser_as: Any, committee: Any, steering_member: Any
) -> None:
    client = browser_as(steering_member)
    page = client.get(reverse("steering:committee", args=[committee.pk])).content.decode()
    assert 'name="idempotency_key"' in page
    data = {
        "held_on": dt.date.today().isoformat(),
        "conclusions": "Kết luận giao ban quý IV.",
        "tasks": f"Tổng hợp báo cáo; {steering_member.full_name}; {dt.date.today() + dt.timedelta(days=9)}",
        "idempotency_key": "0f1e2d3c4b5a-g",
    }
    url = reverse("steering:briefing_hold", args=[committee.pk])
    assert client.post_form(url, data).status_code == 302
    assert client.post_form(url, data).status_code == 302
    assert committee.briefings.count() == 1 and Task.objects.count() == 1


def test_the_public_list_of_bright_spots_pages_rather_than_cuts(
    client: Any, committee: Any, commune: Any
) -> None:
    from danchu.steering.models import BrightSpot

    day = dt.date(2025, 3, 1)
    BrightSpot.objects.bulk_create(
        [
            BrightSpot(
                committee=committee,
                place=commune,
                name=f"Điểm sáng số {n:03d}",
                address="Thôn 1",
                year=2025,
                registered_on=day,
                status=BrightSpot.Status.RECOGNISED,
                recognised_on=day + dt.timedelta(days=n),
            )
            for n in range(51)
        ]
    )
    url = reverse("steering:bright_spots_public")
    first = client.get(url).content.decode()
    assert "Điểm sáng số 050" in first and "Điểm sáng số 000" not in first and "?page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Điểm sáng số 000" in second and "Điểm sáng số 050" not in second


def test_a_member_whose_term_ended_is_not_offered_nor_given_tasks(
    browser_as: Any, committee: Any, steering_member: Any, province: Any
) -> None:
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role

    former = person_with_role(
        Role.STEERING_MEMBER, province, body=committee.body, full_name="Trần Văn Nhiệm Kỳ Cũ"
    )
    former.memberships.update(valid_to=dt.date.today() - dt.timedelta(days=1))
    client = browser_as(steering_member)
    page = client.get(reverse("steering:committee", args=[committee.pk])).content.decode()
    assert f'<option value="{steering_member.full_name}">' in page and "Trần Văn Nhiệm Kỳ Cũ" not in page
    line = f"Rà soát quy chế; {former.full_name}; {dt.date.today() + dt.timedelta(days=5)}"
    data = {"held_on": dt.date.today().isoformat(), "conclusions": "Kết luận.", "tasks": line}
    assert client.post_form(reverse("steering:briefing_hold", args=[committee.pk]), data).status_code == 302
    task = Task.objects.get()
    assert task.owner is None and task.owner_name == former.full_name


def test_the_list_of_committees_offers_only_those_the_person_may_open(
    browser_as: Any, commune: Any, commune_steering_member: Any
) -> None:
    """A unit's representative is staff but does not read the committee: no link that ends in a 404."""
    from danchu.accounts.models import Body, Role
    from danchu.accounts.tests.factories import BodyFactory, person_with_role

    body = Body.objects.get(kind=Body.Kind.STEERING_COMMITTEE, place=commune)
    c = services.committee_ensure(actor=None, body=body)
    enterprise = BodyFactory(kind=Body.Kind.ENTERPRISE, name="Công ty TNHH Cà phê Krông Pắc", place=commune)
    rep = person_with_role(Role.WORKPLACE_REP, commune, body=enterprise, full_name="Trần Thị Mai")
    url = reverse("steering:committee", args=[c.pk])
    assert url in browser_as(commune_steering_member).get(reverse("steering:home")).content.decode()
    client = browser_as(rep)
    assert client.get(url).status_code == 404
    listing = client.get(reverse("steering:home"))
    assert listing.status_code == 200 and url not in listing.content.decode()
