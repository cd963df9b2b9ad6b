"""New-rural development (xây dựng nông thôn mới, NTM; DOMAIN.md §11.4): the national criteria sets as
versioned data, each commune's criteria met per year with its evidence, and the recognitions
(commune: đạt chuẩn, nâng cao, kiểu mẫu; district-level unit: đạt chuẩn / hoàn thành nhiệm vụ) with the
decision that made them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.uploads import RandomName
from danchu.places.models import Place


class RuralLevel(models.TextChoices):
    STANDARD = "standard", _("New-rural commune")  # xã đạt chuẩn nông thôn mới
    ADVANCED = "advanced", _("Advanced new-rural commune")  # xã nông thôn mới nâng cao
    MODEL = "model", _("Model new-rural commune")  # xã nông thôn mới kiểu mẫu
    DISTRICT = "district", _("District-level unit meeting the standard or completing the task")


# A commune recognised at a level holds the levels below it too (an advanced commune is a new-rural one).
COMMUNE_LEVELS = (RuralLevel.STANDARD, RuralLevel.ADVANCED, RuralLevel.MODEL)
ASSESSED_LEVELS = (RuralLevel.STANDARD, RuralLevel.ADVANCED)


class CriteriaSetQuerySet(models.QuerySet["CriteriaSet"]):
    def issued(self) -> CriteriaSetQuerySet:
        return self.filter(issued=True)


class CriteriaSet(models.Model):
    """A national criteria set and the decision that issued it. A set not yet issued (the 2026–2030
    draft) has no criteria and is never used for an assessment."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    decision = models.CharField(_("issued by"), max_length=255, blank=True)
    companions = models.TextField(_("companion documents"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    issued = models.BooleanField(_("issued"), default=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    level = models.CharField(_("level"), max_length=16, choices=RuralLevel.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    group = models.CharField(_("group"), max_length=120)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["criteria_set", "level", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "level", "number"], name="newrural_criterion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Assessment(models.Model):
    """How many criteria of a level a commune met in a year (and which, when known)."""

    commune = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="rural_assessments", verbose_name=_("commune")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="assessments")
    level = models.CharField(
        _("level"), max_length=16, choices=RuralLevel.choices, default=RuralLevel.STANDARD
    )
    met_count = models.PositiveSmallIntegerField(_("criteria met"))
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="assessments")
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune", "-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year", "level"], name="newrural_assessment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.year}: {self.met_count}"


class Evidence(models.Model):
    """A file that proves an assessment (a criterion's assessment record, a verification minute)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=RandomName("newrural"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RecognitionQuerySet(models.QuerySet["Recognition"]):
    def standing(self, on: dt.date) -> RecognitionQuerySet:
        """Recognitions in force on `on`: decided by then and not withdrawn."""
        return self.filter(recognised_on__lte=on).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))


class Recognition(models.Model):
    """A unit recognised at a level by a decision (Quyết định công nhận)."""

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="rural_recognitions", verbose_name=_("unit")
    )
    level = models.CharField(_("level"), max_length=16, choices=RuralLevel.choices)
    recognised_on = models.DateField(_("recognised on"))
    decision_number = models.CharField(_("decision number"), max_length=100)
    issuer = models.CharField(_("issued by"), max_length=255)
    revoked_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["place", "recognised_on"]
        constraints = [models.UniqueConstraint(fields=["place", "level"], name="newrural_recognition_unique")]

    def __str__(self) -> str:
        return f"{self.place} — {self.get_level_display()} ({self.decision_number})"
