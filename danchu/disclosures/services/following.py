"""Following a commune, village or category, and telling followers of a publication."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from danchu.accounts.notify import notify
from danchu.core.audit import audit
from danchu.core.errors import DomainError, Forbidden
from danchu.core.i18n import later
from danchu.places.models import Level, Place

from ..models import Disclosure, Follow, Notification
from .common import category_or_error


def follow(*, person: Any, place: Place | None = None, category: str = "") -> Follow:
    if not getattr(person, "is_authenticated", False):
        raise Forbidden(_("Sign in to follow."))
    if place is None and not category:
        raise DomainError(_("Choose a commune, a village or a category to follow."))
    if category:
        category_or_error(category)
    if place is not None and place.level < Level.COMMUNE:
        raise DomainError(_("Follow a commune or a village."))
    f, created = Follow.objects.get_or_create(person=person, place=place, category=category)
    if created:
        audit(actor=person, action="disclosures.follow", obj=f, after=_what(place, category))
    return f


def unfollow(*, person: Any, place: Place | None = None, category: str = "") -> None:
    deleted, _by_model = Follow.objects.filter(person=person, place=place, category=category).delete()
    if deleted:
        audit(actor=person, action="disclosures.unfollow", obj=person, after=_what(place, category))


def _what(place: Place | None, category: str) -> dict[str, str]:
    return {"place": place.code if place else "", "category": category}


def followers_of(d: Disclosure) -> list[Any]:
    """Who follows the commune (any category or this one), one of the addressed villages, or the category."""
    from django.db.models import Q

    from danchu.accounts.models import User

    village_ids = (
        list(d.villages.values_list("pk", flat=True))
        if not d.audience_all
        else list(Place.objects.filter(parent=d.place).values_list("pk", flat=True))
    )
    place_q = Q(place=d.place) | Q(place_id__in=village_ids)
    cat_q = Q(category="") | Q(category=d.category)
    follows = Follow.objects.filter((place_q & cat_q) | Q(place__isnull=True, category=d.category))
    return list(User.objects.filter(pk__in=follows.values("person_id"), is_active=True))


def notify_followers(d: Disclosure) -> int:
    link = settings.SITE_URL + d.get_absolute_url()
    sent = 0
    for person in followers_of(d):
        if Notification.objects.filter(disclosure=d, person=person).exists():
            continue
        subject = later(  # in the recipient's language
            lambda: _("New disclosure from %(place)s: %(title)s") % {"place": d.place.name, "title": d.title}
        )
        body = f"{d.title}\n\n{d.summary}\n\n{link}"
        queued = notify(person, subject=subject, body=body)
        Notification.objects.create(
            disclosure=d, person=person, channel=person.notify_channel if queued else "none"
        )
        sent += 1
    return sent
