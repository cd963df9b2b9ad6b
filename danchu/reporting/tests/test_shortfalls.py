"""The report's shortcomings are registered by the modules that own their indicators (reporting names
none), and are stated in the same order whichever module loads first."""

from __future__ import annotations

from danchu.reporting import shortcomings
from danchu.reporting.registry import SHORTFALLS


def test_each_module_registers_its_shortfall_and_the_report_keeps_their_order() -> None:
    assert shortcomings.SHORTFALLS is SHORTFALLS
    ordered = [sf.key for sf in sorted(SHORTFALLS, key=lambda sf: sf.order)]
    assert ordered == [
        "cases_late",
        "disclosures_late",
        "workplaces_no_conference",
        "oversight_unanswered",
        "pib_unresolved",
        "steering_recommendations_open",
    ]
    owners = {sf.key: sf.total.split(".")[0] for sf in SHORTFALLS}
    assert owners["cases_late"] == "cases" and owners["steering_recommendations_open"] == "steering"
