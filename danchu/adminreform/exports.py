"""A unit's table of one-stop figures for a year as a file (CSV or XLSX), with the page's total row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.core.text import spreadsheet_text
from danchu.places.models import Place

from . import queries


def figures_table(place: Place, year: int) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows as on the page: one row per unit and period, then the total row (the
    dossier counts added; the services column left empty: a stock is not added) — or, when periods
    of one unit overlap, a row saying why there is no total."""
    figures = queries.figures_of(place, year)
    headers = [
        _("Unit"),
        _("From"),
        _("To"),
        _("Received"),
        _("Online"),
        _("Resolved"),
        _("On time"),
        _("Online public services"),
    ]
    rows: list[list[Any]] = [
        [
            spreadsheet_text(f.department.name if f.department else place.name),
            f.start.strftime("%d/%m/%Y"),
            f.end.strftime("%d/%m/%Y"),
            f.received,
            f.received_online,
            f.resolved,
            f.resolved_on_time,
            spreadsheet_text("; ".join(f"{label}: {n}" for label, n in f.services())),
        ]
        for f in figures
    ]
    total = queries.figures_total(figures)
    if total is not None and total.additive:
        rows.append(
            [
                _("Total"),
                "",
                "",
                total.received,
                total.received_online,
                total.resolved,
                total.resolved_on_time,
                "",
            ]
        )
    elif total is not None:
        rows.append([_("Total"), _("No total: periods of one unit overlap."), "", "", "", "", "", ""])
    return headers, rows
