"""Attendance typed wrong (2 present for 25) made the conference fall below its quorum for good: no
resolution, no election, the unit counted as not having held it. It is corrected until the first
vote is put to the conference (the roll is frozen from then on), audited with before and after."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.core.errors import Conflict, DomainError
from danchu.core.models import AuditEntry
from danchu.workplaces import resolutions, services
from danchu.workplaces.models import Conference

from .conftest import LAST_YEAR, held_conference

pytestmark = pytest.mark.django_db


def _form(present: int) -> dict[str, Any]:
    return {"held_on": f"{LAST_YEAR}-12-10", "delegates_present": present, "chair": "Nguyễn Văn Thành"}


def test_a_mistyped_attendance_is_corrected_before_the_votes(browser_as: Any, rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=2)
    assert not conf.quorum_met
    c = browser_as(rep)
    page = c.get(reverse("workplaces:conference", args=[conf.pk])).content.decode()
    assert 'id="hold-form"' in page
    r = c.post_form(reverse("workplaces:conference_hold", args=[conf.pk]), _form(25))
    assert r.status_code == 302
    conf = Conference.objects.get(pk=conf.pk)
    assert conf.delegates_present == 25 and conf.quorum_met
    entry = AuditEntry.objects.filter(action="workplaces.conference_hold").latest("pk")
    assert entry.before["delegates_present"] == 2 and entry.after["delegates_present"] == 25
    resolutions.resolution_open(actor=rep, conference=conf, title="Kế hoạch năm")
    # From the first vote the roll is frozen: no correction, on the page or through the service.
    page = c.get(reverse("workplaces:conference", args=[conf.pk])).content.decode()
    assert 'id="hold-form"' not in page
    r = c.post_form(reverse("workplaces:conference_hold", args=[conf.pk]), _form(20))
    assert r.status_code == 409 and "không thể sửa số đại biểu có mặt nữa" in r.content.decode()
    with pytest.raises(Conflict):
        services.conference_hold(
            actor=rep,
            conference=conf,
            held_on=dt.date(LAST_YEAR, 12, 10),
            delegates_present=20,
            contents_done=[],
        )
    assert Conference.objects.get(pk=conf.pk).delegates_present == 25


def test_a_correction_keeps_the_rules(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=2)
    for present in (31, -1):
        with pytest.raises(DomainError):
            services.conference_hold(
                actor=rep,
                conference=conf,
                held_on=dt.date(LAST_YEAR, 12, 10),
                delegates_present=present,
                contents_done=[],
            )
    assert Conference.objects.get(pk=conf.pk).delegates_present == 2
