"""Default reference data: the new-rural criteria sets and the two usual report forms (quarterly
and annual) of a provincial steering committee. Used by the demo and by installations as a start;
administrators change them in the admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from danchu.places.models import Level, Place

from .models import CriteriaSet, Criterion, FormAssignment, FormElement, ReportForm, ValidationRule
from .periods import PeriodType
from .registry import form_parts

# DOMAIN.md §11.4: Decision 1980/QĐ-TTg (2016–2020), 19 criteria; 2021–2025 keeps 19 (Decision 318/QĐ-TTg [U]).
NTM_CRITERIA = [
    ("Quy hoạch", "Quy hoạch"),
    ("Hạ tầng kinh tế - xã hội", "Giao thông"),
    ("Hạ tầng kinh tế - xã hội", "Thủy lợi"),
    ("Hạ tầng kinh tế - xã hội", "Điện"),
    ("Hạ tầng kinh tế - xã hội", "Trường học"),
    ("Hạ tầng kinh tế - xã hội", "Cơ sở vật chất văn hóa"),
    ("Hạ tầng kinh tế - xã hội", "Cơ sở hạ tầng thương mại nông thôn"),
    ("Hạ tầng kinh tế - xã hội", "Thông tin và Truyền thông"),
    ("Hạ tầng kinh tế - xã hội", "Nhà ở dân cư"),
    ("Kinh tế và tổ chức sản xuất", "Thu nhập"),
    ("Kinh tế và tổ chức sản xuất", "Hộ nghèo"),
    ("Kinh tế và tổ chức sản xuất", "Lao động có việc làm"),
    ("Kinh tế và tổ chức sản xuất", "Tổ chức sản xuất"),
    ("Văn hóa - xã hội - môi trường", "Giáo dục và Đào tạo"),
    ("Văn hóa - xã hội - môi trường", "Y tế"),
    ("Văn hóa - xã hội - môi trường", "Văn hóa"),
    ("Văn hóa - xã hội - môi trường", "Môi trường và an toàn thực phẩm"),
    ("Hệ thống chính trị", "Hệ thống chính trị và tiếp cận pháp luật"),
    ("Hệ thống chính trị", "Quốc phòng và An ninh"),
]

# Reporting's own elements; the modules add theirs (registry.register_form_part: the one-stop dossiers
# from adminreform, the new-rural criteria and recognitions from newrural), so that reporting names
# no module's indicator.
QUARTERLY = {
    "code": "QCDC-Q",
    "name": "Báo cáo quý thực hiện QCDC ở cơ sở",
    "period_type": PeriodType.QUARTER,
    "due_days": 10,
    "elements": [
        "reception.sessions_reported",
        "dialogue.sessions_reported",
        "pib.matters_supervised",
        "pib.violations",
        "pib.recommendations",
        "pib.recommendations_resolved",
    ],
    "required": [],
    "rules": [
        ("Vụ việc có dấu hiệu vi phạm ≤ vụ việc giám sát", "pib.violations", "<=", "pib.matters_supervised"),
        ("Kiến nghị đã giải quyết ≤ kiến nghị", "pib.recommendations_resolved", "<=", "pib.recommendations"),
    ],
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
def install_criteria() -> CriteriaSet:
    cs, created = CriteriaSet.objects.get_or_create(
        name="Bộ tiêu chí quốc gia về xã nông thôn mới",
        version="2021-2025",
        defaults={
            "legal_basis": "Quyết định số 318/QĐ-TTg năm 2022",
            "criteria_count": len(NTM_CRITERIA),
            "valid_from": dt.date(2021, 1, 1),
            "valid_to": dt.date(2025, 12, 31),
        },
    )
    if created:
        Criterion.objects.bulk_create(
            [
                Criterion(criteria_set=cs, number=i, group=g, name=n)
                for i, (g, n) in enumerate(NTM_CRITERIA, start=1)
            ]
        )
    # The 2026–2030 set is still a draft (§11.4); until it is issued, the 2021–2025 set applies.
    cs.valid_to = None
    cs.save(update_fields=["valid_to"])
    return cs


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
    install_criteria()
    return install_form(QUARTERLY, scope, committee, units), install_form(ANNUAL, scope, committee, units)
