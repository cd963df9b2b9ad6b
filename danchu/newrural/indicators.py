"""Figures of new-rural development, computed from the recognitions and assessments, with the register
denominators (all rural communes and district-level units of the area on the period's last day)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Level, Place, PlaceKind
from danchu.reporting.registry import (
    ComputeRow,
    Grouped,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_form_part,
    register_ratio,
    register_value_rule,
)

from .models import Assessment, Recognition, RuralLevel
from .queries import RANK, highest_levels, latest_assessments, set_in_force


def section(value: str, fallback: str) -> str:
    """The report section "new-rural development" once reporting has it (issue #15 item 3); until then
    the figures sit under "People benefit" (DOMAIN.md §12 measures dân thụ hưởng by the NTM criteria)."""
    return value if value in Section.values else fallback


NEW_RURAL = section("new_rural", Section.DAN_THU_HUONG)


def _communes(on: dt.date) -> list[int]:
    return list(Place.objects.current(on).filter(kind=PlaceKind.COMMUNE).values_list("pk", flat=True))


def _registered(*, start: dt.date, end: dt.date) -> Grouped:
    # A grouped query (one row per rural commune): the roll-up writes only what changed.
    return grouped(Place.objects.current(end).filter(kind=PlaceKind.COMMUNE), place="id")


def _recorded(end: dt.date) -> set[int]:
    """Communes whose records speak for the year of `end`: assessed that year, or recognised by then
    (a commune typing its figures in the annual form counts only when it has neither)."""
    assessed = Assessment.objects.filter(year=end.year, level=RuralLevel.STANDARD).values_list(
        "commune_id", flat=True
    )
    recognised = Recognition.objects.filter(recognised_on__lte=end).values_list("place_id", flat=True)
    return set(assessed) | set(recognised)


def _at_least(level: str, zeros: bool = False) -> object:
    """1 for each commune holding `level` (or higher) on the period's last day; with `zeros`, 0 for
    the other communes with records, so that their records, not a typed figure, count."""

    def compute(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
        existing = set(_communes(end))
        held = {pk for pk, h in highest_levels(end).items() if pk in existing and RANK[h] >= RANK[level]}
        for pk in held:
            yield pk, {}, 1
        if zeros:
            for pk in (_recorded(end) & existing) - held:
                yield pk, {}, 0

    return compute


def _criteria_met(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    """Criteria met by each commune assessed in the year of the period's end."""
    existing = Place.objects.current(end).filter(kind=PlaceKind.COMMUNE)
    for a in Assessment.objects.filter(year=end.year, level=RuralLevel.STANDARD, commune__in=existing):
        yield a.commune_id, {}, a.met_count


def _criteria_within_the_set(period_end: dt.date, met: Any) -> str:
    """A commune cannot have met more criteria than the set in force has (DOMAIN.md §11.4)."""
    cs = set_in_force(period_end.year)
    if cs is None:
        return ""
    count = cs.criteria.filter(level=RuralLevel.STANDARD).count()
    if count and met > count:
        return gettext(
            "Rule “criteria met ≤ criteria in the set” is broken: the set %(set)s has %(n)s criteria."
        ) % {"set": cs, "n": count}
    return ""


def _district_units(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    for pk in Place.objects.current(end).filter(level=Level.DISTRICT).values_list("pk", flat=True):
        yield pk, {}, 1


def _districts(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    standing = Recognition.objects.standing(end).filter(level=RuralLevel.DISTRICT)
    for pk in standing.filter(place__in=Place.objects.current(end)).values_list("place_id", flat=True):
        yield pk, {}, 1


def _others_by_criteria(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    """Communes not (yet) recognised, by the number of criteria they met ("01 xã đạt 17 tiêu chí")."""
    existing = Place.objects.current(end).filter(kind=PlaceKind.COMMUNE)
    recognised = set(highest_levels(end, existing))
    for pk, assessment in latest_assessments(end.year, existing).items():
        if pk not in recognised:
            yield pk, {"criteria": str(assessment.met_count)}, 1


def register() -> None:
    register_computed(
        code="newrural.communes",
        section=NEW_RURAL,
        name=_("Rural communes"),
        definition=_("Rural communes (xã) of the area on the period's last day, from the register"),
        public=True,
        compute=_registered,
        order=60,
        stock=True,  # the register on the period's last day, not the sum of its months
    )
    for order, (level, name, definition) in enumerate(
        [
            (
                RuralLevel.STANDARD,
                _("Communes meeting the new-rural standard"),
                _("Communes recognised as new-rural (or higher) and not withdrawn on the period's last day"),
            ),
            (
                RuralLevel.ADVANCED,
                _("Communes meeting the advanced new-rural standard"),
                _("Communes recognised as advanced (or model) new-rural on the period's last day"),
            ),
            (
                RuralLevel.MODEL,
                _("Model new-rural communes"),
                _("Communes recognised as model new-rural on the period's last day"),
            ),
        ],
        start=61,
    ):
        # The standard level is also typed in the annual form by a commune without records, and was
        # so for the years before danchu (it replaced reporting's typed ntm recognition figure, issue #15).
        typed = level == RuralLevel.STANDARD
        register_computed(
            code=f"newrural.{level}",
            section=NEW_RURAL,
            name=name,
            definition=definition,
            public=True,
            compute=_at_least(level, zeros=typed),  # type: ignore[arg-type]
            order=order,
            stock=True,
            typed=typed,
            formerly=("ntm.recognised", "Số xã được công nhận đạt chuẩn nông thôn mới") if typed else (),
        )
    register_ratio(
        code="newrural.standard_rate",
        section=NEW_RURAL,
        name=_("Share of communes meeting the new-rural standard"),
        numerator="newrural.standard",
        denominator="newrural.communes",
        public=True,
        order=64,
    )
    register_computed(
        code="newrural.others_by_criteria",
        section=NEW_RURAL,
        name=_("Communes not yet recognised, by criteria met"),
        definition=_(
            "Communes not recognised on the period's last day, by the criteria met in their latest assessment"
        ),
        breakdowns=("criteria",),
        public=True,
        compute=_others_by_criteria,
        order=65,
        stock=True,
    )
    register_computed(
        code="newrural.criteria_met",
        section=NEW_RURAL,
        name=_("New-rural criteria met (average per commune)"),
        definition=_("Criteria met in the year's assessment, on average per commune assessed or reporting"),
        aggregation="avg",
        compute=_criteria_met,
        order=59,
        stock=True,
        typed=True,  # replaced reporting's typed ntm criteria figure (issue #15)
        formerly=("ntm.criteria_met",),
        in_report=False,  # stated commune by commune in the section's lead (sections.py)
    )
    register_value_rule("newrural.criteria_met", _criteria_within_the_set)
    register_computed(
        code="newrural.district_units",
        section=NEW_RURAL,
        name=_("District-level units"),
        definition=_("District-level units of the area on the period's last day (before 1 July 2025)"),
        public=True,
        compute=_district_units,
        order=66,
        stock=True,
    )
    register_computed(
        code="newrural.districts",
        section=NEW_RURAL,
        name=_("District-level units meeting the standard or completing the task"),
        definition=_("District-level units recognised and not withdrawn on the period's last day"),
        public=True,
        compute=_districts,
        order=67,
        stock=True,
    )
    # The annual form asks these of a commune without an assessment or recognition for the year.
    register_form_part(
        key="newrural",
        form="QCDC-N",
        codes=["newrural.criteria_met", "newrural.standard"],
        required=["newrural.criteria_met"],
        demo=_demo_values,
    )


def _demo_values(index: int, period: Any, rng: random.Random) -> dict[str, str]:
    """A demo commune's typed year: 19, 17 and 13 criteria (one fewer last year but for the first)."""
    from django.utils import timezone

    criteria = [19, 17, 13][index % 3] - (1 if period.start.year < timezone.localdate().year and index else 0)
    return {"newrural.criteria_met": str(criteria), "newrural.standard": "1" if criteria >= 19 else "0"}


# How the dashboards name the breakdown of the communes by criteria met (the number is its own label).
register_dimension(module="newrural", name="criteria", label=_("criteria met"))
