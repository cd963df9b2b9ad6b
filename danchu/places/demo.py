"""Demo slice: Đắk Lắk, three communes of the former Krông Pắc district, their villages and households."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Q

from danchu.core.audit import audit
from danchu.core.demo import demo_step
from danchu.core.text import fold

from .legacy import load_legacy
from .loading import ensure_loaded
from .models import Household, HouseholdEvent, HouseholdMember, Level, Place, PlaceKind

PROVINCE_CODE = "66"  # Tỉnh Đắk Lắk
# Xã Krông Pắc, Xã Ea Kly, Xã Ea Phê: communes formed in 2025 from the former Krông Pắc district,
# whose 2021 report is among the seeds.
COMMUNE_CODES = ("24490", "24496", "24502")
# The former Krông Pắc district (1 township, 15 communes until 30 June 2025): its 2021 report
# ("11/15 xã đạt chuẩn nông thôn mới") is reproduced from the legacy tree. Only it is loaded, so the demo
# stays fast; `danchu load_places --legacy` loads the whole country.
LEGACY_DISTRICTS = {"654"}

VILLAGE_NAMES = [
    ["Thôn 1", "Thôn 2", "Thôn Tân Lập", "Buôn Ea Kmát", "Tổ dân phố 3"],
    ["Thôn 3", "Thôn Tân Hòa", "Buôn Krông", "Thôn Quỳnh Tân", "Thôn 6", "Buôn Ea Yông"],
    ["Thôn Phước Tân", "Thôn 9", "Buôn Êa Ktur", "Thôn Đoàn Kết"],
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành"]
MIDDLE_F = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hùng",
    "Hải",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Tuấn",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngọc",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
]
# Ê Đê names for the buôn (Y… for men, H… for women; family names Niê, Êban, Mlô, Byă, Ksơr).
EDE_FAMILY = ["Niê", "Êban", "Mlô", "Byă", "Ksơr", "Adrơng"]
EDE_M = ["Y Bhin", "Y Khu", "Y Nguyên", "Y Thuột", "Y Sơn", "Y Wang"]
EDE_F = ["H' Yim", "H' Loan", "H' Bia", "H' Ngơn", "H' Zin", "H' Hen"]


def _name(rng: random.Random, male: bool, family: str, ede: bool) -> str:
    if ede:
        return f"{rng.choice(EDE_M if male else EDE_F)} {family}"
    middle = rng.choice(MIDDLE_M if male else MIDDLE_F)
    return f"{family} {middle} {rng.choice(GIVEN_M if male else GIVEN_F)}"


def _date(rng: random.Random, year_from: int, year_to: int) -> dt.date:
    return dt.date(rng.randint(year_from, year_to), rng.randint(1, 12), rng.randint(1, 28))


def _pick_communes(province: Place) -> list[Place]:
    communes = list(Place.objects.filter(code__in=COMMUNE_CODES, parent=province).order_by("code"))
    if len(communes) < 3:
        more = (
            Place.objects.filter(parent=province, level=Level.COMMUNE, valid_to__isnull=True)
            .exclude(pk__in=[c.pk for c in communes])
            .order_by("-name_folded")
        )
        preferred = [
            c for c in more if "krong pac" in c.name_folded or c.name_folded.startswith(("xa ea", "ea "))
        ]
        communes += (preferred + [c for c in more if c not in preferred])[: 3 - len(communes)]
    return communes[:3]


@demo_step("places", 10)
def build(ctx: dict[str, Any]) -> None:
    ensure_loaded()
    load_legacy(districts=LEGACY_DISTRICTS)
    province = Place.objects.filter(code=PROVINCE_CODE).first() or Place.objects.provinces().current().first()
    assert province is not None
    communes = _pick_communes(province)
    rng = random.Random(66)
    villages: dict[str, list[Place]] = {}
    for index, commune in enumerate(communes):
        villages[commune.code] = _villages(commune, VILLAGE_NAMES[index % len(VILLAGE_NAMES)])
    all_villages = [v for vs in villages.values() for v in vs]
    _households(rng, [v for v in all_villages if not v.households.exists()])
    ctx["province"] = province
    ctx["communes"] = communes
    ctx["villages"] = villages
    ctx["households"] = list(
        Household.objects.filter(village__in=all_villages, is_active=True).select_related(
            "village", "representative"
        )
    )
    audit(
        actor=None,
        action="places.demo_built",
        object_type="places.place",
        object_id=province.code,
        after={
            "communes": [c.code for c in communes],
            "villages": len(all_villages),
            "households": len(ctx["households"]),
        },
    )


def _villages(commune: Place, names: list[str]) -> list[Place]:
    existing = {p.name_folded: p for p in Place.objects.filter(parent=commune, level=Level.VILLAGE)}
    new = []
    for number, name in enumerate(names, start=1):
        if fold(name) in existing:
            continue
        kind = PlaceKind.RESIDENTIAL_GROUP if name.startswith("Tổ") else PlaceKind.VILLAGE
        code = f"{commune.code}-{number:03d}"
        new.append(
            Place(
                code=code,
                name=name,
                name_folded=fold(name),
                kind=kind,
                level=Level.VILLAGE,
                parent=commune,
                path=f"{commune.path}{code}/",
                valid_from=dt.date(2025, 7, 1),
            )
        )
    taken = set(Place.objects.filter(code__in=[p.code for p in new]).values_list("code", flat=True))
    Place.objects.bulk_create([p for p in new if p.code not in taken])
    return list(
        Place.objects.filter(parent=commune, level=Level.VILLAGE)
        .filter(Q(valid_to__isnull=True))
        .order_by("code")
    )


def _households(rng: random.Random, villages: list[Place]) -> None:
    households: list[Household] = []
    plans: list[list[dict[str, Any]]] = []
    for village in villages:
        ede = village.name.startswith("Buôn")
        for n in range(1, rng.randint(20, 40) + 1):
            registered = _date(rng, 1995, 2024)
            households.append(
                Household(
                    village=village,
                    number=f"{n:03d}",
                    address=f"{village.name}, {village.parent.name if village.parent else ''}",
                    registered_on=registered,
                )
            )
            family = rng.choice(EDE_FAMILY if ede else FAMILY)
            head_male = rng.random() < 0.8
            people = [
                {
                    "full_name": _name(rng, head_male, family, ede),
                    "male": head_male,
                    "relation": HouseholdMember.Relation.HEAD,
                    "birth_date": _date(rng, 1945, 1990),
                }
            ]
            if rng.random() < 0.85:
                spouse_family = rng.choice(EDE_FAMILY if ede else FAMILY)
                people.append(
                    {
                        "full_name": _name(rng, not head_male, spouse_family, ede),
                        "male": not head_male,
                        "relation": HouseholdMember.Relation.SPOUSE,
                        "birth_date": _date(rng, 1948, 1992),
                    }
                )
            for _ in range(rng.randint(0, 4)):
                male = rng.random() < 0.5
                people.append(
                    {
                        "full_name": _name(rng, male, family, ede),
                        "male": male,
                        "relation": HouseholdMember.Relation.CHILD,
                        "birth_date": _date(rng, 1985, 2020),
                    }
                )
            for person in people:
                person["joined_on"] = registered
            plans.append(people)
    Household.objects.bulk_create(households, batch_size=500)
    households = list(Household.objects.filter(village__in=villages).order_by("village_id", "id"))
    members: list[HouseholdMember] = []
    index = 0
    for village in villages:
        for h in [h for h in households if h.village_id == village.pk]:
            for i, p in enumerate(plans[index]):
                member = HouseholdMember(
                    household=h,
                    full_name=p["full_name"],
                    full_name_folded=fold(p["full_name"]),
                    birth_date=p["birth_date"],
                    gender=HouseholdMember.Gender.MALE if p["male"] else HouseholdMember.Gender.FEMALE,
                    relation=p["relation"],
                    joined_on=p["joined_on"],
                    phone=f"09{rng.randint(10000000, 99999999)}" if i == 0 else "",
                )
                members.append(member)
            index += 1
    HouseholdMember.objects.bulk_create(members, batch_size=1000)
    first: dict[int, HouseholdMember] = {}
    for m in (
        HouseholdMember.objects.filter(household__in=households).order_by("id").only("id", "household_id")
    ):
        first.setdefault(m.household_id, m)
    for h in households:
        h.representative = first[h.pk]
    Household.objects.bulk_update(households, ["representative"], batch_size=500)
    HouseholdEvent.objects.bulk_create(
        [
            HouseholdEvent(
                household=h,
                kind=HouseholdEvent.Kind.CREATED,
                member=first[h.pk],
                on=h.registered_on,
                actor_label="demo",
            )
            for h in households
        ],
        batch_size=1000,
    )
