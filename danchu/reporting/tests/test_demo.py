from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from danchu.core.demo import DEMO_STEPS
from danchu.reporting.completeness import completeness
from danchu.reporting.models import ReportForm
from danchu.reporting.periods import Period


@pytest.mark.slow
def test_demo_fills_dashboards_and_drafts_a_report_like_the_seeds(db: Any) -> None:
    ctx: dict[str, Any] = {"credentials": []}
    for step in sorted(DEMO_STEPS, key=lambda s: s.order):
        if step.name in ("places", "accounts", "steering", "reporting"):
            with transaction.atomic():
                step.build(ctx)
    report = ctx["report"]
    text = " ".join(s.text for s in report.sections.all())
    assert "so với cùng kỳ" in text and "xã đạt" in text and "Hồ sơ thủ tục hành chính" in text
    assert report.sections.get(key="shortcomings").text == ""
    import datetime as dt

    quarter = Period.containing(timezone.localdate(), "quarter").previous()
    while quarter.due_date(10) + dt.timedelta(days=7) > timezone.localdate():
        quarter = quarter.previous()
    status = completeness(ReportForm.objects.get(code="QCDC-Q"), ctx["province"], quarter)
    states = sorted(u.state for u in status.units)
    assert states.count("on_time") == 1 and states.count("late") == 1 and len(status.not_submitted()) == 1
