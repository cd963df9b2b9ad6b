"""Village conventions (hương ước, quy ước) and their versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.places.models import Place

from .meetings import AgendaItem

# --- Village conventions (hương ước, quy ước; Decree 61/2023/NĐ-CP) -------------------------------------


class Convention(models.Model):
    class Kind(models.TextChoices):
        HUONG_UOC = "huong_uoc", _("Village convention (hương ước)")
        QUY_UOC = "quy_uoc", _("Residential-group convention (quy ước)")

    village = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="conventions")
    kind = models.CharField(
        pgettext_lazy("type", "kind"), max_length=16, choices=Kind.choices, default=Kind.HUONG_UOC
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["village", "title"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")

    def __str__(self) -> str:
        return f"{self.title} — {self.village.name}"

    @property
    def in_force(self) -> ConventionVersion | None:
        return self.versions.filter(status=ConventionVersion.Status.IN_FORCE).first()


class ConventionVersion(models.Model):
    """One version of a convention's text: draft → comments → household vote → submitted →
    recognised by the commune (in force). An amendment is a new version; the one it replaces becomes
    superseded when it is recognised."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DISCUSSION = "discussion", _("Open for comments")
        ADOPTED = "adopted", _("Adopted by the households")
        SUBMITTED = "submitted", _("Submitted to the commune")
        IN_FORCE = "in_force", _("Recognised, in force")
        REFUSED = "refused", _("Recognition refused")
        SUPERSEDED = "superseded", _("Superseded")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("text"))
    note = models.CharField(_("what changes"), max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The discussion of this version, run by the provider the kernel found ("consultations:42",
    # danchu.core.discussions); "" when none was opened (a draft, or no provider installed).
    discussion = models.CharField(_("discussion"), max_length=64, blank=True)
    vote_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="convention_versions"
    )
    submitted_on = models.DateField(null=True, blank=True)
    recognition_due = models.DateField(null=True, blank=True)
    decision_number = models.CharField(_("recognition decision"), max_length=100, blank=True)
    recognised_on = models.DateField(null=True, blank=True)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"], name="meetings_convention_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.convention.title} v{self.number}"


class ConventionComment(models.Model):
    """A comment written here before discussions moved to consultations (issue #10): kept read-only,
    as history, shown on its version's page. Nothing writes new rows (docs/meetings.md says why)."""

    version = models.ForeignKey(ConventionVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]
