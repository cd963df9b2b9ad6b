"""Import of a board's past matters from XLSX: every bad row is reported with its line number and
nothing is imported from a file with errors.

Columns (row 1 is the header, its text is not read): title, description, received on, village,
concluded on, findings, signs of violation (có/không), recommendation, competent person,
recommended on, answered on, answer, resolved on. Dates as Excel dates or dd/mm/yyyy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from danchu.core.audit import audit
from danchu.core.calendar import add_calendar_days, today
from danchu.core.errors import DomainError
from danchu.core.text import fold

from .models import Board, Channel, Matter, Recommendation
from .rules import in_force
from .services.matters import _next_code

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
COLUMNS = [
    "title",
    "description",
    "received_on",
    "village",
    "concluded_on",
    "findings",
    "violation",
    "recommendation",
    "addressee",
    "recommended_on",
    "answered_on",
    "answer",
    "resolved_on",
]
# What the bad-row messages call each column (the header of the template).
LABELS = {
    "title": pgettext_lazy("import column", "title"),
    "description": pgettext_lazy("import column", "description"),
    "received_on": pgettext_lazy("import column", "date received"),
    "concluded_on": pgettext_lazy("import column", "date concluded"),
    "findings": pgettext_lazy("import column", "findings"),
    "recommendation": pgettext_lazy("import column", "recommendation"),
    "addressee": pgettext_lazy("import column", "competent person"),
    "recommended_on": pgettext_lazy("import column", "date recommended"),
    "answered_on": pgettext_lazy("import column", "date answered"),
    "answer": pgettext_lazy("import column", "answer"),
    "resolved_on": pgettext_lazy("import column", "date resolved"),
}
YES = {"co", "x", "yes", "1", "true"}
NO = {"khong", "no", "0", "false", ""}


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _rows(file: Any) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    if getattr(file, "size", 0) and file.size > MAX_BYTES:
        raise DomainError(_("The file is too large (at most 5 MB)."))
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a file that is not XLSX
        raise DomainError(_("The file is not a valid XLSX workbook.")) from e
    ws = wb.worksheets[0]
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number == 1:
            continue
        if number > MAX_ROWS + 1:
            raise DomainError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        cells = list(values)[: len(COLUMNS)] + [None] * max(0, len(COLUMNS) - len(values))
        if all(c in (None, "") for c in cells):
            continue
        rows.append((number, dict(zip(COLUMNS, cells, strict=True))))
    wb.close()
    return rows


def _check(board: Board, row: dict[str, Any], villages: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    out: dict[str, Any] = {}
    for name, limit in (
        ("title", 255),
        ("description", 10000),
        ("findings", 20000),
        ("recommendation", 10000),
        ("addressee", 300),
        ("answer", 10000),
    ):
        value = "" if row[name] is None else str(row[name]).strip()
        if "\x00" in value:
            problems.append(
                _("%(column)s contains a character that is not allowed") % {"column": LABELS[name]}
            )
        elif len(value) > limit:
            problems.append(
                _("%(column)s is longer than %(n)s characters") % {"column": LABELS[name], "n": limit}
            )
        out[name] = value
    if not out["title"]:
        problems.append(_("the title is missing"))
    for name in ("received_on", "concluded_on", "recommended_on", "answered_on", "resolved_on"):
        try:
            out[name] = _date(row[name])
        except ValueError:
            problems.append(_("%(column)s is not a date (dd/mm/yyyy)") % {"column": LABELS[name]})
            out[name] = None
            continue
        if out[name] and out[name] > today():
            problems.append(_("%(column)s is in the future") % {"column": LABELS[name]})
    if out.get("received_on") is None and row["received_on"] in (None, ""):
        problems.append(_("the date received is missing"))
    violation = fold(str(row["violation"] or "")).strip()
    if violation not in YES | NO:
        problems.append(_("signs of violation must be “có” or “không”"))
    out["violation"] = violation in YES
    village_name = str(row["village"] or "").strip()
    out["village"] = None
    if village_name:
        out["village"] = villages.get(fold(village_name))
        if out["village"] is None:
            problems.append(_("the village “%(name)s” is not in this commune") % {"name": village_name[:100]})
    if out["recommendation"] and not (out["addressee"] and out["recommended_on"]):
        problems.append(_("a recommendation needs the competent person and its date"))
    if (out["answered_on"] or out["answer"]) and not (out["answered_on"] and out["recommendation"]):
        problems.append(_("an answer needs its date and a recommendation"))
    if out["resolved_on"] and not out["answered_on"]:
        problems.append(_("a recommendation cannot be resolved before it is answered"))
    if out["recommendation"] and not out["concluded_on"]:
        problems.append(_("a recommendation needs the date of the conclusion"))
    return out, problems


def matters_import(*, actor: Any, board: Board, file: Any) -> list[Matter]:
    """All rows or none: DomainError with detail [{line, problems}] when any row is bad."""
    rows = _rows(file)
    if not rows:
        raise DomainError(_("The file has no rows to import."))
    villages = {fold(p.name): p for p in board.body.place.children.all()}
    checked = []
    errors: list[tuple[int, list[str]]] = []
    for line, row in rows:
        out, problems = _check(board, row, villages)
        if problems:
            errors.append((line, [str(p) for p in problems]))
        checked.append(out)
    if errors:
        summary = "; ".join(
            _("line %(n)s: %(problems)s") % {"n": line, "problems": ", ".join(problems)}
            for line, problems in errors[:20]
        )
        raise DomainError(
            _("Nothing was imported. Correct these rows: %(rows)s") % {"rows": summary},
            detail=[{"line": line, "problems": problems} for line, problems in errors],
        )
    with transaction.atomic():
        return [_create(actor, board, out) for out in checked]


def _create(actor: Any, board: Board, out: dict[str, Any]) -> Matter:
    S = Matter.Status
    status = S.ACCEPTED
    if out["concluded_on"]:
        status = S.CONCLUDED
    if out["recommendation"]:
        status = S.RESOLVED if out["resolved_on"] else S.RECOMMENDED
    matter = Matter.objects.create(
        board=board,
        code=_next_code(board, out["received_on"].year),
        title=out["title"],
        description=out["description"] or out["title"],
        channel=Channel.IMPORTED,
        village=out["village"],
        received_on=out["received_on"],
        classified_on=out["received_on"],
        status=status,
        findings=out["findings"],
        signs_of_violation=out["violation"],
        concluded_on=out["concluded_on"],
        recommended_on=out["recommended_on"] if out["recommendation"] else None,
        resolved_on=out["resolved_on"] if out["recommendation"] else None,
    )
    if out["recommendation"]:
        Recommendation.objects.create(
            matter=matter,
            addressee=out["addressee"],
            content=out["recommendation"],
            made_on=out["recommended_on"],
            due_on=add_calendar_days(
                out["recommended_on"], in_force("answer_days", out["recommended_on"]).value
            ),
            status=Recommendation.Status.RESOLVED
            if out["resolved_on"]
            else (Recommendation.Status.ANSWERED if out["answered_on"] else Recommendation.Status.OPEN),
            answer=out["answer"],
            answered_on=out["answered_on"],
            resolved_on=out["resolved_on"],
        )
    audit(
        actor=actor,
        action="oversight.matter_import",
        obj=matter,
        after={"code": matter.code, "status": status},
    )
    return matter
