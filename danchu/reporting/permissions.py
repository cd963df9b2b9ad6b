"""Who may read dashboards, enter report forms, approve them and edit drafted reports."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Role
from danchu.accounts.permissions import can_act_in_place, can_read_place, is_admin, is_staff
from danchu.core.access import ADMIN, PUBLIC, get_for, rule
from danchu.places.models import Place
from danchu.places.queries import clean_input

from .models import DraftReport, ReportForm, Submission

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


def can_work_on(person: Any, submission: Submission) -> bool:
    """The entry page: the unit's enterers type, the level above decides."""
    return can_enter(person, submission) or can_approve(person, submission)


def can_accept(person: Any, place: Place) -> bool:
    """The level above accepts (and locks) the approved data of the units below `place`."""
    return is_admin(person) or can_act_in_place(person, place, APPROVER_ROLES)


def can_draft_report(person: Any, place: Place) -> bool:
    return can_act_in_place(person, place, APPROVER_ROLES | {Role.COMMUNE_OFFICER})


def can_sign_report(person: Any, place: Place) -> bool:
    """The office drafts and issues; the head signs (Decree 30/2020 art. 13): the commune chairman or
    a member of the steering committee, never a commune officer."""
    return can_act_in_place(person, place, APPROVER_ROLES)


def can_import_history(person: Any, _obj: Any = None) -> bool:
    """Figures of past years are imported for any unit by code: administrators only."""
    return is_admin(person)


def register() -> None:
    rule("reporting.view_dashboard", can_view_dashboard)
    rule("reporting.enter", can_enter)
    rule("reporting.approve", can_approve)
    rule("reporting.work_on", can_work_on)
    rule("reporting.accept", can_accept)
    rule("reporting.draft_report", can_draft_report)
    rule("reporting.sign_report", can_sign_report)
    rule("reporting.import_history", can_import_history, who=ADMIN)
    rule("reporting.read_form", lambda person, _form: is_staff(person))
    # Public indicators (open data) may be read for any place, by anyone.
    rule("reporting.read_public", lambda _person, _place: True, who=PUBLIC)


# --- Getters: lookup and authorisation in one step, 404 for missing and forbidden alike -------------


def place_for(person: Any, code: str, action: str = "reporting.view_dashboard") -> Place:
    return get_for(
        person,
        Place.objects.select_related("parent"),
        action,
        memo="reporting.place_for",
        code=clean_input(code, 64),
    )


def submission_for(person: Any, pk: int) -> Submission:
    return get_for(
        person,
        Submission.objects.select_related("form", "place"),
        "reporting.view_dashboard",
        subject=lambda s: s.place,
        memo="reporting.submission_for",
        pk=pk,
    )


def report_for(person: Any, pk: int, action: str = "reporting.view_dashboard") -> DraftReport:
    qs = DraftReport.objects.select_related("place")
    return get_for(person, qs, action, subject=lambda r: r.place, memo="reporting.report_for", pk=pk)


def form_for(person: Any, code: str) -> ReportForm:
    """A report form (configuration every staff member may read)."""
    return get_for(
        person,
        ReportForm.objects.all(),
        "reporting.read_form",
        memo="reporting.form_for",
        code=clean_input(code, 64),
    )
