"""The one function other modules call to make something public (minutes of a village meeting, the
result of a consultation, a works report): a disclosure drafted, its files attached and published in
one transaction, through the same checks as a disclosure written by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from danchu.core.audit import audit
from danchu.places.models import Place

from ..models import Disclosure
from .drafts import Draft, disclosure_create
from .files import Upload, attachment_add
from .publishing import disclosure_publish


@dataclass(frozen=True)
class FromModule:
    """What a module publishes. `category` is a disclosure category code (categories.py); `source`
    names the module's object for the audit trail (e.g. "meetings.meeting:42")."""

    place: Place
    category: str
    title: str
    summary: str = ""
    body: str = ""
    legal_basis: str = ""
    issuing_unit: str = ""
    villages: Sequence[Place] = field(default_factory=tuple)
    files: Sequence[Upload] = field(default_factory=tuple)
    posting_end: dt.date | None = None
    period_key: str = ""
    source: str = ""


@transaction.atomic
def disclosure_publish_from_module(*, actor: Any, item: FromModule) -> Disclosure:
    """Draft, attach and publish now, or nothing at all (a DomainError rolls everything back). The
    actor must publish for `item.place` (commune staff), as on the back office."""
    d = disclosure_create(
        actor=actor,
        place=item.place,
        draft=Draft(
            category=item.category,
            title=item.title,
            summary=item.summary,
            body=item.body,
            legal_basis=item.legal_basis,
            issuing_unit=item.issuing_unit,
            villages=item.villages,
        ),
    )
    for upload in item.files:
        attachment_add(actor=actor, disclosure=d, file=upload.file, name=upload.name, size=upload.size)
    d = disclosure_publish(
        actor=actor, disclosure=d, posting_end=item.posting_end, period_key=item.period_key
    )
    audit(actor=actor, action="disclosures.from_module", obj=d, after={"source": item.source[:200]})
    return d
