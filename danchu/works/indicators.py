"""Figures of "Dân làm" (works, contributions) and of the boards' supervision ("Dân giám sát")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from danchu.reporting.registry import (
    ComputeRow,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_ratio,
)

from .models import Payment, Recommendation, Session, Work

SOURCES = {
    "state": "budget_state",
    "people": "budget_people",
    "labour": "budget_labour",
    "sponsors": "budget_sponsors",
}


def _works_running(start: dt.date, end: dt.date) -> object:
    return Work.objects.filter(decision_date__lte=end).filter(
        Q(handed_over_on__isnull=True) | Q(handed_over_on__gte=start)
    )


def _works(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_works_running(start, end), place="commune_id", breakdowns={"stage": "stage"})  # type: ignore[arg-type]


def _value(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    decided = Work.objects.filter(decision_date__gte=start, decision_date__lte=end)
    for source, f in SOURCES.items():
        for row in decided.values("commune_id").annotate(v=Sum(f)):
            yield row["commune_id"], {"source": source}, row["v"] or 0


def _payments(start: dt.date, end: dt.date, kind: str) -> object:
    return Payment.objects.filter(received_on__gte=start, received_on__lte=end, kind=kind)


def _money(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_payments(start, end, "money"), place="work__commune_id", value=Sum("value"))  # type: ignore[arg-type]


def _labour(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_payments(start, end, "labour"), place="work__commune_id", value=Sum("quantity"))  # type: ignore[arg-type]


def _land(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_payments(start, end, "land"), place="work__commune_id", value=Sum("quantity"))  # type: ignore[arg-type]


def _households(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    given = Payment.objects.filter(
        received_on__gte=start, received_on__lte=end, reverses__isnull=True
    ).exclude(reversed_by__isnull=False)
    return grouped(given, place="work__commune_id", value=Count("household", distinct=True))


def _supervised(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    held = Session.objects.filter(held_on__gte=start, held_on__lte=end)
    return grouped(held, place="board__work__commune_id", value=Count("board__work", distinct=True))


def _sessions(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(
        Session.objects.filter(held_on__gte=start, held_on__lte=end), place="board__work__commune_id"
    )


def _violations(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    held = Session.objects.filter(held_on__gte=start, held_on__lte=end, violation=True)
    return grouped(held, place="board__work__commune_id")


def _recommendations(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    made = Recommendation.objects.filter(made_on__gte=start, made_on__lte=end)
    return grouped(made, place="board__work__commune_id")


def _answered(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    done = Recommendation.objects.filter(answered_on__gte=start, answered_on__lte=end)
    return grouped(done, place="board__work__commune_id")


L, G = Section.DAN_LAM, Section.DAN_GIAM_SAT


def register() -> None:
    register_computed(
        code="works.works",
        section=L,
        name=_("Community works and projects"),
        unit="count",
        definition=_("Works decided by the end of the period and not handed over before it, by stage"),
        breakdowns=("stage",),
        public=True,
        compute=_works,
        order=10,
    )
    register_computed(
        code="works.value",
        section=L,
        name=_("Value of the works decided"),
        unit="vnd",
        definition=_("Budget of the works decided in the period, by source"),
        breakdowns=("source",),
        public=True,
        compute=_value,
        order=11,
    )
    register_computed(
        code="works.money",
        section=L,
        name=_("Money contributed by the people"),
        unit="vnd",
        definition=_("Money received from households in the period, corrections deducted"),
        public=True,
        compute=_money,
        order=12,
    )
    register_computed(
        code="works.labour_days",
        section=L,
        name=_("Labour days contributed"),
        unit="days",
        definition=_("Labour days given by households in the period"),
        public=True,
        compute=_labour,
        order=13,
    )
    register_computed(
        code="works.land_m2",
        section=L,
        name=_("Land donated (m²)"),
        unit="count",
        definition=_("Square metres of land donated by households in the period"),
        public=True,
        compute=_land,
        order=14,
    )
    register_computed(
        code="works.households",
        section=L,
        name=_("Households contributing"),
        unit="households",
        definition=_("Households with a contribution in the period that was not reversed"),
        public=True,
        compute=_households,
        order=15,
    )
    register_computed(
        code="works.supervised",
        section=G,
        name=_("Works supervised by community boards"),
        unit="count",
        definition=_("Works with a supervision session of their board in the period"),
        public=True,
        compute=_supervised,
        order=30,
    )
    register_computed(
        code="works.sessions",
        section=G,
        name=_("Community supervision sessions"),
        unit="count",
        definition=_("Supervision sessions held at the sites in the period"),
        public=True,
        compute=_sessions,
        order=31,
    )
    register_computed(
        code="works.violations",
        section=G,
        name=_("Supervisions that found violations"),
        unit="count",
        definition=_("Supervision sessions that recorded a violation"),
        public=True,
        compute=_violations,
        order=32,
    )
    register_computed(
        code="works.recommendations",
        section=G,
        name=_("Recommendations of community boards"),
        unit="count",
        definition=_("Recommendations made by the boards in the period"),
        public=True,
        compute=_recommendations,
        order=33,
    )
    register_computed(
        code="works.recommendations_answered",
        section=G,
        name=_("Recommendations of community boards answered"),
        unit="count",
        definition=_("Recommendations answered in the period"),
        public=True,
        compute=_answered,
        order=34,
    )
    register_ratio(
        code="works.answer_rate",
        section=G,
        name=_("Share of board recommendations answered"),
        numerator="works.recommendations_answered",
        denominator="works.recommendations",
        public=True,
        order=35,
    )


def _sources() -> dict[str, object]:
    return {source: getattr(Work._meta.get_field(f), "verbose_name", f) for source, f in SOURCES.items()}


# How the dashboards name the breakdowns of the works' figures.
register_dimension(module="works", name="stage", label=_("stage"), values=Work.Stage.choices)
register_dimension(module="works", name="source", label=_("source of funds"), values=_sources)
