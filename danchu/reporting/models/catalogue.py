"""The indicator catalogue kept in the database: data elements, indicator definitions, new-rural criteria sets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..registry import AGGREGATIONS, Section

# --- catalogue ---


def known_codes() -> set[str]:
    """Every indicator code danchu knows: registered in code plus defined in the database."""
    from ..registry import INDICATORS

    codes = set(INDICATORS.keys())
    codes |= set(DataElement.objects.values_list("code", flat=True))
    codes |= set(IndicatorDefinition.objects.values_list("code", flat=True))
    return codes


class DataElement(models.Model):
    """A figure typed into a report form where danchu holds no records, defined by an administrator
    (DHIS2's data element). Code-registered ones (``register_reported``) need no row here."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    section = models.CharField(_("report section"), max_length=20, choices=Section.choices)
    unit = models.CharField(_("unit"), max_length=20, default="count")
    aggregation = models.CharField(
        _("aggregation up the tree"), max_length=20, default="sum", choices=[(a, a) for a in AGGREGATIONS]
    )
    definition = models.TextField(_("definition"), blank=True)
    public = models.BooleanField(_("published as open data"), default=False)
    at_least_computed = models.CharField(
        _("must not be below computed indicator"),
        max_length=80,
        blank=True,
        help_text=_("Code of a computed indicator; a smaller reported figure is flagged for the approver."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["section", "code"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        from ..registry import INDICATORS

        if "." not in self.code:
            raise ValidationError({"code": _("A code is written '<group>.<name>'.")})
        if self.code in INDICATORS:
            raise ValidationError(
                {"code": _("This code is already used by an indicator defined in the code.")}
            )
        if self.at_least_computed and self.at_least_computed not in INDICATORS:
            raise ValidationError(
                {"at_least_computed": _("Unknown indicator: %(code)s") % {"code": self.at_least_computed}}
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity is before its start.")})


class IndicatorDefinition(models.Model):
    """An indicator an administrator defines from others (ratio of two, or sum of several), versioned.

    A definition naming an unknown indicator or data element is refused when it is saved."""

    class Formula(models.TextChoices):
        RATIO = "ratio", _("Ratio (numerator / denominator, in percent)")
        SUM = "sum", _("Sum of indicators")

    code = models.CharField(_("code"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    section = models.CharField(_("report section"), max_length=20, choices=Section.choices)
    formula = models.CharField(_("formula"), max_length=10, choices=Formula.choices, default=Formula.RATIO)
    numerator = models.CharField(_("numerator"), max_length=80, blank=True)
    denominator = models.CharField(_("denominator"), max_length=80, blank=True)
    terms = models.CharField(_("indicators to add (comma separated)"), max_length=500, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    public = models.BooleanField(_("published as open data"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="reporting_definition_version")
        ]
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def referenced_codes(self) -> list[str]:
        if self.formula == self.Formula.RATIO:
            return [c for c in (self.numerator, self.denominator) if c]
        return [c.strip() for c in self.terms.split(",") if c.strip()]

    def clean(self) -> None:
        from ..registry import INDICATORS

        if self.code in INDICATORS:
            raise ValidationError(
                {"code": _("This code is already used by an indicator defined in the code.")}
            )
        if self.formula == self.Formula.RATIO and not (self.numerator and self.denominator):
            raise ValidationError(_("A ratio needs a numerator and a denominator."))
        if self.formula == self.Formula.SUM and not self.referenced_codes():
            raise ValidationError({"terms": _("Name at least one indicator to add.")})
        known = set(INDICATORS.keys()) | set(DataElement.objects.values_list("code", flat=True))
        unknown = [c for c in self.referenced_codes() if c not in known]
        if unknown:
            raise ValidationError(
                _("Unknown indicator or data element: %(codes)s") % {"codes": ", ".join(unknown)}
            )
