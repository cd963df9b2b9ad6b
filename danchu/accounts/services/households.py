"""Household verification: a person asks to be linked to a household, the village decides."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Household

from .. import permissions
from ..models import HouseholdLink, Role, User
from .roles import _drop_resident_role, _ensure_resident_role

LINK_FIELDS = ("person_id", "household_id", "as_representative", "status", "reason", "decided_by_id")


@transaction.atomic
def household_link_request(
    *, person: User, household: Household, as_representative: bool = False, message: str = ""
) -> HouseholdLink:
    """A signed-up resident asks to be linked to their household (and to be its representative)."""
    if not household.is_active:
        raise DomainError(_("This household is no longer registered."), code="household_inactive")
    if HouseholdLink.objects.filter(
        person=person,
        household=household,
        status__in=[HouseholdLink.Status.REQUESTED, HouseholdLink.Status.CONFIRMED],
    ).exists():
        raise Conflict(_("You have already asked to be linked to this household."))
    link = HouseholdLink.objects.create(
        person=person,
        household=household,
        as_representative=as_representative,
        message=message.strip()[:500],
    )
    audit(actor=person, action="accounts.household_link_request", obj=link, after=snapshot(link, LINK_FIELDS))
    return link


def _check_decider(actor: Any, link: HouseholdLink) -> None:
    if not permissions.can(actor, "accounts.decide_household_link", link.household):
        raise Forbidden(_("Only the village head or a commune officer of this village may decide."))


def _check_pending(link: HouseholdLink) -> None:
    if link.status != HouseholdLink.Status.REQUESTED:
        raise Conflict(
            _("This request is already %(state)s.") % {"state": link.get_status_display()}, code="bad_state"
        )


def _me_url() -> str:
    return settings.SITE_URL + reverse("accounts:home")


@transaction.atomic
def household_link_confirm(*, actor: Any, link: HouseholdLink, on_behalf_of: Any = None) -> HouseholdLink:
    """Confirm a request. Confirming a representative ends the household's previous representative
    link: a household has one representative (Decree 59/2023, Art. 3(2))."""
    link = (
        HouseholdLink.objects.select_for_update()
        .select_related("household__village", "person")
        .get(pk=link.pk)
    )
    _check_decider(actor, link)
    _check_pending(link)
    household = link.household
    if link.as_representative:
        # The previous representative stays a confirmed member of the household.
        for old in (
            HouseholdLink.objects.select_for_update()
            .confirmed()
            .filter(household=household, as_representative=True)
            .select_related("person")
        ):
            old_before = snapshot(old, LINK_FIELDS)
            old.as_representative = False
            old.save(update_fields=["as_representative"])
            audit(
                actor=actor,
                action="accounts.household_link_representative_replaced",
                obj=old,
                before=old_before,
                after=snapshot(old, LINK_FIELDS),
            )
            _drop_resident_role(
                actor=actor, person=old.person, village=household.village, role=Role.HOUSEHOLD_REP
            )
    before = snapshot(link, LINK_FIELDS)
    link.status = HouseholdLink.Status.CONFIRMED
    link.decided_by = actor
    link.decided_at = timezone.now()
    if link.as_representative and link.member_id is None:
        link.member = household.representative
    link.save(update_fields=["status", "decided_by", "decided_at", "member"])
    audit(
        actor=actor,
        action="accounts.household_link_confirm",
        obj=link,
        before=before,
        after=snapshot(link, LINK_FIELDS),
        on_behalf_of=on_behalf_of,
    )
    _ensure_resident_role(actor=actor, person=link.person, village=household.village, role=Role.CITIZEN)
    if link.as_representative:
        _ensure_resident_role(
            actor=actor, person=link.person, village=household.village, role=Role.HOUSEHOLD_REP
        )
    from ..notify import notify

    with translation.override(link.person.language or settings.LANGUAGE_CODE):
        notify(
            link.person,
            subject=_("You are now a verified resident"),
            body=_(
                "Your link to household %(number)s in %(village)s was confirmed. You can now vote and send "
                "complaints and denunciations. %(url)s"
            )
            % {"number": household.number, "village": household.village.name, "url": _me_url()},
        )
    return link


@transaction.atomic
def household_link_refuse(*, actor: Any, link: HouseholdLink, reason: str) -> HouseholdLink:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason for refusing: the resident will read it."), code="reason_required"
        )
    link = (
        HouseholdLink.objects.select_for_update()
        .select_related("household__village", "person")
        .get(pk=link.pk)
    )
    _check_decider(actor, link)
    _check_pending(link)
    before = snapshot(link, LINK_FIELDS)
    link.status = HouseholdLink.Status.REFUSED
    link.reason = reason[:500]
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit(
        actor=actor,
        action="accounts.household_link_refuse",
        obj=link,
        before=before,
        after=snapshot(link, LINK_FIELDS),
    )
    from ..notify import notify

    with translation.override(link.person.language or settings.LANGUAGE_CODE):
        notify(
            link.person,
            subject=_("Your household link was refused"),
            body=_(
                "Your request to be linked to household %(number)s in %(village)s was refused. Reason: "
                "%(reason)s. %(url)s"
            )
            % {
                "number": link.household.number,
                "village": link.household.village.name,
                "reason": reason,
                "url": _me_url(),
            },
        )
    return link


def _end(*, actor: Any, link: HouseholdLink, reason: str) -> HouseholdLink:
    before = snapshot(link, LINK_FIELDS)
    was_confirmed = link.status == HouseholdLink.Status.CONFIRMED
    link.status = HouseholdLink.Status.ENDED
    link.ended_at = timezone.now()
    link.reason = (reason or link.reason)[:500]
    link.save(update_fields=["status", "ended_at", "reason"])
    audit(
        actor=actor,
        action="accounts.household_link_end",
        obj=link,
        before=before,
        after=snapshot(link, LINK_FIELDS),
    )
    if was_confirmed:
        village = link.household.village
        _drop_resident_role(actor=actor, person=link.person, village=village, role=Role.HOUSEHOLD_REP)
        _drop_resident_role(actor=actor, person=link.person, village=village, role=Role.CITIZEN)
    return link


@transaction.atomic
def household_link_end(*, actor: Any, link: HouseholdLink, reason: str = "") -> HouseholdLink:
    """End a link (the resident moved, or withdraws a request). The resident ends their own link;
    the village head or a commune officer ends any link of their village."""
    link = (
        HouseholdLink.objects.select_for_update()
        .select_related("household__village", "person")
        .get(pk=link.pk)
    )
    if getattr(actor, "pk", None) != link.person_id:
        _check_decider(actor, link)
    if link.status not in (HouseholdLink.Status.REQUESTED, HouseholdLink.Status.CONFIRMED):
        raise Conflict(
            _("This link is already %(state)s.") % {"state": link.get_status_display()}, code="bad_state"
        )
    return _end(actor=actor, link=link, reason=reason)
