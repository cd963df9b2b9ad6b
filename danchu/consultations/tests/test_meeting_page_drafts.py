"""A village meeting's page lists the drafts its comment items can send comments to (issue #16: the
meeting offers the entry of its comments), through the kernel's discussions hook — meetings never
imports consultations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.consultations.models import Audience, Channel, Consultation
from danchu.consultations.services import consultations as svc
from danchu.places.tests import factories as pf

from .conftest import docx_bytes, today
from .test_meeting_channel import discussed

pytestmark = pytest.mark.django_db


def _open(draft: Consultation, officer: Any, **changes: Any) -> Consultation:
    Consultation.objects.filter(pk=draft.pk).update(**changes)
    draft.refresh_from_db()
    return svc.consultation_open(
        actor=officer, consultation=draft, opens_on=today(), closes_on=today() + dt.timedelta(days=29)
    )


def _page(browser_as: Any, person: Any, item: Any) -> str:
    r = browser_as(person).get(f"/meetings/{item.meeting_id}/")
    assert r.status_code == 200
    return r.content.decode()


def test_the_meeting_page_lists_the_open_draft_and_the_entry_for_whoever_runs_it(
    browser_as, draft, officer, village
):
    c = _open(draft, officer, channels=[Channel.ONLINE, Channel.MEETING])
    item = discussed(village)
    resident = person_with_role(Role.CITIZEN, village, full_name="Y Bhăm Êban")
    link_household(resident, pf.household_with_head(village))

    seen = _page(browser_as, resident, item)
    assert 'id="discussions"' in seen and c.title in seen and f'href="/consultations/{c.pk}/"' in seen
    assert "#meeting-comments" not in seen  # the entry is for whoever runs the meeting

    head = item.meeting.convener
    run = _page(browser_as, head, item)
    assert f'href="/consultations/{c.pk}/#meeting-comments"' in run


@pytest.mark.parametrize(
    "changes",
    [
        {"channels": [Channel.ONLINE]},  # the meeting is not one of its channels
        {"channels": [Channel.MEETING], "audience": Audience.VILLAGES},  # asks other villages only
    ],
)
def test_a_draft_the_meeting_cannot_send_comments_to_is_not_listed(
    browser_as, draft, officer, village, other_village, changes
):
    c = _open(draft, officer, **changes)
    if changes.get("audience") == Audience.VILLAGES:
        c.villages.set([other_village])
    item = discussed(village)
    page = _page(browser_as, item.meeting.convener, item)
    assert c.title not in page and 'id="discussions"' not in page


def test_another_communes_draft_and_a_closed_one_are_not_listed(
    browser_as, draft, officer, village, other_commune, outsider
):
    c = _open(draft, officer, channels=[Channel.MEETING])
    Consultation.objects.filter(pk=c.pk).update(closes_on=today() - dt.timedelta(days=1))
    foreign = svc.consultation_create(
        actor=outsider,
        data=svc.DraftInput(
            place=other_commune,
            title="Dự thảo của xã khác",
            basis="land_use",
            draft_name="x.docx",
            draft_bytes=docx_bytes(),
            channels=[Channel.MEETING],
        ),
    )
    _open(foreign, outsider)
    item = discussed(village)
    page = _page(browser_as, item.meeting.convener, item)
    assert c.title not in page and "Dự thảo của xã khác" not in page
