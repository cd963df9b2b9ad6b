"""What steering puts on a committee member's page (issue #16 item 2): for each committee the person
sits on, its open tasks (overdue first), the reports waiting for it (forms sent up by the units below
to approve, its own drafted reports not yet signed) and the recommendations not yet resolved; and for
the people who answer an inspection for the inspected unit (an agency's or enterprise's
representative, a commune's chairman or officer) the recommendations waiting for their written answer,
answered on the page itself."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.accounts.models import Role
from danchu.accounts.permissions import memberships
from danchu.core.home import my_page_section
from danchu.reporting import queries as reporting_queries

from .models import Recommendation, SteeringCommittee, Task

LIMIT = 5


def my_committees(person: Any) -> dict[str, Any] | None:
    bodies = {m.body_id for m in memberships(person) if m.role == Role.STEERING_MEMBER and m.body_id}
    if not bodies:
        return None
    today = timezone.localdate()
    rows = []
    for committee in SteeringCommittee.objects.filter(body_id__in=bodies).select_related("body__place"):
        tasks = Task.objects.filter(committee=committee, state=Task.State.OPEN).order_by("deadline", "pk")
        recommendations = Recommendation.objects.filter(
            inspection__committee=committee, status=Recommendation.Status.OPEN
        ).select_related("inspection")
        rows.append(
            {
                "committee": committee,
                "tasks": list(tasks[:LIMIT]),
                "task_count": tasks.count(),
                "reports": reporting_queries.committee_reports(committee.place, limit=LIMIT),
                "recommendations": list(recommendations[:LIMIT]),
                "recommendation_count": recommendations.count(),
            }
        )
    if not rows:
        return None
    return {"committees": rows, "today": today}


def awaiting_my_answer(person: Any) -> dict[str, Any] | None:
    from .queries import awaiting_answer

    recommendations = awaiting_answer(person)
    return {"recommendations": recommendations} if recommendations else None


def register() -> None:
    my_page_section(
        "steering.mine",
        _("My steering committee"),
        template="steering/home_mine.html",
        context=my_committees,
        order=20,
    )
    my_page_section(
        "steering.to_answer",
        _("Recommendations of the steering committee waiting for your answer"),
        template="steering/home_to_answer.html",
        context=awaiting_my_answer,
        order=21,
    )
