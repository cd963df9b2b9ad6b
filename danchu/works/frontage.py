"""The frontage per household a rate per m² of frontage is computed from, as an officer types it on
the ledger page: one household a line."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from danchu.core.errors import DomainError

from . import queries

# "HGD0001 = 12,5", or "HGD0001 (Thôn 1) = 12,5" when the number is in several villages of the work.
FRONTAGE_LINE = re.compile(r"^\s*(?P<number>[^=()]+?)\s*(?:\((?P<village>[^()]*)\))?\s*=\s*(?P<m2>\S.*?)\s*$")


def frontage_lines(work: Any, text: str) -> dict[int, str]:
    """Lines → {household id: "12.5"}. Each bad line is refused with its number and why: the format,
    a village not of the work, a household not found or in several villages, a household twice, a
    number of m² that is not one."""
    found: dict[int, str] = {}
    errors: list[str] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            household, m2 = _frontage_line(work, line)
            if household.pk in found:
                raise DomainError(_("household %(n)s is given twice.") % {"n": household.number})
            found[household.pk] = m2
        except DomainError as e:
            errors.append(_("Line %(line)d: %(error)s") % {"line": line_no, "error": e.message})
    if errors:
        raise DomainError(" ".join(errors[:20]), code="frontage")
    return found


def _frontage_line(work: Any, line: str) -> tuple[Any, str]:
    m = FRONTAGE_LINE.match(line)
    if m is None:
        raise DomainError(
            _(
                "write household number = m², with the village in brackets when the number is in several villages."
            )
        )
    village_code = ""
    if m["village"] is not None:
        village = queries.work_village(work, m["village"])
        if village is None:
            raise DomainError(_("%(v)s is not a village of this work.") % {"v": m["village"].strip()[:60]})
        village_code = village.code
    household = queries.payer(work, m["number"], village_code)
    m2 = m["m2"].replace(",", ".")
    try:
        if not Decimal(m2).is_finite() or Decimal(m2) < 0:
            raise InvalidOperation
    except InvalidOperation:
        raise DomainError(_("%(m2)s is not a number of m².") % {"m2": m["m2"][:30]}) from None
    return household, m2
