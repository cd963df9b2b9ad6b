"""The committee's own work: members' assignments, briefing meetings (giao ban) and the tasks
they set, notices to inspected units and the units' written answers to recommendations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Membership, Role
from danchu.accounts.notify import notify
from danchu.accounts.permissions import unit_of
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.formats import number
from danchu.core.i18n import later
from danchu.places.models import Place

from ..models import Assignment, Briefing, Inspection, Recommendation, SteeringCommittee, Task
from ..permissions import require_manage

TEXT_MAX = 20_000


def _text(value: str, limit: int, label: str) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise DomainError(_("The text contains a character that is not allowed."))
    if len(value) > limit:
        raise DomainError(
            _("%(field)s is too long (at most %(n)s characters).") % {"field": label, "n": number(limit)}
        )
    return value


@transaction.atomic
def assignment_add(
    *,
    actor: Any,
    committee: SteeringCommittee,
    person: Any,
    position: str,
    place: Place | None,
    units: str = "",
) -> Assignment:
    require_manage(actor, committee)
    position = _text(position, 200, _("Position"))
    if not position:
        raise DomainError(_("Give the member's position."))
    if (
        not Membership.objects.active()
        .filter(person=person, role=Role.STEERING_MEMBER, body=committee.body)
        .exists()
    ):
        raise DomainError(_("Only a member of the committee can be assigned."))
    if place is not None and not place.is_within(committee.place):
        raise DomainError(_("%(place)s is outside the committee's area.") % {"place": place.name})
    a = Assignment.objects.create(
        committee=committee,
        person=person,
        position=position,
        place=place,
        units=_text(units, 500, _("Units")),
    )
    audit(actor=actor, action="steering.assignment_add", obj=a, after=snapshot(a))
    return a


@dataclass
class TaskData:
    title: str
    deadline: dt.date
    owner: Any = None
    owner_name: str = ""


@transaction.atomic
def briefing_hold(
    *,
    actor: Any,
    committee: SteeringCommittee,
    held_on: dt.date,
    conclusions: str,
    chaired_by: str = "",
    tasks: list[TaskData] | None = None,
) -> Briefing:
    """Record a briefing meeting (giao ban), its conclusions and the tasks it assigns."""
    require_manage(actor, committee)
    conclusions = _text(conclusions, TEXT_MAX, _("Conclusions"))
    if not conclusions:
        raise DomainError(_("Record the meeting's conclusions."))
    if held_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    b = Briefing.objects.create(
        committee=committee,
        held_on=held_on,
        conclusions=conclusions,
        chaired_by=_text(chaired_by, 200, _("Chaired by")),
    )
    audit(actor=actor, action="steering.briefing_hold", obj=b, after=snapshot(b))
    for t in tasks or []:
        task_assign(actor=actor, committee=committee, briefing=b, data=t)
    return b


@transaction.atomic
def task_assign(
    *, actor: Any, committee: SteeringCommittee, data: TaskData, briefing: Briefing | None = None
) -> Task:
    require_manage(actor, committee)
    title = _text(data.title, 500, _("Task"))
    if not title:
        raise DomainError(_("Describe the task."))
    if data.owner is None and not data.owner_name.strip():
        raise DomainError(_("Name who owns the task."))
    if briefing is not None and data.deadline < briefing.held_on:
        raise DomainError(
            _("The deadline of “%(t)s” cannot be before the meeting that set it.") % {"t": title[:120]}
        )
    task = Task.objects.create(
        committee=committee,
        briefing=briefing,
        title=title,
        owner=data.owner,
        owner_name=_text(data.owner_name, 200, _("Owner")) or str(data.owner or ""),
        deadline=data.deadline,
    )
    audit(actor=actor, action="steering.task_assign", obj=task, after=snapshot(task))
    return task


@transaction.atomic
def task_close(*, actor: Any, task: Task, result: str, on: dt.date | None = None) -> Task:
    """Close a task with its result; a task cannot be closed without one."""
    require_manage(actor, task.committee)
    if task.state == Task.State.DONE:
        raise Conflict(_("This task is already done."))
    result = _text(result, TEXT_MAX, _("Result"))
    if not result:
        raise DomainError(_("A task cannot be closed without its result."))
    before = snapshot(task, ["state"])
    task.state, task.result, task.done_on = Task.State.DONE, result, on or timezone.localdate()
    task.save(update_fields=["state", "result", "done_on"])
    audit(
        actor=actor,
        action="steering.task_close",
        obj=task,
        before=before,
        after=snapshot(task, ["state", "result", "done_on"]),
    )
    return task


def remind_tasks(today: dt.date | None = None, days: int = 3) -> int:
    """Remind owners of open tasks due within `days` or overdue (once a day)."""
    today = today or timezone.localdate()
    sent = 0
    due = Task.objects.filter(
        state=Task.State.OPEN, owner__isnull=False, deadline__lte=today + dt.timedelta(days=days)
    )
    for task in due.exclude(reminded_on=today).select_related("owner", "committee__body"):
        late = task.deadline < today
        # Read in the owner's language.
        subject = later(
            lambda task, late: (
                (_("Overdue task: %(t)s") if late else _("Task due on %(d)s: %(t)s"))
                % {"t": task.title[:120], "d": task.deadline.strftime("%d/%m/%Y")}
            ),
            task,
            late,
        )
        body = later(
            lambda task: (
                _("%(committee)s assigned you this task, due on %(d)s. Record its result when it is done.")
                % {"committee": task.committee.body.name, "d": task.deadline.strftime("%d/%m/%Y")}
            ),
            task,
        )
        sent += notify(task.owner, subject=subject, body=body)
        Task.objects.filter(pk=task.pk).update(reminded_on=today)
    return sent


def notify_inspected(inspection: Inspection) -> int:
    """Tell the representatives of each inspected agency or enterprise, and the chairman of each
    inspected commune below the committee, about the plan (once)."""
    sent = 0
    own = inspection.committee.place
    for unit in inspection.units.filter(notified_at__isnull=True).select_related("body", "place__parent"):
        if unit.body_id:
            people = Membership.objects.active().filter(role=Role.WORKPLACE_REP, body=unit.body)
        elif unit_of(unit.place) != own:
            people = Membership.objects.active().filter(role=Role.COMMUNE_CHAIRMAN, place=unit_of(unit.place))
        else:
            continue
        # Read by each in their own language.
        subject = later(lambda: _("Inspection planned: %(t)s") % {"t": inspection.title[:150]})
        body = later(
            lambda unit: (
                _("%(committee)s plans to inspect %(unit)s from %(d)s. Content: %(c)s")
                % {
                    "committee": inspection.committee.body.name,
                    "unit": unit.unit_name or str(unit.body or unit.place.name),
                    "d": inspection.planned_on.strftime("%d/%m/%Y"),
                    "c": inspection.content or "—",
                }
            ),
            unit,
        )
        for m in people.select_related("person"):
            sent += notify(m.person, subject=subject, body=body)
        unit.notified_at = timezone.now()
        unit.save(update_fields=["notified_at"])
    return sent


# The commune an inspection by a committee above it covered answers for itself: its chairman or officers.
ANSWERING_ROLES = frozenset({Role.COMMUNE_CHAIRMAN, Role.COMMUNE_OFFICER})


def answering_places(recommendation: Recommendation) -> list[Place]:
    """The communes (administrative units) a recommendation is addressed to: those of the places the
    inspection covered, except the committee's own (it does not answer to itself)."""
    own = recommendation.inspection.committee.place
    units = {unit_of(u.place) for u in recommendation.inspection.units.all() if not u.body_id}
    return [p for p in units if p != own]


