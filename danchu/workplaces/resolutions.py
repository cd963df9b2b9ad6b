"""A conference's resolutions (nghị quyết hội nghị), voted through meetings' motions with the
conference as the voting body (issue #14: "resolutions voted through the meetings module's vote
records"). The conference's electorate (elections.py) says who runs the vote (its unit's managers),
who votes online (the delegates listed) and what passing needs (the conference rule's share of
those present, or of those convened for an employees' conference). The secretary enters the room's
show of hands for the delegates without an account; the close computes the result. A conference
below its quorum passes no resolution: none is put to the vote."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.meetings import services as meetings

from .checks import storable
from .elections import ELECTORATE, _conference
from .models import Conference
from .services import lock_conference


def check_can_decide(conference: Conference) -> None:
    """Held, with its attendance, and its quorum reached (the refusal names resolutions)."""
    if conference.status != Conference.Status.HELD or conference.delegates_present is None:
        raise DomainError(_("Record the attendance before the votes."), code="not_held")
    if not conference.quorum_met:
        raise DomainError(
            _("The conference did not reach its quorum (%(p)d of %(c)d present): it cannot pass resolutions.")
            % {"p": conference.delegates_present, "c": conference.delegates_convened},
            code="no_quorum",
        )


@transaction.atomic
def resolution_open(*, actor: Any, conference: Conference, title: str) -> Any:
    """Put a resolution to the conference's vote (meetings' motion). Returns the Motion. The
    conference row is locked until the motion is committed: a correction of the attendance
    (services.conference_hold) waits, then sees the vote and is refused."""
    conference = lock_conference(conference)
    check_can_decide(conference)
    title = storable(title, label=_("Title"))
    return meetings.motion_open(actor=actor, electorate=ELECTORATE, ref=conference.pk, title=title)


@transaction.atomic
def resolution_record(
    *,
    actor: Any,
    conference: Conference,
    title: str,
    votes_for: int,
    votes_against: int = 0,
    votes_abstain: int = 0,
) -> Any:
    """A resolution voted by show of hands only, in one step (the demo, typed-up paper minutes):
    open, the room's count, close — the same three audited services as the pages."""
    motion = resolution_open(actor=actor, conference=conference, title=title)
    meetings.motion_count_room(
        actor=actor,
        motion=motion,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
    )
    return meetings.motion_close(actor=actor, motion=motion)


def conference_of(motion: Any) -> Conference:
    """The conference that votes on a motion the getter returned."""
    return _conference(motion.electorate_ref)


def resolution_lines(conference: Conference) -> list[str]:
    """Each resolution as the minutes state it, in Vietnamese (the language of official documents):
    the counts from the vote records (online votes and the room's show of hands) and the outcome the
    rule gave at the close."""
    from .queries import conference_resolutions

    lines = []
    for m in conference_resolutions(conference):
        if m.status != "closed":
            lines.append(f"{m.title}: đang biểu quyết, chưa có kết quả.")
            continue
        verdict = "được thông qua" if m.passed else "không được thông qua"
        percent = f"{m.majority_percent.normalize():f}".replace(".", ",")
        online = f" (trong đó {m.online} đại biểu biểu quyết trực tuyến)" if m.online else ""
        lines.append(
            f"{m.title}: tán thành {m.votes_for}, không tán thành {m.votes_against}, "
            f"không biểu quyết {m.votes_abstain}{online} — {verdict} "
            f"(tán thành {m.votes_for}/{m.majority_base}, cần trên {percent}%)."
        )
    return lines


CLOSING = "Biên bản được lập xong và thông qua tại Hội nghị."
CLOSING_WHILE_VOTING = (
    "Dự thảo biên bản: còn nghị quyết đang biểu quyết; biên bản được thông qua tại Hội nghị "
    "sau khi có kết quả biểu quyết."
)


def minutes_closing(conference: Conference) -> str:
    """The minutes' last line: approved at the conference — or, while one of its resolutions is still
    being voted, a draft that says so."""
    from .queries import conference_resolutions

    voting = any(m.status != "closed" for m in conference_resolutions(conference))
    return CLOSING_WHILE_VOTING if voting else CLOSING
