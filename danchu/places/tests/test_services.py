from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.errors import Conflict, DomainError
from danchu.core.models import AuditEntry
from danchu.places import services
from danchu.places.models import Household, HouseholdEvent, Place, PlaceKind
from danchu.places.services import MemberData
from danchu.places.tests.factories import rep

pytestmark = pytest.mark.django_db


def register(village: Place, number: str = "HGD-10", **kw: Any) -> Household:
    return services.household_register(
        actor=None,
        village=village,
        number=number,
        address="Thôn 1",
        members=[
            MemberData("Nguyễn Văn An", dt.date(1970, 1, 1), relation="head"),
            MemberData("Trần Thị Bình", dt.date(1972, 2, 2), relation="spouse"),
        ],
        **kw,
    )


def test_village_create_numbers_codes_in_the_commune_and_audits(commune: Place, officer: object) -> None:
    first = services.village_create(actor=officer, commune=commune, name="Thôn  Tân   Lập")
    second = services.village_create(
        actor=officer, commune=commune, name="Tổ dân phố 1", kind=PlaceKind.RESIDENTIAL_GROUP
    )

    assert (first.code, second.code) == ("24181-001", "24181-002")
    assert first.name == "Thôn Tân Lập" and first.name_folded == "thon tan lap"
    assert AuditEntry.objects.filter(action="places.village_create").count() == 2


def test_village_names_are_unique_in_a_commune(commune: Place) -> None:
    services.village_create(actor=None, commune=commune, name="Thôn 1")
    with pytest.raises(Conflict):
        services.village_create(actor=None, commune=commune, name="thôn 1")


@pytest.mark.parametrize("code", ["24181/007", "thôn-1", "a" * 33, "x\x00y", " "])
def test_a_village_code_that_would_break_the_tree_is_refused_by_the_service(
    commune: Place, code: str
) -> None:
    """The form, the API schema and the import checked the code; the service did not, so any other
    caller could put a "/" into every path below the village."""
    with pytest.raises(DomainError, match="chữ số") as refused:
        services.village_create(actor=None, commune=commune, name="Thôn Mới", code=code)
    assert refused.value.code == "bad_code"
    assert not Place.objects.filter(parent=commune, name="Thôn Mới").exists()


def test_villages_only_under_communes(province: Place) -> None:
    with pytest.raises(DomainError):
        services.village_create(actor=None, commune=province, name="Thôn 1")


def test_village_end_keeps_the_village_and_its_code(commune: Place, village: Place) -> None:
    services.village_end(actor=None, village=village, on=dt.date(2026, 1, 1))

    village.refresh_from_db()
    assert village.valid_to == dt.date(2026, 1, 1)
    assert not Place.objects.current(dt.date(2026, 6, 1)).filter(pk=village.pk).exists()
    # A code is never reused.
    assert services.next_village_code(commune) == "24181-002"
    with pytest.raises(Conflict):
        services.village_end(actor=None, village=village, on=dt.date(2026, 2, 1))


def test_village_update_renames(village: Place) -> None:
    services.village_update(actor=None, village=village, name="Thôn Một")
    village.refresh_from_db()
    assert village.name == "Thôn Một" and village.name_folded == "thon mot"


def test_household_register_records_members_representative_and_history(village: Place) -> None:
    household = register(village)

    assert rep(household).full_name == "Nguyễn Văn An"
    assert household.members.count() == 2
    assert list(household.events.values_list("kind", flat=True)) == [HouseholdEvent.Kind.CREATED]
    assert AuditEntry.objects.filter(action="places.household_register").exists()


def test_household_numbers_are_unique_in_a_village(village: Place) -> None:
    register(village)
    with pytest.raises(Conflict):
        register(village)


def test_representative_change_keeps_history(village: Place) -> None:
    household = register(village)
    wife = household.members.get(full_name="Trần Thị Bình")
    head = household.representative

    services.representative_change(actor=None, household=household, member=wife, note="Chủ hộ đi làm xa")

    household.refresh_from_db()
    assert household.representative == wife
    event = household.events.get(kind=HouseholdEvent.Kind.REPRESENTATIVE_CHANGED)
    assert (event.previous_member, event.member, event.note) == (head, wife, "Chủ hộ đi làm xa")


def test_representative_must_be_a_current_member(village: Place, household: Household) -> None:
    other = register(village)
    with pytest.raises(DomainError):
        services.representative_change(actor=None, household=other, member=rep(household))


def test_member_add_and_leave(village: Place) -> None:
    household = register(village)
    child = services.member_add(
        actor=None, household=household, data=MemberData("Nguyễn Văn Cường", relation="child")
    )

    services.member_leave(actor=None, member=child, on=dt.date(2026, 3, 1), note="Chuyển đi xã khác")

    child.refresh_from_db()
    assert child.left_on == dt.date(2026, 3, 1)
    kinds = list(household.events.order_by("id").values_list("kind", flat=True))
    assert kinds == ["created", "member_added", "member_left"]


def test_representative_cannot_leave_before_another_is_chosen(village: Place) -> None:
    household = register(village)
    with pytest.raises(Conflict, match="đại diện"):
        services.member_leave(actor=None, member=rep(household))


def test_dissolve_ends_the_household_and_its_memberships(village: Place) -> None:
    household = register(village)

    services.household_dissolve(actor=None, household=household, on=dt.date(2026, 5, 1), note="Chuyển đi")

    household.refresh_from_db()
    assert not household.is_active and household.dissolved_on == dt.date(2026, 5, 1)
    assert not household.members.filter(left_on__isnull=True).exists()
    with pytest.raises(Conflict):
        services.member_add(actor=None, household=household, data=MemberData("Ai Đó"))
