"""What a community investment supervision board checks at the site (DOMAIN.md §6.2; Decree 84/2015
on investment supervision, kept in Decree 59/2023 Arts. 17–18). Rules as data: one entry per item."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CHECKLIST: list[tuple[str, object]] = [
    ("plans", _("Conformity with the approved plans")),
    ("decision", _("Investment decision, investor and project management unit")),
    ("schedule", _("Schedule and investment plan")),
    ("land", _("Land area and land use")),
    ("site_plan", _("Detailed site plan and architecture")),
    ("clearance", _("Compensation, site clearance and resettlement")),
    ("environment", _("Waste treatment and environmental protection")),
    ("quality", _("Quality and progress on site")),
]
CODES = [code for code, _label in CHECKLIST]


class Status:
    OK = "ok"
    ISSUE = "issue"
    NA = "na"
    ALL = ("ok", "issue", "na")
