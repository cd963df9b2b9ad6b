"""Objects of workplaces for the access matrix (core/tests/test_access_objects.py): an agency of the
unit's commune with a convened conference and a bright spot it proposed, and the commune's steering
committee (for its compliance page)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from danchu.steering.models import BrightSpot
from danchu.steering.tests.matrix import committee_of
from danchu.workplaces import services
from danchu.workplaces.models import Ownership, UnitType


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    unit = services.unit_register(
        actor=None,
        data=services.UnitData(
            code=f"DV-{commune.code}-01",
            name=f"Trường THCS Nguyễn Du {commune.name}",
            unit_type=UnitType.PUBLIC_SERVICE,
            place=commune,
            ownership=Ownership.NOT_APPLICABLE,
            employees=42,
            head_name="Nguyễn Văn Thành",
        ),
    )
    year = dt.date.today().year
    conference = services.conference_convene(
        actor=None, unit=unit, year=year, planned_on=dt.date(year, 12, 10), delegates_convened=42
    )
    committee = committee_of(commune)
    spot = BrightSpot.objects.create(
        committee=committee,
        place=commune,
        body=unit.body,
        name=f"“Điểm sáng” dân chủ ở {unit.name}",
        address=commune.name,
        field=BrightSpot.Field.GOVERNMENT_MOBILISATION,
        year=year,
        registered_on=dt.date(year, 1, 10),
    )
    values = {
        "workplaces:pk": str(unit.pk),
        "workplaces:spot_pk": str(spot.pk),
        "workplaces:compliance:pk": str(committee.pk),
        "api:/api/v1/workplaces/units/{pk}:pk": str(unit.pk),
        "api:/api/v1/workplaces/units/{pk}/conferences:pk": str(unit.pk),
        "api:/api/v1/workplaces/conferences/{pk}/held:pk": str(conference.pk),
        "api:/api/v1/workplaces/committees/{pk}/compliance:pk": str(committee.pk),
    }
    for name in ("conference", "conference_hold", "minutes", "minutes_pdf"):
        values[f"workplaces:{name}:pk"] = str(conference.pk)
    values |= _election(unit, year)
    return values


ELECTION_PAGES = (
    "election",
    "election_vote",
    "election_open",
    "election_close",
    "election_tally",
    "election_recognise",
    "election_team",
    "election_box",
)
ELECTION_API = ("", "/ballots", "/open", "/close", "/tally", "/recognise", "/team", "/boxes")
API = "api:/api/v1/workplaces"


def _election(unit: Any, year: int) -> dict[str, str]:
    """An extraordinary conference held with its quorum, and the election of the unit's People's
    Inspection Board it put to the vote (paper ballots), planned."""
    from danchu.workplaces import elections

    held = services.conference_convene(
        actor=None,
        unit=unit,
        year=year,
        planned_on=dt.date(year, 1, 5),
        delegates_convened=42,
        extraordinary=True,
    )
    held = services.conference_hold(
        actor=None, conference=held, held_on=dt.date(year, 1, 5), delegates_present=40, contents_done=[]
    )
    runner = _runner(unit)
    e = elections.inspection_board_elect(
        actor=runner, conference=held, candidates=["Lê Văn An", "Phạm Thị Bình"], seats=1, paper=True
    )
    values = {f"workplaces:{name}:pk": str(e.pk) for name in ELECTION_PAGES}
    values |= {f"{API}/elections/{{pk}}{tail}:pk": str(e.pk) for tail in ELECTION_API}
    values |= _resolution(held, runner)
    for name in ("delegate_add", "board_elect", "resolution_open"):
        values[f"workplaces:{name}:pk"] = str(held.pk)
    for tail in ("/delegates", "/elections", "/resolutions"):
        values[f"{API}/conferences/{{pk}}{tail}:pk"] = str(held.pk)
    values |= {
        "api-body:POST /api/v1/workplaces/conferences/{pk}/delegates": json.dumps({"person": "+84900000000"}),
        "api-body:POST /api/v1/workplaces/conferences/{pk}/elections": json.dumps(
            {"candidates": ["Võ Văn Cường"], "seats": 1}
        ),
        "api-body:POST /api/v1/workplaces/elections/{pk}/ballots": json.dumps({"choices": []}),
        "api-body:POST /api/v1/workplaces/conferences/{pk}/resolutions": json.dumps({"title": "Nghị quyết"}),
        "api-body:POST /api/v1/workplaces/elections/{pk}/team": json.dumps(
            {"head": "Đỗ Thị Hoa", "members": ["Ngô Văn Kiên"]}
        ),
        "api-body:POST /api/v1/workplaces/elections/{pk}/boxes": json.dumps(
            {"label": "Hòm 1", "issued": 0, "returned": 0, "valid": 0, "invalid": 0}
        ),
    }
    return values


def _resolution(held: Any, runner: Any) -> dict[str, str]:
    """A resolution put to the held conference's vote, open."""
    from danchu.workplaces import resolutions

    m = resolutions.resolution_open(actor=runner, conference=held, title="Quy chế chi tiêu nội bộ")
    values = {
        f"workplaces:{name}:pk": str(m.pk)
        for name in ("resolution", "resolution_vote", "resolution_room", "resolution_close")
    }
    values |= {f"{API}/resolutions/{{pk}}{tail}:pk": str(m.pk) for tail in ("", "/votes", "/room", "/close")}
    values |= {
        "api-body:POST /api/v1/workplaces/resolutions/{pk}/votes": json.dumps({"choice": "for"}),
        "api-body:POST /api/v1/workplaces/resolutions/{pk}/room": json.dumps(
            {"votes_for": 1, "votes_against": 0, "votes_abstain": 0}
        ),
    }
    return values


def _runner(unit: Any) -> Any:
    """Who plans the election: a representative of the unit (not one of the matrix's cast)."""
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role

    return person_with_role(Role.WORKPLACE_REP, unit.place, body=unit.body, full_name="Trần Văn Bầu")
