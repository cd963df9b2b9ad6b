"""A register import writes its new households in batches: the same records as one by one (members,
representative, CREATED event, an audit entry each), in statements that do not grow with the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.core.audit import seal_pending, verify_chain
from danchu.core.errors import Conflict
from danchu.core.models import AuditEntry
from danchu.places import services
from danchu.places.importing import ImportResult, import_households
from danchu.places.models import Household, HouseholdEvent, HouseholdMember, Place

pytestmark = pytest.mark.django_db

HEADER = "village_code,household_number,address,full_name,birth_date,gender,relation,id_number,phone,is_representative\n"


def register(n: int, start: int = 0) -> str:
    """n households of two members, the wife representing every other one."""
    return HEADER + "".join(
        f"24181-001,H-{i},Số {i} Hùng Vương,Nguyễn Văn {i},01/02/1970,nam,chủ hộ,,,{'' if i % 2 else 'x'}\n"
        f"24181-001,H-{i},,Trần Thị {i},03/04/1972,nữ,vợ,,,{'x' if i % 2 else ''}\n"
        for i in range(start, start + n)
    )


def run(tmp_path: Path, text: str, actor: object = None) -> tuple[ImportResult, int]:
    path = tmp_path / "ho.csv"
    path.write_text(text, encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        result = import_households(path, filename="ho.csv", actor=actor)
    # Savepoints (each household's upsert is atomic) cost no reading or writing: not counted.
    return result, sum(1 for q in queries.captured_queries if "SAVEPOINT" not in q["sql"])


def test_each_new_household_is_recorded_as_one_registered_alone(
    tmp_path: Path, village: Place, officer: object
) -> None:
    result, _ = run(tmp_path, register(3), actor=officer)

    assert result.imported and (result.created, result.updated) == (3, 0), result.errors
    for i, household in enumerate(Household.objects.filter(village=village).order_by("number")):
        members = list(household.members.order_by("pk"))
        assert [m.full_name for m in members] == [f"Nguyễn Văn {i}", f"Trần Thị {i}"]
        assert household.representative == members[i % 2]
        assert household.address == f"Số {i} Hùng Vương" and household.registered_on is not None
        event = HouseholdEvent.objects.get(household=household)
        assert event.kind == HouseholdEvent.Kind.CREATED and event.member == household.representative
        entry = AuditEntry.objects.get(action="places.household_register", object_id=str(household.pk))
        assert entry.actor == officer
        assert entry.after["representative_id"] == household.representative_id
        assert entry.after["members"] == [f"Nguyễn Văn {i}", f"Trần Thị {i}"]
    seal_pending(wait=True)
    checked, broken = verify_chain(anchors={})
    assert broken is None and checked >= 3


def test_the_statements_do_not_grow_with_the_number_of_households(tmp_path: Path, village: Place) -> None:
    _, few = run(tmp_path, register(10))
    result, many = run(tmp_path, register(600, start=10))

    assert result.created == 600
    assert HouseholdMember.objects.count() == 1220
    # Batches of at most 500 rows (fewer on SQLite, whose statements take at most 999 parameters):
    # measured 6 more statements on PostgreSQL, 29 on SQLite.
    assert many - few <= 60, (few, many)  # one by one: six a household, 3,600


def test_importing_the_same_file_again_reads_the_register_once(tmp_path: Path, village: Place) -> None:
    run(tmp_path, register(10))
    _, few = run(tmp_path, register(10))
    run(tmp_path, register(300))

    result, many = run(tmp_path, register(300))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 300)
    assert many - few <= 5, (few, many)  # one by one: two a household, 600


def test_known_households_are_updated_and_new_ones_registered_in_one_file(
    tmp_path: Path, village: Place
) -> None:
    run(tmp_path, register(2))
    changed = register(4).replace("Số 1 Hùng Vương", "Số 1A Hùng Vương")

    result, _ = run(tmp_path, changed)

    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    assert Household.objects.get(number="H-1").address == "Số 1A Hùng Vương"
    assert Household.objects.count() == 4 and HouseholdMember.objects.count() == 8


def test_a_number_taken_meanwhile_refuses_the_whole_batch(village: Place) -> None:
    services.household_register(
        actor=None, village=village, number="H-2", members=[services.MemberData(full_name="Lê Văn Ba")]
    )
    batch = [
        services.NewHousehold(village=village, number=f"H-{i}", members=[services.MemberData(f"Hộ {i}")])
        for i in range(1, 4)
    ]

    with pytest.raises(Conflict):
        services.households_register(actor=None, households=batch)

    assert list(Household.objects.values_list("number", flat=True)) == ["H-2"]


def test_the_same_number_twice_in_one_batch_is_refused(village: Place) -> None:
    batch = [services.NewHousehold(village=village, number="H-1", members=[services.MemberData("A")])] * 2

    with pytest.raises(Conflict):
        services.households_register(actor=None, households=batch)

    assert not Household.objects.exists()
