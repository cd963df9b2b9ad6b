"""Cases (đơn thư): feedback, petitions, complaints and denunciations; routing; citizen reception.

DOMAIN.md §8. Deadline rules live in types.py; due dates are stored on the case (recomputed by
services on every change of the facts they depend on) so dashboards filter on indexed columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place


class Field(models.Model):
    """A field of matters (lĩnh vực): land, environment, infrastructure… Admin-editable."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    open311 = models.BooleanField(_("offered to Open311 clients"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """Field × place → responsible unit (and optionally a default handler). The most specific place
    wins (longest path), then a rule naming the field over one for any field."""

    field = models.ForeignKey(
        Field,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("field"),
        help_text=_("Empty: any field."),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("place"),
        help_text=_("Cases at this place or below it."),
    )
    unit = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default handler"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.field or '*'} @ {self.place} → {self.unit}"


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
        from .types import CASE_TYPES

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
    open311_client = models.ForeignKey(
        "ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
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
    def type(self):  # noqa: ANN201
        from .types import case_type

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
        from . import deadlines

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


ACTION_LABELS = {
    "received": _("received"),
    "accept": _("accepted"),
    "refuse": _("not accepted"),
    "assign": _("assigned"),
    "transfer": _("transferred"),
    "extend": _("deadline extended"),
    "pause": _("suspended"),
    "resume": _("resumed"),
    "respond": _("answer drafted"),
    "sign_reply": _("answer signed and issued"),
    "close": _("closed"),
    "reopen": _("reopened"),
    "rate": _("rated"),
    "link": _("linked"),
    "merge": _("merged"),
    "escalate": _("escalated to the head of the unit"),
    "remind": _("handler reminded of the deadline"),
}


class CaseEvent(models.Model):
    """The case's timeline; `public` events are shown to whoever holds the tracking code."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"

    @property
    def label(self) -> object:
        return ACTION_LABELS.get(self.action, self.action)


class DeadlineReminder(models.Model):
    """A "due soon" reminder sent to a handler: once per case, deadline kind, due date and person.
    A new due date (extension, suspension) or a new handler (assignment, transfer) is reminded again."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("acceptance due")
        RESOLUTION = "resolution", _("resolution due")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    due_on = models.DateField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "due_on", "person"], name="cases_reminder_once_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.due_on}"


class CasePhoto(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="cases/photos/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.case_id} {self.image.name}"


class Extension(models.Model):
    """An extension of the resolution period, with its reason and legal basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    complexity = models.CharField(max_length=24, choices=Complexity.choices)
    reason = models.CharField(_("reason"), max_length=500)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.days}"


class Pause(models.Model):
    """Temporary suspension (tạm đình chỉ); from 1 Jul 2026 its time is not counted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        ordering = ["started_on"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_on}–{self.ended_on or '…'}"


class Transfer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.case_id} {self.from_unit_id}→{self.to_unit_id}"


class Reply(models.Model):
    """The written answer or decision (Decree 30/2020 layout), drafted then signed off."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replies")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("number"), max_length=40, blank=True)
    body = models.TextField(_("content"))
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_title = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    document = models.FileField(upload_to="cases/replies/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.number or self.status}"


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
