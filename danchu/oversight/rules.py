"""The legal numbers of the boards, as data with their article and validity (DOMAIN.md §6.1, §13).

A matter is judged by the rule in force on the day it concerns: `in_force(code, on)`. A new text of
the law is a new row with its `valid_from`, the old row gets its `valid_to`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LegalRule:
    code: str
    value: int
    unit: str  # "working_days", "calendar_days", "months", "members"
    article: Any  # lazily translated citation
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


LAW_2022 = dt.date(2023, 7, 1)  # Law 10/2022/QH15 in force

RULES: tuple[LegalRule, ...] = (
    # The specific plan reaches the Front, the chairman and the inspected party ≥5 working days before.
    LegalRule("plan_notice", 5, "working_days", _("Decree 59/2023/NĐ-CP, Art. 14(2)"), LAW_2022),
    # A vacancy is filled by a by-election when at least 6 months of the term remain.
    LegalRule("by_election_min_months", 6, "months", _("Decree 59/2023/NĐ-CP, Art. 13"), LAW_2022),
    # At least 5 members, one per village (the Front fixes the number).
    LegalRule("board_min_size", 5, "members", _("Law 10/2022/QH15, Art. 36"), LAW_2022),
    # The term of the board of an agency, public service unit or state enterprise, elected at its
    # conference [U: 2 years, as under Decree 04/2015 and old Decree 159/2016; DOMAIN.md §6.1].
    LegalRule(
        "unit_board_term_months", 24, "months", _("Law 10/2022/QH15, Chapters III–IV [U: term]"), LAW_2022
    ),
    # Days the competent person has to answer a recommendation, unless the board sets another date [U].
    LegalRule("answer_days", 15, "calendar_days", _("Law 10/2022/QH15, Art. 38 [U: period]"), LAW_2022),
    # Days to hand over requested documents, unless the board sets another date [U].
    LegalRule("documents_days", 10, "working_days", _("Law 10/2022/QH15, Art. 38(4) [U: period]"), LAW_2022),
)


def in_force(code: str, on: dt.date) -> LegalRule:
    """The rule `code` valid on `on`; the earliest known one for days before any validity (old records)."""
    candidates = [r for r in RULES if r.code == code]
    if not candidates:
        raise KeyError(code)
    for r in candidates:
        if r.valid_on(on):
            return r
    return min(candidates, key=lambda r: r.valid_from or dt.date.min)
