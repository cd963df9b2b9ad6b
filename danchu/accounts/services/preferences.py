"""A person's notification channel, daily digest and language."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError

from ..models import Channel, User

# --- Preferences and tokens -------------------------------------------------------------------------------


@transaction.atomic
def preferences_update(
    *, person: User, notify_channel: str, language: str, notify_digest: bool | None = None
) -> User:
    if notify_channel not in Channel.values:
        raise DomainError(_("Unknown notification channel."), code="bad_channel")
    if notify_channel == Channel.EMAIL and not person.email:
        raise DomainError(_("Add an e-mail address before choosing e-mail."), code="no_email")
    if notify_channel in (Channel.SMS, Channel.ZALO) and not person.phone:
        raise DomainError(_("Add a phone number before choosing SMS or Zalo."), code="no_phone")
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), code="bad_language")
    fields = ("notify_channel", "language", "notify_digest")
    before = snapshot(person, fields)
    person.notify_channel = notify_channel
    person.language = language
    if notify_digest is not None:
        person.notify_digest = notify_digest
    person.save(update_fields=list(fields))
    audit(
        actor=person,
        action="accounts.preferences_update",
        obj=person,
        before=before,
        after=snapshot(person, fields),
    )
    return person
