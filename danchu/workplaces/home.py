"""What workplaces puts in a person's own download (Decree 13/2023): the conferences they were a
delegate of with an account (who may vote online)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.personal_data import register_exporter

from .models import Delegate


def my_delegations_data(person: Any) -> list[dict[str, Any]]:
    return [
        {
            "unit": str(d.conference.unit),
            "conference": d.conference.get_kind_display(),
            "year": str(d.conference.year),
            "planned_on": d.conference.planned_on,
        }
        for d in Delegate.objects.filter(person=person)
        .select_related("conference__unit__body")
        .order_by("conference__planned_on", "pk")
    ]


def register() -> None:
    register_exporter(
        "workplaces.delegate",
        _("Conferences you were a delegate of"),
        my_delegations_data,
        {
            "unit": _("Agency or enterprise"),
            "conference": _("Conference"),
            "year": _("Year"),
            "planned_on": _("Planned for"),
        },
    )
