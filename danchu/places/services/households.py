"""Writes of the household register: households, members, representatives, their history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit, audit_many, snapshot
from danchu.core.bulk import update_rows
from danchu.core.errors import Conflict, DomainError
from danchu.core.text import fold

from ..models import Household, HouseholdEvent, HouseholdMember, Place
from .common import _HOUSEHOLD_FIELDS, _MEMBER_FIELDS, _label, clean_text
from .villages import _check_village

# --- Households ---------------------------------------------------------------------------------------


@dataclass
class MemberData:
    full_name: str
    birth_date: dt.date | None = None
    gender: str = ""
    relation: str = HouseholdMember.Relation.OTHER
    id_number: str = ""
    phone: str = ""

    def matches(self, member: HouseholdMember) -> bool:
        if self.id_number and member.id_number:
            return self.id_number == member.id_number
        return fold(self.full_name) == member.full_name_folded and self.birth_date == member.birth_date


def _event(
    household: Household,
    kind: str,
    *,
    actor: Any,
    on: dt.date | None,
    member: HouseholdMember | None = None,
    previous: HouseholdMember | None = None,
    note: str = "",
) -> HouseholdEvent:
    return HouseholdEvent.objects.create(
        household=household,
        kind=kind,
        member=member,
        previous_member=previous,
        note=clean_text(note),
        on=on or dt.date.today(),
        actor_label=_label(actor),
    )


def _new_member(household: Household, data: MemberData, on: dt.date | None) -> HouseholdMember:
    member = _member(household, data, on)
    member.save()
    return member


def _member(household: Household, data: MemberData, on: dt.date | None) -> HouseholdMember:
    """A member checked and not yet saved."""
    name = clean_text(data.full_name, 200)
    if not name:
        raise DomainError(_("Give the member's full name."))
    if data.birth_date and data.birth_date > dt.date.today():
        raise DomainError(_("The date of birth is in the future."))
    return HouseholdMember(
        household=household,
        full_name=name,
        full_name_folded=fold(name),
        birth_date=data.birth_date,
        gender=data.gender,
        relation=data.relation,
        id_number=clean_text(data.id_number, 20),
        phone=clean_text(data.phone, 20),
        joined_on=on or dt.date.today(),
    )


def _check_open(household: Household) -> None:
    if not household.is_active:
        raise Conflict(_("Household %(number)s has been dissolved.") % {"number": household.number})


@dataclass
class NewHousehold:
    village: Place
    number: str
    members: Sequence[MemberData]
    address: str = ""
    representative_index: int = 0


@transaction.atomic
def household_register(
    *,
    actor: Any,
    village: Place,
    number: str,
    address: str = "",
    members: Sequence[MemberData],
    representative_index: int = 0,
    on: dt.date | None = None,
) -> Household:
    """Register a household with its members; `members[representative_index]` represents it
    (a member with full civil capacity, usually the head; Decree 59/2023, Art. 3(2))."""
    new = NewHousehold(village, number, members, address, representative_index)
    return households_register(actor=actor, households=[new], on=on)[0]


@transaction.atomic
def households_register(
    *, actor: Any, households: Sequence[NewHousehold], on: dt.date | None = None
) -> list[Household]:
    """household_register() for many households: every one checked before any is written, then
    each table written in batches, so a register import of a commune's thousands of households
    takes a few statements per thousand instead of six per household."""
    on = on or dt.date.today()
    made: list[tuple[Household, list[HouseholdMember], int]] = []
    numbers: set[tuple[int, str]] = set()
    for new in households:
        village = new.village
        _check_village(village)
        if village.valid_to is not None and village.valid_to < dt.date.today():
            raise DomainError(_("%(village)s no longer exists.") % {"village": village.name})
        number = clean_text(new.number, 32)
        if not number:
            raise DomainError(_("Give the household number."))
        if not new.members:
            raise DomainError(_("A household has at least one member."))
        if not 0 <= new.representative_index < len(new.members):
            raise DomainError(_("Choose the representative among the members."))
        if (village.pk, number) in numbers:
            raise Conflict(_("Household %(number)s is given twice.") % {"number": number})
        numbers.add((village.pk, number))
        household = Household(
            village=village, number=number, address=clean_text(new.address), registered_on=on
        )
        made.append((household, [_member(household, m, on) for m in new.members], new.representative_index))
    villages = {new.village.pk: new.village for new in households}
    wanted = sorted({n for _v, n in numbers})
    for start in range(0, len(wanted), 500):  # one indexed lookup for one household, as before
        taken = Household.objects.filter(
            village_id__in=list(villages), number__in=wanted[start : start + 500]
        )
        for village_id, number in taken.values_list("village_id", "number"):
            if (village_id, number) in numbers:
                raise Conflict(
                    _("%(village)s already has a household numbered %(number)s.")
                    % {"village": villages[village_id].name, "number": number}
                )
    Household.objects.bulk_create([h for h, _m, _i in made], batch_size=500)
    for household, members, _i in made:
        for member in members:
            member.household = household  # now with its id
    HouseholdMember.objects.bulk_create([m for _h, members, _i in made for m in members], batch_size=500)
    for household, members, index in made:
        household.representative = members[index]
    update_rows(Household, ["representative"], [(h.pk, h.representative_id) for h, _m, _i in made])
    label = _label(actor)
    HouseholdEvent.objects.bulk_create(
        [
            HouseholdEvent(
                household=h,
                kind=HouseholdEvent.Kind.CREATED,
                member=h.representative,
                on=on,
                actor_label=label,
            )
            for h, _m, _i in made
        ],
        batch_size=500,
    )
    audit_many(
        {
            "actor": actor,
            "action": "places.household_register",
            "obj": household,
            "after": {**snapshot(household, _HOUSEHOLD_FIELDS), "members": [m.full_name for m in members]},
        }
        for household, members, _i in made
    )
    return [h for h, _m, _i in made]


@transaction.atomic
def household_update(
    *, actor: Any, household: Household, number: str | None = None, address: str | None = None
) -> Household:
    _check_open(household)
    before = snapshot(household, _HOUSEHOLD_FIELDS)
    if number is not None:
        number = clean_text(number, 32)
        if not number:
            raise DomainError(_("Give the household number."))
        if (
            Household.objects.filter(village_id=household.village_id, number=number)
            .exclude(pk=household.pk)
            .exists()
        ):
            raise Conflict(
                _("This village already has a household numbered %(number)s.") % {"number": number}
            )
        household.number = number
    if address is not None:
        household.address = clean_text(address)
    household.save(update_fields=["number", "address", "updated_at"])
    _event(household, HouseholdEvent.Kind.UPDATED, actor=actor, on=None)
    audit(
        actor=actor,
        action="places.household_update",
        obj=household,
        before=before,
        after=snapshot(household, _HOUSEHOLD_FIELDS),
    )
    return household


@transaction.atomic
def member_add(
    *, actor: Any, household: Household, data: MemberData, on: dt.date | None = None
) -> HouseholdMember:
    _check_open(household)
    member = _new_member(household, data, on)
    _event(household, HouseholdEvent.Kind.MEMBER_ADDED, actor=actor, on=on, member=member)
    audit(actor=actor, action="places.member_add", obj=member, after=snapshot(member, _MEMBER_FIELDS))
    return member


@transaction.atomic
def member_leave(
    *, actor: Any, member: HouseholdMember, on: dt.date | None = None, note: str = ""
) -> HouseholdMember:
    """A member leaves (moves away, dies…). The representative must be changed first; the last member
    cannot leave: the household is dissolved instead."""
    household = Household.objects.select_for_update().get(pk=member.household_id)
    _check_open(household)
    if member.left_on is not None:
        raise Conflict(_("%(name)s already left the household.") % {"name": member.full_name})
    if household.representative_id == member.pk:
        raise Conflict(
            _("%(name)s represents the household: choose another representative first.")
            % {"name": member.full_name}
        )
    if not household.members.filter(left_on__isnull=True).exclude(pk=member.pk).exists():
        raise Conflict(_("The last member cannot leave: dissolve the household instead."))
    on = on or dt.date.today()
    before = snapshot(member, _MEMBER_FIELDS)
    member.left_on = on
    member.save(update_fields=["left_on"])
    _event(household, HouseholdEvent.Kind.MEMBER_LEFT, actor=actor, on=on, member=member, note=note)
    audit(
        actor=actor,
        action="places.member_leave",
        obj=member,
        before=before,
        after=snapshot(member, _MEMBER_FIELDS),
    )
    return member


@transaction.atomic
def representative_change(
    *,
    actor: Any,
    household: Household,
    member: HouseholdMember,
    on: dt.date | None = None,
    note: str = "",
) -> Household:
    household = Household.objects.select_for_update().get(pk=household.pk)
    _check_open(household)
    if member.household_id != household.pk or member.left_on is not None:
        raise DomainError(_("The representative must be a current member of the household."))
    if household.representative_id == member.pk:
        raise Conflict(_("%(name)s already represents the household.") % {"name": member.full_name})
    before = snapshot(household, _HOUSEHOLD_FIELDS)
    previous = household.representative
    household.representative = member
    household.save(update_fields=["representative", "updated_at"])
    _event(
        household,
        HouseholdEvent.Kind.REPRESENTATIVE_CHANGED,
        actor=actor,
        on=on,
        member=member,
        previous=previous,
        note=note,
    )
    audit(
        actor=actor,
        action="places.representative_change",
        obj=household,
        before=before,
        after=snapshot(household, _HOUSEHOLD_FIELDS),
    )
    return household


@transaction.atomic
def household_dissolve(
    *, actor: Any, household: Household, on: dt.date | None = None, note: str = ""
) -> Household:
    """The household ends (moved away, merged into another…): it leaves the voter list from `on`."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    _check_open(household)
    on = on or dt.date.today()
    before = snapshot(household, _HOUSEHOLD_FIELDS)
    household.is_active = False
    household.dissolved_on = on
    household.save(update_fields=["is_active", "dissolved_on", "updated_at"])
    household.members.filter(left_on__isnull=True).update(left_on=on)
    _event(household, HouseholdEvent.Kind.DISSOLVED, actor=actor, on=on, note=note)
    audit(
        actor=actor,
        action="places.household_dissolve",
        obj=household,
        before=before,
        after=snapshot(household, _HOUSEHOLD_FIELDS),
    )
    return household


