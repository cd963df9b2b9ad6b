"""A matter outside the board's scope forwarded to the commune People's Committee as a petition
(DOMAIN.md §6.1, step 2 of the workflow: "out-of-scope matters are forwarded or guided to the competent
body"). The board files it through the cases module's services, as the board's letter: the commune's
office receives, routes and answers it within the legal time limits like any petition, and the board
follows it by its tracking code; the member who filed it is its submitter, told of each step by their
account as any submitter is. The informant's identity is not passed on — the petition is the board's,
and its answer comes back to the board, which tells the informant.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.core.errors import Conflict, DomainError
from danchu.core.i18n import official_language
from danchu.core.text import in_sentence

from ..models import Matter
from .common import text

# The cases module's title column; the whole title is in the petition's text as well.
TITLE_MAX = 200


def forward_as_case(matter: Matter, actor: Any) -> str:
    """File `matter` with its commune's People's Committee as a petition from the board; its tracking
    code. A DomainError (nothing filed) for a unit's board, a matter forwarded already, or a petition
    the cases module refuses (its message says why)."""
    from danchu.cases import services as cases
    from danchu.cases.models import Channel
    from danchu.cases.types import FEEDBACK

    board = matter.board
    if board.is_unit:
        raise DomainError(
            _("Only a commune's board files a matter with the commune People's Committee as a petition.")
        )
    if matter.forwarded_case:
        raise Conflict(
            _("This matter was already filed as petition %(code)s.") % {"code": matter.forwarded_case}
        )
    title = matter.title if len(matter.title) <= TITLE_MAX else matter.title[: TITLE_MAX - 1] + "…"
    with official_language():  # a record of the commune's office, read by its officers
        description = _(
            "Forwarded by %(board)s (matter %(code)s, received on %(received)s) as outside its scope.\n\n"
            "%(title)s\n\n%(text)s"
        ) % {
            "board": board.body.name,
            "code": matter.code,
            "received": matter.received_on.strftime("%d/%m/%Y"),
            "title": matter.title,
            "text": matter.description,
        }
        # The board's own letter, filed by the member (its submitter, who hears of it as any submitter
        # does), not recorded for a citizen by the commune's staff (whom `recorded_by` names).
        case = cases.case_submit(
            cases.CaseSubmission(
                case_type_key=FEEDBACK,
                place=matter.village or board.place,
                title=title,
                description=description,
                identity=cases.Identity(name=board.body.name[:200]),
                submitter=actor,
                channel=Channel.MAIL,
            )
        )
    return case.tracking_code


def file_with_commune(matter: Matter, forwarded_to: str, actor: Any) -> None:
    """File the matter as a petition (forward_as_case) and record where it went: the body the member
    typed, or the commune People's Committee, with the petition's code — the informant's answer says it
    (case_follow). Within the classification's transaction: a refusal after the filing undoes it."""
    label = _("Forwarded or guided to")
    to = text(forwarded_to, label=label, limit=300, required=False)
    code = forward_as_case(matter, actor)
    with official_language():  # the board's record, and the informant's answer
        to = to or _("the People's Committee of %(commune)s") % {
            "commune": in_sentence(matter.board.place.name)
        }
        to = _("%(to)s, petition %(code)s") % {"to": to, "code": code}
    matter.forwarded_case, matter.forwarded_to = code, text(to, label=label, limit=300)
