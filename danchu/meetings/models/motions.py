"""Motions put to another module's voting body (meetings/electorates.py): a workplace conference's
resolutions, voted openly by its delegates. Not a secret ballot: a delegate with an account votes
online (one `MotionVote` each, who and how recorded, as a raised hand is seen) and the secretary
enters the show of hands of the others in the room (`room_*`). The result is computed when the vote
closes, against the majority the electorate's rule sets, never typed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MotionQuerySet(models.QuerySet["Motion"]):
    def of(self, electorate: str, ref: int) -> MotionQuerySet:
        return self.filter(electorate=electorate, electorate_ref=ref)

    def with_counts(self) -> MotionQuerySet:
        """Each motion with its online votes counted by choice (`online_for`, `online_against`,
        `online_abstain`), in the one query of the list."""
        C = MotionVote.Choice
        return self.annotate(
            online_for=Count("votes", filter=Q(votes__choice=C.FOR)),
            online_against=Count("votes", filter=Q(votes__choice=C.AGAINST)),
            online_abstain=Count("votes", filter=Q(votes__choice=C.ABSTAIN)),
        )


class Motion(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("vote", "open")
        CLOSED = "closed", pgettext_lazy("vote", "closed")

    electorate = models.CharField(_("electorate"), max_length=64)
    electorate_ref = models.PositiveIntegerField(_("voting body"))
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=500)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    # Frozen when the vote opens: how many may vote (the delegates present) and what passing needs.
    roll = models.PositiveIntegerField(_("may vote"))
    majority_base = models.PositiveIntegerField(_("majority of"))
    majority_percent = models.DecimalField(_("more than (%)"), max_digits=5, decimal_places=2)
    majority_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    # The show of hands in the room, entered (and corrected until the close) by the secretary.
    room_for = models.PositiveIntegerField(default=0)
    room_against = models.PositiveIntegerField(default=0)
    room_abstain = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(null=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = MotionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["electorate", "electorate_ref"], name="meetings_motion_body")]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")

    def __str__(self) -> str:
        return self.title

    def online_count(self, choice: str) -> int:
        """Online votes of one choice: the annotation of with_counts() when present, else a count."""
        name = f"online_{choice}"
        if hasattr(self, name):  # annotated by with_counts()
            return int(getattr(self, name))
        return self.votes.filter(choice=choice).count()

    @property
    def votes_for(self) -> int:
        return self.room_for + self.online_count(MotionVote.Choice.FOR)

    @property
    def votes_against(self) -> int:
        return self.room_against + self.online_count(MotionVote.Choice.AGAINST)

    @property
    def votes_abstain(self) -> int:
        return self.room_abstain + self.online_count(MotionVote.Choice.ABSTAIN)

    @property
    def online(self) -> int:
        return sum(self.online_count(c) for c in MotionVote.Choice.values)


class MotionVote(models.Model):
    """A voter's own vote on a motion (a delegate with an account, online). One per voter: the unique
    constraint is the guarantee, the service gives the reason."""

    class Choice(models.TextChoices):
        FOR = "for", pgettext_lazy("vote", "For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="meetings_one_vote_per_motion_voter")
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}: {self.person_id}"
