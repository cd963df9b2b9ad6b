"""Village meetings (hội nghị thôn), their agenda, attendance by household, decisions, and secret
electronic elections (DOMAIN.md §3–4)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.places.models import Household, Place


class MeetingRule(models.Model):
    """A configurable number of the law (DOMAIN.md §13), with its legal basis and validity dates."""

    class Code(models.TextChoices):
        NOTICE_DAYS = "notice_days", _("Notice period (days before the meeting)")
        QUORUM_PERCENT = "quorum_percent", _("Quorum (more than this percentage of registered households)")
        PASS_PERCENT = (
            "pass_percent",
            _("Threshold to pass (more than this percentage of registered households)"),
        )
        RECOGNITION_DAYS = "recognition_days", _("Days for the commune to recognise a convention")
        TEAM_DAYS = "team_days", _("Election team set no later than this many days before election day")

    code = models.CharField(_("rule"), max_length=32, choices=Code.choices)
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=2)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["code", "-valid_from"]
        verbose_name = _("meeting rule")
        verbose_name_plural = _("meeting rules")

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.value} ({self.legal_basis})"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: dt.datetime) -> MeetingQuerySet:
        return self.filter(starts_at__gte=now).exclude(status=Meeting.Status.DRAFT)

    def held(self) -> MeetingQuerySet:
        return self.filter(status__in=[Meeting.Status.CLOSED, Meeting.Status.CONFIRMED])


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONVENED = "convened", _("Convened")
        OPEN = "open", _("In session")
        CLOSED = "closed", _("Closed")
        CONFIRMED = "confirmed", _("Minutes confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    village = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("village")
    )
    cluster = models.CharField(
        _("cluster"), max_length=200, blank=True, help_text=_("For a commune-wide meeting held by clusters.")
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(pgettext_lazy("location", "place"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("convener")
    )
    # Law Art. 18(1): when the village head's post is vacant the commune chairman designates a convener.
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    designation_reason = models.CharField(_("reason for the designation"), max_length=255, blank=True)
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=200, blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    notice_days_required = models.PositiveSmallIntegerField(null=True, blank=True)
    notice_legal_basis = models.CharField(max_length=255, blank=True)
    notified_count = models.PositiveIntegerField(default=0)
    notice_audio = models.FileField(upload_to="meetings/notices/%Y/%m/", blank=True)
    # The denominator of every threshold: households registered in the village on the meeting day.
    roster_size = models.PositiveIntegerField(_("registered households"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    minutes_notes = models.TextField(_("other contents of the minutes"), blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disclosure_id = models.PositiveIntegerField(null=True, blank=True)
    # Called off before it opened (a typhoon, a wrong date): why, for the households told to come.
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} — {self.village.name}"

    @property
    def meeting_day(self) -> dt.date:
        from django.utils import timezone

        return timezone.localtime(self.starts_at).date()

    @property
    def not_held(self) -> bool:
        """Its start time has passed and it was never opened (still a draft or only convened): the
        village head opens it late, or cancels it with a reason."""
        from django.utils import timezone

        return self.status in (self.Status.DRAFT, self.Status.CONVENED) and self.starts_at < timezone.now()


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        INFORM = "inform", _("Inform")
        DISCUSS = "discuss", _("Discuss")
        DECIDE = "decide", _("Decide (Art. 15)")
        ELECT = "elect", _("Vote for an authority to decide")
        COMMENT = "comment", _("Comment")

    class Matter(models.IntegerChoices):
        # Law 10/2022/QH15, Art. 15: the six matters people decide.
        CONTRIBUTIONS = 1, _("Contributions to build infrastructure and public works")
        FUNDS = 2, _("Collection and use of contributions, funds and community assets")
        CONVENTION = 3, _("Content of the village convention")
        VILLAGE_HEAD = 4, _("Election or dismissal of the village head")
        BOARDS = 5, _("Election or dismissal of inspection and supervision board members")
        OTHER = 6, _("Other self-management matters of the community")

    class Method(models.TextChoices):
        HANDS = "hands", _("Show of hands")
        SECRET = "secret", _("Secret paper ballot")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        COUNTED = "counted", _("Counted, awaiting the chair")
        DECIDED = "decided", _("Decided")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(pgettext_lazy("type", "kind"), max_length=16, choices=Kind.choices)
    matter = models.PositiveSmallIntegerField(
        _("matter (Art. 15)"), choices=Matter.choices, null=True, blank=True
    )
    method = models.CharField(_("voting method"), max_length=16, choices=Method.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    abstentions = models.PositiveIntegerField(default=0)
    spoilt = models.PositiveIntegerField(default=0)
    blank = models.PositiveIntegerField(default=0)
    slips_for = models.PositiveIntegerField(default=0)
    # Decree 59 Art. 5(1): online voting only on Art. 15(6) matters, with three conditions recorded.
    online_conditions = models.JSONField(default=dict, blank=True)
    online_open = models.BooleanField(default=False)
    counting_team = models.JSONField(default=list, blank=True)
    team_minutes = models.TextField(_("counting team's minutes"), blank=True)
    passed = models.BooleanField(null=True)
    # Frozen when the chair confirms: the denominator (households registered that day) and the rule.
    denominator = models.PositiveIntegerField(null=True, blank=True)
    threshold = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def outcome(self) -> str:
        """The result in words, in the reader's language."""
        if self.passed is None or self.denominator is None or self.threshold is None:
            return ""
        from ..rules import outcome_text

        return outcome_text(
            votes_for=self.votes_for + self.slips_for,
            total=self.denominator,
            passed=self.passed,
            threshold=self.threshold,
        )

    @property
    def needs_vote(self) -> bool:
        return self.kind in (self.Kind.DECIDE, self.Kind.ELECT)


class BallotBox(models.Model):
    """The counts of one ballot box of a secret paper ballot (the counting team enters them)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="boxes")
    label = models.CharField(_("ballot box"), max_length=100)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    spoilt = models.PositiveIntegerField(default=0)
    blank = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "label"], name="meetings_box_label_unique")]

    def __str__(self) -> str:
        return self.label


class Attendance(models.Model):
    """A household represented at a meeting. A repeat check-in (the phone's offline queue synchronising
    twice) meets the unique constraint and is a no-op."""

    class Via(models.TextChoices):
        QR = "qr", _("QR card")
        MANUAL = "manual", _("Typed code")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    attendee_name = models.CharField(_("attended by"), max_length=200, blank=True)
    via = models.CharField(max_length=8, choices=Via.choices, default=Via.MANUAL)
    client_uuid = models.UUIDField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "household"], name="meetings_one_attendance_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.household_id}"


class HouseholdVote(models.Model):
    """A household's own vote on an item outside the show of hands and the paper ballot: an opinion
    slip (phiếu lấy ý kiến hộ gia đình) or an online vote. One household, one vote per item, whatever
    the channel: the unique constraint is the guarantee, the service only gives the reason."""

    class Channel(models.TextChoices):
        SLIP = "slip", _("Opinion slip")
        ONLINE = "online", _("Online vote")

    class Choice(models.TextChoices):
        FOR = "for", pgettext_lazy("vote", "For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="household_votes")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    choice = models.CharField(max_length=8, choices=Choice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "household"], name="meetings_one_vote_per_household_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.household_id} ({self.channel})"
