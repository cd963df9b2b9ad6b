"""Drafts: write and edit a disclosure before it goes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError
from danchu.places.models import Level, Place

from ..models import Disclosure, Voice
from .common import (
    AUDITED,
    actor_or_none,
    category_or_error,
    default_issuing_unit,
    fit,
    require_category_allowed,
    require_manage,
)
from .text import render_body


@dataclass(frozen=True)
class Draft:
    """What staff write: the text of a disclosure and who it is for (no villages: the whole commune)."""

    category: str
    title: str
    summary: str = ""
    body: str = ""
    legal_basis: str = ""
    issuing_unit: str = ""
    villages: Sequence[Place] = field(default_factory=tuple)
    voice: str = ""

    def checked(self, place: Place) -> Draft:
        """The draft with its texts cleaned, or a DomainError naming what is wrong."""
        title = fit(self.title, "title", _("The title")).strip()
        if not title:
            raise DomainError(_("A title is required."), code="title_required")
        if self.voice and self.voice not in Voice.values:
            raise DomainError(_("Unknown voice."), code="unknown_voice")
        for v in self.villages:
            if v.parent_id != place.pk or v.level != Level.VILLAGE:
                raise DomainError(
                    _("%(village)s is not a village of %(place)s.") % {"village": v.name, "place": place.name}
                )
        return Draft(
            category=category_or_error(self.category).code,
            title=title,
            summary=fit(self.summary, "summary", _("The summary")).strip(),
            body=fit(self.body, "body", _("The text")),
            legal_basis=fit(self.legal_basis, "legal_basis", _("The legal basis")).strip(),
            issuing_unit=fit(self.issuing_unit, "issuing_unit", _("The issuing unit")).strip(),
            villages=list(self.villages),
            voice=self.voice,
        )


@transaction.atomic
def disclosure_create(*, actor: Any, place: Place, draft: Draft) -> Disclosure:
    require_manage(actor, place)
    if place.level > Level.COMMUNE:
        raise DomainError(_("Disclosures are issued by a commune or a higher unit, not by a village."))
    draft = draft.checked(place)
    cat = category_or_error(draft.category)
    require_category_allowed(actor, place, cat)
    d = Disclosure.objects.create(
        place=place,
        category=cat.code,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        body_html=render_body(draft.body),
        legal_basis=draft.legal_basis or cat.legal_basis,
        issuing_unit=draft.issuing_unit or default_issuing_unit(place, actor),
        audience_all=not draft.villages,
        voice=draft.voice,
        created_by=actor_or_none(actor),
    )
    if draft.villages:
        d.villages.set(draft.villages)
    audit(actor=actor, action="disclosures.create", obj=d, after=snapshot(d, AUDITED))
    return d


@transaction.atomic
def disclosure_update(
    *, actor: Any, disclosure: Disclosure, draft: Draft, villages: bool = True
) -> Disclosure:
    """Edit a draft (or a scheduled item before it goes out). Published items are corrected instead.
    `villages=False` keeps the audience as it is (the API's PUT without villages)."""
    d = Disclosure.objects.select_for_update().select_related("place").get(pk=disclosure.pk)
    require_manage(actor, d.place)
    if not d.is_editable:
        raise DomainError(
            _("A published disclosure cannot be edited; publish a correction instead."), code="not_editable"
        )
    draft = draft.checked(d.place)
    cat = category_or_error(draft.category)
    require_category_allowed(actor, d.place, cat)
    before = snapshot(d, AUDITED)
    d.title, d.summary, d.body, d.category, d.voice = (
        draft.title,
        draft.summary,
        draft.body,
        cat.code,
        draft.voice,
    )
    d.legal_basis = draft.legal_basis or cat.legal_basis
    d.issuing_unit = draft.issuing_unit or d.issuing_unit
    d.body_html = render_body(d.body)
    if villages:
        d.audience_all = not draft.villages
        d.villages.set(draft.villages)
    d.save(
        update_fields=[
            "title",
            "summary",
            "body",
            "category",
            "voice",
            "legal_basis",
            "issuing_unit",
            "body_html",
            "audience_all",
            "updated_at",
        ]
    )
    audit(actor=actor, action="disclosures.update", obj=d, before=before, after=snapshot(d, AUDITED))
    return d
