"""Data elements typed into report forms: figures danchu holds no records for (DOMAIN.md "What
steering committees report today"). Modules register their computed indicators themselves (the
agencies' and enterprises' conferences come from the workplaces module's records, no longer typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .registry import Section, register_ratio, register_reported, register_value_rule

# Administrative procedures at the one-stop desk (bộ phận một cửa). The same figures recorded by
# adminreform (its imports of the one-stop systems' exports) are their twins: the report states one
# of each pair, and a typed figure below the recorded one is flagged for the approver.
register_reported(
    code="onestop.received",
    section=Section.ADMIN_REFORM,
    at_least_computed="adminreform.received",
    name=_("One-stop dossiers received"),
    definition=_("Administrative-procedure dossiers received at the one-stop desk in the period"),
    public=True,
    order=10,
    phrase=_("received %(figure)s administrative-procedure dossiers"),
)
register_reported(
    code="onestop.resolved",
    section=Section.ADMIN_REFORM,
    at_least_computed="adminreform.resolved",
    name=_("One-stop dossiers resolved"),
    public=True,
    order=11,
    phrase=_("resolved %(figure)s dossiers"),
)
register_reported(
    code="onestop.resolved_on_time",
    section=Section.ADMIN_REFORM,
    at_least_computed="adminreform.resolved_on_time",
    name=_("One-stop dossiers resolved on time"),
    public=True,
    order=12,
    phrase=_("%(figure)s of them on time"),
)
register_ratio(
    code="onestop.resolved_rate",
    section=Section.ADMIN_REFORM,
    name=_("Share of dossiers resolved"),
    numerator="onestop.resolved",
    denominator="onestop.received",
    public=True,
    order=13,
    phrase=_("a resolution rate of %(figure)s"),
)
register_ratio(
    code="onestop.on_time_rate",
    section=Section.ADMIN_REFORM,
    name=_("Share of dossiers resolved on time"),
    numerator="onestop.resolved_on_time",
    denominator="onestop.resolved",
    same_as="adminreform.on_time_rate",
    public=True,
    order=14,
    phrase=_("resolved on time: %(figure)s"),
)
register_reported(
    code="onestop.online_services",
    section=Section.ADMIN_REFORM,
    name=_("Online public services offered (levels 3 and 4)"),
    aggregation="sum",
    order=15,
    phrase=_("offered %(figure)s online public services"),
)
register_reported(
    code="onestop.offers_online",
    section=Section.ADMIN_REFORM,
    name=_("Communes offering online public services"),
    aggregation="count_units",
    public=True,
    definition=_("1 if the commune offers level 3 or 4 online public services"),
    order=16,
    phrase=_("online public services available in %(figure)s communes"),
)

# Citizen reception: the reported count must not be below the sessions danchu recorded.
register_reported(
    code="reception.sessions_reported",
    section=Section.DAN_GIAM_SAT,
    name=_("Citizen reception sessions (reported)"),
    at_least_computed="receptions.held",
    order=20,
    phrase=_("held %(figure)s citizen reception sessions"),
)
register_reported(
    code="dialogue.sessions_reported",
    section=Section.DAN_GIAM_SAT,
    name=_("Dialogues of leaders with the people (reported)"),
    at_least_computed="dialogues.held",
    order=21,
    phrase=_("held %(figure)s dialogues between leaders and the people"),
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
    phrase=_("the People's Inspection Boards supervised %(figure)s matters"),
)
register_reported(
    code="pib.violations",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_with_violation",
    name=_("Matters with signs of violation found"),
    public=True,
    order=31,
    phrase=_("found %(figure)s with signs of violation"),
)
register_reported(
    code="pib.recommendations",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_recommended",
    name=_("Recommendations made to the authorities"),
    public=True,
    order=32,
    phrase=_("recommended that the competent authorities resolve %(figure)s matters"),
)
register_reported(
    code="pib.recommendations_resolved",
    section=Section.DAN_GIAM_SAT,
    at_least_computed="oversight.matters_resolved",
    name=_("Recommendations resolved"),
    public=True,
    order=33,
    phrase=_("%(figure)s recommendations have been resolved"),
)

# New rural development: criteria met per commune, against the criteria set in force (§11.4).
register_reported(
    code="ntm.criteria_met",
    section=Section.NEW_RURAL,
    name=_("New-rural criteria met (average per commune)"),
    aggregation="avg",
    order=50,
    phrase=_("communes meet %(figure)s criteria on average"),
)
register_reported(
    code="ntm.recognised",
    unit_kinds=("commune",),  # new-rural standard: xã only, not wards or townships
    section=Section.NEW_RURAL,
    name=_("Communes recognised as meeting the new-rural standard"),
    aggregation="count_units",
    public=True,
    definition=_("1 if the commune has been recognised as a new-rural commune"),
    order=51,
    phrase=_("%(figure)s communes recognised as meeting the new-rural standard"),
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
