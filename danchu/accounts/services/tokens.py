"""A person's own settings: preferences and personal API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden

from .. import permissions
from ..models import Channel, PersonalToken, User


@transaction.atomic
def preferences_update(*, person: User, notify_channel: str, language: str) -> User:
    if notify_channel not in Channel.values:
        raise DomainError(_("Unknown notification channel."), code="bad_channel")
    if notify_channel == Channel.EMAIL and not person.email:
        raise DomainError(_("Add an e-mail address before choosing e-mail."), code="no_email")
    if notify_channel in (Channel.SMS, Channel.ZALO) and not person.phone:
        raise DomainError(_("Add a phone number before choosing SMS or Zalo."), code="no_phone")
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), code="bad_language")
    before = snapshot(person, ("notify_channel", "language"))
    person.notify_channel = notify_channel
    person.language = language
    person.save(update_fields=["notify_channel", "language"])
    audit(
        actor=person,
        action="accounts.preferences_update",
        obj=person,
        before=before,
        after=snapshot(person, ("notify_channel", "language")),
    )
    return person


TOKEN_PREFIX = "dch_"


@transaction.atomic
def token_create(*, person: User, name: str) -> tuple[PersonalToken, str]:
    """Create a personal API token. Returns the token row and the token itself, which is shown once
    and never stored (only its SHA-256 is)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the token so you recognise it later."), code="name_required")
    if len(name) > 100 or "\x00" in name:
        raise DomainError(_("Give the token a name of at most 100 characters."), code="bad_name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalToken.objects.create(
        person=person,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=PersonalToken.digest_of(raw),
    )
    audit(
        actor=person,
        action="accounts.token_create",
        obj=token,
        after={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: PersonalToken) -> PersonalToken:
    if token.person_id != getattr(actor, "pk", None) and not permissions.is_admin(actor):
        raise Forbidden(_("You may not revoke this token."))
    if token.revoked_at is not None:
        raise Conflict(_("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=actor, action="accounts.token_revoke", obj=token, after={"revoked_at": token.revoked_at})
    return token
