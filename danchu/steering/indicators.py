"""Steering indicators for the reporting registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from django.utils.translation import gettext_lazy as _

from danchu.reporting.registry import ComputeRow, Section, grouped, register_computed


def _inspected_units(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import InspectedUnit, Inspection

    return grouped(
        InspectedUnit.objects.filter(
            inspection__status=Inspection.Status.DONE, inspection__done_on__range=(start, end)
        ),
        place="place_id",
    )


def _spots(field: str, status: str | None) -> Callable[..., Iterator[ComputeRow]]:
    def compute(*, start: date, end: date) -> Iterator[ComputeRow]:
        from .models import BrightSpot

        qs = BrightSpot.objects.filter(**{f"{field}__range": (start, end)})
        if status:
            qs = qs.filter(status=status)
        return grouped(qs, place="place_id", breakdowns={"field": "field"})

    return compute


def _models(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import EmulationModel

    return grouped(
        EmulationModel.objects.filter(recognised_on__range=(start, end)),
        place="place_id",
        breakdowns={"field": "field"},
    )


def _awards(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import Award

    return grouped(
        Award.objects.filter(issued_on__range=(start, end)), place="place_id", breakdowns={"kind": "kind"}
    )


register_computed(
    code="steering.units_inspected",
    section=Section.SITUATION,
    name=_("Units inspected and supervised by the steering committee"),
    compute=_inspected_units,
    order=5,
)
register_computed(
    code="steering.bright_spots_registered",
    section=Section.SITUATION,
    name=_("Bright spots registered"),
    compute=_spots("registered_on", None),
    breakdowns=("field",),
    public=True,
    order=6,
)
register_computed(
    code="steering.bright_spots_recognised",
    section=Section.SITUATION,
    name=_("Bright spots recognised"),
    compute=_spots("recognised_on", "recognised"),
    breakdowns=("field",),
    public=True,
    order=7,
)
register_computed(
    code="steering.dvk_models",
    section=Section.SITUATION,
    name=_("“Skilful Mass Mobilisation” models recognised"),
    compute=_models,
    breakdowns=("field",),
    public=True,
    order=8,
)
register_computed(
    code="steering.awards",
    section=Section.SITUATION,
    name=_("Awards granted"),
    compute=_awards,
    breakdowns=("kind",),
    order=9,
)


def _awards_by_recipient(*, start: date, end: date) -> Iterator[ComputeRow]:
    from .models import Award

    return grouped(
        Award.objects.filter(issued_on__range=(start, end)),
        place="place_id",
        breakdowns={"recipient_kind": "recipient_kind", "field": "field"},
    )


def _tasks(on_time: bool) -> Callable[..., Iterator[ComputeRow]]:
    def compute(*, start: date, end: date) -> Iterator[ComputeRow]:
        from django.db.models import F

        from .models import Task

        qs = Task.objects.filter(state=Task.State.DONE, done_on__range=(start, end))
        if on_time:
            qs = qs.filter(done_on__lte=F("deadline"))
        return grouped(qs, place="committee__body__place_id")

    return compute


register_computed(
    code="steering.awards_by_recipient",
    section=Section.SITUATION,
    name=_("Awards to collectives and individuals"),
    compute=_awards_by_recipient,
    breakdowns=("recipient_kind", "field"),
    order=10,
)
register_computed(
    code="steering.tasks_done",
    section=Section.SITUATION,
    name=_("Briefing tasks completed"),
    compute=_tasks(False),
    order=11,
)
register_computed(
    code="steering.tasks_done_on_time",
    section=Section.SITUATION,
    name=_("Briefing tasks completed on time"),
    compute=_tasks(True),
    order=12,
)
