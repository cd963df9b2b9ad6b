"""Figures of new-rural development, computed from the recognitions and assessments, with the register
denominators (all rural communes and district-level units of the area on the period's last day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from danchu.places.models import Level, Place, PlaceKind
from danchu.reporting.registry import ComputeRow, Section, register_computed, register_ratio

from .models import Recognition, RuralLevel
from .queries import RANK, highest_levels, latest_assessments


def section(value: str, fallback: str) -> str:
    """The report section "new-rural development" once reporting has it (issue #15 item 3); until then
    the figures sit under "People benefit" (DOMAIN.md §12 measures dân thụ hưởng by the NTM criteria)."""
    return value if value in Section.values else fallback


NEW_RURAL = section("new_rural", Section.DAN_THU_HUONG)


def _communes(on: dt.date) -> list[int]:
    return list(Place.objects.current(on).filter(kind=PlaceKind.COMMUNE).values_list("pk", flat=True))


def _registered(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    for pk in _communes(end):
        yield pk, {}, 1


def _at_least(level: str) -> object:
    def compute(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
        existing = set(_communes(end))
        for pk, held in highest_levels(end).items():
            if pk in existing and RANK[held] >= RANK[level]:
                yield pk, {}, 1

    return compute


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
        register_computed(
            code=f"newrural.{level}",
            section=NEW_RURAL,
            name=name,
            definition=definition,
            public=True,
            compute=_at_least(level),  # type: ignore[arg-type]
            order=order,
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
    )
    register_computed(
        code="newrural.district_units",
        section=NEW_RURAL,
        name=_("District-level units"),
        definition=_("District-level units of the area on the period's last day (before 1 July 2025)"),
        public=True,
        compute=_district_units,
        order=66,
    )
    register_computed(
        code="newrural.districts",
        section=NEW_RURAL,
        name=_("District-level units meeting the standard or completing the task"),
        definition=_("District-level units recognised and not withdrawn on the period's last day"),
        public=True,
        compute=_districts,
        order=67,
    )
