"""The Fatherland Front's comments on drafts (góp ý dự thảo) and social critique conferences
(hội nghị phản biện xã hội)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place


class FrontComment(models.Model):
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    draft_title = models.CharField(_("draft"), max_length=500)
    drafting_body = models.CharField(_("drafting body"), max_length=255)
    internal = models.BooleanField(_("drafted in the unit"), default=True)
    consultation = models.ForeignKey(
        "consultations.Consultation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commented_on = models.DateField(_("commented on"))
    comments = models.TextField(_("the Front's comments"), max_length=10000)
    answer = models.TextField(_("answer of the drafting body"), max_length=10000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-commented_on", "-pk"]

    def __str__(self) -> str:
        return self.draft_title


class CritiqueConference(models.Model):
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=500)
    draft_title = models.CharField(_("draft"), max_length=500)
    drafting_body = models.CharField(_("drafting body"), max_length=255)
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"), max_length=5000)
    participant_count = models.PositiveIntegerField(_("number of participants"), default=0)
    conclusions = models.TextField(_("conclusions"), max_length=10000)
    answer = models.TextField(_("answer of the drafting body"), max_length=10000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title
