"""What works puts on a person's page: what their household pledged and paid to community works."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.permissions import confirmed_households
from danchu.accounts.personal_data import name_actions, register_exporter
from danchu.core.home import my_page_section, office_todo

from . import queries
from .models import BoardMember, Information, Payment, Pledge, Recommendation


def my_contributions(person: Any) -> dict[str, Any] | None:
    households = confirmed_households(person)
    if not households:
        return None
    pledges = list(Pledge.objects.filter(household__in=households).select_related("work", "household")[:20])
    payments = list(
        Payment.objects.filter(household__in=households).select_related("work").order_by("-received_on")[:20]
    )
    if not pledges and not payments:
        return None
    return {"pledges": pledges, "payments": payments}


def my_information_data(person: Any) -> list[dict[str, Any]]:
    """What the person sent to a supervision board about a work, for their own download (Decree 13/2023)."""
    return [
        {"work": i.work.title, "text": i.text, "received_at": i.received_at, "tracking_code": i.tracking_code}
        for i in Information.objects.filter(sender=person)
        .select_related("work")
        .order_by("received_at", "pk")
    ]


def my_seats_data(person: Any) -> list[dict[str, Any]]:
    """The person's seats on community investment supervision boards."""
    return [
        {
            "board": str(m.board),
            "position": m.get_position_display(),
            "represents": m.get_represents_display(),
            "elected_on": m.elected_on,
            "left_on": m.left_on,
        }
        for m in BoardMember.objects.filter(person=person).select_related("board__body").order_by("pk")
    ]


def my_household_contributions_data(person: Any) -> list[dict[str, Any]]:
    """What the households the person belongs to pledged and gave to community works (what their page
    shows, in full)."""
    households = confirmed_households(person)
    if not households:
        return []
    rows: list[dict[str, Any]] = [
        {
            "work": p.work.title,
            "household": p.household.number,
            "entry": str(_("Pledge")),
            "amount": p.amount,
            "on": None,
            "receipt": "",
        }
        for p in Pledge.objects.filter(household__in=households)
        .select_related("work", "household")
        .order_by("work_id", "pk")
    ]
    rows += [
        {
            "work": p.work.title,
            "household": p.household.number,
            "entry": p.get_kind_display(),
            "amount": p.value,
            "on": p.received_on,
            "receipt": p.receipt_number,
        }
        for p in Payment.objects.filter(household__in=households)
        .select_related("work", "household")
        .order_by("received_on", "pk")
    ]
    return rows


def to_answer_count(person: Any) -> int:
    """Supervision boards' recommendations on the works the commune runs, not answered yet (the commune
    records the answer, its own or the investor's)."""
    from danchu.accounts.permissions import COMMUNE_STAFF, in_acting_places

    open_ = Recommendation.objects.filter(status=Recommendation.Status.OPEN)
    return in_acting_places(person, open_, "board__work__commune", COMMUNE_STAFF).count()


def overdue_for_board_count(person: Any) -> int:
    """The recommendations of the person's boards past their answer date: to follow up."""
    from django.utils import timezone

    return Recommendation.objects.filter(
        status=Recommendation.Status.OPEN,
        due_on__lt=timezone.localdate(),
        board__in=queries.boards_served(person),
    ).count()


def register() -> None:
    name_actions({"works.information_send": _("You sent information to a supervision board")})
    register_exporter(
        "works.information",
        _("What you sent to a supervision board about a work"),
        my_information_data,
        {
            "work": _("Work"),
            "text": _("Information"),
            "received_at": _("Received"),
            "tracking_code": _("Tracking code"),
        },
    )
    register_exporter(
        "works.seats",
        _("Your seats on community investment supervision boards"),
        my_seats_data,
        {
            "board": _("Board"),
            "position": _("Position"),
            "represents": _("Represents"),
            "elected_on": _("Elected on"),
            "left_on": pgettext_lazy("board member", "Left on"),
        },
    )
    register_exporter(
        "works.contributions",
        _("Your household's contributions to community works"),
        my_household_contributions_data,
        {
            "work": _("Work"),
            "household": _("Household"),
            "entry": _("Entry"),
            "amount": _("Amount (VND)"),
            "on": _("Received on"),
            "receipt": _("Receipt number"),
        },
    )
    my_page_section(
        "works.mine",
        _("My household's contributions to community works"),
        template="works/home_mine.html",
        context=my_contributions,
        order=40,
    )
    office_todo(
        "works.to_answer",
        _("Supervision boards' recommendations awaiting an answer"),
        count=to_answer_count,
        url="works:office",
        urgent=True,
        order=90,
    )
    office_todo(
        "works.overdue_answers",
        _("Your board's recommendations past their answer date"),
        count=overdue_for_board_count,
        url="works:office",
        order=91,
    )
