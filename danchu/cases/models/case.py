"""The case (đơn thư / vụ việc), its states and the sealed identity of a denouncer."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place

from ..receipts import new_sealed_key
from .reference import Field


class State(models.TextChoices):
    RECEIVED = "received", _("received")
    ACCEPTED = "accepted", _("accepted")
    IN_PROGRESS = "in_progress", _("being handled")
    PAUSED = "paused", _("suspended")
    DRAFTED = "drafted", _("reply awaiting sign-off")
    RESOLVED = "resolved", _("answered")
    CLOSED = "closed", _("closed")
    REFUSED = "refused", _("not accepted")
    MERGED = "merged", _("merged into another case")


OPEN_STATES = (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS, State.PAUSED, State.DRAFTED)
DONE_STATES = (State.RESOLVED, State.CLOSED)


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    WALK_IN = "walk_in", _("citizen reception (in person)")
    PHONE = "phone", _("phone")
    MAIL = "mail", _("letter")
    IMPORT = "import", _("bulk import")
    OPEN311 = "open311", _("Open311 app")
    API = "api", _("API")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("normal")
    COMPLEX = "complex", _("complex")
    PARTICULARLY_COMPLEX = "particularly_complex", _("particularly complex")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("on time")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    PAUSED = "paused", _("clock stopped")
    DONE_ON_TIME = "done_on_time", _("resolved on time")
    DONE_LATE = "done_late", _("resolved late")
    NONE = "none", _("no deadline")


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def public(self) -> CaseQuerySet:
        """What may appear on public pages: never complaints or denunciations."""
        from ..types import CASE_TYPES

        return self.filter(case_type__in=[t.key for t in CASE_TYPES if t.open311]).exclude(state=State.MERGED)

    def for_unit(self, unit: Place) -> CaseQuerySet:
        return self.filter(unit=unit)

    def current_due_before(self, day: dt.date) -> CaseQuerySet:
        """Open cases whose running deadline ends before `day` (the clock is stopped while paused)."""
        return self.filter(
            Q(state=State.RECEIVED, acceptance_due__lt=day)
            | Q(state__in=(State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED), resolution_due__lt=day)
        )

    def overdue(self, today: dt.date | None = None) -> CaseQuerySet:
        return self.current_due_before(today or timezone.localdate())

    def due_between(self, start: dt.date, end: dt.date) -> CaseQuerySet:
        return self.filter(
            Q(state=State.RECEIVED, acceptance_due__gte=start, acceptance_due__lte=end)
            | Q(
                state__in=(State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED),
                resolution_due__gte=start,
                resolution_due__lte=end,
            )
        )


class Case(models.Model):
    """One matter raised by citizens (đơn thư / vụ việc)."""

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    case_type = models.CharField(_("type"), max_length=32, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("field"))
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    unit = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="cases", verbose_name=_("responsible unit")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
        verbose_name=_("handler"),
    )
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("content"))
    contested_decision = models.CharField(_("decision or act complained about"), max_length=300, blank=True)
    first_decision_on = models.DateField(
        _("first-time decision received on"),
        null=True,
        blank=True,
        help_text=_(
            "Second-time complaints: when the first-time decision was received (or its deadline passed)."
        ),
    )
    denounced = models.CharField(_("person or body denounced"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    # The submitter. For a denunciation all of these stay empty: the identity is in IdentityVault.
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_cases",
        verbose_name=_("submitted by"),
    )
    submitter_name = models.CharField(_("name"), max_length=200, blank=True)
    submitter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    submitter_email = models.EmailField(_("e-mail"), blank=True)
    # The language they filed in, for the news of their case sent to the addresses above ("": the
    # site's, Vietnamese — also when an officer recorded the case for them). A denouncer's is sealed.
    submitter_language = models.CharField(_("language of the submitter"), max_length=8, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    remote_area = models.BooleanField(_("remote or difficult area"), default=False)
    complexity = models.CharField(
        _("complexity"), max_length=24, choices=Complexity.choices, default=Complexity.NORMAL
    )
    rule_key = models.CharField(_("rule applied"), max_length=40)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    acceptance_due = models.DateField(_("acceptance due"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    resolution_due = models.DateField(_("resolution due"), null=True, blank=True, db_index=True)
    resolved_at = models.DateTimeField(_("answered"), null=True, blank=True, db_index=True)
    resolved_on_time = models.BooleanField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    paused_since = models.DateField(_("suspended since"), null=True, blank=True)

    response = models.TextField(_("response"), blank=True)
    response_public = models.BooleanField(_("publish the response"), default=False)
    refusal_reason = models.CharField(_("reason for not accepting"), max_length=500, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    satisfaction_comment = models.CharField(_("comment"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
        verbose_name=_("merged into"),
    )
    linked = models.ManyToManyField("self", blank=True, verbose_name=_("linked cases"))
    open311_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The submitter's receipt key, sealed with the vault's key: the tracking code is a reference staff
    # and supervisors read, the key opens the case's content and its rating (receipts.py says why it is
    # sealed, not hashed). A default, so that every path that creates a case gives it one.
    receipt_key_sealed = models.TextField(default=new_sealed_key, editable=False)
    open311_client = models.ForeignKey(
        "ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Luật Tố cáo 2018, Art. 24: initial handling 7 working days, 10 when verification needs several places.
    acceptance_extended = models.BooleanField(_("verification in several places"), default=False)
    # Luật Tố cáo 2018, Art. 29: the acceptance is notified to the denouncer within 5 working days.
    notice_due = models.DateField(_("acceptance notice due"), null=True, blank=True)
    notice_sent_at = models.DateTimeField(_("acceptance notice sent"), null=True, blank=True)
    # Luật Khiếu nại 2011, Art. 9: 90 days from receiving the decision or learning of the act; time
    # under an objective obstacle (illness, disaster, travel for work or study…) is not counted.
    decision_known_on = models.DateField(_("decision received or act known on"), null=True, blank=True)
    limitation_obstacle_days = models.PositiveIntegerField(_("days of obstacle not counted"), default=0)
    limitation_obstacle_reason = models.CharField(_("obstacle"), max_length=300, blank=True)
    limitation_ends = models.DateField(_("time limit to complain ends"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["unit", "received_at"]),
            models.Index(fields=["unit", "resolved_at"]),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:staff_detail", kwargs={"code": self.tracking_code})

    @property
    def submitter_phone_display(self) -> str:
        """The phone as people read it (0912 345 678); a number that is no mobile as it was written."""
        from danchu.accounts.phones import display_phone

        return display_phone(self.submitter_phone)

    @property
    def receipt_key(self) -> str:
        """The receipt key in clear, for the submitter only (receipt page, intake answer, messages)."""
        from ..receipts import unseal

        return unseal(self.receipt_key_sealed)

    @property
    def type(self):  # noqa: ANN201
        from ..types import case_type

        return case_type(self.case_type)

    @property
    def type_label(self) -> object:
        return self.type.label

    @property
    def rules(self):  # noqa: ANN201
        return self.type.rule_by_key(self.rule_key)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_confidential(self) -> bool:
        return self.type.confidential_submitter

    @property
    def current_due(self) -> dt.date | None:
        if self.state == State.RECEIVED:
            return self.acceptance_due
        if self.state in (State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED, State.PAUSED):
            return self.resolution_due
        return None

    def timeliness(self, today: dt.date | None = None, cal: object = None) -> str:
        """Pass one core.calendar.Calendar when computing this for many cases (it caches days off)."""
        from .. import deadlines

        return deadlines.timeliness(self, today, cal)  # type: ignore[arg-type]


class IdentityVault(models.Model):
    """A denouncer's identity and contact, Fernet-encrypted with settings.FIELD_ENCRYPTION_KEY.
    Read only through services.reveal_identity (assigned handler, audited)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="vault")
    ciphertext = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("protected identity")
        verbose_name_plural = _("protected identities")

    def __str__(self) -> str:
        return f"vault {self.case_id}"
