"""Figures of "Dân giám sát" computed from the boards' and the Front's records.

So the report can write "các Ban Thanh tra nhân dân đã giám sát 4.956 vụ việc, phát hiện 648 vụ có dấu
hiệu vi phạm, kiến nghị … giải quyết 586 vụ việc" (Hà Nội 2021) at commune and province level. Each
count dates a matter by the step it counts: taken up (received), concluded with signs of violation,
first recommendation, resolution (every recommendation resolved).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Level
from danchu.reporting.registry import (
    ComputeRow,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_form_part,
    register_ratio,
    register_reported,
    register_shortfall,
)

from .models import Channel, Matter, Recommendation, Supervision, Topic

PLACE = "board__body__place_id"


def supervised(start: dt.date, end: dt.date) -> QuerySet[Matter]:
    return Matter.objects.in_scope().filter(received_on__gte=start, received_on__lte=end)


def with_violation(start: dt.date, end: dt.date) -> QuerySet[Matter]:
    return Matter.objects.filter(signs_of_violation=True, concluded_on__gte=start, concluded_on__lte=end)


def recommended(start: dt.date, end: dt.date) -> QuerySet[Matter]:
    return Matter.objects.filter(recommended_on__gte=start, recommended_on__lte=end)


def resolved(start: dt.date, end: dt.date) -> QuerySet[Matter]:
    return Matter.objects.filter(status=Matter.Status.RESOLVED, resolved_on__gte=start, resolved_on__lte=end)


def _supervised(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(supervised(start, end), place=PLACE, breakdowns={"channel": "channel"})


def _violations(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(with_violation(start, end), place=PLACE)


def _recommended(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(recommended(start, end), place=PLACE)


def _resolved(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(resolved(start, end), place=PLACE)


def _front(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    """Front supervisions started (or planned to start) in the period, by level and topic."""
    rows = Supervision.objects.filter(planned_from__gte=start, planned_from__lte=end).values_list(
        "front__place_id", "front__place__level", "topic"
    )
    counts = Counter(rows)
    for (place_id, level, topic), n in counts.items():
        yield place_id, {"level": "province" if level == Level.PROVINCE else "commune", "topic": topic}, n


def answered(start: dt.date, end: dt.date) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(answered_on__gte=start, answered_on__lte=end).annotate(
        unit=Coalesce("matter__board__body__place_id", "supervision__front__place_id")
    )


def _answered(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return _by_source(answered(start, end))


def _answered_on_time(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return _by_source(answered(start, end).filter(answered_on__lte=F("due_on")))


def _by_source(qs: QuerySet[Recommendation]) -> Iterator[ComputeRow]:
    for source, q in (("board", Q(matter__isnull=False)), ("front", Q(supervision__isnull=False))):
        for place_id, _b, n in grouped(qs.filter(q), place="unit"):
            yield place_id, {"source": source}, n


def register() -> None:
    S = Section.DAN_GIAM_SAT
    register_computed(
        code="oversight.matters_supervised",
        section=S,
        name=_("Matters supervised by the People's Inspection Boards"),
        definition=_("Matters received in the period that the board took up (within its scope)"),
        breakdowns=("channel",),
        public=True,
        compute=_supervised,
        order=40,
    )
    register_computed(
        code="oversight.matters_with_violation",
        section=S,
        name=_("Matters with signs of violation"),
        definition=_("Matters the board concluded in the period finding signs of violation"),
        public=True,
        compute=_violations,
        order=41,
    )
    register_computed(
        code="oversight.matters_recommended",
        section=S,
        name=_("Matters recommended to the competent authority"),
        definition=_("Matters on which the board made its first recommendation in the period"),
        public=True,
        compute=_recommended,
        order=42,
    )
    register_computed(
        code="oversight.matters_resolved",
        section=S,
        name=_("Matters resolved after the board's recommendation"),
        definition=_("Matters whose recommendations were all answered and resolved in the period"),
        public=True,
        compute=_resolved,
        order=43,
    )
    register_computed(
        code="oversight.front_supervisions",
        section=S,
        name=_("Supervisions by the Fatherland Front"),
        definition=_("Supervisions of the Front planned to start in the period, by level and topic"),
        breakdowns=("level", "topic"),
        public=True,
        compute=_front,
        order=44,
    )
    register_computed(
        code="oversight.recommendations_answered",
        section=S,
        name=_("Recommendations of the boards and the Front answered"),
        definition=_("Recommendations the competent person answered in the period"),
        breakdowns=("source",),
        compute=_answered,
        order=45,
    )
    register_computed(
        code="oversight.recommendations_answered_on_time",
        section=S,
        name=_("Recommendations answered on time"),
        definition=_("Recommendations answered in the period by their due date"),
        breakdowns=("source",),
        compute=_answered_on_time,
        order=46,
    )
    register_ratio(
        code="oversight.answered_on_time_rate",
        section=S,
        name=_("Share of recommendations answered on time"),
        numerator="oversight.recommendations_answered_on_time",
        denominator="oversight.recommendations_answered",
        order=47,
    )
    register_shortfall(
        key="oversight_unanswered",
        order=40,
        total="oversight.matters_recommended",
        done="oversight.recommendations_answered",
        text=_("%(missing)s of the %(total)s supervision recommendations have not been answered"),
    )


# People's Inspection Boards (Hà Nội 2021: 4.956 matters, 648 with signs of violation, 586 recommended):
# typed in for the units whose boards keep no records in danchu; never below what the records show.
register_reported(
    code="pib.matters_supervised",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_supervised",
    name=_("Matters supervised by People's Inspection Boards"),
    public=True,
    order=30,
    phrase=_("the People's Inspection Boards supervised %(figure)s matters"),
)
register_reported(
    code="pib.violations",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_with_violation",
    name=_("Matters with signs of violation found"),
    public=True,
    order=31,
    phrase=_("found %(figure)s with signs of violation"),
)
register_reported(
    code="pib.recommendations",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_recommended",
    name=_("Recommendations made to the authorities"),
    public=True,
    order=32,
    phrase=_("recommended that the competent authorities resolve %(figure)s matters"),
)
register_reported(
    code="pib.recommendations_resolved",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_resolved",
    name=_("Recommendations resolved"),
    public=True,
    order=33,
    phrase=_("%(figure)s recommendations have been resolved"),
)


def _demo_boards(index: int, period: Any, rng: random.Random) -> dict[str, str]:
    """A demo commune's typed quarter of its board's work (reporting's demo types the forms)."""
    matters, recommended = rng.randint(6, 18), rng.randint(1, 5)
    return {
        "pib.matters_supervised": str(matters),
        "pib.violations": str(rng.randint(0, 3)),
        "pib.recommendations": str(recommended),
        "pib.recommendations_resolved": str(recommended - rng.randint(0, 1)),
    }


# The quarterly form asks these of every commune whose board keeps no records in danchu.
register_form_part(
    key="boards",
    form="QCDC-Q",
    codes=["pib.matters_supervised", "pib.violations", "pib.recommendations", "pib.recommendations_resolved"],
    rules=[
        ("Vụ việc có dấu hiệu vi phạm ≤ vụ việc giám sát", "pib.violations", "<=", "pib.matters_supervised"),
        ("Kiến nghị đã giải quyết ≤ kiến nghị", "pib.recommendations_resolved", "<=", "pib.recommendations"),
    ],
    demo=_demo_boards,
)
register_shortfall(
    key="pib_unresolved",
    order=50,
    total="pib.recommendations",
    done="pib.recommendations_resolved",
    text=_(
        "%(missing)s of the %(total)s recommendations of the People's Inspection Boards remain unresolved"
    ),
)

# How the dashboards name the breakdowns of the boards' and the Front's figures.
register_dimension(module="oversight", name="channel", label=_("received through"), values=Channel.choices)
register_dimension(
    module="oversight",
    name="level",
    label=_("level of the Front"),
    values={"province": Level.PROVINCE.label, "commune": Level.COMMUNE.label},
)
register_dimension(module="oversight", name="topic", label=_("topic"), values=Topic.choices)
register_dimension(
    module="oversight",
    name="source",
    label=_("recommended by"),
    values={"board": _("People's Inspection Board"), "front": _("Fatherland Front")},
)
