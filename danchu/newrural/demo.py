"""Demo: the former Krông Pắc district (Đắk Lắk) in 2021 — 11 of its 15 rural communes recognised as
new-rural, the four others assessed at 17, 13, 12 and 10 criteria (seed 002's sentence). With only the
seven-row legacy sample loaded the same rule applies to the communes present (the last four by code
are the ones not recognised); once `load_places --legacy` has loaded the whole district the demo gives
11/15. Which four communes were not recognised in reality is not in the seed: the choice is
illustrative. A current commune of the demo is also assessed for this year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.core.demo import demo_step
from danchu.places.models import Level, Place, PlaceKind

from . import services
from .models import Assessment, Recognition, RuralLevel

DISTRICT_CODE = "654"  # Huyện Krông Pắc (before 1 July 2025)
OTHERS = (17, 13, 12, 10)
ISSUER = "Chủ tịch UBND tỉnh Đắk Lắk"


def _district() -> Place | None:
    """The former district, loaded from the legacy tree by the places demo step."""
    return Place.objects.filter(code=DISTRICT_CODE, level=Level.DISTRICT).first()


@demo_step("newrural", 75)
def build(ctx: dict[str, Any]) -> None:
    district = _district()
    if district is not None:
        communes = list(
            Place.objects.within(district)
            .current(dt.date(2021, 12, 31))
            .filter(kind=PlaceKind.COMMUNE)
            .order_by("code")
        )
        others = communes[-len(OTHERS) :] if len(communes) > len(OTHERS) else communes[1:]
        for index, commune in enumerate(communes):
            if commune in others:
                met = OTHERS[others.index(commune)]
                if not Assessment.objects.filter(commune=commune, year=2021).exists():
                    services.assessment_record(by=None, commune=commune, year=2021, met_count=met)
                continue
            if not Assessment.objects.filter(commune=commune, year=2021).exists():
                services.assessment_record(by=None, commune=commune, year=2021, met_count=19)
            if not Recognition.objects.filter(place=commune, level=RuralLevel.STANDARD).exists():
                services.recognition_record(
                    by=None,
                    place=commune,
                    level=RuralLevel.STANDARD,
                    recognised_on=dt.date(2014 + index % 7, 12, 20),
                    decision_number=f"{3100 + index}/QĐ-UBND",
                    issuer=ISSUER,
                )
    today = dt.date.today()
    # The second demo commune (the first alone when there is one): the one reporting's demo types 17
    # criteria for, so that its records and the annual form agree (records win where both exist).
    communes = ctx.get("communes", [])
    for commune in communes[1:2] or communes[:1]:
        if (
            commune.kind == PlaceKind.COMMUNE
            and not Assessment.objects.filter(commune=commune, year=today.year).exists()
        ):
            services.assessment_record(
                by=None, commune=commune, year=today.year, met_count=17, note="Số liệu mẫu"
            )
