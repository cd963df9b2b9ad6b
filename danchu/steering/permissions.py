"""Steering permissions: the committee's members (and admins) manage its work; staff of its place
and above read it. One getter per object kind (404 for missing and forbidden alike)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.accounts.models import STAFF_ROLES, Role
from danchu.accounts.permissions import can_act_in_place, can_read_place
from danchu.core.access import can, get_for, rule
from danchu.core.errors import Forbidden

MANAGERS = frozenset({Role.STEERING_MEMBER})


def can_manage(person: Any, committee: Any) -> bool:
    return can_act_in_place(person, committee.place, MANAGERS)


# A unit's representative (WORKPLACE_REP) reads their own unit, not the committee's work.
READERS = STAFF_ROLES - {Role.WORKPLACE_REP}


def can_view(person: Any, committee: Any) -> bool:
    return can_read_place(person, committee.place, READERS)


def require_manage(actor: Any, committee: Any) -> None:
    """The services' check (asked through the rule registry, so the rule is the one place it lives)."""
    if actor is not None and not can(actor, "steering.manage", committee):
        raise Forbidden(_("Only members of this steering committee may do this."))


def committee_for(person: Any, pk: Any, action: str = "steering.view") -> Any:
    from .models import SteeringCommittee

    qs = SteeringCommittee.objects.select_related("body__place")
    return get_for(person, qs, action, memo="steering.committee_for", pk=pk)


def task_for(person: Any, pk: Any, action: str = "steering.manage_task") -> Any:
    from .models import Task

    qs = Task.objects.select_related("committee__body__place")
    return get_for(person, qs, action, memo="steering.task_for", pk=pk)


def recommendation_for(person: Any, pk: Any, action: str = "steering.answer") -> Any:
    from .models import Recommendation

    qs = Recommendation.objects.select_related("inspection__committee__body__place").prefetch_related(
        "inspection__units"
    )
    return get_for(person, qs, action, pk=pk)


def programme_for(person: Any, committee: Any, pk: Any, action: str = "steering.manage") -> Any:
    """A programme of the committee, if the person may `action` the committee."""
    return get_for(person, committee.programmes.all(), action, subject=lambda _: committee, pk=pk)


def inspection_for(person: Any, committee: Any, pk: Any, action: str = "steering.manage") -> Any:
    """An inspection of the committee (with its units and recommendations)."""
    from .queries import inspections

    return get_for(person, inspections(committee), action, subject=lambda _: committee, pk=pk)


def committee_recommendation_for(
    person: Any, committee: Any, pk: Any, action: str = "steering.manage"
) -> Any:
    """A recommendation of one of the committee's inspections, for the committee's members."""
    from .models import Recommendation

    qs = Recommendation.objects.filter(inspection__committee=committee)
    return get_for(person, qs, action, subject=lambda _: committee, pk=pk)


def bright_spot_for(person: Any, committee: Any, pk: Any, action: str = "steering.manage") -> Any:
    """A bright spot registered by the committee."""
    return get_for(person, committee.bright_spots.all(), action, subject=lambda _: committee, pk=pk)


def emulation_model_for(person: Any, committee: Any, pk: Any, action: str = "steering.manage") -> Any:
    """A "skilful mass mobilisation" model of a place within the committee's area."""
    from .models import EmulationModel

    qs = EmulationModel.objects.filter(place__path__startswith=committee.place.path)
    return get_for(person, qs, action, subject=lambda _: committee, pk=pk)


def evidence_for(person: Any, committee: Any, pk: Any, action: str = "steering.view") -> Any:
    """A piece of evidence of the committee's bright spots or of a model within its area, for those
    who read the committee (its file is served only through this)."""
    from django.db.models import Q

    from .models import Evidence

    qs = Evidence.objects.filter(
        Q(bright_spot__committee=committee) | Q(emulation_model__place__path__startswith=committee.place.path)
    )
    return get_for(person, qs, action, subject=lambda _: committee, pk=pk)


def place_for(person: Any, code: str, action: str = "steering.view_place") -> Any:
    """A place whose steering matters (assignments, recommendations to it) the person may read."""
    from danchu.places.models import Place

    return get_for(person, Place.objects.all(), action, code=code)


def _can_answer(person: Any, recommendation: Any) -> bool:
    from .services.work import can_answer

    return can_answer(person, recommendation)


def register() -> None:
    rule("steering.manage", can_manage)
    rule("steering.view", can_view)
    rule("steering.manage_task", lambda person, task: can_manage(person, task.committee))
    rule("steering.answer", _can_answer)
    rule("steering.view_place", lambda person, place: can_read_place(person, place))
