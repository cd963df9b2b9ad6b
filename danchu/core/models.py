from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def in_force_on(day: dt.date) -> Q:
    """The rows whose `valid_from`–`valid_to` window (either end open) contains `day`: places,
    memberships, rules, criteria — as a condition, for filters and conditional counts."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


class AuditEntry(models.Model):
    """One state change: who, what, when, before and after. Append-only and hash-chained.

    `hash` covers this entry's content and the previous entry's hash, so editing or deleting any
    entry breaks the chain from there on; `danchu verify_audit` walks it. An entry is inserted
    without `seq`, `prev_hash` and `hash` and sealed once, after its transaction commits, by
    danchu.core.audit.seal_pending (the database allows exactly that one update).
    """

    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    seq = models.BigIntegerField(null=True, blank=True, unique=True)  # position in the chain, 1…
    v = models.PositiveSmallIntegerField(default=2, db_default=2)  # 1: hashed without id/seq (before 2026-11)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )


class AuditChainHead(models.Model):
    """The chain's end: its length and last hash. Locked only by the one consumer that seals
    committed entries (danchu.core.audit.seal_pending), never by the writers."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} entries, last {self.last_hash[:12]}"


class AnchorDelivery(models.Model):
    """One attempt to send a signed audit head to a witness (danchu.core.anchor_delivery), written
    once after the attempt. Not audited: an audit entry per delivery would grow the chain it reports
    on, and every anchor would call for the next one."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed, will be retried")
        GAVE_UP = "gave_up", _("failed, no more retries")
        REFUSED = "refused", _("refused by the witness")

    url = models.CharField(_("witness"), max_length=500)
    count = models.BigIntegerField(_("entries"))
    hash = models.CharField(_("head hash"), max_length=64)
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)  # None: no answer
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit head delivery")
        verbose_name_plural = _("audit head deliveries")

    def __str__(self) -> str:
        return f"{self.count} → {self.url}: {self.outcome} ({self.status or '-'})"


class WitnessedAnchor(models.Model):
    """A signed audit head another danchu sent to this one, its witness (danchu.core.witness). Only
    ever inserted. A second, different head for a position already received is kept too, marked
    `conflict`: two signed heads for one position are the evidence that the sender's log was
    rewritten."""

    sender = models.CharField(_("sender"), max_length=100)
    count = models.BigIntegerField(_("entries"))
    hash = models.CharField(_("head hash"), max_length=64)
    at = models.CharField(_("signed at"), max_length=40)  # as signed, so the signature stays checkable
    key = models.CharField(_("public key"), max_length=64)
    signature = models.CharField(_("signature"), max_length=100)
    conflict = models.BooleanField(_("contradicts an earlier head"), default=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        ordering = ["sender", "count", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "count"], condition=models.Q(conflict=False), name="one_head_per_position"
            ),
            models.UniqueConstraint(fields=["sender", "count", "hash"], name="one_receipt_per_head"),
        ]
        verbose_name = _("witnessed audit head")
        verbose_name_plural = _("witnessed audit heads")

    def __str__(self) -> str:
        return f"{self.sender} {self.count} {self.hash[:12]}{' CONFLICT' if self.conflict else ''}"


class DayOff(models.Model):
    """A day off an administrator adds to the Vietnamese calendar (e.g. a Prime Minister's decision)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_working_day = models.BooleanField(
        _("is a make-up working day"),
        default=False,
        help_text=_("Tick for a weekend day declared a working day (làm bù)."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("day off")
        verbose_name_plural = _("days off")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class IdempotencyRecord(models.Model):
    """The first answer to a request that carried an Idempotency-Key (danchu.core.idempotency).

    `scope` is who sent it (a person, a token or a client address), so one client's key never
    returns another client's answer; `fingerprint` is the request (method, path, body), so a key
    reused for a different request is refused instead of answered with the wrong response. The row
    is completed in the same transaction as the view's own writes: either both are committed or
    neither is, which is what makes a retry after a crash safe.
    """

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.BinaryField(default=b"")
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="one_record_per_scope_and_key")]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")

    def __str__(self) -> str:
        return f"{self.scope} {self.key} → {self.status or '…'}"


class HolidaySchedule(models.Model):
    """A year's official schedule of days off, as the Prime Minister decides it each year (Labour Code
    2019, Art. 112(3)), entered or imported by an administrator with its deciding document. Until a
    year has one, its holidays are the `holidays` package's projection, shown as "dự kiến"."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    document = models.CharField(_("deciding document"), max_length=300)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("official holiday schedule")
        verbose_name_plural = _("official holiday schedules")

    def __str__(self) -> str:
        return f"{self.year}: {self.document}"
