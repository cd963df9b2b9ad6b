"""Data elements typed into report forms: figures danchu holds no records for (DOMAIN.md "What
steering committees report today"). Modules register their computed indicators themselves, and the
figures of their concepts that units without records type in (``register_computed(typed=True)``:
the one-stop dossiers in adminreform, the new-rural criteria and recognitions in newrural)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .registry import Section, register_reported

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
