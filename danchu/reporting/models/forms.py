"""Report forms (data sets): their elements, validation rules and assignments to units."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.accounts.models import Body
from danchu.places.models import Level, Place

from ..periods import PeriodType

# --- forms ---


class ReportForm(models.Model):
    """A data set: the figures a unit reports for each period."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    period_type = models.CharField(_("period"), max_length=12, choices=PeriodType.choices)
    due_days = models.PositiveSmallIntegerField(
        _("due (days after the period ends)"),
        default=10,
        help_text=_("Reporting deadline; set by the steering committee's plan."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the due date"), default=3
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")

    def __str__(self) -> str:
        return self.name


class FormElement(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(_("indicator or data element"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["form", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "code"], name="reporting_form_element")]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        from ..catalogue import get_indicator

        ind = get_indicator(self.code)
        if ind is None:
            raise ValidationError({"code": _("Unknown data element: %(code)s") % {"code": self.code}})
        if not ind.in_forms:
            raise ValidationError(
                {
                    "code": _("%(code)s is computed from the records; it is not typed in a form.")
                    % {"code": self.code}
                }
            )
        if ind.kind == "computed" and self.form.period_type == PeriodType.MONTH:
            # Its records are rolled up by month: a typed month would share their rows.
            raise ValidationError(
                {"code": _("%(code)s is typed only in forms of a quarter or longer.") % {"code": self.code}}
            )
        # One period type per element, or a year would count its quarters and its annual figure twice.
        other = (
            FormElement.objects.filter(code=self.code)
            .exclude(form__period_type=self.form.period_type)
            .exclude(pk=self.pk)
        )
        if other.exists():
            raise ValidationError(
                {
                    "code": _("%(code)s is already reported by a form of another period type.")
                    % {"code": self.code}
                }
            )


class ValidationRule(models.Model):
    """left <operator> right between two values of a form ("resolved ≤ received")."""

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        GE = ">=", "≥"
        GT = ">", ">"
        EQ = "==", "="

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("rule"), max_length=255, help_text=_("Shown when a value breaks the rule."))
    left = models.CharField(_("left side"), max_length=80)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices, default=Operator.LE)
    right = models.CharField(_("right side"), max_length=80)

    class Meta:
        ordering = ["form", "id"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.form_id:
            return
        codes = set(self.form.elements.values_list("code", flat=True))
        unknown = [c for c in (self.left, self.right) if c not in codes]
        if unknown:
            raise ValidationError(_("Not a value of this form: %(codes)s") % {"codes": ", ".join(unknown)})

    def holds(self, left: float, right: float) -> bool:
        return {
            "<=": left <= right,
            "<": left < right,
            ">=": left >= right,
            ">": left > right,
            "==": left == right,
        }[self.operator]


class FormAssignment(models.Model):
    """Every unit of `level` within `scope` reports this form (e.g. every commune of a province);
    staff of `scope` (or the committee) approve."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="assignments")
    scope = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned within")
    )
    level = models.PositiveSmallIntegerField(
        _("reporting level"), choices=Level.choices, default=Level.COMMUNE
    )
    committee = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("steering committee"),
    )
    units = models.ManyToManyField(
        Place,
        blank=True,
        related_name="+",
        verbose_name=_("reporting units"),
        help_text=_("Leave empty for every unit of the level within the scope."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["form", "scope"]
        verbose_name = _("form assignment")
        verbose_name_plural = _("form assignments")

    def __str__(self) -> str:
        return f"{self.form} — {self.scope}"

    def reporting_units(self) -> models.QuerySet[Place]:
        explicit = self.units.all()
        if explicit.exists():
            return explicit.all()
        return Place.objects.within(self.scope).filter(level=self.level).current()
