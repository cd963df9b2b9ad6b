"""The law's numbers for meetings, as data (MeetingRule rows with legal basis and validity dates);
these defaults apply when no row is in force (DOMAIN.md §13)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
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
    # Nghị định 59/2023/NĐ-CP, Điều 6 (DOMAIN.md §3.4, [C]): the commune chairman's decision establishing
    # the election team (tổ bầu cử) comes no later than 10 days before election day.
    C.TEAM_DAYS: (Decimal(10), "Nghị định số 59/2023/NĐ-CP, Điều 6"),
}


def recognition_day_type() -> str:
    """[U] Decree 61/2023 gives the commune a period to recognise a convention; whether it counts
    calendar or working days is not confirmed (DOMAIN.md §3.5): calendar days by default, the setting
    MEETINGS_RECOGNITION_DAY_TYPE = "working" switches it."""
    return settings.MEETINGS_RECOGNITION_DAY_TYPE


def recognition_due(submitted_on: dt.date, calendar: Any = None) -> dt.date:
    """The recognition due date of a convention submitted on `submitted_on`, on `calendar` (today's
    by default): the `recognition_days` rule in force that day, counted in calendar days (ending on the
    next working day when the last one is not, Civil Code 2015 Art. 148(5), the kernel's setting) or
    working days. Both depend on the calendar, so a change of days off moves it (meetings/clocks.py)."""
    from danchu.core.calendar import Calendar

    days = int(rule_value(C.RECOGNITION_DAYS, submitted_on).value)
    return (calendar or Calendar()).due_date(submitted_on, days, recognition_day_type())


class RuleValue(NamedTuple):
    value: Decimal
    legal_basis: str


def rule_value(code: str, on: dt.date) -> RuleValue:
    """The row of `code` in force on the day (the latest to start), else the default."""
    return rule_values(code)(on)


def rule_values(code: str) -> Any:
    """rule_value(code, on) for many days from one query (a code has a handful of rows): a function
    of the day (lists of meetings)."""
    rows = list(MeetingRule.objects.filter(code=code).order_by("-valid_from"))

    def on(day: dt.date) -> RuleValue:
        for r in rows:
            if r.valid_from <= day and (r.valid_to is None or r.valid_to >= day):
                return RuleValue(r.value, r.legal_basis)
        value, basis = DEFAULTS[code]
        return RuleValue(value, basis)

    return on


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
