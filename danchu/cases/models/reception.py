"""Citizen reception (schedule, log, dialogues) and the API keys of Open311 client apps."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place

from .case import Case


class ApiKey(models.Model):
    """An Open311 client's key; only its SHA-256 is stored (shown once when issued)."""

    name = models.CharField(_("client name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


# --- Citizen reception (tiếp công dân) and dialogue ------------------------------------------------


class ReceptionSlot(models.Model):
    """One reception day (or half day) of a leader in a unit's published monthly schedule."""

    class Session(models.TextChoices):
        DAY = "day", _("all day")
        MORNING = "morning", _("morning")
        AFTERNOON = "afternoon", _("afternoon")

    unit = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("administrative unit")
    )
    date = models.DateField(_("date"), db_index=True)
    session = models.CharField(_("session"), max_length=10, choices=Session.choices, default=Session.DAY)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("leader"),
    )
    leader_name = models.CharField(_("leader"), max_length=200)
    leader_title = models.CharField(_("leader's title"), max_length=200, blank=True)
    is_head = models.BooleanField(_("head of the unit (chairman)"), default=True)
    location = models.CharField(_("location"), max_length=300, blank=True)

    class Meta:
        ordering = ["date", "session"]
        verbose_name = _("reception day")
        verbose_name_plural = _("reception schedule")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.date} {self.leader_name}"


class ReceptionLog(models.Model):
    """A reception held (sổ tiếp công dân)."""

    unit = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("administrative unit")
    )
    date = models.DateField(_("date"), db_index=True)
    leader_name = models.CharField(_("received by"), max_length=200)
    is_head = models.BooleanField(_("received by the head of the unit"), default=True)
    persons = models.PositiveIntegerField(_("persons received"), default=1)
    content = models.TextField(_("content"))
    result = models.TextField(_("result"), blank=True)
    cases = models.ManyToManyField(Case, blank=True, related_name="receptions", verbose_name=_("cases"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date"]
        verbose_name = _("reception")
        verbose_name_plural = _("reception log")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.date} {self.leader_name}"


class Dialogue(models.Model):
    """A dialogue (đối thoại) between leaders and people, with minutes."""

    unit = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("administrative unit")
    )
    held_on = models.DateField(_("held on"), db_index=True)
    topic = models.CharField(_("topic"), max_length=300)
    leaders = models.CharField(_("leaders"), max_length=300)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    minutes = models.TextField(_("minutes"))
    cases = models.ManyToManyField(Case, blank=True, related_name="dialogues", verbose_name=_("cases"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.held_on} {self.topic}"
