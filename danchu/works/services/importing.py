"""Contributions imported from a spreadsheet: every row checked as payment_record() checks it, all or
nothing unless the bad rows are to be skipped."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.formats import cell_date, read_yes_no
from danchu.core.text import fold, quoted
from danchu.places.importing import samples
from danchu.places.importing.reading import Row, check_rows, column_names, read_checked, unread_columns
from danchu.places.models import Household

from ..models import Payment, Work
from .ledger import Ledger, NewPayment, _not_closed

IMPORT_COLUMNS = ["household", "kind", "amount", "quantity", "received_on", "voluntary", "note", "village"]
# Header names as an accountant writes them (folded: no diacritics, lower case, "_" between words).
IMPORT_ALIASES = {
    "ho": "household",
    "ho_gia_dinh": "household",
    "ma_ho": "household",
    "so_ho": "household",
    "loai": "kind",
    "hinh_thuc": "kind",
    "so_tien": "amount",
    "gia_tri": "amount",
    "so_luong": "quantity",
    "ngay_cong": "quantity",
    "ngay": "received_on",
    "ngay_nhan": "received_on",
    "date": "received_on",
    "tu_nguyen": "voluntary",
    "ghi_chu": "note",
    "thon": "village",
    "thon_to_dan_pho": "village",
    "to_dan_pho": "village",
}
# Cell values as an accountant writes them (folded like the headers: "Có", "có" in NFD, "CO" alike).
IMPORT_KINDS = {
    **{kind: kind for kind in Payment.Kind.values},
    "tien": Payment.Kind.MONEY,
    "tien mat": Payment.Kind.MONEY,
    "ngay cong": Payment.Kind.LABOUR,
    "cong": Payment.Kind.LABOUR,
    "dat": Payment.Kind.LAND,
}
# The sample workbook's columns, each read as the IMPORT_COLUMNS key it names (a test holds them to it).
SAMPLE_COLUMNS = (
    ("Hộ", gettext_lazy("The household's number in its village; required."), "15"),
    (
        "Thôn",
        gettext_lazy(
            "The village's code or name: needed only when two villages of the work have a household of that number."
        ),
        "Thôn 3",
    ),
    ("Loại", gettext_lazy("tiền (money), ngày công (labour) or đất (land); empty: money."), "tiền"),
    ("Số tiền", gettext_lazy("In đồng, as 500000 or 500.000; for land, the value of the land."), "500000"),
    ("Số lượng", gettext_lazy("Labour days, or m² of land."), "2"),
    ("Ngày nhận", gettext_lazy("dd/mm/yyyy, or a date cell; required."), "20/03/2026"),
    ("Tự nguyện", gettext_lazy("x for a voluntary contribution, beyond the rate."), "x"),
    ("Ghi chú", gettext_lazy("Any note."), "đợt 1"),
)
IMPORT_REQUIRED = ("household", "received_on")
IMPORT_MAX_ROWS = 20_000


@dataclass
class LedgerImport:
    payments: list[Payment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "Line N: why", when asked to skip bad rows
    unread_columns: list[str] = field(default_factory=list)  # headers naming no column of IMPORT_COLUMNS


def _cell_date(value: Any) -> dt.date:
    try:
        day = cell_date(value)
    except ValueError:
        raise DomainError(_("the date “%(d)s” is not dd/mm/yyyy") % {"d": quoted(str(value))}) from None
    if day is None:
        raise DomainError(_("the date received is missing (dd/mm/yyyy)"))
    return day


def _voluntary(value: Any) -> bool:
    """The voluntary column: "x", "có"… or empty, "không"; any other word is refused by line (a typo
    once made a voluntary contribution an obligation, in silence)."""
    try:
        return read_yes_no(value)
    except ValueError:
        raise DomainError(
            _("“voluntary” must be “có” or “không”, not “%(v)s”") % {"v": quoted(str(value))}
        ) from None


def _household(by_number: dict[str, list[Household]], row: Row) -> Household:
    """The row's household. Numbers are unique within a village only: in a work of several villages,
    a number found in more than one needs the village column (its code or name)."""
    number = row.get("household")
    found = by_number.get(number, [])
    village = fold(row.get("village"))
    if village:
        found = [h for h in found if village in (fold(h.village.code), fold(h.village.name))]
    if not found:
        raise DomainError(
            _("household %(n)s is not in the villages of this work") % {"n": number[:40] or "—"}
        )
    if len(found) > 1:
        raise DomainError(
            _("household number %(n)s is in several villages of this work (%(v)s): give the village column")
            % {"n": number, "v": ", ".join(h.village.name for h in found)}
        )
    return found[0]


def _new_payment(by_number: dict[str, list[Household]], row: Row) -> NewPayment:
    return NewPayment(
        household=_household(by_number, row),
        kind=IMPORT_KINDS.get(fold(row.get("kind")), row.get("kind")[:40]) or Payment.Kind.MONEY,
        amount=row.get("amount") or 0,
        quantity_=row.get("quantity") or 0,
        received_on=_cell_date(row.values.get("received_on")),
        voluntary=_voluntary(row.values.get("voluntary")),
        note=row.get("note"),
    )


@transaction.atomic
def ledger_import(
    *,
    work: Work,
    by: Any,
    data: bytes,
    filename: str = "contributions.xlsx",
    skip_errors: bool = False,
) -> LedgerImport:
    """Contributions from an XLSX (or CSV) sheet whose first row names the columns (IMPORT_COLUMNS or
    their Vietnamese names). Every bad row is reported with its line number and nothing is imported
    when one is bad — unless `skip_errors`: then the good rows are imported and the bad ones listed.
    Each row is checked as payment_record() checks it, in order (a household's earlier rows count
    towards what it still owes), and the good ones are written together."""
    _not_closed(work)
    rows = read_checked(
        io.BytesIO(data),
        filename,
        IMPORT_ALIASES,
        required=IMPORT_REQUIRED,
        max_rows=IMPORT_MAX_ROWS,
        headers=column_names(SAMPLE_COLUMNS, IMPORT_ALIASES),
        known=IMPORT_COLUMNS,
    )
    by_number: dict[str, list[Household]] = {}
    for h in Household.objects.filter(village__in=work.villages.all()).select_related("village"):
        by_number.setdefault(h.number, []).append(h)
    ledger = Ledger(work, [h.pk for found in by_number.values() for h in found])
    ledger.refuse_repeats()
    unread = unread_columns(rows, IMPORT_COLUMNS)
    payments, skipped = check_rows(
        rows,
        lambda row: ledger.check(_new_payment(by_number, row), by=by),
        skip_bad=skip_errors,
        unread=unread,
    )
    result = LedgerImport(payments=payments, skipped=skipped, unread_columns=unread)
    ledger.save(result.payments, by=by)
    audit(
        actor=by,
        action="works.ledger_import",
        obj=work,
        after={"payments": len(result.payments), "skipped": len(result.skipped), "file": filename[:100]},
    )
    return result


def ledger_sample() -> bytes:
    """The contributions import's sample workbook: its header, and each column explained with an
    example on the guide sheet (no example row: one uploaded unchanged would be a payment)."""
    return samples.workbook(SAMPLE_COLUMNS, widths=[10, 14, 12, 14, 10, 14, 10, 20])
