"""Democracy in agencies, public service units and enterprises (DOMAIN.md §7): the units, their own
democracy regulation, their annual conferences and (enterprises) workplace dialogue. The rules the
law sets (quorum, passing share, required contents, dialogue frequency, employee-side size) are data
with their article and validity dates, so a new decree is a new row, not new code."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.models import Body
from danchu.core.models import in_force_on
from danchu.places.models import Place


class UnitType(models.TextChoices):
    AGENCY = "agency", _("State agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    ENTERPRISE = "enterprise", _("Enterprise")


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned")
    FDI = "fdi", _("Foreign-invested (FDI)")
    PRIVATE = "private", _("Private")
    COLLECTIVE = "collective", _("Cooperative")
    NOT_APPLICABLE = "none", _("Not applicable")


class Unit(models.Model):
    """An agency, public service unit or enterprise. Its accounts.Body carries the people: the
    representatives of the head and of the trade union hold the role WORKPLACE_REP on that body."""

    body = models.OneToOneField(Body, on_delete=models.PROTECT, related_name="workplace")
    code = models.CharField(_("code"), max_length=40, unique=True)
    unit_type = models.CharField(_("type"), max_length=20, choices=UnitType.choices)
    ownership = models.CharField(
        _("ownership"), max_length=12, choices=Ownership.choices, default=Ownership.STATE
    )
    employees = models.PositiveIntegerField(_("employees"), default=0)
    # Staff working in places far apart: the unit may convene delegates whatever its size.
    dispersed = models.BooleanField(_("staff work in dispersed places"), default=False)
    head_name = models.CharField(pgettext_lazy("workplace", "head"), max_length=200, blank=True)
    union_chair_name = models.CharField(_("trade union chair"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        ordering = ["unit_type", "body__name"]
        verbose_name = _("agency or enterprise")
        verbose_name_plural = _("agencies and enterprises")

    def __str__(self) -> str:
        return self.body.name

    @property
    def name(self) -> str:
        return self.body.name

    @property
    def place(self) -> Place:
        return self.body.place

    @property
    def is_enterprise(self) -> bool:
        return self.unit_type == UnitType.ENTERPRISE


class RegulationVersion(models.Model):
    """One version of the unit's own democracy regulation (quy chế dân chủ; enterprises: Decree
    145/2020 Art. 48, issued after consulting the employees' representative organisation)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="regulations")
    number = models.PositiveSmallIntegerField(_("version"))
    reference = models.CharField(_("document number and symbol"), max_length=120)
    issued_on = models.DateField(_("issued on"))
    summary = models.TextField(_("summary"), blank=True)
    consulted_on = models.DateField(_("employees' representatives consulted on"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="workplaces/regulations/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="workplaces_regulation_number")
        ]
        verbose_name = _("democracy regulation version")
        verbose_name_plural = _("democracy regulation versions")

    def __str__(self) -> str:
        return f"{self.reference} (v{self.number})"


class ConferenceKind(models.TextChoices):
    OFFICIALS = "officials", _("Conference of officials and public employees")
    WORKERS = "workers", _("Employees' conference")


class RuleQuerySet(models.QuerySet[Any]):
    def valid_on(self, on: dt.date) -> RuleQuerySet:
        return self.filter(in_force_on(on))


class ConferenceRule(models.Model):
    """The rule for one kind of conference: quorum, passing share, the date by which the year's
    conference is due, and the contents the law requires (a checklist)."""

    class PassBase(models.TextChoices):
        PRESENT = "present", _("delegates present")
        CONVENED = "convened", _("delegates convened")

    kind = models.CharField(_("kind"), max_length=12, choices=ConferenceKind.choices)
    quorum_num = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_den = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    pass_percent = models.PositiveSmallIntegerField(_("passing share (more than %)"), default=50)
    # Units of at most this many staff convene all of them; larger (or dispersed) units may convene
    # delegates. Empty: no such rule.
    all_staff_up_to = models.PositiveIntegerField(_("all staff convened up to"), null=True, blank=True)
    pass_base = models.CharField(
        _("passing share of"), max_length=10, choices=PassBase.choices, default=PassBase.PRESENT
    )
    due_month = models.PositiveSmallIntegerField(_("due by month"), default=12)
    due_day = models.PositiveSmallIntegerField(_("due by day"), default=31)
    contents = models.JSONField(
        _("required contents"),
        default=list,
        help_text=_('A list of {key, label} items; an item with "ownership" (a list) applies to those only.'),
    )
    article = models.CharField(_("legal basis"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("conference rule")
        verbose_name_plural = _("conference rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.article})"

    def due_date(self, year: int) -> dt.date:
        last = calendar.monthrange(year, self.due_month)[1]
        return dt.date(year, self.due_month, min(self.due_day, last))

    def quorum_met(self, convened: int, present: int) -> bool:
        return convened > 0 and present * self.quorum_den >= convened * self.quorum_num

    def passes(self, *, votes_for: int, convened: int, present: int) -> bool:
        base = present if self.pass_base == self.PassBase.PRESENT else convened
        return base > 0 and votes_for * 100 > base * self.pass_percent


class Conference(models.Model):
    class Status(models.TextChoices):
        CONVENED = "convened", _("convened")
        HELD = "held", pgettext_lazy("conference", "held")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="conferences")
    kind = models.CharField(_("kind"), max_length=12, choices=ConferenceKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    extraordinary = models.BooleanField(_("extraordinary"), default=False)
    rule = models.ForeignKey(ConferenceRule, on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField(_("planned for"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    delegates_convened = models.PositiveIntegerField(_("delegates convened"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONVENED)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    delegates_present = models.PositiveIntegerField(_("delegates present"), null=True, blank=True)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    contents_done = models.JSONField(_("contents covered"), default=list)
    proceedings = models.TextField(_("proceedings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-planned_on"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} — {self.unit}"

    @property
    def required_contents(self) -> list[dict[str, Any]]:
        """The rule's checklist for this unit: an item may apply only to some ownerships (the report
        and election of a People's Inspection Board at a workers' conference: state enterprises)."""
        return [
            item
            for item in self.rule.contents
            if not item.get("ownership") or self.unit.ownership in item["ownership"]
        ]

    @property
    def quorum_met(self) -> bool:
        return self.delegates_present is not None and self.rule.quorum_met(
            self.delegates_convened, self.delegates_present
        )

    @property
    def on_time(self) -> bool:
        return self.held_on is not None and self.held_on <= self.rule.due_date(self.year)


class DialogueRule(models.Model):
    """How often periodic workplace dialogue is due (Labour Code 2019 Art. 63(2)(a): once a year)."""

    per_year = models.PositiveSmallIntegerField(_("periodic dialogues a year at least"), default=1)
    employer_side_min = models.PositiveSmallIntegerField(_("employer side at least"), default=3)
    article = models.CharField(_("legal basis"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("dialogue rule")
        verbose_name_plural = _("dialogue rules")

    def __str__(self) -> str:
        return self.article


class EmployeeSideTier(models.Model):
    """The employee side's minimum size by the enterprise's headcount (Decree 145/2020 Art. 38)."""

    employees_from = models.PositiveIntegerField(_("employees from"))
    employees_to = models.PositiveIntegerField(_("employees up to"), null=True, blank=True)
    members_min = models.PositiveSmallIntegerField(_("employee side at least"))

    class Meta:
        ordering = ["employees_from"]
        verbose_name = _("employee-side tier")
        verbose_name_plural = _("employee-side tiers")

    def __str__(self) -> str:
        return f"{self.employees_from}–{self.employees_to or '∞'}: {self.members_min}"


class Dialogue(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("periodic")
        REQUEST = "request", _("on request")
        EVENT = "event", _("on an event of Labour Code Art. 63")

    class Event(models.TextChoices):
        NONE = "", "—"
        DISMISSAL = "art36", _("Art. 36(1)(a): termination for not performing work")
        RESTRUCTURING = "art42", _("Art. 42: restructuring or technology change")
        EMPLOYMENT_PLAN = "art44", _("Art. 44: employment plan")
        WAGE_SCALE = "art93", _("Art. 93: wage scale and norms")
        BONUS = "art104", _("Art. 104: bonus regulation")
        LABOUR_RULES = "art118", _("Art. 118: internal labour regulations")
        SUSPENSION = "art128", _("Art. 128(1): suspension from work")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="dialogues")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    event = models.CharField(_("event"), max_length=10, choices=Event.choices, blank=True)
    held_on = models.DateField(_("held on"))
    employer_side = models.PositiveSmallIntegerField(_("employer side"))
    employee_side = models.PositiveSmallIntegerField(_("employee side"))
    participants = models.TextField(_("participants"), blank=True)
    issues = models.TextField(_("issues raised"), blank=True)
    issues_received = models.PositiveIntegerField(_("issues received"), default=0)
    issues_resolved = models.PositiveIntegerField(_("issues resolved"), default=0)
    agreements = models.TextField(_("agreements"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("workplace dialogue")
        verbose_name_plural = _("workplace dialogues")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y} — {self.unit}"


class Reminder(models.Model):
    """A reminder sent to a unit's representatives before a conference or the year's periodic
    dialogue falls due (sent once a year)."""

    DIALOGUE = "dialogue"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # a ConferenceKind, or DIALOGUE
    year = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="workplaces_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.year}"


class Delegate(models.Model):
    """A delegate present at a conference who has an account, so may cast the secret ballot online in
    the conference's elections (meetings' machinery). The attendance and the quorum stay the counts
    of Conference; this list says only who votes online (the others vote on paper)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "person"], name="workplaces_delegate_once")
        ]
        verbose_name = pgettext_lazy("conference", "delegate")
        verbose_name_plural = pgettext_lazy("conference", "delegates")

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.person_id}"
