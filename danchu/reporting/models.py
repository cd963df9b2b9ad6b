"""Reporting: the indicator catalogue kept in the database, report forms (data sets) and their
submissions, the pre-aggregated indicator values, and the reports drafted for steering committees."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.accounts.models import Body
from danchu.places.models import Level, Place

from .periods import Period, PeriodType
from .registry import AGGREGATIONS, Section


def known_codes() -> set[str]:
    """Every indicator code danchu knows: registered in code plus defined in the database."""
    from .registry import INDICATORS

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
        from .registry import INDICATORS

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
        from .registry import INDICATORS

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


class CriteriaSet(models.Model):
    """A versioned set of new-rural (NTM) criteria (DOMAIN.md §11.4: do not hard-code 19)."""

    name = models.CharField(_("name"), max_length=255)
    version = models.CharField(_("version"), max_length=40)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    criteria_count = models.PositiveSmallIntegerField(_("number of criteria"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("new-rural criteria set")
        verbose_name_plural = _("new-rural criteria sets")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @classmethod
    def in_force(cls, day: dt.date) -> CriteriaSet | None:
        return (
            cls.objects.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
            .first()
        )


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("number"))
    group = models.CharField(_("group"), max_length=120, blank=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="reporting_criterion_number")
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


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
        from .catalogue import get_indicator

        ind = get_indicator(self.code)
        if ind is None:
            raise ValidationError({"code": _("Unknown data element: %(code)s") % {"code": self.code}})
        if ind.kind != "reported":
            raise ValidationError(
                {
                    "code": _("%(code)s is computed from the records; it is not typed in a form.")
                    % {"code": self.code}
                }
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
            return explicit.order_by("name")
        return Place.objects.within(self.scope).filter(level=self.level).current().order_by("name")


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def for_period(self, period: Period) -> SubmissionQuerySet:
        return self.filter(period_start=period.start, period_end=period.end)

    def counted(self) -> SubmissionQuerySet:
        """Values that enter the roll-ups: submitted or approved."""
        return self.filter(status__in=[Submission.Status.SUBMITTED, Submission.Status.APPROVED])


class Submission(models.Model):
    """One unit's values of one form for one period, moving draft → submitted → approved (locked),
    or back to returned with a comment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

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
        return self.status in (self.Status.APPROVED, self.Status.SUBMITTED)

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


LEAF, COMMUNE_GRAIN = "leaf", "commune"


class IndicatorValue(models.Model):
    """A pre-aggregated value of an indicator at the lowest place it belongs to, for one period.

    province_id / commune_id are the place's ancestors, stored on the row so that a province or a
    commune subtree is one indexed equality filter and "the places below" one GROUP BY; `path`
    serves deeper or older trees (districts) with a prefix filter.
    """

    indicator = models.CharField(max_length=80)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    path = models.CharField(max_length=255)
    province_id = models.BigIntegerField(null=True)
    commune_id = models.BigIntegerField(null=True)
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdown = models.CharField(max_length=120, blank=True, default="")  # "" = total; "channel=web"
    # "leaf": the value at the place the records belong to; "commune": the sum of a commune's whole
    # subtree, kept so that a province reads ~100 communes' rows instead of ~3,000 villages' rows.
    grain = models.CharField(max_length=8, default=LEAF, db_default=LEAF)
    value = models.FloatField()
    refreshed_at = models.DateTimeField()

    class Meta:
        # On PostgreSQL, migration 0004 rebuilds the first two as covering indexes (INCLUDE the value
        # columns) so that a dashboard's sums are index-only scans; SQLite has no INCLUDE.
        indexes = [
            models.Index(
                fields=["indicator", "grain", "province_id", "period_start"], name="reporting_iv_province"
            ),
            models.Index(
                fields=["indicator", "grain", "commune_id", "period_start"], name="reporting_iv_commune"
            ),
            models.Index(fields=["indicator", "period_start", "breakdown"], name="reporting_iv_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.place_id} {self.period_start} {self.breakdown}={self.value}"


class RefreshRun(models.Model):
    """One refresh of the roll-ups: when, what, how long, how many rows."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.scope} {self.started_at:%Y-%m-%d %H:%M}"

    @classmethod
    def last_finished(cls) -> RefreshRun | None:
        return cls.objects.filter(finished_at__isnull=False, error="").order_by("-finished_at").first()


class DraftReport(models.Model):
    """The periodic report drafted for a committee; issuing locks a version, editing after that
    starts the next version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")

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
        return self.status == self.Status.ISSUED


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
