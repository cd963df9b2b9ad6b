from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.models import Body
from danchu.reporting.defaults import install_defaults


@pytest.fixture
def committee(steering_member: Any, province: Any) -> Any:
    return Body.objects.get(kind=Body.Kind.STEERING_COMMITTEE, place=province)


@pytest.fixture
def forms(province: Any, commune: Any, other_commune: Any, committee: Any) -> tuple[Any, Any]:
    """The quarterly and annual forms, reported by both communes of the province."""
    return install_defaults(province, committee)


REPORTED = {
    # commune index -> (quarterly received, resolved, on time, pib matters) for every quarter
    0: ("1000", "990", "980", "12"),
    1: ("500", "500", "490", "6"),
}


@pytest.fixture
def reported(forms: Any, commune: Any, other_commune: Any, admin_user: Any) -> dict[str, Any]:
    """Approved quarterly figures for 2024 and 2025 (2025 grows by 10%) and annual figures, rolled up."""
    from decimal import Decimal

    from danchu.reporting import rollup, services
    from danchu.reporting.periods import Period

    quarterly, annual = forms
    for year, grow in ((2024, Decimal("1")), (2025, Decimal("1.1"))):
        for q in (1, 2, 3, 4):
            for index, place in enumerate((commune, other_commune)):
                rec, res, ontime, pib = (Decimal(v) * grow for v in REPORTED[index])
                sub = services.submission_open(form=quarterly, place=place, period=Period.quarter(year, q))
                services.submission_save(
                    actor=admin_user,
                    submission=sub,
                    raw={
                        "adminreform.received": str(rec),
                        "adminreform.resolved": str(res),
                        "adminreform.resolved_on_time": str(ontime),
                        "pib.matters_supervised": str(pib),
                        "adminreform.communes_online": "1",
                    },
                )
                services.submission_submit(actor=admin_user, submission=sub)
                services.submission_decide(actor=admin_user, submission=sub, approve=True)
        for index, place in enumerate((commune, other_commune)):
            sub = services.submission_open(form=annual, place=place, period=Period.year(year))
            services.submission_save(
                actor=admin_user,
                submission=sub,
                raw={
                    "newrural.criteria_met": "19" if index == 0 else "15",
                    "newrural.standard": "1" if index == 0 else "0",
                },
            )
            services.submission_submit(actor=admin_user, submission=sub)
            services.submission_decide(actor=admin_user, submission=sub, approve=True)
        rollup.refresh(period=Period.year(year))
    return {"quarterly": quarterly, "annual": annual}
