"""The ledger as an XLSX workbook for the commune's accountant."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from danchu.core.text import spreadsheet_row

from . import queries
from .models import Work

# What an XLSX cell cannot hold (openpyxl raises IllegalCharacterError, the same set as its
# ILLEGAL_CHARACTERS_RE): C0 controls but tab, line feed and carriage return. A note pasted from Word
# carries "\x0b" (its manual line break); one such note in a ledger that is never edited made the
# export fail for good.
_NOT_IN_A_CELL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _row(values: Iterable[Any]) -> list[Any]:
    return spreadsheet_row(_NOT_IN_A_CELL.sub(" ", v) if isinstance(v, str) else v for v in values)


def ledger_xlsx(work: Work) -> bytes:
    # Imported here, not at the top (issue #17): openpyxl is slow to load and only this export needs it.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Households")[:31]
    ws.append(_row([work.title]))
    ws.append(
        [
            _("Village"),
            _("Household number"),
            _("Head of household"),
            _("Pledge (VND)"),
            _("Reduction (%)"),
            _("Paid towards the pledge (VND)"),
            _("Voluntary (VND)"),
            _("Still owed (VND)"),
        ]
    )
    for r in queries.ledger(work):
        hh, p = r["household"], r["pledge"]
        ws.append(
            _row(
                [
                    hh.village.name,
                    hh.number,
                    hh.representative.full_name if hh.representative else "",
                    int(p.amount) if p else 0,
                    p.reduction_percent if p else 0,
                    int(r["paid"]),
                    int(r["extra"]),
                    int(r["owed"]),
                ]
            )
        )
    entries = wb.create_sheet(_("Entries")[:31])
    entries.append(
        [
            _("Receipt number"),
            _("Date"),
            _("Household number"),
            _("Kind"),
            _("Value (VND)"),
            _("Labour days or m²"),
            _("Voluntary"),
            _("Reverses"),
            _("Note"),
        ]
    )
    for pay in work.payments.select_related("household", "reverses").order_by("pk"):
        entries.append(
            _row(
                [
                    pay.receipt_number,
                    pay.received_on,
                    pay.household.number,
                    pay.get_kind_display(),
                    int(pay.value),
                    float(pay.quantity),
                    "x" if pay.voluntary else "",
                    pay.reverses.receipt_number if pay.reverses else "",
                    pay.note,
                ]
            )
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
