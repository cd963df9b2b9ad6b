"""The workplaces demo step: every conference with its quorum passed its year's resolution through
meetings' motion (opened, the room counted, closed), and the step runs twice without duplicates."""

from __future__ import annotations

import io
from typing import Any

import pytest

from danchu.accounts.demo import build as accounts_build
from danchu.meetings.models import Motion
from danchu.places.tests import factories as pf
from danchu.workplaces import elections
from danchu.workplaces.demo import build
from danchu.workplaces.models import Conference

pytestmark = pytest.mark.django_db


def test_demo_conferences_vote_their_resolutions_as_motions(
    province: Any, commune: Any, other_commune: Any, village: Any
) -> None:
    third = pf.commune(province, code="24199", name="Xã Ea Phê")
    ctx: dict[str, Any] = {
        "province": province,
        "communes": [commune, other_commune, third],
        "villages": {commune.code: [village], other_commune.code: [], third.code: []},
        "credentials": [],
        "stdout": io.StringIO(),
    }
    accounts_build(ctx)
    build(ctx)
    quorate = [c for c in Conference.objects.filter(status="held").select_related("rule") if c.quorum_met]
    motions = Motion.objects.filter(electorate=elections.ELECTORATE)
    assert quorate and motions.count() == len(quorate)
    assert {m.electorate_ref for m in motions} == {c.pk for c in quorate}
    assert all(m.status == "closed" and m.passed and m.votes_against == 1 for m in motions)
    build(ctx)
    assert Motion.objects.filter(electorate=elections.ELECTORATE).count() == len(quorate)
