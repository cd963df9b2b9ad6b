"""Helpers the oversight services share: checked text, checked dates, audit snapshots, notices."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.accounts.models import Membership, Role
from danchu.accounts.notify import notify
from danchu.core.audit import audit, snapshot
from danchu.core.calendar import today
from danchu.core.errors import DomainError
from danchu.core.text import checked_text
from danchu.places.models import Place


def nfc(value: Any) -> Any:
    """Text in composed form (NFC): a phone or a Mac may send Vietnamese decomposed (NFD), which
    counts up to twice the characters against a limit and compares unequal to the same words typed
    elsewhere. Anything else is returned as it is."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def text(value: Any, *, label: str, limit: int, required: bool = True) -> str:
    """The value as clean, composed (NFC) text, or a DomainError naming the field (NUL bytes, too
    long, missing)."""
    return checked_text(value, label=label, limit=limit, required=required)  # checked_text composes


# The earliest day a record of oversight may carry: the People's Inspection Boards date from the
# Ordinance on Inspection of 1990; a year 1 or 1900 is a typing or spreadsheet error, not a record.
EARLIEST = dt.date(1990, 1, 1)


def not_too_early(value: dt.date, *, label: str) -> dt.date:
    """A planned or recorded day, refused before EARLIEST (a typing error such as year 1)."""
    if value < EARLIEST:
        raise DomainError(_("%(field)s cannot be before %(year)s.") % {"field": label, "year": EARLIEST.year})
    return value


def day(value: dt.date | None, *, label: str) -> dt.date:
    """The given day or today; a day in the future is refused (records say what happened), and so is
    a day before EARLIEST."""
    on = value or today()
    if on > today():
        raise DomainError(_("%(field)s cannot be in the future.") % {"field": label})
    return not_too_early(on, label=label)


def record(
    actor: Any, action: str, obj: Model, fields: list[str], before: dict[str, Any] | None = None
) -> None:
    audit(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, fields))


def tell(people: Any, *, subject: str, body: str, url: str | None = None) -> int:
    sent = 0
    for person in people:
        sent += bool(notify(person, subject=subject, body=body, url=url))
    return sent


def matter_url(matter: Model) -> str:
    return reverse("oversight:matter", args=[matter.pk])


def front_officers(place: Place) -> list[Any]:
    ms = Membership.objects.active().filter(role=Role.FRONT_OFFICER, place=place).select_related("person")
    return [m.person for m in ms]


def unit_representatives(body: Any) -> list[Any]:
    """The representatives of a unit (role WORKPLACE_REP on its body)."""
    ms = Membership.objects.active().filter(role=Role.WORKPLACE_REP, body=body).select_related("person")
    return [m.person for m in ms]


def chairmen(place: Place) -> list[Any]:
    ms = Membership.objects.active().filter(role=Role.COMMUNE_CHAIRMAN, place=place).select_related("person")
    return [m.person for m in ms]
