"""Figures of agencies, public units and enterprises for the reporting registry, from records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext_lazy as _

from danchu.reporting.registry import (
    ComputeRow,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_shortfall,
)


def _units(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import Unit

    return grouped(Unit.objects.all(), place="body__place_id", breakdowns={"unit_type": "unit_type"})


def _conferences(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import Conference

    return grouped(
        Conference.objects.filter(
            status=Conference.Status.HELD, held_on__range=(start, end), extraordinary=False
        ),
        place="unit__body__place_id",
        breakdowns={"unit_type": "unit__unit_type"},
    )


def _dialogues(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import Dialogue

    return grouped(
        Dialogue.objects.filter(held_on__range=(start, end)),
        place="unit__body__place_id",
        breakdowns={"kind": "kind"},
    )


def _with_regulation(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import Unit

    return grouped(
        Unit.objects.filter(regulations__issued_on__lte=end).distinct(),
        place="body__place_id",
        breakdowns={"unit_type": "unit_type"},
    )


def register() -> None:
    register_computed(
        code="workplaces.units",
        stock=True,
        section=Section.WORKPLACES,
        name=_("Agencies, public units and enterprises registered"),
        compute=_units,
        breakdowns=("unit_type",),
        order=1,
    )
    register_computed(
        code="workplaces.conferences_held",
        section=Section.WORKPLACES,
        name=_("Yearly conferences held (officials' and employees')"),
        compute=_conferences,
        breakdowns=("unit_type",),
        order=2,
    )
    register_computed(
        code="workplaces.dialogues",
        section=Section.WORKPLACES,
        name=_("Workplace dialogues held"),
        compute=_dialogues,
        breakdowns=("kind",),
        order=3,
    )
    register_computed(
        code="workplaces.units_with_regulation",
        stock=True,
        section=Section.WORKPLACES,
        name=_("Units with their own democracy regulation"),
        compute=_with_regulation,
        breakdowns=("unit_type",),
        order=4,
    )
    register_shortfall(
        key="workplaces_no_conference",
        order=30,
        total="workplaces.units",
        done="workplaces.conferences_held",
        text=_(
            "%(missing)s of the %(total)s registered agencies, public units and enterprises have not held their yearly conference"
        ),
    )


def _unit_types() -> object:
    from .models import UnitType

    return UnitType.choices


def _dialogue_kinds() -> object:
    from .models import Dialogue

    return Dialogue.Kind.choices


# How the dashboards name the breakdowns of these figures (reporting names no module's terms).
register_dimension(module="workplaces", name="unit_type", label=_("kind of unit"), values=_unit_types)
register_dimension(module="workplaces", name="kind", label=_("kind of dialogue"), values=_dialogue_kinds)
