"""Reporting: the indicator catalogue kept in the database, report forms (data sets) and their
submissions, the pre-aggregated indicator values, and the reports drafted for steering committees."""

from __future__ import annotations

from .catalogue import DataElement, IndicatorDefinition, known_codes  # noqa: F401
from .forms import FormAssignment, FormElement, ReportForm, ValidationRule  # noqa: F401
from .reports import DraftReport, DraftSection, DraftSentence, ReminderSent  # noqa: F401
from .submissions import Acceptance, HistoryUpload, ReportedValue, Submission, SubmissionQuerySet  # noqa: F401
from .values import COMMUNE_GRAIN, LEAF, IndicatorValue, RefreshRun, RollupVersion, rollup_scope  # noqa: F401
