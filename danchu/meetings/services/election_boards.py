"""The board a village's election of a board member seats the elected on (Law 10/2022 Art. 15 item 5;
Decree 59 Art. 17). A commune has one People's Inspection Board but a community investment supervision
board per project (works): with several sitting, the commune Front names the board when it recognises
the result. Recognition never picks one for it — the member would sit on another project's board."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.accounts.models import Body
from danchu.core.errors import DomainError

from .. import queries
from ..electorates import BOARD_OF, village_of


def _not_the_communes() -> DomainError:
    return DomainError(_("That board is not the commune's board for this office."), code="bad_board")


def election_board(election: Any, chosen: Body | None) -> Body:
    """`chosen` when it is one of the commune's boards of the office sitting today, else the only one
    sitting; a DomainError when none sits, or several and none was chosen (`detail` lists them)."""
    boards = queries.election_boards(election)
    if chosen is not None:
        if chosen.kind != BOARD_OF[election.office][0] or chosen.place_id != village_of(election).parent_id:
            raise _not_the_communes()
        if chosen.pk not in {b.pk for b in boards}:
            raise DomainError(_("That board has ended; choose a board that sits today."), code="board_ended")
        return chosen
    if not boards:
        raise DomainError(
            _("The commune has no board for this office sitting today; set it up before recognising."),
            code="no_board",
        )
    if len(boards) > 1:
        raise DomainError(
            _("The commune has several boards for this office: choose the board the elected members sit on."),
            code="choose_board",
            detail={"boards": [{"id": b.pk, "name": b.name} for b in boards]},
        )
    return boards[0]


def chosen_board(election: Any, ref: Any) -> Body | None:
    """The board a page's form or an API query names by its id for the recognition of `election`; None
    when it names none. An id of no body is refused as one of another commune's (election_board checks
    the body): the answer tells nothing of what exists elsewhere."""
    if ref is None or ref == "":
        return None
    digits = str(ref)
    if election.office not in BOARD_OF or election.electorate or not (digits.isascii() and digits.isdigit()):
        raise _not_the_communes()
    found = Body.objects.filter(pk=int(digits)).first() if len(digits) <= 12 else None
    if found is None:
        raise _not_the_communes()
    return found
