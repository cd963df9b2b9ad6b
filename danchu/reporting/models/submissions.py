"""Submissions of report forms by units, and the values they report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.places.models import Place

from ..periods import Period, PeriodType
from .forms import ReportForm

# --- submissions ---


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def for_period(self, period: Period) -> SubmissionQuerySet:
        return self.filter(period_start=period.start, period_end=period.end)

    def counted(self) -> SubmissionQuerySet:
        """Values that enter the roll-ups: submitted or approved."""
        return self.filter(status__in=Submission.COUNTED)


class Submission(models.Model):
    """One unit's values of one form for one period, moving draft → submitted → approved (locked),
    or back to returned with a comment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")
        # The level above (the province) accepted the unit's approved data: locked for good, and the
        # levels below with it (as DHIS2's approval levels).
        ACCEPTED = "accepted", _("accepted by the level above")

    COUNTED = ("submitted", "approved", "accepted")

    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="submissions")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    due_date = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Reported figures below what the records show: [{"code", "reported", "computed", "indicator"}].
    flags = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "place", "period_start", "period_end"], name="reporting_submission_once"
            )
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.form} — {self.place} — {self.period.code}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end, self.period_type)

    @property
    def locked(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.SUBMITTED, self.Status.ACCEPTED)

    @property
    def on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localtime(self.submitted_at).date() <= self.due_date


class ReportedValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    code = models.CharField(max_length=80)
    breakdown = models.CharField(max_length=120, blank=True, default="")
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "code", "breakdown"], name="reporting_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}={self.value}"


class Acceptance(models.Model):
    """The level above accepted the approved data of the units within `place` for a period: from
    then on the data of every level below is locked for that period (DHIS2's approval levels)."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    accepted_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = pgettext_lazy("reported data", "acceptance")
        verbose_name_plural = _("acceptances")

    def __str__(self) -> str:
        return f"{self.place_id} {self.period_start}–{self.period_end}"


class HistoryUpload(models.Model):
    """A historical-figures file uploaded on the office page and previewed, kept until the person who
    uploaded it confirms the import (or for a day)."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename
