"""The case type oversight registers in cases' registry (manifest entry `case_types`).

A citizen who tells the People's Inspection Board about a suspected violation (Law 10/2022 Art. 37;
Decree 59/2023 Art. 14) gets a tracked case — a tracking code, the notice of receipt, deadlines,
the public tracking page — filed through `cases.services.case_submit`, and the board gets a matter
linked to it by the tracking code (`services.information_send`). The informant is protected as a
denouncer is: their identity is sealed in cases' vault, the commune's staff and chairman do not see
the case, and the board's matter holds no identity.

It also registers cases' "handled by" hook for the type (`board_handler`): the serving members of the
board of the case's commune read, assign, answer and close the case (cases/handlers.py).

The periods are platform defaults marked [U]: the law sets no period for the board's answer to a
citizen; they follow the petition rules (Luật Tiếp công dân 2013, Art. 28) and are settings.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.cases.handlers import Handler, register_handler
from danchu.cases.types import CASE_TYPES, CaseType, petition_rules

INFORMATION = "oversight_information"
PREFIX = "TTND"
BOARD = "oversight.board"


def information_type() -> CaseType:
    rule = petition_rules(
        INFORMATION,
        rule_key="oversight_information-2023",
        basis="Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Điều 37; Nghị định 59/2023/NĐ-CP, Điều 14",
        article="Luật Tiếp công dân 2013, Điều 28 [U] (platform default)",
    )
    return CaseType(
        key=INFORMATION,
        label=_("Information to the People's Inspection Board"),
        prefix=PREFIX,
        rules=(rule,),
        confidential_submitter=True,
        help_text=_("Tell the commune's People's Inspection Board about a suspected violation."),
        # For cases: filed only from the board's page (no matter would reach the board from the
        # general case form), and handled by the board's members (see docs/oversight.md).
        extra={"public_form": False, "routed_to": BOARD},
    )


def board_handler() -> Handler:
    """Cases' "handled by" hook: the members of the People's Inspection Board of the case's commune
    read, assign, answer and close it (docs/cases.md, "Types handled by another body")."""
    from .permissions import board_communes, board_people

    return Handler(
        key=BOARD,
        label=_("People's Inspection Board"),
        units=board_communes,
        people=board_people,
        signature=("TM. BAN THANH TRA NHÂN DÂN",),
    )


def register() -> None:
    if INFORMATION not in CASE_TYPES:
        CASE_TYPES.register(INFORMATION, information_type())
    register_handler(board_handler())
