"""Default reference data: the two usual report forms (quarterly and annual) of a provincial
steering committee (the new-rural criteria sets are newrural's). Used by the demo and by
installations as a start; administrators change them in the admin."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from danchu.places.models import Level, Place

from .models import FormAssignment, FormElement, ReportForm, ValidationRule
from .periods import PeriodType
from .registry import form_parts

# Reporting's own elements; the modules add theirs (registry.register_form_part: the one-stop dossiers
# from adminreform, the new-rural criteria and recognitions from newrural), so that reporting names
# no module's indicator.
QUARTERLY = {
    "code": "QCDC-Q",
    "name": "Báo cáo quý thực hiện QCDC ở cơ sở",
    "period_type": PeriodType.QUARTER,
    "due_days": 10,
    "elements": [],
    "required": [],
    "rules": [],
}
ANNUAL = {
    "code": "QCDC-N",
    "name": "Báo cáo năm thực hiện QCDC ở cơ sở",
    "period_type": PeriodType.YEAR,
    "due_days": 15,
    "elements": [],
    "required": [],
    "rules": [],
}


def with_parts(spec: dict[str, Any]) -> dict[str, Any]:
    """The form's spec with the modules' parts first (in the order they registered)."""
    parts = form_parts(spec["code"])
    return {
        **spec,
        "elements": [c for p in parts for c in p.codes] + list(spec["elements"]),
        "required": [c for p in parts for c in p.required] + list(spec["required"]),
        "rules": [r for p in parts for r in p.rules] + list(spec["rules"]),
    }


@transaction.atomic
def install_form(
    spec: dict[str, Any], scope: Place, committee: Any = None, units: list[Place] | None = None
) -> ReportForm:
    spec = with_parts(spec)
    form, created = ReportForm.objects.get_or_create(
        code=spec["code"],
        defaults={"name": spec["name"], "period_type": spec["period_type"], "due_days": spec["due_days"]},
    )
    if created:
        FormElement.objects.bulk_create(
            [
                FormElement(form=form, code=c, order=i, required=c in spec["required"])
                for i, c in enumerate(spec["elements"])
            ]
        )
        ValidationRule.objects.bulk_create(
            [
                ValidationRule(form=form, name=n, left=left, operator=op, right=right)
                for n, left, op, right in spec["rules"]
            ]
        )
    assignment, _ = FormAssignment.objects.get_or_create(
        form=form, scope=scope, level=Level.COMMUNE, defaults={"committee": committee}
    )
    if units:
        assignment.units.add(*units)
    return form


def install_defaults(
    scope: Place, committee: Any = None, units: list[Place] | None = None
) -> tuple[ReportForm, ReportForm]:
    """The two forms assigned within `scope` (to `units` only, if given; else every commune)."""
    return install_form(QUARTERLY, scope, committee, units), install_form(ANNUAL, scope, committee, units)
