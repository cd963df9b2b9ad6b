"""Dân biết: what a commune must make public (công khai), and the channels that carry it
(web page, notice-board poster, loudspeaker bulletin, notifications). DOMAIN.md §2."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.uploads import RandomName
from danchu.places.models import Place

from .paths import detail_url


class Voice(models.TextChoices):
    """espeak-ng ships three Vietnamese voices (espeak-ng --voices=vi)."""

    NORTHERN = "vi", _("Northern")
    CENTRAL = "vi-vn-x-central", _("Central")
    SOUTHERN = "vi-vn-x-south", _("Southern")


class JobStatus(models.TextChoices):
    NONE = "none", _("not started")
    PENDING = "pending", _("in progress")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    def public(self) -> DisclosureQuerySet:
        """Published at some point (published, ended or withdrawn — a withdrawal stays visible)."""
        return self.filter(
            published_at__isnull=False,
            status__in=[Disclosure.Status.PUBLISHED, Disclosure.Status.ENDED, Disclosure.Status.WITHDRAWN],
        )

    def published(self) -> DisclosureQuerySet:
        return self.filter(status=Disclosure.Status.PUBLISHED)

    def on_board(self, on: dt.date | None = None) -> DisclosureQuerySet:
        """Within their posting period today."""
        on = on or timezone.localdate()
        return self.published().filter(posting_start__lte=on, posting_end__gte=on)

    def for_place(self, place: Place) -> DisclosureQuerySet:
        """What residents of `place` see: a commune's own items (and those of its villages), or for a
        village the commune's items addressed to the whole commune or to this village."""
        if place.is_village and place.parent_id:
            # EXISTS, not a join: no duplicate rows, no DISTINCT (it would defeat windows and LIMIT).
            addressed = Disclosure.villages.through.objects.filter(
                disclosure_id=OuterRef("pk"), place_id=place.pk
            )
            return self.filter(place_id=place.parent_id).filter(Q(audience_all=True) | Exists(addressed))
        return self.filter(place=place)

    def within(self, place: Place) -> DisclosureQuerySet:
        return self.filter(place__path__startswith=place.path)

    def due_to_publish(self, now: dt.datetime | None = None) -> DisclosureQuerySet:
        return self.filter(status=Disclosure.Status.SCHEDULED, publish_at__lte=now or timezone.now())

    def past_posting(self, on: dt.date | None = None) -> DisclosureQuerySet:
        return self.published().filter(posting_end__lt=on or timezone.localdate())


class Disclosure(models.Model):
    """One item the authority makes public. The current text lives here; every version (the first
    and each correction) is kept in DisclosureVersion with its date."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        ENDED = "ended", _("posting ended")
        WITHDRAWN = "withdrawn", _("withdrawn")

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("place")
    )
    issuing_unit = models.CharField(_("issuing unit"), max_length=255)
    category = models.CharField(_("category"), max_length=64, db_index=True)
    audience_all = models.BooleanField(_("whole commune"), default=True)
    villages = models.ManyToManyField(Place, blank=True, related_name="+", verbose_name=_("villages"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    posting_start = models.DateField(_("posting from"), null=True, blank=True)
    posting_end = models.DateField(_("posting until"), null=True, blank=True)
    period_key = models.CharField(_("reporting period"), max_length=16, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    voice = models.CharField(_("loudspeaker voice"), max_length=32, choices=Voice.choices, blank=True)
    audio = models.FileField(upload_to=RandomName("disclosures/audio"), blank=True)
    audio_status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.NONE)
    audio_error = models.TextField(blank=True)
    poster = models.FileField(upload_to=RandomName("disclosures/posters"), blank=True)
    poster_status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.NONE)
    poster_error = models.TextField(blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["place", "status", "published_at"]),
            models.Index(fields=["place", "category", "status"]),
            models.Index(fields=["status", "publish_at"]),
        ]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return detail_url(self.pk)  # no reverse() per row of a list (paths.py)

    @property
    def category_obj(self):  # type: ignore[no-untyped-def]
        from .categories import get

        return get(self.category)

    @property
    def category_name(self) -> str:
        cat = self.category_obj
        return str(cat.name) if cat else self.category

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.status in (
            self.Status.PUBLISHED,
            self.Status.ENDED,
            self.Status.WITHDRAWN,
        )

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    @property
    def posting_days(self) -> int | None:
        if self.posting_start and self.posting_end:
            return (self.posting_end - self.posting_start).days + 1
        return None


class DisclosureVersion(models.Model):
    """The text as published at one time. Version 1 is the first publication; each correction adds one."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    note = models.TextField(_("what was corrected"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["disclosure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "number"], name="disclosure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def get_absolute_url(self) -> str:
        return reverse("disclosures:version", kwargs={"pk": self.disclosure_id, "number": self.number})


