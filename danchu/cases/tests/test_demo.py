from __future__ import annotations

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.cases.demo import build
from danchu.cases.models import Case, IdentityVault, ReceptionLog, State
from danchu.places.tests import factories as pf


def test_demo_builds_every_state_of_every_type(
    province, commune, other_commune, village, officer, chairman, citizen, admin_user
):
    third = pf.commune(province, code="24200", name="Xã Ea Phê")
    ctx = {
        "province": province,
        "communes": [commune, other_commune, third],
        "villages": {commune.code: [village], other_commune.code: [], third.code: []},
        "people": {
            "commune_officer": officer,
            "commune_chairman": chairman,
            "admin": admin_user,
            "citizen": citizen,
            "commune_officer_2": person_with_role(Role.COMMUNE_OFFICER, other_commune),
        },
    }
    build(ctx)
    states = set(Case.objects.values_list("case_type", "state"))
    for kind in ("feedback", "petition", "complaint", "complaint_second", "denunciation"):
        for state in State.values:
            if state == State.PAUSED and kind in ("feedback", "petition"):
                continue  # suspension exists only for complaints and denunciations
            assert (kind, state) in states, (kind, state)
    assert Case.objects.overdue().exists()
    assert IdentityVault.objects.exists() and ReceptionLog.objects.exists()
