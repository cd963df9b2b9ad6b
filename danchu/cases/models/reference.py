"""Fields of public life (lĩnh vực) and the routing rules that say which unit holds a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
