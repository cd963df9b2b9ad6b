"""Reports drafted for steering committees: versions, sections, sentences; reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.accounts.models import Body
from danchu.places.models import Place

from ..periods import Period, PeriodType
from .forms import ReportForm

# --- reports ---


class DraftReport(models.Model):
    """The periodic report drafted for a committee; issuing locks a version, editing after that
    starts the next version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")
        SIGNED = "signed", _("signed")

    class Format(models.TextChoices):
        # Decree 30/2020/NĐ-CP for state bodies; Regulation 66-QĐ/TW and Guideline 36-HD/VPTW for a
        # committee under a Party committee (DOMAIN.md §9.2). The issuing body's kind decides.
        STATE = "state", _("state body (Decree 30/2020)")
        PARTY = "party", _("Party body (Guideline 36-HD/VPTW)")

    committee = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.PositiveIntegerField(default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=500)
    issuer = models.CharField(_("issuing body"), max_length=255)
    parent_issuer = models.CharField(_("parent body"), max_length=255, blank=True)
    number = models.CharField(_("number"), max_length=40, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, default="BC-BCĐ")
    place_name = models.CharField(_("place of issue"), max_length=120)
    issue_date = models.DateField(_("date"))
    signer_title = models.CharField(_("signer's title"), max_length=120, default="TRƯỞNG BAN")
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    doc_format = models.CharField(
        _("document format"), max_length=8, choices=Format.choices, default=Format.STATE
    )
    # Party documents are numbered per type per Party-committee term; state documents per year.
    term_start = models.DateField(_("term began on"), null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The public address of the disclosure it was published as (registry.register_publisher).
    published_as = models.CharField(_("published as"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "-version"]
        verbose_name = _("drafted report")
        verbose_name_plural = _("drafted reports")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end, self.period_type)

    @property
    def locked(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.SIGNED)

    @property
    def is_party(self) -> bool:
        return self.doc_format == self.Format.PARTY

    @property
    def published_url(self) -> str:
        """The public address of what the signed report was published as (the publisher hook returns
        it); empty for reports published before it did ("disclosure 44")."""
        return self.published_as if self.published_as.startswith("/") else ""


class DraftSection(models.Model):
    report = models.ForeignKey(DraftReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    heading = models.CharField(max_length=255)
    order = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)
    edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return self.heading


class DraftSentence(models.Model):
    """A sentence the system wrote, and the indicator (with its value) it states."""

    section = models.ForeignKey(DraftSection, on_delete=models.CASCADE, related_name="sentences")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    indicator = models.CharField(max_length=80, blank=True)
    value = models.FloatField(null=True, blank=True)
    previous_value = models.FloatField(null=True, blank=True)
    # Every figure the sentence states, grouped sentences state several:
    # [{"indicator", "value", "previous", "num", "den", "text"}].
    figures = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["section", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class ReminderSent(models.Model):
    """A reminder already sent for a unit, form and period (so each is sent once)."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("before the due date")
        LATE = "late", _("late")

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "place", "period_start", "kind"], name="reporting_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_id} {self.place_id} {self.period_start} {self.kind}"
