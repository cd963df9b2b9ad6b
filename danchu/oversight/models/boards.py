"""The boards (a commune's People's Inspection Board, a unit's) and their members."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.models import Body, Membership, Role
from danchu.places.models import Place


class BoardQuerySet(models.QuerySet["Board"]):
    def commune(self) -> BoardQuerySet:  # not the boards of agencies and enterprises
        return self.filter(body__kind=Body.Kind.INSPECTION_BOARD)


class Board(models.Model):
    """A People's Inspection Board: a commune's, set up under the commune Fatherland Front Committee,
    or a unit's (agency, public service unit, state enterprise), elected at the unit's conference."""

    body = models.OneToOneField(
        Body, on_delete=models.PROTECT, related_name="inspection_board", verbose_name=_("body")
    )
    size = models.PositiveSmallIntegerField(
        _("number of members fixed by the Front"),
        default=5,
        help_text=_("One representative per village, at least 5 (Law 10/2022, Art. 36)."),
    )
    term_from = models.DateField(_("term from"), null=True, blank=True)
    term_to = models.DateField(_("term until"), null=True, blank=True)
    contact = models.CharField(_("how to reach the board"), max_length=300, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["body__place__name"]
        verbose_name = _("People's Inspection Board")
        verbose_name_plural = _("People's Inspection Boards")

    def __str__(self) -> str:
        return self.body.name

    @property
    def place(self) -> Place:
        return self.body.place

    @property
    def is_unit(self) -> bool:  # the board of an agency, public service unit or enterprise
        return self.body.kind != Body.Kind.INSPECTION_BOARD

    @property
    def member_role(self) -> str:
        return Role.UNIT_INSPECTION_MEMBER if self.is_unit else Role.INSPECTION_MEMBER


class BoardMember(models.Model):
    class Position(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy head")
        MEMBER = "member", pgettext_lazy("board position", "Member")

    class Election(models.TextChoices):
        REGULAR = "regular", _("Term election")
        BY_ELECTION = "by_election", _("By-election")

    class Electorate(models.TextChoices):
        VILLAGE = "village", _("A village meeting")
        CONFERENCE = "conference", _("The unit's conference")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="members", verbose_name=_("board")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="inspection_seats",
        verbose_name=_("person"),
    )
    membership = models.OneToOneField(
        Membership, on_delete=models.PROTECT, related_name="inspection_seat", verbose_name=_("role")
    )
    electorate = models.CharField(
        _("elected at"), max_length=12, choices=Electorate.choices, default="village"
    )
    village = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_seats",
        verbose_name=_("village"),
    )
    position = models.CharField(
        _("position"), max_length=10, choices=Position.choices, default=Position.MEMBER
    )
    # The day a unit's board chose this member as its head or deputy head (unit_board_positions);
    # empty for a plain member and for positions recorded before the date was kept.
    position_since = models.DateField(_("in this position since"), null=True, blank=True)
    election = models.CharField(
        _("elected by"), max_length=12, choices=Election.choices, default=Election.REGULAR
    )
    elected_on = models.DateField(_("elected on"))
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term until"))
    recognised_on = models.DateField(_("recognised by the Front on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=300, blank=True)
    public_phone = models.BooleanField(_("publish my phone number"), default=False)
    public_note = models.CharField(_("how citizens can reach me"), max_length=300, blank=True)

    class Meta:
        ordering = ["board", "ended_on", "position", "village__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(electorate="village", village__isnull=False)
                | Q(electorate="conference", village__isnull=True),
                name="oversight_member_village_iff_village_meeting",
            )
        ]
        verbose_name = _("board member")
        verbose_name_plural = _("board members")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_position_display()}"

    def is_active(self, on: dt.date) -> bool:
        return self.ended_on is None and self.term_from <= on <= self.term_to
