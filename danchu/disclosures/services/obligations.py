"""The compliance calendar and the loudspeaker settings and bulletins."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Role
from danchu.accounts.notify import notify
from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.i18n import later
from danchu.places.models import Place

from .. import categories
from ..models import (
    Bulletin,
    BulletinSettings,
    Disclosure,
    Obligation,
    Voice,
)
from .common import S, require_manage


def obligations_refresh(*, place: Place, year: int) -> list[Obligation]:
    """Create the year's obligations of a commune from the category registry (idempotent)."""
    out = []
    for cat in categories.ordered():
        for key, start, end in cat.periods(year):
            ob, _created = Obligation.objects.get_or_create(
                place=place,
                category=cat.code,
                period_key=key,
                defaults={
                    "period_start": start,
                    "period_end": end,
                    "due_on": end + dt.timedelta(days=cat.due_after_days),
                },
            )
            out.append(ob)
    return out


@transaction.atomic
def obligation_on_event(
    *, place: Place, category: str, key: str, on: dt.date, due_on: dt.date, source: str = ""
) -> Obligation:
    """An obligation another module's event creates (cases: a complaint decision to make public within
    15 days, Nghị định 124/2020, Art. 29). Idempotent per (place, category, key); publishing a
    disclosure of that category with `period_key=key` meets it."""
    if categories.get(category) is None:
        raise DomainError(_("Unknown disclosure category."), code="category")
    ob, created = Obligation.objects.get_or_create(
        place=place,
        category=category,
        period_key=key[:16],
        defaults={"period_start": on, "period_end": on, "due_on": due_on},
    )
    if created:
        audit(
            actor=None,
            action="disclosures.obligation_on_event",
            obj=ob,
            after={
                "place": place.code,
                "category": category,
                "key": ob.period_key,
                "due": due_on,
                "source": source[:200],
            },
        )
    return ob


def meet_obligation(d: Disclosure) -> None:
    """Mark the obligation this publication meets: the one of its period, else the earliest open
    one of its category whose period has ended."""
    day = timezone.localtime(d.published_at).date() if d.published_at else timezone.localdate()
    open_ = Obligation.objects.filter(place=d.place, category=d.category, met_on__isnull=True)
    ob = open_.filter(period_key=d.period_key).first() if d.period_key else None
    if ob is None:
        ob = open_.filter(period_end__lte=day).order_by("period_end").first()
    if ob is not None:
        ob.met_by, ob.met_on = d, day
        ob.save(update_fields=["met_by", "met_on"])


def _overdue_subject(ob: Obligation) -> str:
    cat = categories.get(ob.category)
    return _("Overdue disclosure: %(category)s, %(period)s") % {
        "category": cat.name if cat else ob.category,
        "period": categories.period_label(ob.period_key),
    }


def _overdue_body(ob: Obligation) -> str:
    cat = categories.get(ob.category)
    return _(
        "%(place)s had to disclose “%(category)s” for %(period)s by %(due)s (%(basis)s). It is not "
        "published yet."
    ) % {
        "place": ob.place.name,
        "category": cat.name if cat else ob.category,
        "period": categories.period_label(ob.period_key),
        "due": ob.due_on.strftime("%d/%m/%Y"),
        "basis": cat.legal_basis if cat else "",
    }


def check_overdue(*, today: dt.date | None = None) -> int:
    """Alert each commune's chairman once per overdue obligation."""
    from danchu.accounts.models import Membership

    today = today or timezone.localdate()
    alerted = 0
    overdue = Obligation.objects.filter(
        met_on__isnull=True, due_on__lt=today, alerted_at__isnull=True
    ).select_related("place")
    for ob in overdue:
        chairs = [
            m.person
            for m in Membership.objects.active()
            .filter(role=Role.COMMUNE_CHAIRMAN, place=ob.place)
            .select_related("person")
        ]
        for person in chairs:
            notify(
                person,
                subject=later(partial(_overdue_subject, ob)),
                body=later(partial(_overdue_body, ob)),
            )
        ob.alerted_at = timezone.now()
        ob.save(update_fields=["alerted_at"])
        audit(
            actor=None,
            action="disclosures.obligation_overdue",
            obj=ob,
            after={"place": ob.place.code, "category": ob.category, "period": ob.period_key},
        )
        alerted += 1
    return alerted


# --- Loudspeaker settings -----------------------------------------------------------------------------


@transaction.atomic
def bulletin_settings_set(*, actor: Any, place: Place, voice: str) -> BulletinSettings:
    require_manage(actor, place)
    if voice not in Voice.values:
        raise DomainError(_("Unknown voice."))
    s, _created = BulletinSettings.objects.update_or_create(place=place, defaults={"voice": voice})
    audit(actor=actor, action="disclosures.voice", obj=s, after={"voice": voice})
    return s


def bulletin_for(place: Place, day: dt.date) -> Bulletin:
    """The commune's bulletin of `day`: what was published that day (or is still on the board and
    not yet broadcast, up to 10 items)."""
    b, _created = Bulletin.objects.get_or_create(place=place, day=day)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    items = list(
        Disclosure.objects.filter(
            place=place, status=S.PUBLISHED, published_at__gte=start, published_at__lt=end
        ).order_by("published_at")[:10]
    )
    b.items.set(items)
    return b
