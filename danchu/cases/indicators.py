"""Figures of "Dân kiểm tra" for steering reports, computed from case and reception records."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

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

from .models import Case, Channel, Dialogue, ReceptionLog


def _received(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(
        Case.objects.filter(received_at__date__gte=start, received_at__date__lte=end),
        place="unit_id",
        breakdowns={"case_type": "case_type", "channel": "channel", "field": "field__code"},
    )


def _resolved_in(start: dt.date, end: dt.date) -> QuerySet[Case]:
    return Case.objects.filter(resolved_at__date__gte=start, resolved_at__date__lte=end)


def _resolved(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_resolved_in(start, end), place="unit_id", breakdowns={"case_type": "case_type"})


def _resolved_on_time(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(
        _resolved_in(start, end).filter(resolved_on_time=True),
        place="unit_id",
        breakdowns={"case_type": "case_type"},
    )


def _rated(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_resolved_in(start, end).filter(satisfaction__isnull=False), place="unit_id")


def _satisfied(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    # Satisfied: a rating of 4 or 5 on the 1–5 scale.
    return grouped(_resolved_in(start, end).filter(satisfaction__gte=4), place="unit_id")


def _receptions(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(ReceptionLog.objects.filter(date__gte=start, date__lte=end), place="unit_id")


def _persons(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(
        ReceptionLog.objects.filter(date__gte=start, date__lte=end), place="unit_id", value=Sum("persons")
    )


def _dialogues(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(Dialogue.objects.filter(held_on__gte=start, held_on__lte=end), place="unit_id")


S = Section.DAN_KIEM_TRA
register_computed(
    code="cases.received",
    section=S,
    name=_("Cases received"),
    unit="count",
    definition=_("Feedback, petitions, complaints and denunciations received in the period"),
    breakdowns=("case_type", "channel", "field"),
    public=True,
    compute=_received,
    order=10,
)
register_computed(
    code="cases.resolved",
    section=S,
    name=_("Cases resolved"),
    unit="count",
    definition=_("Cases answered (reply signed) in the period"),
    breakdowns=("case_type",),
    public=True,
    compute=_resolved,
    order=11,
)
register_computed(
    code="cases.resolved_on_time",
    section=S,
    name=_("Cases resolved on time"),
    unit="count",
    definition=_("Cases answered in the period by their legal due date"),
    breakdowns=("case_type",),
    public=True,
    compute=_resolved_on_time,
    order=12,
)
register_ratio(
    code="cases.on_time_rate",
    section=S,
    name=_("Share of cases resolved on time"),
    numerator="cases.resolved_on_time",
    denominator="cases.resolved",
    public=True,
    order=13,
)
register_computed(
    code="cases.rated",
    section=S,
    name=_("Answered cases rated by the citizen"),
    unit="count",
    definition=_("Cases answered in the period that their submitter rated"),
    compute=_rated,
    order=14,
)
register_computed(
    code="cases.satisfied",
    section=S,
    name=_("Answered cases rated satisfied"),
    unit="count",
    definition=_("Cases answered in the period rated 4 or 5 out of 5"),
    compute=_satisfied,
    order=15,
)
register_ratio(
    code="cases.satisfied_share",
    section=S,
    name=_("Share of citizens satisfied with the answer"),
    numerator="cases.satisfied",
    denominator="cases.rated",
    public=True,
    order=16,
)
register_computed(
    code="receptions.held",
    section=S,
    name=_("Citizen receptions held"),
    unit="count",
    definition=_("Entries of the citizen reception log in the period"),
    public=True,
    compute=_receptions,
    order=20,
)
register_computed(
    code="receptions.persons",
    section=S,
    name=_("Citizens received"),
    unit="people",
    definition=_("Persons received at citizen receptions (lượt công dân)"),
    public=True,
    compute=_persons,
    order=21,
)
register_computed(
    code="dialogues.held",
    section=S,
    name=_("Dialogues held"),
    unit="count",
    definition=_("Dialogues between leaders and people, with minutes"),
    public=True,
    compute=_dialogues,
    order=22,
)
register_shortfall(
    key="cases_late",
    order=10,
    total="cases.resolved",
    done="cases.resolved_on_time",
    text=_(
        "%(missing)s of the %(total)s complaints, denunciations and petitions resolved were resolved late"
    ),
)


# Units without reception records type in their sessions (the steering form's data elements);
# never below what danchu recorded.
register_reported(
    code="reception.sessions_reported",
    section=Section.DAN_GIAM_SAT,
    name=_("Citizen reception sessions (reported)"),
    at_least_computed="receptions.held",
    order=20,
    phrase=_("held %(figure)s citizen reception sessions"),
)
register_reported(
    code="dialogue.sessions_reported",
    section=Section.DAN_GIAM_SAT,
    name=_("Dialogues of leaders with the people (reported)"),
    at_least_computed="dialogues.held",
    order=21,
    phrase=_("held %(figure)s dialogues between leaders and the people"),
)


def _demo_sessions(index: int, period: Any, rng: random.Random) -> dict[str, str]:
    """A demo commune's typed quarter (reporting's demo types the forms)."""
    return {
        "reception.sessions_reported": str(rng.randint(10, 14)),
        "dialogue.sessions_reported": str(rng.randint(1, 3)),
    }


# The quarterly form asks these of every commune (records set the floor).
register_form_part(
    key="receptions",
    form="QCDC-Q",
    codes=["reception.sessions_reported", "dialogue.sessions_reported"],
    demo=_demo_sessions,
)


def _case_types() -> dict[str, Any]:
    from .types import CASE_TYPES

    return {t.key: t.label for t in CASE_TYPES}


def _fields() -> Any:
    from .models import Field

    return Field.objects.values_list("code", "name")


# How the dashboards name the breakdowns of the cases' figures ("loại vụ việc / khiếu nại").
register_dimension(module="cases", name="case_type", label=_("kind of case"), values=_case_types)
register_dimension(module="cases", name="channel", label=_("channel"), values=Channel.choices)
register_dimension(module="cases", name="field", label=_("field"), values=_fields)