class Attachment(models.Model):
    """A file published with a disclosure, checked by content (magic bytes), not by name."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=RandomName("disclosures/files"))
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["disclosure", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:attachment", kwargs={"pk": self.pk})


class Document(models.Model):
    """An official document cited by disclosures (DocumentReference in the glossary)."""

    class Form(models.TextChoices):
        STATE = "state", _("state document")
        PARTY = "party", _("Party document")

    key = models.CharField(max_length=120, unique=True)
    form = models.CharField(max_length=8, choices=Form.choices)
    doc_type = models.CharField(_("type"), max_length=16)
    type_name = models.CharField(max_length=64, blank=True)
    number = models.CharField(_("number"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    symbol = models.CharField(_("number and symbol"), max_length=80, db_index=True)
    issuer = models.CharField(max_length=40, blank=True)
    issuer_name = models.CharField(_("issuing body"), max_length=200, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.type_name} {self.symbol}".strip()

    def get_absolute_url(self) -> str:
        return reverse("disclosures:document", kwargs={"pk": self.pk})


class Citation(models.Model):
    """A disclosure cites a document (in its text or its legal basis)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="citations")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="citations")
    text = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "disclosure"], name="citation_unique")]

    def __str__(self) -> str:
        return self.text


class SearchEntry(models.Model):
    """One searchable item (a disclosure or a document) on folded text. The SQLite FTS5 table
    `disclosures_fts` mirrors it through triggers; on PostgreSQL the GIN-indexed stored vector `tsv`
    (migration 0003) and the title's own GIN-indexed vector (migration 0007) serve the search."""

    class Kind(models.TextChoices):
        DISCLOSURE = "disclosure", _("disclosure")
        DOCUMENT = "document", _("document")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField()
    place_path = models.CharField(max_length=255, blank=True, db_index=True)
    category = models.CharField(max_length=64, blank=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)  # original text, for snippets
    title_folded = models.CharField(max_length=300)
    body_folded = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return self.title


class Proof(models.Model):
    """Proof that a disclosure was physically posted or broadcast: "posted for 30 days" is shown, not claimed."""

    class Kind(models.TextChoices):
        NOTICE_BOARD = "notice_board", _("notice board posting")
        LOUDSPEAKER = "loudspeaker", _("loudspeaker broadcast")
        TAKEN_DOWN = "taken_down", _("taken down from the notice board")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="proofs")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("where"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    at = models.DateTimeField(_("when"))
    photo = models.FileField(_("photo"), upload_to=RandomName("disclosures/proofs"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["disclosure", "at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y}"

    @property
    def photo_url(self) -> str:
        """Where staff see the photo: through its getter, never as plain media."""
        if not self.photo:
            return ""
        ext = str(self.photo.name).rsplit(".", 1)[-1]
        return reverse("disclosures:office_proof_photo", kwargs={"pk": self.pk, "ext": ext})


class Follow(models.Model):
    """A person follows a commune or village (optionally one category), or a category everywhere."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="disclosure_follows"
    )
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "place", "category"], name="follow_unique")]

    def __str__(self) -> str:
        return f"{self.person} → {self.place or self.category}"


class Notification(models.Model):
    """Who was told of which publication (so a republish or a retried job never tells twice)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["disclosure", "person"], name="notification_once")]

    def __str__(self) -> str:
        return f"{self.disclosure_id} → {self.person_id}"


class Question(models.Model):
    """A citizen's question under a disclosure: moderated by staff, answered publicly."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("published, awaiting answer")
        ANSWERED = "answered", _("answered")
        REJECTED = "rejected", _("rejected")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="questions")
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"), max_length=2000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    reject_reason = models.CharField(_("reason"), max_length=500, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    case_code = models.CharField(_("feedback case"), max_length=32, blank=True)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return self.text[:80]


class Obligation(models.Model):
    """A disclosure the commune must make for a category and period, by a due date (from the registry)."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="disclosure_obligations")
    category = models.CharField(max_length=64)
    period_key = models.CharField(max_length=16)
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField(db_index=True)
    met_by = models.ForeignKey(Disclosure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    met_on = models.DateField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "category"]
        constraints = [
            models.UniqueConstraint(fields=["place", "category", "period_key"], name="obligation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.category} {self.period_key}"

    @property
    def is_overdue(self) -> bool:
        return self.met_on is None and self.due_on < timezone.localdate()

    @property
    def met_on_time(self) -> bool:
        return self.met_on is not None and self.met_on <= self.due_on


class BulletinSettings(models.Model):
    """A commune's loudspeaker choices (the voice of its region)."""

    place = models.OneToOneField(Place, on_delete=models.CASCADE, related_name="+")
    voice = models.CharField(_("voice"), max_length=32, choices=Voice.choices, default=Voice.NORTHERN)

    def __str__(self) -> str:
        return f"{self.place} {self.voice}"


class Bulletin(models.Model):
    """A commune's daily loudspeaker bulletin: the day's items joined into one file."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    items = models.ManyToManyField(Disclosure, related_name="+")
    audio = models.FileField(upload_to=RandomName("disclosures/bulletins"), blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.NONE)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["place", "day"], name="bulletin_unique")]

    def __str__(self) -> str:
        return f"{self.place} {self.day}"
