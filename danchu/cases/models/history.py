"""What happens to a case: timeline events, reminders, photos, extensions, suspensions, transfers,
replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place

from .case import Case, Complexity

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
    "escalate": _("escalated"),
    "remind": _("handler reminded of the deadline"),
    "recompute": _("deadline moved by a calendar change"),
    "extend_acceptance": _("acceptance period extended (verification in several places)"),
    "limitation": _("time limit to complain recorded"),
    "notice_acceptance": _("denouncer told of the acceptance"),
    "submit_for_signature": _("answer submitted for signature"),
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
        NOTICE = "notice", _("acceptance notice due")

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