@transaction.atomic
def household_upsert(
    *,
    actor: Any,
    village: Place,
    number: str,
    address: str,
    members: Sequence[MemberData],
    representative: MemberData,
    known: Household | None = None,
) -> Literal["created", "updated", "unchanged"]:
    """Make the register match an imported household: register it, or add the members it lacks,
    update their details and change the representative. Members missing from the file stay
    (a file may list only part of a household); leaving is recorded explicitly. `known`: the
    household as the caller read it, its current members prefetched as `current_members` (an
    import reads a whole village's at once)."""
    household = known or Household.objects.filter(village=village, number=number).first()
    if household is None:
        index = next(i for i, m in enumerate(members) if m is representative or m == representative)
        household_register(
            actor=actor,
            village=village,
            number=number,
            address=address,
            members=members,
            representative_index=index,
        )
        return "created"
    if not household.is_active:
        raise Conflict(_("Household %(number)s has been dissolved.") % {"number": household.number})
    changed = False
    if address and address.strip() != household.address:
        household_update(actor=actor, household=household, address=address)
        changed = True
    current = list(
        household.current_members  # type: ignore[attr-defined]
        if known is not None
        else household.members.filter(left_on__isnull=True)
    )
    rep_member: HouseholdMember | None = None
    for data in members:
        match = next((m for m in current if data.matches(m)), None)
        if match is None:
            match = member_add(actor=actor, household=household, data=data)
            current.append(match)
            changed = True
        elif _refresh_member(actor, match, data):
            changed = True
        if data is representative or data == representative:
            rep_member = match
    if rep_member is not None and household.representative_id != rep_member.pk:
        representative_change(
            actor=actor, household=household, member=rep_member, note=_("Imported register")
        )
        changed = True
    return "updated" if changed else "unchanged"


def _refresh_member(actor: Any, member: HouseholdMember, data: MemberData) -> bool:
    values = {
        "birth_date": data.birth_date or member.birth_date,
        "gender": data.gender or member.gender,
        "relation": data.relation,
        "id_number": data.id_number or member.id_number,
        "phone": data.phone or member.phone,
    }
    if all(getattr(member, k) == v for k, v in values.items()):
        return False
    before = snapshot(member, _MEMBER_FIELDS)
    for k, v in values.items():
        setattr(member, k, v)
    member.save(update_fields=list(values))
    audit(
        actor=actor,
        action="places.member_update",
        obj=member,
        before=before,
        after=snapshot(member, _MEMBER_FIELDS),
    )
    return True
