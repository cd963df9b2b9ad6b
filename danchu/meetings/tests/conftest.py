from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.meetings import services
from danchu.meetings.models import AgendaItem
from danchu.places.tests import factories as pf


@pytest.fixture
def households(village: Any) -> list[Any]:
    """Ten households of the village (numbers 101..110)."""
    return [pf.household_with_head(village, number=str(100 + n)) for n in range(1, 11)]


@pytest.fixture
def meeting(village_head: Any, village: Any, households: Any) -> Any:
    return services.meeting_convene(
        actor=village_head,
        draft=services.MeetingDraft(
            village=village,
            title="Hội nghị thôn quý IV năm 2026",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa Thôn 1",
            items=[
                services.ItemSpec(title="Báo cáo tình hình an ninh trật tự", kind=AgendaItem.Kind.INFORM),
                services.ItemSpec(
                    title="Mức đóng góp làm đường bê tông liên xóm",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=1,
                    method=AgendaItem.Method.HANDS,
                ),
                services.ItemSpec(
                    title="Quy chế quản lý nhà văn hóa",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=6,
                    method=AgendaItem.Method.SECRET,
                ),
            ],
        ),
    )


@pytest.fixture
def rep_of(village: Any) -> Any:
    """rep_of(household) -> a signed-up representative of that household."""

    def make(household: Any, name: str = "Đại Diện Hộ") -> Any:
        user = person_with_role(Role.HOUSEHOLD_REP, village, full_name=name)
        link_household(user, household, representative=True)
        return user

    return make


def open_meeting(meeting: Any, actor: Any) -> Any:
    services.notice_send(actor=actor, meeting=meeting)
    return services.meeting_open(actor=actor, meeting=meeting)
