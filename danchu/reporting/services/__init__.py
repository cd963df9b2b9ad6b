"""Writes of reporting: catalogue definitions, report-form submissions and their workflow, drafted
reports. Every function is the one use case that views, the API, tasks and the demo share."""

from __future__ import annotations

from .catalogue import _validated, data_element_save, indicator_define  # noqa: F401
from .reports import (  # noqa: F401
    HEADER_FIELDS,
    _copy_as_new_version,
    _report_title,
    _short_place_name,
    issuer_of,
    report_changed,
    report_draft,
    report_issue,
    report_update,
)
from .signing import (  # noqa: F401
    accepted_above,
    report_diff,
    report_sign,
    stated_codes,
    submissions_accept,
    unapproved,
)
from .submissions import (  # noqa: F401
    _flags,
    _parse_number,
    _refresh_later,
    assignment_for,
    check_rules,
    submission_decide,
    submission_open,
    submission_peek,
    submission_save,
    submission_submit,
)
