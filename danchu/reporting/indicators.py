"""Data elements typed into report forms: figures danchu holds no records for (DOMAIN.md "What
steering committees report today"). Modules register their computed indicators themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .registry import Section, register_ratio, register_reported, register_value_rule

# Administrative procedures at the one-stop desk (bộ phận một cửa).
register_reported(
    code="onestop.received",
    section=Section.DAN_BIET,
    name=_("One-stop dossiers received"),
    definition=_("Administrative-procedure dossiers received at the one-stop desk in the period"),
    public=True,
    order=10,
)
register_reported(
    code="onestop.resolved",
    section=Section.DAN_BIET,
    name=_("One-stop dossiers resolved"),
    public=True,
    order=11,
)
register_reported(
    code="onestop.resolved_on_time",
    section=Section.DAN_BIET,
    name=_("One-stop dossiers resolved on time"),
    public=True,
    order=12,
)
register_ratio(
    code="onestop.resolved_rate",
    section=Section.DAN_BIET,
    name=_("Share of dossiers resolved"),
    numerator="onestop.resolved",
    denominator="onestop.received",
    public=True,
    order=13,
)
register_ratio(
    code="onestop.on_time_rate",
    section=Section.DAN_BIET,
    name=_("Share of dossiers resolved on time"),
    numerator="onestop.resolved_on_time",
    denominator="onestop.resolved",
    public=True,
    order=14,
)
register_reported(
    code="onestop.online_services",
    section=Section.DAN_BIET,
    name=_("Online public services offered (levels 3 and 4)"),
    aggregation="sum",
    order=15,
)
register_reported(
    code="onestop.offers_online",
    section=Section.DAN_BIET,
    name=_("Communes offering online public services"),
    aggregation="count_units",
    public=True,
    definition=_("1 if the commune offers level 3 or 4 online public services"),
    order=16,
)

# Citizen reception: the reported count must not be below the sessions danchu recorded.
register_reported(
    code="reception.sessions_reported",
    section=Section.DAN_GIAM_SAT,
    name=_("Citizen reception sessions (reported)"),
    at_least_computed="receptions.held",
    order=20,
)
register_reported(
    code="dialogue.sessions_reported",
    section=Section.DAN_GIAM_SAT,
    name=_("Dialogues of leaders with the people (reported)"),
    at_least_computed="dialogues.held",
    order=21,
)

# People's Inspection Boards (Hà Nội 2021: 4.956 matters, 648 with signs of violation, 586 recommended):
# typed in for the units whose boards keep no records in danchu; never below what the records show.
register_reported(
    code="pib.matters_supervised",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_supervised",
    name=_("Matters supervised by People's Inspection Boards"),
    public=True,
    order=30,
)
register_reported(
    code="pib.violations",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_with_violation",
    name=_("Matters with signs of violation found"),
    public=True,
    order=31,
)
register_reported(
    code="pib.recommendations",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_recommended",
    name=_("Recommendations made to the authorities"),
    public=True,
    order=32,
)
register_reported(
    code="pib.recommendations_resolved",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_resolved",
    name=_("Recommendations resolved"),
    public=True,
    order=33,
)

# Agencies and enterprises (24/24 held the officials' conference; 13/15 the workers' conference).
register_reported(
    code="workplaces.agencies",
    section=Section.WORKPLACES,
    name=_("Agencies and public units required to hold the officials' conference"),
    order=40,
)
register_reported(
    code="workplaces.agencies_held",
    section=Section.WORKPLACES,
    name=_("Agencies and public units that held the officials' conference"),
    order=41,
)
register_ratio(
    code="workplaces.agencies_held_rate",
    section=Section.WORKPLACES,
    name=_("Agencies and public units that held the officials' conference"),
    numerator="workplaces.agencies_held",
    denominator="workplaces.agencies",
    public=True,
    order=42,
)
register_reported(
    code="workplaces.enterprises",
    section=Section.WORKPLACES,
    name=_("Enterprises required to hold the workers' conference"),
    order=43,
)
register_reported(
    code="workplaces.enterprises_held",
    section=Section.WORKPLACES,
    name=_("Enterprises that held the workers' conference"),
    order=44,
)
register_ratio(
    code="workplaces.enterprises_held_rate",
    section=Section.WORKPLACES,
    name=_("Enterprises that held the workers' conference"),
    numerator="workplaces.enterprises_held",
    denominator="workplaces.enterprises",
    public=True,
    order=45,
)

# New rural development: criteria met per commune, against the criteria set in force (§11.4).
register_reported(
    code="ntm.criteria_met",
    section=Section.DAN_THU_HUONG,
    name=_("New-rural criteria met (average per commune)"),
    aggregation="avg",
    order=50,
)
register_reported(
    code="ntm.recognised",
    section=Section.DAN_THU_HUONG,
    name=_("Communes recognised as meeting the new-rural standard"),
    aggregation="count_units",
    public=True,
    definition=_("1 if the commune has been recognised as a new-rural commune"),
    order=51,
)


def _criteria_within_the_set(period_end: dt.date, met: Any) -> str:
    from .models import CriteriaSet

    cs = CriteriaSet.in_force(period_end)
    if cs and met > cs.criteria_count:
        return gettext(
            "Rule “criteria met ≤ criteria in the set” is broken: the set %(set)s has %(n)s criteria."
        ) % {
            "set": cs,
            "n": cs.criteria_count,
        }
    return ""


register_value_rule("ntm.criteria_met", _criteria_within_the_set)
