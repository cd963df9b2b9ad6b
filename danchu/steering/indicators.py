"""Steering indicators for the reporting registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.reporting.registry import (
    ComputeRow,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_shortfall,
)


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
    phrase=_("the steering committee inspected and supervised %(figure)s units"),
)
register_computed(
    code="steering.bright_spots_registered",
    section=Section.BRIGHT_SPOTS,
    name=_("Bright spots registered"),
    compute=_spots("registered_on", None),
    breakdowns=("field",),
    public=True,
    order=6,
    phrase=_("%(figure)s bright spots were registered"),
)
register_computed(
    code="steering.bright_spots_recognised",
    section=Section.BRIGHT_SPOTS,
    name=_("Bright spots recognised"),
    compute=_spots("recognised_on", "recognised"),
    breakdowns=("field",),
    public=True,
    order=7,
    phrase=_("%(figure)s bright spots were recognised"),
)
register_computed(
    code="steering.dvk_models",
    section=Section.BRIGHT_SPOTS,
    name=_("“Skilful Mass Mobilisation” models recognised"),
    compute=_models,
    breakdowns=("field",),
    public=True,
    order=8,
    phrase=_("%(figure)s “Skilful Mass Mobilisation” models were recognised"),
)
register_computed(
    code="steering.awards",
    section=Section.AWARDS,
    name=_("Awards granted"),
    compute=_awards,
    breakdowns=("kind",),
    order=9,
    phrase=_("%(figure)s collectives and individuals were commended"),
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
    section=Section.AWARDS,
    name=_("Awards to collectives and individuals"),
    compute=_awards_by_recipient,
    breakdowns=("recipient_kind", "field"),
    order=10,
    in_report=False,
)
register_computed(
    code="steering.tasks_done",
    section=Section.SITUATION,
    name=_("Briefing tasks completed"),
    compute=_tasks(False),
    order=11,
    phrase=_("%(figure)s of the committee's briefing tasks were completed"),
)
register_computed(
    code="steering.tasks_done_on_time",
    section=Section.SITUATION,
    name=_("Briefing tasks completed on time"),
    compute=_tasks(True),
    order=12,
    phrase=_("%(figure)s of them on time"),
)


def _recommendations(resolved: bool) -> Callable[..., Iterator[ComputeRow]]:
    """Recommendations of inspections carried out in the period, by the inspected unit's place; with
    resolved=True only those resolved by the period's end (the rest are a shortcoming to report)."""

    def compute(*, start: date, end: date) -> Iterator[ComputeRow]:
        from .models import Inspection, Recommendation

        qs = Recommendation.objects.filter(
            inspection__status=Inspection.Status.DONE, inspection__done_on__range=(start, end)
        )
        if resolved:
            qs = qs.filter(status=Recommendation.Status.RESOLVED, resolved_on__lte=end)
        return grouped(qs, place="inspection__committee__body__place_id")

    return compute


register_computed(
    code="steering.recommendations_made",
    section=Section.SITUATION,
    name=_("Recommendations made after the committee's inspections"),
    compute=_recommendations(False),
    order=13,
    phrase=_("the inspections made %(figure)s recommendations"),
)
register_computed(
    code="steering.recommendations_resolved",
    section=Section.SITUATION,
    name=_("Recommendations of the committee's inspections resolved"),
    compute=_recommendations(True),
    order=14,
    phrase=_("%(figure)s of them have been resolved"),
)

# The committees' document format and the publishing of signed reports (hooks, see reports.py).
from . import reports as _reports  # noqa: E402, F401

register_shortfall(
    key="steering_recommendations_open",
    order=60,
    total="steering.recommendations_made",
    done="steering.recommendations_resolved",
    text=_("%(missing)s of the %(total)s recommendations of the committee's inspections remain open"),
)


def _fields() -> dict[str, object]:
    """A bright spot's, a model's and an award's fields (their codes do not collide)."""
    from .models import Award, BrightSpot, EmulationModel

    return {
        **dict(BrightSpot.Field.choices),
        **dict(EmulationModel.Field.choices),
        **dict(Award.AwardField.choices),
    }


def _award_kinds() -> object:
    from .models import Award

    return Award.Kind.choices


def _recipient_kinds() -> object:
    from .models import Award

    return Award.RecipientKind.choices


# How the dashboards name the breakdowns of the committees' figures ("lĩnh vực / dân chủ ở cơ sở").
register_dimension(module="steering", name="field", label=_("field"), values=_fields)
register_dimension(module="steering", name="kind", label=pgettext_lazy("type", "kind"), values=_award_kinds)
register_dimension(
    module="steering", name="recipient_kind", label=_("kind of recipient"), values=_recipient_kinds
)
