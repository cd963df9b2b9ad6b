"""Objects of reporting for the access matrix: the unit's drafted report and its annual form, whose
submission of the unit (form code, the unit's code, a period of the form's type) each submission path
meets."""

from __future__ import annotations

import json
from typing import Any

from danchu.accounts.models import Body
from danchu.reporting import services
from danchu.reporting.defaults import install_defaults
from danchu.reporting.models import ReportForm
from danchu.reporting.periods import Period

API = "api:/api/v1/reporting/forms/{form_code}/submissions"
SUBMISSION_PATHS = ("", "/{place_code}/{period}", "/{place_code}/{period}/submit")


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
        for path in SUBMISSION_PATHS:
            values[f"{API}{path}:form_code"] = form.code
            if "{period}" in path:
                values[f"{API}{path}:period"] = period.code
        # The list takes its place and period as query parameters; saving takes the values.
        values["api-body:GET /api/v1/reporting/forms/{form_code}/submissions"] = json.dumps(
            {"place": commune.code, "period": period.code}
        )
        values["api-body:PUT /api/v1/reporting/forms/{form_code}/submissions/{place_code}/{period}"] = (
            json.dumps({"values": {}})
        )
    return values
