"""Delegations to sign and escalation contacts: recorded, audited changes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.permissions import is_admin
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.text import checked_text
from danchu.places.models import Level, Place

from ..models import Contact, Delegation
from ..permissions import is_chairman_of, is_unit_staff

DELEGATION_FIELDS = ["unit_id", "delegate_id", "kind", "valid_from", "valid_to", "document", "revoked_at"]
CONTACT_FIELDS = ["place_id", "kind", "person_id", "name", "email", "phone", "active"]


@transaction.atomic
def delegation_grant(
    *,
    by: Any,
    unit: Place,
    delegate: Any,
    kind: str = Delegation.Kind.SIGN_FOR,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    document: str = "",
) -> Delegation:
    """The chairman assigns a vice-chairman to sign in their stead for a period (KT.); an acting
    chairman (Q.) is named by the competent body, recorded here by an administrator."""
    if kind not in Delegation.Kind.values:
        raise DomainError(_("Unknown kind of delegation."), code="kind")
    if kind == Delegation.Kind.ACTING and not is_admin(by):
        raise Forbidden(_("An acting chairman is recorded by an administrator, from the deciding document."))
    if kind == Delegation.Kind.SIGN_FOR and not (is_chairman_of(by, unit) or is_admin(by)):
        raise Forbidden(_("Only the chairman delegates the signature."))
    if unit.level != Level.COMMUNE:
        raise DomainError(_("Choose a commune."), code="unit")
    if getattr(delegate, "pk", None) == getattr(by, "pk", None) and not is_admin(by):
        raise DomainError(_("Delegate to someone else."), code="delegate")
    if not is_unit_staff(delegate, unit):
        raise DomainError(
            _("The delegate must hold a role in this commune's People's Committee."), code="delegate"
        )
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end of the period is before its start."), code="valid_to")
    document = _clean(document, 300, "document")
    d = Delegation.objects.create(
        unit=unit,
        delegate=delegate,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        document=document,
        granted_by=by,
    )
    audit(actor=by, action="cases.delegation_grant", obj=d, after=snapshot(d, DELEGATION_FIELDS))
    return d


@transaction.atomic
def delegation_revoke(*, by: Any, delegation: Delegation) -> Delegation:
    if not (is_chairman_of(by, delegation.unit) or is_admin(by)):
        raise Forbidden(_("Only the chairman delegates the signature."))
    if delegation.revoked_at is not None:
        raise Conflict(_("This delegation was already revoked."), code="revoked")
    before = snapshot(delegation, DELEGATION_FIELDS)
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    audit(
        actor=by,
        action="cases.delegation_revoke",
        obj=delegation,
        before=before,
        after=snapshot(delegation, DELEGATION_FIELDS),
    )
    return delegation


def contact_saved(*, by: Any, contact: Contact, created: bool) -> None:
    """Audit an escalation contact the administrator saved (admin site)."""
    audit(
        actor=by,
        action="cases.contact_add" if created else "cases.contact_change",
        obj=contact,
        after=snapshot(contact, CONTACT_FIELDS),
    )


COMMUNE_CONTACT_KINDS = (Contact.Kind.VICE_CHAIRMAN, Contact.Kind.PARTY_SECRETARY)
PHONE_SHAPE = re.compile(r"\+?[0-9][0-9 .]{7,18}")


def _clean(text: str, limit: int, code: str) -> str:
    return checked_text(text, limit=limit, code=code)


def _require_chairman(by: Any, unit: Place) -> None:
    if not (is_chairman_of(by, unit) or is_admin(by)):
        raise Forbidden(_("Only the chairman of the commune manages its escalation contacts."))


@transaction.atomic
def contact_add(
    *, by: Any, unit: Place, kind: str, name: str = "", email: str = "", phone: str = "", person: Any = None
) -> Contact:
    """The chairman names a vice-chairman or the party secretary an overdue case reaches when the
    chairman's seat is vacant (jobs.commune_chain); the province's office is set by an administrator."""
    _require_chairman(by, unit)
    if unit.level != Level.COMMUNE:
        raise DomainError(_("Choose a commune."), code="unit")
    if kind not in COMMUNE_CONTACT_KINDS:
        raise DomainError(_("Choose a vice-chairman or the party secretary."), code="kind")
    name, email = _clean(name, 200, "name"), _clean(email, 254, "email").lower()
    phone = _clean(phone, 20, "phone")
    if person is not None and not is_unit_staff(person, unit):
        raise DomainError(
            _("The person must hold a role in this commune's People's Committee."), code="person"
        )
    if person is None and not name:
        raise DomainError(_("Enter the contact's name."), code="name")
    if person is None and not (email or phone):
        raise DomainError(_("Enter an e-mail address or a phone number to reach them."), code="email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("Enter a valid e-mail address."), code="email") from None
    if phone and not PHONE_SHAPE.fullmatch(phone):
        raise DomainError(_("Enter a valid phone number."), code="phone")
    contact = Contact.objects.create(
        place=unit, kind=kind, person=person, name=name, email=email, phone=phone, active=True
    )
    audit(actor=by, action="cases.contact_add", obj=contact, after=snapshot(contact, CONTACT_FIELDS))
    return contact


@transaction.atomic
def contact_set_active(*, by: Any, contact: Contact, active: bool) -> Contact:
    """Stop (or start again) reaching a contact; the record stays for the escalations that named it."""
    _require_chairman(by, contact.place)
    if contact.kind not in COMMUNE_CONTACT_KINDS and not is_admin(by):
        raise Forbidden(_("The province's office is set by an administrator."))
    if contact.active == active:
        raise Conflict(_("Nothing to change."), code="active")
    before = snapshot(contact, CONTACT_FIELDS)
    contact.active = active
    contact.save(update_fields=["active"])
    audit(
        actor=by,
        action="cases.contact_change",
        obj=contact,
        before=before,
        after=snapshot(contact, CONTACT_FIELDS),
    )
    return contact
