"""Opinion maps (Pol.is-style): statements, agree/disagree/pass votes, computed opinion groups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.places.models import Place


class Conversation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("conversation", "Open")
        CLOSED = "closed", pgettext_lazy("conversation", "Closed")

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    topic = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    result = models.JSONField(default=dict, blank=True, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True)
    computing = models.BooleanField(default=False)
    votes_at_compute = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        ACCEPTED = "accepted", pgettext_lazy("statement", "Accepted")
        REJECTED = "rejected", pgettext_lazy("statement", "Rejected")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveIntegerField()  # the comment-id of Pol.is' export
    text = models.CharField(_("statement"), max_length=400)
    author = models.ForeignKey(
        "Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["conversation", "number"], name="statement_number")]

    def __str__(self) -> str:
        return self.text


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    number = models.PositiveIntegerField()  # the participant id of Pol.is' export
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="participant_number"),
            models.UniqueConstraint(
                fields=["conversation", "person"],
                condition=models.Q(person__isnull=False),
                name="participant_person",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class Vote(models.Model):
    AGREE, PASS, DISAGREE = 1, 0, -1

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_vote_per_statement"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 0, 1]), name="vote_value"),
        ]
        # The recent votes that decide whether the opinion map is recomputed (services.maybe_recompute).
        indexes = [models.Index(fields=["created_at"], name="vote_created")]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.statement_id}={self.value}"
