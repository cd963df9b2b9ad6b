"""The Front's comments on drafts and social critique conferences, counted for the reports."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from danchu.consultations.models import CritiqueConference, FrontComment
from danchu.consultations.services import front as svc
from danchu.core.errors import Forbidden

pytestmark = pytest.mark.django_db


def test_front_officer_records_comments_and_a_conference(front_officer, commune):
    fc = svc.front_comment_record(
        actor=front_officer,
        data=svc.FrontCommentInput(
            place=commune,
            draft_title="Dự thảo Quy chế thực hiện dân chủ xã Krông Pắc",
            drafting_body="UBND xã Krông Pắc",
            commented_on=dt.date(2026, 10, 5),
            comments="Đề nghị bổ sung hình thức lấy ý kiến qua Zalo của thôn.",
        ),
    )
    conf = svc.conference_record(
        actor=front_officer,
        data=svc.ConferenceInput(
            place=commune,
            title="Hội nghị phản biện xã hội dự thảo quy hoạch sử dụng đất",
            draft_title="Điều chỉnh quy hoạch sử dụng đất đến năm 2030",
            drafting_body="UBND xã Krông Pắc",
            held_on=dt.date(2026, 10, 20),
            participants="MTTQ xã, Hội Nông dân, Hội LHPN, đại diện 5 thôn",
            participant_count=42,
            conclusions="Đề nghị giữ 2 ha lúa nước ven suối Ea Kmu.",
        ),
    )
    svc.drafting_answer_record(
        actor=front_officer, record=conf, answer="UBND xã tiếp thu.", answered_on=dt.date(2026, 11, 2)
    )
    assert FrontComment.objects.get() == fc and CritiqueConference.objects.get().answer == "UBND xã tiếp thu."


def test_commune_officer_is_not_the_front(officer, commune):
    with pytest.raises(Forbidden):
        svc.front_comment_record(
            actor=officer,
            data=svc.FrontCommentInput(
                place=commune,
                draft_title="X",
                drafting_body="Y",
                commented_on=dt.date(2026, 1, 5),
                comments="Z",
            ),
        )


def test_front_officer_finds_the_records_in_the_office_menu(client_as, front_officer):
    page = client_as(front_officer).get(reverse("office:index")).content.decode()
    assert reverse("consultations:front") in page


def test_front_page_records_through_the_csrf_checked_form(browser_as, front_officer):
    client = browser_as(front_officer)
    r = client.post_form(
        reverse("consultations:conference_record"),
        {
            "title": "Hội nghị phản biện",
            "draft_title": "Dự thảo",
            "drafting_body": "UBND xã",
            "held_on": "2026-10-20",
            "participants": "MTTQ, đoàn thể",
            "participant_count": "30",
            "conclusions": "Tán thành",
        },
    )
    assert r.status_code == 302 and CritiqueConference.objects.count() == 1


def test_every_comment_is_reachable_a_page_at_a_time(client_as, front_officer, commune):
    """The page listed the first 200 comments and conferences and dropped the rest without a word."""
    FrontComment.objects.bulk_create(
        FrontComment(
            place=commune,
            draft_title=f"Dự thảo số {i:03d}",
            drafting_body="UBND xã",
            commented_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            comments="Góp ý",
            created_by=front_officer,
        )
        for i in range(205)
    )
    c = client_as(front_officer)
    seen, page = set(), 1
    while page:
        html = c.get(reverse("consultations:front"), {"page": page}).content.decode()
        seen |= set(re.findall(r"Dự thảo số (\d{3})", html))
        page = page + 1 if f"page={page + 1}" in html else 0
    assert len(seen) == 205  # the oldest, number 000, included
