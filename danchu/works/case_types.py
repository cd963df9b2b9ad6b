"""The case type works registers in cases' registry (manifest entry `case_types`).

A citizen's information to a work's community investment supervision board (Law 10/2022 Art. 42–43;
Decree 59/2023, Art. 19–20) is a tracked case — a tracking code, the notice of receipt, deadlines, the
public tracking page, an answer signed for the board — filed through `cases.services.case_submit` by
`services.information_send`, which keeps the work's side (`Information`: the work, the words, the
tracking code). The board of the work handles it, not the commune's staff: cases' "handled by" hook
(`board_handler`) names the current members of that work's board with an account and the commune's
Front officers who set the board up, and narrows the lists to the cases of works whose board the
person sits on (`cases=`), not every work of the commune.

The periods are platform defaults marked [U]: the law sets no period for the board's answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.cases.handlers import Handler, register_handler
from danchu.cases.types import CASE_TYPES, CaseType, petition_rules

INFORMATION = "works_information"
PREFIX = "GSCD"
BOARD = "works.board"


def information_type() -> CaseType:
    rule = petition_rules(
        INFORMATION,
        rule_key="works_information-2023",
        basis="Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Điều 42, 43; Nghị định 59/2023/NĐ-CP, Điều 20",
        article="Luật Tiếp công dân 2013, Điều 28 [U] (platform default)",
    )
    return CaseType(
        key=INFORMATION,
        label=_("Information to a community investment supervision board"),
        prefix=PREFIX,
        rules=(rule,),
        help_text=_("Tell the supervision board of a community work what you saw at the site."),
        # Filed only from the work's page (the general case form names no work) and handled by the
        # work's board (docs/works.md).
        extra={"public_form": False, "routed_to": BOARD},
    )


def _boards_of(person: Any) -> Q:
    """The cases about works whose board the person sits on (a current member with an account) or
    whose commune's Front set the board up."""
    from .permissions import front_communes, seated_boards
    from .queries import information_codes

    return Q(
        tracking_code__in=information_codes(boards=seated_boards(person), communes=front_communes(person))
    )


def _work(case: Any) -> Any:
    """The work the case is about, looked up once per case object: its tracking code never changes, and
    a case page asks `handles` for every action it may offer."""
    from .queries import information_work

    if "_works_information_work" not in case.__dict__:
        case.__dict__["_works_information_work"] = information_work(case.tracking_code)
    return case.__dict__["_works_information_work"]


def _handles(person: Any, case: Any) -> bool:
    from .permissions import can_handle_information

    work = _work(case)
    return work is not None and can_handle_information(person, work)


def _people(case: Any) -> list[Any]:
    work = _work(case)
    board = getattr(work, "board", None) if work is not None else None
    if board is None:
        return []
    return [
        m.person for m in board.members.current().select_related("person") if m.person and m.person.is_active
    ]


def _units(person: Any) -> list[int]:
    from .permissions import front_communes, seated_boards

    return sorted(
        {b.work.commune_id for b in seated_boards(person).select_related("work")}
        | set(front_communes(person))
    )


def board_handler() -> Handler:
    return Handler(
        key=BOARD,
        label=_("Community investment supervision board"),
        units=_units,
        people=_people,
        handles=_handles,
        cases=_boards_of,
        signature=("TM. BAN GIÁM SÁT ĐẦU TƯ CỦA CỘNG ĐỒNG",),
    )


def register() -> None:
    if INFORMATION not in CASE_TYPES:
        CASE_TYPES.register(INFORMATION, information_type())
    register_handler(board_handler())
