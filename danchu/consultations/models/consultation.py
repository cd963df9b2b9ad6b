"""A consultation on a draft (lấy ý kiến), its text by paragraph, comments and the synthesis."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.places.models import Household, Place


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    MEETING = "meeting", pgettext_lazy("channel", "Village meeting")
    WRITTEN = "written", _("Written forms at the village house")
    FRONT = "front", _("Through the Fatherland Front")


class Audience(models.TextChoices):
    ALL = "all", _("All residents of the commune")
    VILLAGES = "villages", _("Households of some villages")
    GROUP = "group", _("A named group of households")


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def public(self) -> ConsultationQuerySet:
        return self.exclude(status=Consultation.Status.DRAFT)

    def in_places(self, places: models.QuerySet[Place]) -> ConsultationQuerySet:
        return self.filter(place__in=places)


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("consultation", "Being prepared")
        OPEN = "open", pgettext_lazy("consultation", "Open for comments")
        SYNTHESIS = "synthesis", pgettext_lazy("consultation", "Comment period over, being synthesised")
        CLOSED = "closed", pgettext_lazy("consultation", "Closed, synthesis and decision published")

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    body = models.ForeignKey(
        "accounts.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("body"),
    )
    consulting_body = models.CharField(_("consulting body"), max_length=255)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    basis = models.CharField(_("legal basis"), max_length=32)
    basis_article = models.CharField(_("article"), max_length=255, blank=True)
    min_days = models.PositiveSmallIntegerField(_("minimum open period (days)"), default=0)
    audience = models.CharField(
        _("who is consulted"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    villages = models.ManyToManyField(Place, blank=True, related_name="+", verbose_name=_("villages"))
    households = models.ManyToManyField(Household, blank=True, related_name="+", verbose_name=_("households"))
    channels = models.JSONField(_("channels"), default=list, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("draft version"), default=1)
    draft_file = models.FileField(_("draft"), upload_to="consultations/drafts/", blank=True)
    draft_name = models.CharField(max_length=255, blank=True)
    disclosure_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    period_ended_at = models.DateTimeField(null=True, blank=True)
    decision_reference = models.CharField(_("decision number and symbol"), max_length=80, blank=True)
    decision = models.TextField(_("final decision"), max_length=4000, blank=True)
    final_text = models.TextField(_("final text"), max_length=200000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    answered_on_time = models.BooleanField(null=True, editable=False)
    synthesis_disclosure_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def draft_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs.filter(version=self.version).order_by("position"))


class Paragraph(models.Model):
    """One paragraph (or heading) of a version of the draft, imported from its DOCX."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="paragraphs")
    version = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveIntegerField()
    is_heading = models.BooleanField(default=False)
    section = models.CharField(_("section"), max_length=500, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "version", "position"], name="consultation_para_pos"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CommentGroup(models.Model):
    """Comments of the same substance, answered together (tiếp thu, giải trình)."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("comment answer", "Accepted")
        PARTLY = "partly", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(_("substance"), max_length=500)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    reason = models.TextField(_("reason"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    class Stance(models.TextChoices):
        SUPPORT = "support", _("Support")
        OPPOSE = "oppose", _("Oppose")
        NEUTRAL = "neutral", _("Comment")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        COUNTER = "counter", _("At the counter")
        MEETING = "meeting", pgettext_lazy("source", "In a meeting")
        WRITTEN = "written", _("Written form")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    version = models.PositiveSmallIntegerField(default=1)
    quote = models.CharField(_("selected text"), max_length=1000, blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    stance = models.CharField(_("stance"), max_length=8, choices=Stance.choices, default=Stance.NEUTRAL)
    source = models.CharField(_("received"), max_length=8, choices=Source.choices, default=Source.ONLINE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(_("name of the person"), max_length=200, blank=True)
    # The village meeting's agenda item where a comment "received in a meeting" was made
    # (meetings.queries.comment_items), when that meeting is recorded in danchu.
    meeting_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("at the meeting"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        CommentGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
