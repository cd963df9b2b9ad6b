"""Objects of reporting for the access matrix: the unit's drafted report and its annual form."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Body
from danchu.reporting import services
from danchu.reporting.defaults import install_defaults
from danchu.reporting.models import ReportForm
from danchu.reporting.periods import Period


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    province = commune.parent
    committee, _ = Body.objects.get_or_create(
        kind=Body.Kind.STEERING_COMMITTEE, place=province, defaults={"name": "Ban Chỉ đạo QCDC tỉnh"}
    )
    if not ReportForm.objects.exists():
        install_defaults(province, committee)
    form = ReportForm.objects.filter(period_type="year").first() or ReportForm.objects.first()
    report = services.report_draft(actor=officer, place=commune, period=Period.year(2025))
    values = {"reporting:pk": str(report.pk)}
    if form is not None:
        period = Period.containing(Period.year(2025).end, form.period_type)
        values |= {"reporting:entry:form_code": form.code, "reporting:entry:period_code": period.code}
        values |= {"api:reporting:form_code": form.code, "api:reporting:period": period.code}
    return values
