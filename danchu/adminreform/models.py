"""Administrative-reform figures (cải cách hành chính): the one-stop desks (bộ phận một cửa) of communes
and provinces, the province-level departments that receive dossiers (sở, ban, ngành), the dossiers
received and resolved on time per unit and period, and the online public services by level.

Departments are modelled here, not as accounts' bodies: a body is where people hold roles
(committees, boards); a department here is only the unit a one-stop system reports dossiers for, keyed
by the code that system exports (docs/adminreform.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place


def alive_during(unit: Place | Department, start: dt.date, end: dt.date) -> bool:
    """Whether the unit existed on some day from `start` to `end` (no recorded start or end: it
    existed before or after our records)."""
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or start <= unit.valid_to
    )


class Department(models.Model):
    """A province-level department with a one-stop desk (Sở Tư pháp, Sở Nông nghiệp và Môi trường…)."""

    province = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="reform_departments", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["province", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="adminreform_department_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Centre(models.Model):
    """A one-stop desk or public administrative service centre of a commune or a province."""

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="reform_centres", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["place", "opened_on"]

    def __str__(self) -> str:
        return self.name


class ServiceLevel(models.TextChoices):
    """Online public services by level, in the terms of the rule in force (docs/adminreform.md):
    Decree 43/2011/NĐ-CP levels 3 and 4 until 31/7/2022; Decree 42/2022/NĐ-CP "toàn trình" and
    "một phần" from 1/8/2022 [U: dates to verify]."""

    LEVEL_3 = "level_3", _("Level 3")  # mức độ 3
    LEVEL_4 = "level_4", _("Level 4")  # mức độ 4
    FULL = "full", _("Full online")  # toàn trình
    PARTIAL = "partial", _("Partly online")  # một phần


class Figure(models.Model):
    """One unit's one-stop figures for one period, as the one-stop system exported them: a commune, or a
    province-level department (then `place` is its province)."""

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="reform_figures", verbose_name=_("unit")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="figures"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    carried_over = models.PositiveIntegerField(_("carried over"), default=0)
    received = models.PositiveIntegerField(_("received"), default=0)
    received_online = models.PositiveIntegerField(_("received online"), default=0)
    resolved = models.PositiveIntegerField(_("resolved"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("resolved on time"), default=0)
    services_level_3 = models.PositiveIntegerField(null=True, blank=True)
    services_level_4 = models.PositiveIntegerField(null=True, blank=True)
    services_full = models.PositiveIntegerField(null=True, blank=True)
    services_partial = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["place", "department", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "start", "end"],
                condition=Q(department__isnull=True),
                name="adminreform_figure_unit_period_unique",
            ),
            models.UniqueConstraint(
                fields=["department", "start", "end"],
                condition=Q(department__isnull=False),
                name="adminreform_figure_department_period_unique",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on_time__lte=F("resolved")), name="adminreform_on_time_le_resolved"
            ),
            models.CheckConstraint(
                condition=Q(resolved__lte=F("received") + F("carried_over")),
                name="adminreform_resolved_le_received",
            ),
            models.CheckConstraint(
                condition=Q(received_online__lte=F("received")), name="adminreform_online_le_received"
            ),
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="adminreform_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.department or self.place} {self.start}–{self.end}"

    def services(self) -> list[tuple[str, int]]:
        pairs = [
            (ServiceLevel.LEVEL_3, self.services_level_3),
            (ServiceLevel.LEVEL_4, self.services_level_4),
            (ServiceLevel.FULL, self.services_full),
            (ServiceLevel.PARTIAL, self.services_partial),
        ]
        return [(str(level.label), n) for level, n in pairs if n is not None]
