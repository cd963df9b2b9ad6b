"""The law's numbers for meetings, as data (MeetingRule rows with legal basis and validity dates);
these defaults apply when no row is in force (DOMAIN.md §13)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils import formats
from django.utils.translation import gettext as _

from .models import MeetingRule

C = MeetingRule.Code

DEFAULTS: dict[str, tuple[Decimal, str]] = {
    # Nghị định 59/2023/NĐ-CP, Điều 11: notice at least 5 days before a periodic village conference.
    C.NOTICE_DAYS: (Decimal(5), "Nghị định số 59/2023/NĐ-CP, Điều 11"),
    # [U] Luật số 10/2022/QH15, Điều 18 (expected): more than 50% of household representatives attend.
    C.QUORUM_PERCENT: (Decimal(50), "Luật số 10/2022/QH15, Điều 18"),
    # [U] Pháp lệnh 34/2007, Điều 19 model: more than 50% of ALL households of the village agree.
    C.PASS_PERCENT: (Decimal(50), "Luật số 10/2022/QH15, Điều 16; Pháp lệnh số 34/2007/PL-UBTVQH11, Điều 19"),
    # [U] Nghị định 61/2023/NĐ-CP: the commune recognises a convention within a period; 15 days here.
    C.RECOGNITION_DAYS: (Decimal(15), "Nghị định số 61/2023/NĐ-CP"),
}


class RuleValue(NamedTuple):
    value: Decimal
    legal_basis: str


def rule_value(code: str, on: dt.date) -> RuleValue:
    found = MeetingRule.objects.in_force(code, on)
    if found is not None:
        return RuleValue(found.value, found.legal_basis)
    value, basis = DEFAULTS[code]
    return RuleValue(value, basis)


def more_than(count: int, total: int, percent: Decimal) -> bool:
    """count > percent% of total, in integers (no float rounding at the boundary)."""
    return total > 0 and count * 100 > percent * total


def percent(count: int, total: int) -> str:
    value = Decimal(count * 100) / Decimal(total) if total else Decimal(0)
    return formats.number_format(value.quantize(Decimal("0.1")), 1) + "%"


def outcome_text(*, votes_for: int, total: int, passed: bool, threshold: Any) -> str:
    """'For: 41/64 households (64,1%) > 50% of all households — passed', in the active language."""
    verdict = _("passed") if passed else _("not passed")
    value = Decimal(threshold)
    return _(
        "For: %(for)s/%(total)s households (%(percent)s) %(sign)s %(threshold)s%% of all households — %(verdict)s"
    ) % {
        "for": votes_for,
        "total": total,
        "percent": percent(votes_for, total),
        "sign": ">" if passed else "≤",
        "threshold": int(value) if value == value.to_integral() else formats.number_format(value),
        "verdict": verdict,
    }
