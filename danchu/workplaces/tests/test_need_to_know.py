"""Who reads a unit's internal records: those who register and record for units (commune staff,
steering members), its representatives and its own board — not the commune's other boards, the Front
or a village head; a delegate listed at a conference reads that conference (where their votes are)
and is told where it is, and nothing else of the unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import OutboxMessage
from danchu.accounts.tests.factories import UserFactory
from danchu.workplaces import elections, resolutions, services

from .conftest import held_conference

pytestmark = pytest.mark.django_db


def test_the_communes_other_boards_and_the_front_do_not_read_an_enterprises_records(
    client_as: Any,
    token_for: Any,
    client: Any,
    board_member: Any,
    front_officer: Any,
    officer: Any,
    enterprise: Any,
) -> None:
    services.dialogue_record(
        actor=None,
        unit=enterprise,
        data=services.DialogueData(
            kind="periodic",
            held_on=dt.date.today(),
            employer_side=3,
            employee_side=5,
            issues="Tiền lương làm thêm giờ tháng 10 chưa trả",
        ),
    )
    conf = held_conference(enterprise)
    for person in (board_member, front_officer):
        c = client_as(person)
        assert c.get(reverse("workplaces:unit", args=[enterprise.pk])).status_code == 404
        assert c.get(reverse("workplaces:conference", args=[conf.pk])).status_code == 404
        assert c.get(reverse("workplaces:minutes", args=[conf.pk])).status_code == 404
        assert enterprise.name not in c.get(reverse("workplaces:units")).content.decode()
        api = client.get(f"/api/v1/workplaces/units/{enterprise.pk}", **token_for(person))
        assert api.status_code == 404
    page = client_as(officer).get(reverse("workplaces:unit", args=[enterprise.pk]))
    assert page.status_code == 200 and "Tiền lương làm thêm giờ" in page.content.decode()


def test_a_delegate_is_told_where_to_vote_and_reads_that_conference_only(
    client_as: Any, rep: Any, agency: Any
) -> None:
    conf = held_conference(agency, convened=30, present=25)
    delegate = UserFactory(notify_channel="sms")
    elections.delegate_add(actor=rep, conference=conf, person=delegate)
    url = reverse("workplaces:conference", args=[conf.pk])
    message = OutboxMessage.objects.get(recipient=delegate.phone)
    assert url in message.body
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ")
    c = client_as(delegate)
    # The resolution's page links to the conference; the conference lists the resolution.
    assert url in c.get(reverse("workplaces:resolution", args=[m.pk])).content.decode()
    page = c.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("workplaces:resolution", args=[m.pk]) in body
    # No management forms, and no link to the unit's page, which stays closed to them.
    assert 'id="resolution-form"' not in body and 'id="delegate-form"' not in body
    assert reverse("workplaces:unit", args=[agency.pk]) not in body
    assert c.get(reverse("workplaces:unit", args=[agency.pk])).status_code == 404
    assert c.get(reverse("workplaces:minutes", args=[conf.pk])).status_code == 200
    # Another conference of the unit is not theirs.
    other = services.conference_convene(
        actor=None,
        unit=agency,
        year=conf.year,
        planned_on=conf.planned_on,
        delegates_convened=30,
        extraordinary=True,
    )
    assert c.get(reverse("workplaces:conference", args=[other.pk])).status_code == 404
