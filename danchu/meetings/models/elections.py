"""Elections held as a secret electronic ballot: participation and ballot content apart."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.places.models import Household, Place

from .meetings import AgendaItem


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

    # A village's election (its households vote) has a village; an election held by another module's
    # body (a workplace conference's delegates, meetings/electorates.py) names that body instead.
    village = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="elections"
    )
    electorate = models.CharField(max_length=40, blank=True, default="")
    electorate_ref = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=255, blank=True)
    office = models.CharField(_("office"), max_length=32, choices=Office.choices)
    election_day = models.DateField(_("election day"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    roster_size = models.PositiveIntegerField(null=True, blank=True)
    # A winner needs more than majority_percent % of majority_base votes; no base: the roster
    # (a village's registered households, Decree 59). Fixed when the vote opens.
    majority_base = models.PositiveIntegerField(null=True, blank=True)
    majority_percent = models.DecimalField(max_digits=5, decimal_places=2, default=50)
    tally = models.JSONField(default=dict, blank=True)  # the published result
    reminded = models.JSONField(default=list, blank=True)  # indexes of the steps already reminded
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recognised_on = models.DateField(null=True, blank=True)
    rerun_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reruns"
    )
    # Held by paper ballot at the polling place (issue #10): counted per box by the election team
    # (tổ bầu cử, Decree 59 Art. 7), combined with online ballots if any.
    paper = models.BooleanField(_("paper ballots"), default=False)
    team_head = models.CharField(_("head of the election team"), max_length=200, blank=True)
    team = models.JSONField(default=list, blank=True)  # the other members' names
    team_set_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-election_day"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        where = self.village.name if self.village is not None else self.title
        return f"{self.get_office_display()} — {where} ({self.election_day:%d/%m/%Y})"


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
    """That a household (a village's election) or a person (a delegate of another module's
    electorate) voted, not how. No time is kept: a time would let its order be matched with the
    ballots'."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="participations")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["election", "household"], name="meetings_one_ballot_per_household"
            ),
            models.UniqueConstraint(fields=["election", "person"], name="meetings_one_ballot_per_person"),
            models.CheckConstraint(
                condition=Q(household__isnull=True, person__isnull=False)
                | Q(household__isnull=False, person__isnull=True),
                name="meetings_participation_household_or_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.household_id or self.person_id}"


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


class PaperBox(models.Model):
    """The count of one ballot box of a paper election, entered by the election team. It holds numbers
    only: no household, no voter, nothing that links a paper ballot to who cast it."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main ballot box")
        EXTRA = "extra", _("Extra (mobile) ballot box")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="paper_boxes")
    kind = models.CharField(_("kind of box"), max_length=8, choices=Kind.choices, default=Kind.MAIN)
    label = models.CharField(_("ballot box"), max_length=100)
    issued = models.PositiveIntegerField(_("ballots issued"))
    returned = models.PositiveIntegerField(_("ballots returned"))
    valid = models.PositiveIntegerField(_("valid ballots"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    votes = models.JSONField(default=dict)  # candidate id (as text) → votes in this box
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["election", "kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["election", "label"], name="meetings_paper_box_label_unique")
        ]

    def __str__(self) -> str:
        return self.label


class DismissalQuerySet(models.QuerySet["Dismissal"]):
    def open(self) -> DismissalQuerySet:
        """Under way: proposed, on a meeting's agenda, or approved and awaiting the decision."""
        return self.filter(status__in=OPEN_DISMISSAL)

    def of_boards(self) -> DismissalQuerySet:
        return self.exclude(office=Election.Office.VILLAGE_HEAD)


class Dismissal(models.Model):
    """Dismissal (miễn nhiệm, bãi nhiệm; "cho thôi làm") by the village meeting (Law 10/2022 Art. 15
    items 4–5): of the village head (Decree 59 Art. 9; an agenda item on matter 4, then the commune
    chairman's decision), or of a member the village elected to the commune's People's Inspection Board
    or a community investment supervision board (an item on matter 5, then the commune Fatherland Front
    committee's decision; DOMAIN.md §3.1 item 5, §6.1). A proposal, a secret ballot at a community
    meeting, the result against all registered households, the decision."""

    class Trigger(models.TextChoices):
        OWN_REQUEST = "own_request", _("Own request (health, family or other reasons)")
        FRONT_PROPOSAL = "front_proposal", _("Proposal of the head of the Front work committee")
        # DOMAIN.md §6.1 [C]: the commune Front proposes a board member's removal to the village that
        # elected them. A board member only.
        COMMUNE_FRONT = "commune_front", _("Proposal of the commune Fatherland Front committee")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ON_AGENDA = "on_agenda", _("On a meeting's agenda")
        VOTED = "voted", _("Voted: dismissal approved")
        REJECTED = "rejected", _("Voted: dismissal not approved")
        DECIDED = "decided", _("Dismissed by the commune's decision")

    village = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="dismissals")
    # The office held (Election.Office): the village head, or a member of a board the village elects to.
    office = models.CharField(
        _("office"), max_length=32, choices=Election.Office.choices, default=Election.Office.VILLAGE_HEAD
    )
    # A board member's board (an accounts Body of the commune: its People's Inspection Board, or one
    # project's supervision board); none for the village head.
    board = models.ForeignKey(
        "accounts.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("board"),
    )
    holder_name = models.CharField(_("person dismissed"), max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    trigger = models.CharField(_("grounds"), max_length=16, choices=Trigger.choices)
    reason = models.TextField(_("reason"))
    proposer_name = models.CharField(_("proposed by"), max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    item = models.OneToOneField(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="dismissal"
    )
    outcome = models.CharField(max_length=300, blank=True)
    decision_number = models.CharField(_("commune decision"), max_length=100, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DismissalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One dismissal under way per holder: a village has one head; a village may dismiss two
            # of the board members it elected, one proposal each (the services refuse with 409 first).
            models.UniqueConstraint(
                fields=["village"],
                condition=Q(office="village_head", status__in=["proposed", "on_agenda", "voted"]),
                name="meetings_one_open_head_dismissal_per_village",
            ),
            models.UniqueConstraint(
                fields=["board", "holder"],
                condition=~Q(office="village_head") & Q(status__in=["proposed", "on_agenda", "voted"]),
                name="meetings_one_open_dismissal_per_member",
            ),
            models.CheckConstraint(
                condition=Q(office="village_head", board__isnull=True)
                | (~Q(office="village_head") & Q(board__isnull=False, holder__isnull=False)),
                name="meetings_board_dismissal_names_member",
            ),
        ]
        verbose_name = _("dismissal")
        verbose_name_plural = _("dismissals")

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.get_office_display()} — {self.village.name}"

    @property
    def of_board(self) -> bool:
        return self.office != Election.Office.VILLAGE_HEAD

    @property
    def matter(self) -> int:
        """The matter of Law Art. 15 its agenda item names: 4 for the village head, 5 for a board member."""
        return AgendaItem.Matter.BOARDS if self.of_board else AgendaItem.Matter.VILLAGE_HEAD


OPEN_DISMISSAL = (Dismissal.Status.PROPOSED, Dismissal.Status.ON_AGENDA, Dismissal.Status.VOTED)
