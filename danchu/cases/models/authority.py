"""Who may sign for a commune and whom an escalation reaches.

- `Delegation`: the chairman assigns a vice-chairman to sign in their stead for a period ("KT. CHỦ
  TỊCH / PHÓ CHỦ TỊCH", Decree 30/2020, Appendix I), or the competent body names an acting chairman
  ("Q. CHỦ TỊCH"). Only the chairman and a person with a delegation in force sign a reply or decision.
- `Contact`: the people an escalation falls back to when a role is vacant — the commune's
  vice-chairmen, its party secretary (as configured), and the province's steering committee office.
- `Escalation`: one overdue case told to one person, by which channel, and whether anyone acted.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place

from .case import Case


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def in_force(self, on: dt.date | None = None) -> DelegationQuerySet:
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class Delegation(models.Model):
    class Kind(models.TextChoices):
        SIGN_FOR = "kt", _("vice-chairman signing for the chairman (KT.)")
        ACTING = "q", _("acting chairman (Q.)")

    unit = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("delegate")
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices, default=Kind.SIGN_FOR)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    document = models.CharField(_("deciding document"), max_length=300, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("delegation to sign")
        verbose_name_plural = _("delegations to sign")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.delegate_id} {self.valid_from}"

    def is_in_force(self, on: dt.date | None = None) -> bool:
        """The row-level twin of ``DelegationQuerySet.in_force`` (tested against it)."""
        on = on or timezone.localdate()
        return (
            self.revoked_at is None
            and self.valid_from <= on
            and (self.valid_to is None or self.valid_to >= on)
        )


class Contact(models.Model):
    """A person an escalation may reach when the chairman's seat is vacant or the case is late."""

    class Kind(models.TextChoices):
        VICE_CHAIRMAN = "vice_chairman", _("vice-chairman of the commune")
        PARTY_SECRETARY = "party_secretary", _("party secretary of the commune")
        STEERING_OFFICE = "steering_office", _("province steering committee office")

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["place", "kind", "id"]
        verbose_name = _("escalation contact")
        verbose_name_plural = _("escalation contacts")

    def __str__(self) -> str:
        return f"{self.place_id} {self.kind} {self.name or self.person_id}"


ROLE_LABELS = {
    "chairman": _("chairman"),
    "vice_chairman": _("vice-chairman"),
    "party_secretary": _("party secretary"),
    "steering_office": _("province steering committee office"),
    "steering_member": _("province steering committee member"),
    "admin": _("system administrator"),
    "body": _("member of the body handling the case"),
}
CHANNEL_LABELS = {"email": _("e-mail"), "sms": _("SMS"), "zalo": "Zalo"}


class Escalation(models.Model):
    class Level(models.TextChoices):
        COMMUNE = "commune", _("commune")
        PROVINCE = "province", _("province")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    role = models.CharField(_("told as"), max_length=20)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("told"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10)
    due_on = models.DateField(_("was due on"))
    at = models.DateTimeField(default=timezone.now, db_index=True)
    acted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "level", "due_on", "role"], name="cases_escalate_once")
        ]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.case_id} {self.level} {self.recipient} {self.channel}"

    @property
    def role_label(self) -> object:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def channel_label(self) -> object:
        return CHANNEL_LABELS.get(self.channel, self.channel)
