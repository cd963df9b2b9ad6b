"""Figures of "Dân biết" for reporting (registered in reporting's indicator registry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy as _

from danchu.reporting.registry import (
    ComputeRow,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_ratio,
    register_shortfall,
)

from .models import Disclosure, Obligation, Question

Row = ComputeRow


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)),
    )


def _published(*, start: dt.date, end: dt.date) -> Iterator[Row]:
    a, b = _bounds(start, end)
    return grouped(
        Disclosure.objects.public().filter(published_at__gte=a, published_at__lt=b),
        place="place_id",
        breakdowns={"category": "category"},
    )


def _obligations_in(start: dt.date, end: dt.date) -> QuerySet[Obligation]:
    return Obligation.objects.filter(due_on__gte=start, due_on__lte=end)


def _obligations_due(*, start: dt.date, end: dt.date) -> Iterator[Row]:
    return grouped(_obligations_in(start, end), place="place_id")


def _obligations_met(*, start: dt.date, end: dt.date) -> Iterator[Row]:
    return grouped(_obligations_in(start, end).filter(met_on__isnull=False), place="place_id")


def _obligations_on_time(*, start: dt.date, end: dt.date) -> Iterator[Row]:
    return grouped(
        _obligations_in(start, end).filter(met_on__isnull=False, met_on__lte=F("due_on")), place="place_id"
    )


def _questions_in(start: dt.date, end: dt.date) -> QuerySet[Question]:
    a, b = _bounds(start, end)
    return Question.objects.filter(asked_at__gte=a, asked_at__lt=b)


def _questions(*, start: dt.date, end: dt.date) -> Iterator[Row]:
    return grouped(_questions_in(start, end), place="disclosure__place_id")


def _answered(*, start: dt.date, end: dt.date) -> Iterator[Row]:
    return grouped(
        _questions_in(start, end).filter(status=Question.Status.ANSWERED), place="disclosure__place_id"
    )


def _communes_disclosing(*, start: dt.date, end: dt.date) -> Iterator[Row]:
    a, b = _bounds(start, end)
    for r in (
        Disclosure.objects.public()
        .filter(published_at__gte=a, published_at__lt=b)
        .values("place_id")
        .annotate(n=Count("id"))
    ):
        yield r["place_id"], {}, 1 if r["n"] else 0


register_computed(
    code="disclosures.published",
    section=Section.DAN_BIET,
    name=_("Disclosures published"),
    unit="count",
    definition=_("Disclosures published in the period, by category"),
    breakdowns=("category",),
    public=True,
    compute=_published,
    order=10,
)
register_computed(
    code="disclosures.obligations_due",
    section=Section.DAN_BIET,
    name=_("Disclosure obligations due"),
    unit="count",
    definition=_("Disclosures the law required by a due date within the period"),
    public=True,
    compute=_obligations_due,
    order=20,
)
register_computed(
    code="disclosures.obligations_met",
    section=Section.DAN_BIET,
    name=_("Disclosure obligations met"),
    unit="count",
    definition=_("Obligations due in the period that have been published"),
    public=True,
    compute=_obligations_met,
    order=21,
)
register_computed(
    code="disclosures.published_on_time",
    section=Section.DAN_BIET,
    name=_("Disclosure obligations met on time"),
    unit="count",
    definition=_("Obligations due in the period published by their due date"),
    public=True,
    compute=_obligations_on_time,
    order=22,
)
register_ratio(
    code="disclosures.on_time_rate",
    section=Section.DAN_BIET,
    name=_("Share of disclosures on time"),
    numerator="disclosures.published_on_time",
    denominator="disclosures.obligations_due",
    public=True,
    definition=_("Obligations met on time over obligations due"),
    order=23,
)
register_computed(
    code="disclosures.communes_disclosing",
    section=Section.DAN_BIET,
    name=_("Communes that published disclosures"),
    unit="count",
    aggregation="count_units",
    definition=_("Communes with at least one disclosure published in the period"),
    public=True,
    compute=_communes_disclosing,
    order=24,
)
register_computed(
    code="disclosures.questions",
    section=Section.DAN_BIET,
    name=_("Questions on disclosures"),
    unit="count",
    definition=_("Questions citizens asked under disclosures"),
    public=True,
    compute=_questions,
    order=30,
)
register_computed(
    code="disclosures.questions_answered",
    section=Section.DAN_BIET,
    name=_("Questions on disclosures answered"),
    unit="count",
    definition=_("Questions asked in the period that have a public answer"),
    public=True,
    compute=_answered,
    order=31,
)
register_ratio(
    code="disclosures.answer_rate",
    section=Section.DAN_BIET,
    name=_("Share of questions answered"),
    numerator="disclosures.questions_answered",
    denominator="disclosures.questions",
    public=True,
    order=32,
)
register_shortfall(
    key="disclosures_late",
    order=20,
    total="disclosures.obligations_due",
    done="disclosures.published_on_time",
    text=_("%(missing)s of the %(total)s matters that had to be disclosed were not posted on time"),
)


def _categories() -> dict[str, object]:
    from .categories import CATEGORIES

    return {c.code: c.name for c in CATEGORIES}


# How the dashboards name the breakdown of the disclosures' figures (the category's name).
register_dimension(
    module="disclosures", name="category", label=_("category of disclosure"), values=_categories
)
