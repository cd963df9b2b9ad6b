"""Satisfaction surveys of public administrative services (as the national SIPAS index measures)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place


class Questionnaire(models.Model):
    class Index(models.TextChoices):
        # The mean of the scale answers of the questions counted in the index, as % of the scale.
        MEAN_SCALE = "mean_scale", _("Mean of the scale answers, as a percentage")
        # Share of answers at the top two points of the scale (SIPAS' "satisfied or very satisfied").
        SHARE_SATISFIED = "share_satisfied", _("Share of satisfied answers (top two points)")

    title = models.CharField(_("title"), max_length=300)
    index_method = models.CharField(
        _("how the index is computed"), max_length=20, choices=Index.choices, default=Index.SHARE_SATISFIED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        SCALE = "scale", _("Scale")
        TEXT = "text", _("Free text")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("top of the scale"), default=5)
    in_index = models.BooleanField(_("counted in the index"), default=False)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class Survey(models.Model):
    """A questionnaire run in one unit over one period."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="surveys")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ReceiptCode(models.Model):
    """The code printed on the receipt of a one-stop dossier: one answer per code."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=32, unique=True)
    dossier = models.CharField(_("dossier number"), max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.code


class SurveyResponse(models.Model):
    """An anonymous answer: it keeps no person, only the receipt code it was given through."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # One answer per receipt code: the one-to-one field is a unique constraint in the database.
    receipt = models.OneToOneField(ReceiptCode, on_delete=models.PROTECT, related_name="response")
    submitted_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)  # scale point or choice index
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