def can_answer(person: Any, recommendation: Recommendation) -> bool:
    """A representative of an agency or enterprise the inspection covered, or the chairman or an
    officer of a commune it covered."""
    from danchu.accounts.permissions import can_act_in_place, memberships

    bodies = {u.body_id for u in recommendation.inspection.units.all() if u.body_id}
    if any(m.role == Role.WORKPLACE_REP and m.body_id in bodies for m in memberships(person)):
        return True
    return any(can_act_in_place(person, p, ANSWERING_ROLES) for p in answering_places(recommendation))


@transaction.atomic
def recommendation_answer(*, actor: Any, recommendation: Recommendation, answer: str) -> Recommendation:
    """The inspected unit's written answer to a recommendation."""
    if not can_answer(actor, recommendation):
        raise Forbidden(_("Only the inspected unit may answer."))
    answer = _text(answer, TEXT_MAX, _("Answer"))
    if not answer:
        raise DomainError(_("Write the answer."))
    before = snapshot(recommendation, ["answer"])
    recommendation.answer, recommendation.answered_on, recommendation.answered_by = (
        answer,
        timezone.localdate(),
        actor,
    )
    recommendation.save(update_fields=["answer", "answered_on", "answered_by"])
    audit(
        actor=actor,
        action="steering.recommendation_answer",
        obj=recommendation,
        before=before,
        after=snapshot(recommendation, ["answer", "answered_on"]),
    )
    return recommendation
