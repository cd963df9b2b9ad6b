"""Who may read dashboards, enter report forms, approve them and edit drafted reports."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Role
from danchu.accounts.permissions import can_act_in_place, can_read_place, is_admin, rule
from danchu.places.models import Place

from .models import Submission

# Roles that type a unit's figures (the commune's office and its chairman).
ENTRY_ROLES = frozenset(
    {Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN, Role.STEERING_MEMBER, Role.WORKPLACE_REP}
)
# Roles that approve what the units below sent up, and write the committee's report.
APPROVER_ROLES = frozenset({Role.STEERING_MEMBER, Role.COMMUNE_CHAIRMAN})


def can_view_dashboard(person: Any, place: Place) -> bool:
    return can_read_place(person, place)


def can_enter(person: Any, submission: Submission) -> bool:
    return can_act_in_place(person, submission.place, ENTRY_ROLES)


def approver_scopes(submission: Submission) -> list[Place]:
    from .services import assignment_for

    a = assignment_for(submission.form, submission.place)
    return [a.scope] if a is not None and a.scope_id != submission.place_id else []


def can_approve(person: Any, submission: Submission) -> bool:
    if is_admin(person):
        return True
    return any(can_act_in_place(person, scope, APPROVER_ROLES) for scope in approver_scopes(submission))


def can_draft_report(person: Any, place: Place) -> bool:
    return can_act_in_place(person, place, APPROVER_ROLES | {Role.COMMUNE_OFFICER})


def register() -> None:
    rule("reporting.view_dashboard", can_view_dashboard)
    rule("reporting.enter", can_enter)
    rule("reporting.approve", can_approve)
    rule("reporting.draft_report", can_draft_report)
