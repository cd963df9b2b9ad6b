"""The office home told a village head nothing of their meetings: a notice due, a meeting that was
never opened, minutes to confirm; nor the commune chairman of the conventions awaiting recognition.
Each counts within the person's villages only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.core.home import todos_for
from danchu.meetings import services
from danchu.meetings.models import Meeting

from .test_clocks import submitted

pytestmark = pytest.mark.django_db


def _todos(person: Any) -> dict[str, int]:
    return {t["key"]: t["count"] for t in todos_for(person) if t["key"].startswith("meetings.")}


def test_a_village_head_is_told_the_notice_is_due_then_that_the_meeting_was_never_opened(
    meeting: Meeting, village_head: Any, other_village: Any
) -> None:
    elsewhere = person_with_role(Role.VILLAGE_HEAD, other_village, full_name="Trưởng Buôn Đắk")
    assert meeting.status == Meeting.Status.DRAFT
    assert _todos(village_head) == {"meetings.notice_due": 1}  # in 7 days: the notice is due in 2
    assert _todos(elsewhere) == {}
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + dt.timedelta(days=30))
    assert _todos(village_head) == {}  # a month ahead: nothing due yet
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    assert _todos(village_head) == {"meetings.not_held": 1}


def test_minutes_to_confirm_and_a_convention_awaiting_the_chairman(
    meeting: Meeting, village_head: Any, chairman: Any, village: Any, households: Any
) -> None:
    submitted(village_head, village, meeting, households, timezone.localdate())  # voted at the meeting
    assert _todos(chairman)["meetings.conventions"] == 1
    assert "meetings.conventions" not in _todos(village_head)
    services.meeting_close(actor=village_head, meeting=meeting, secretary_name="Nguyễn Thị Thư Ký")
    assert _todos(village_head)["meetings.minutes_due"] == 1


def test_the_same_to_dos_through_the_api_with_a_token(
    meeting: Meeting, village_head: Any, citizen: Any, token_for: Any
) -> None:
    from django.test import Client

    r = Client().get("/api/v1/core/todos", **token_for(village_head), HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 200
    assert r.json() == [
        {
            "key": "meetings.notice_due",
            "label": "Cuộc họp đến hạn gửi thông báo triệu tập",
            "count": 1,
            "url": "/meetings/",
            "urgent": True,
        }
    ]
    assert Client().get("/api/v1/core/todos", **token_for(citizen)).status_code == 403
    assert Client().get("/api/v1/core/todos").status_code == 401
