from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from danchu.accounts import permissions
from danchu.accounts.demo import DEMO_PASSWORD, build
from danchu.accounts.models import Role
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(province: Any, commune: Any, other_commune: Any, village: Any) -> dict[str, Any]:
    third = pf.commune(province, code="24199", name="Xã Ea Phê")
    return {
        "province": province,
        "communes": [commune, other_commune, third],
        "villages": {commune.code: [village], other_commune.code: [], third.code: []},
        "credentials": [],
        "stdout": io.StringIO(),
    }


def test_demo_gives_one_scoped_account_per_role(
    ctx: dict[str, Any], commune: Any, village: Any, province: Any
) -> None:
    build(ctx)
    people = ctx["people"]
    # A unit board's members are seated by the workplaces demo (the school's recognised election),
    # without a demo login of their own.
    assert {r.value for r in Role} - {Role.UNIT_INSPECTION_MEMBER} <= set(people)
    assert permissions.is_verified_resident(people["citizen"])
    rep_household = permissions.confirmed_households(people["household_rep"])[0]
    assert permissions.is_household_representative(people["household_rep"], rep_household)
    assert permissions.can(people["village_head"], "places.manage_households", village)
    assert permissions.can(people["commune_officer"], "places.manage_villages", commune)
    assert permissions.can(people["commune_officer_2"], "places.manage_villages", ctx["communes"][1])
    assert permissions.can_read_place(people["steering_member"], commune)
    assert people["admin"].is_superuser
    assert permissions.needs_mfa_setup(people["commune_officer"])
    assert {
        "peoples_committee",
        "fatherland_front",
        "inspection_board",
        "supervision_board",
        "steering_committee",
        "agency",
        "enterprise",
    } <= set(ctx["bodies"])
    assert len(ctx["credentials"]) == len(people) - 1
    assert "TOTP" in ctx["stdout"].getvalue()


@pytest.mark.parametrize("login", ["0912 000 004", "lan.pham@demo.danchu.vn"])
def test_demo_accounts_sign_in_by_phone_and_email(ctx: dict[str, Any], login: str) -> None:
    build(ctx)
    client = Client()
    client.post("/accounts/login/", {"login": login, "password": DEMO_PASSWORD})
    assert client.session["_auth_user_id"] == str(ctx["people"]["commune_officer"].pk)


def test_demo_bodies_keep_the_capitals_of_proper_names_and_an_old_lower_case_body_is_renamed(
    ctx: dict[str, Any], province: Any, commune: Any
) -> None:
    """Found by QA: "Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh đắk lắk" (str.lower() on the place's name).
    A database a previous demo filled keeps its body, renamed, not doubled."""
    from danchu.accounts.models import Body

    old = Body.objects.create(
        kind=Body.Kind.STEERING_COMMITTEE,
        place=province,
        name="Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh đắk lắk",
    )
    build(ctx)
    names = set(Body.objects.values_list("name", flat=True))
    assert "Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh Đắk Lắk" in names
    assert "Ủy ban nhân dân xã Krông Pắc" in names
    assert not [n for n in names if "đắk lắk" in n or "krông pắc" in n]
    assert Body.objects.filter(kind=Body.Kind.STEERING_COMMITTEE, place=province).get().pk == old.pk
