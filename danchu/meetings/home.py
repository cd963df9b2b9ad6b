"""What meetings puts on a person's page: the coming meetings and the elections of their villages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.accounts.personal_data import name_actions, register_exporter
from danchu.core.home import my_page_section, office_todo
from danchu.core.models import AuditEntry

from . import queries
from .models import Attendance, Election, HouseholdVote, Meeting, MotionVote


def my_meetings(person: Any) -> dict[str, Any] | None:
    villages = {h.village_id for h in queries.households_of(person)}
    if not villages:
        return None
    upcoming = list(
        Meeting.objects.filter(village_id__in=villages)
        .upcoming(timezone.now())
        .select_related("village")[:10]
    )
    elections = list(Election.objects.filter(village_id__in=villages).select_related("village")[:5])
    return {"upcoming": upcoming, "elections": elections}


def my_votes_data(person: Any) -> list[dict[str, Any]]:
    """The open votes the person cast themselves, for their own download (Decree 13/2023): on a
    motion as a delegate, and online for their household on a village meeting's item. Secret ballots
    are not here: nothing links a ballot to who cast it (see my_elections_data)."""
    rows = [
        {"on": v.motion.title, "household": "", "choice": v.get_choice_display(), "at": v.recorded_at}
        for v in MotionVote.objects.filter(person=person)
        .select_related("motion")
        .order_by("recorded_at", "pk")
    ]
    rows += [
        {
            "on": f"{v.item.meeting.title}: {v.item.title}",
            "household": v.household.number,
            "choice": v.get_choice_display(),
            "at": v.recorded_at,
        }
        for v in HouseholdVote.objects.filter(recorded_by=person, channel=HouseholdVote.Channel.ONLINE)
        .select_related("item__meeting", "household")
        .order_by("recorded_at", "pk")
    ]
    return rows


def my_households_data(person: Any) -> list[dict[str, Any]]:
    """What the meetings hold of the households the person belongs to (what the meeting pages show
    them): that the household attended, by whom, and its slips and online votes on the items."""
    households = queries.households_of(person)
    if not households:
        return []
    rows = [
        {
            "meeting": str(a.meeting),
            "on": timezone.localtime(a.meeting.starts_at),
            "household": a.household.number,
            "what": str(_("Attended")) + (f" ({a.attendee_name})" if a.attendee_name else ""),
        }
        for a in Attendance.objects.filter(household__in=households)
        .select_related("meeting__village", "household")
        .order_by("meeting__starts_at", "pk")
    ]
    rows += [
        {
            "meeting": f"{v.item.meeting}: {v.item.title}",
            "on": timezone.localtime(v.item.meeting.starts_at),
            "household": v.household.number,
            "what": f"{v.get_channel_display()}: {v.get_choice_display()}",
        }
        for v in HouseholdVote.objects.filter(household__in=households)
        .select_related("item__meeting__village", "household")
        .order_by("item__meeting__starts_at", "pk")
    ]
    return rows


def my_elections_data(person: Any) -> list[dict[str, Any]]:
    """The secret ballots the person cast themselves, for their household or as a delegate: that they
    voted, never how. Read from the person's own audit entries: a household's participation does not
    name who cast its ballot, and a representative named later did not cast it."""
    cast = {
        int(e.object_id): (e.after or {}).get("household", "")
        for e in AuditEntry.objects.filter(actor=person, action="meetings.ballot_cast").only(
            "object_id", "after"
        )
    }
    return [
        {"election": str(e), "household": cast[e.pk], "status": e.get_status_display()}
        for e in Election.objects.filter(pk__in=cast).select_related("village").order_by("election_day", "pk")
    ]


def register() -> None:
    name_actions(
        {
            "meetings.online_vote": _("You voted online for your household"),
            "meetings.motion_vote": _("You voted on a resolution"),
            "meetings.ballot_cast": _("You cast a secret ballot"),
        }
    )
    register_exporter(
        "meetings.votes",
        _("Your open votes"),
        my_votes_data,
        {"on": _("Voted on"), "household": _("For household"), "choice": _("Your vote"), "at": _("Time")},
    )
    register_exporter(
        "meetings.households",
        _("Your household at village meetings"),
        my_households_data,
        {"meeting": _("Meeting"), "on": _("Time"), "household": _("Household"), "what": _("Record")},
    )
    register_exporter(
        "meetings.elections",
        _("Secret ballots you cast (that you voted, not how)"),
        my_elections_data,
        {"election": _("Election"), "household": _("For household"), "status": _("Status")},
    )
    my_page_section(
        "meetings.mine",
        _("Meetings and votes of my village"),
        template="meetings/home_mine.html",
        context=my_meetings,
        order=30,
    )
    office_todo(
        "meetings.notice_due",
        _("Meetings whose notice is due"),
        count=queries.notice_due_count,
        url="meetings:office",
        urgent=True,
        order=60,
    )
    office_todo(
        "meetings.not_held",
        _("Meetings past their start, never opened"),
        count=queries.not_held_count,
        url="meetings:office",
        urgent=True,
        order=61,
    )
    office_todo(
        "meetings.minutes_due",
        _("Minutes to confirm"),
        count=queries.minutes_due_count,
        url="meetings:office",
        order=62,
    )
    office_todo(
        "meetings.minutes_to_publish",
        _("Confirmed minutes to publish"),
        count=queries.minutes_to_publish_count,
        url="meetings:office",
        urgent=True,
        order=62,
    )
    office_todo(
        "meetings.dismissals",
        _("Dismissals approved by the village, awaiting your decision"),
        count=queries.dismissals_to_decide_count,
        url="meetings:office",
        query="#dismissals",
        order=63,
    )
    office_todo(
        "meetings.conventions",
        _("Village conventions awaiting your recognition"),
        count=queries.conventions_to_recognise_count,
        url="meetings:office",
        order=63,
    )
