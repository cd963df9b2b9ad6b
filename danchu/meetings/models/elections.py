"""Elections held as a secret electronic ballot: participation and ballot content apart."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Household, Place


class Election(models.Model):
    """An election (village head, board members) or any secret vote held electronically. Who took
    part (Participation) and what was cast (Ballot) live in separate tables with no link."""

    class Office(models.TextChoices):
        VILLAGE_HEAD = "village_head", _("Village head")
        INSPECTION_BOARD = "inspection_board", _("People's Inspection Board member")
        SUPERVISION_BOARD = "supervision_board", _("Community investment supervision board member")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Voting open")
        CLOSED = "closed", _("Voting closed")
        TALLIED = "tallied", _("Tallied")
        RECOGNISED = "recognised", _("Recognised")
        FAILED = "failed", _("Nobody elected")

    village = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="elections")
    office = models.CharField(_("office"), max_length=32, choices=Office.choices)
    election_day = models.DateField(_("election day"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    roster_size = models.PositiveIntegerField(null=True, blank=True)
    tally = models.JSONField(default=dict, blank=True)  # the published result
    reminded = models.JSONField(default=list, blank=True)  # indexes of the steps already reminded
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recognised_on = models.DateField(null=True, blank=True)
    rerun_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reruns"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-election_day"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return f"{self.get_office_display()} — {self.village.name} ({self.election_day:%d/%m/%Y})"


class Candidate(models.Model):
    class Source(models.TextChoices):
        FRONT_LIST = "front", _("Front work committee list")
        SELF = "self", _("Self-nominated")
        NOMINATED = "nominated", _("Nominated")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    full_name = models.CharField(_("full name"), max_length=200)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.FRONT_LIST)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    elected = models.BooleanField(default=False)

    class Meta:
        ordering = ["election", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class Participation(models.Model):
    """That a household voted (not how). No time is kept: a time would let its order be matched with
    the ballots'."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="participations")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["election", "household"], name="meetings_one_ballot_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.household_id}"


def _shuffle_key() -> str:
    return secrets.token_hex(16)


class Ballot(models.Model):
    """A cast ballot: no voter, no time; rows are read in the order of a random key, so neither the
    primary key (random) nor the order matches the Participation rows ."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    shuffle = models.CharField(max_length=32, default=_shuffle_key, db_index=True)
    receipt = models.CharField(max_length=16, unique=True)
    choices = models.JSONField(default=list)  # candidate ids; an empty list is a blank ballot

    class Meta:
        ordering = ["shuffle"]

    def __str__(self) -> str:
        return self.receipt
