from __future__ import annotations

from typing import Any, cast

import factory

from danchu.core.text import fold
from danchu.places.models import KIND_LEVEL, Household, HouseholdMember, Place, PlaceKind


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("code",)

    kind = PlaceKind.COMMUNE
    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    level = factory.LazyAttribute(lambda o: int(KIND_LEVEL[PlaceKind(o.kind)]))
    parent = None
    path = factory.LazyAttribute(lambda o: (o.parent.path if o.parent else "/") + o.code + "/")


def country() -> Place:
    return cast(Place, PlaceFactory(code="VN", name="Việt Nam", kind=PlaceKind.COUNTRY))


def province(**kw: object) -> Place:
    kw.setdefault("parent", country())
    kw.setdefault("kind", PlaceKind.PROVINCE)
    return cast(Place, PlaceFactory(**kw))


def commune(parent: Place | None = None, **kw: object) -> Place:
    kw.setdefault("kind", PlaceKind.COMMUNE)
    return cast(Place, PlaceFactory(parent=parent or province(), **kw))


def village(parent: Place | None = None, **kw: object) -> Place:
    kw.setdefault("kind", PlaceKind.VILLAGE)
    kw.setdefault("name", factory.Sequence(lambda n: f"Thôn {n}"))
    return cast(Place, PlaceFactory(parent=parent or commune(), **kw))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    village = factory.LazyFunction(village)
    number = factory.Sequence(lambda n: f"HGD{n:04d}")
    address = factory.Sequence(lambda n: f"Số {n}, đường Lê Lợi")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    full_name_folded = factory.LazyAttribute(lambda o: fold(o.full_name))
    relation = HouseholdMember.Relation.HEAD


def household_with_head(village_place: Place, **kw: object) -> Household:
    hh = cast(Household, HouseholdFactory(village=village_place, **kw))
    head = cast(HouseholdMember, MemberFactory(household=hh, relation=HouseholdMember.Relation.HEAD))
    hh.representative = head
    hh.save(update_fields=["representative"])
    return hh


def rep(holder: Any) -> HouseholdMember:
    """The representative of a household (or of a voter-list entry), asserting there is one."""
    member = holder.representative
    assert member is not None, f"{holder} has no representative"
    return cast(HouseholdMember, member)
