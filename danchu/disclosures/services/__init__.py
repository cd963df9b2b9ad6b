"""Every change to disclosures goes through these functions (web views, API, tasks, demo, other modules).

One module per concept; the public functions are re-exported here, so `disclosures.services.<name>`
is the name to call. Other modules publish through `disclosure_publish_from_module` (from_modules.py,
see docs/disclosures.md).
"""

from __future__ import annotations

from .common import LIMITS, category_or_error, clean_text, default_issuing_unit, voice_for
from .drafts import Draft, disclosure_create, disclosure_update
from .files import ProofIn, Upload, attachment_add, posted_days, poster_of, proof_add
from .following import follow, followers_of, notify_followers, unfollow
from .from_modules import FromModule, disclosure_publish_from_module
from .obligations import (
    bulletin_for,
    bulletin_settings_set,
    check_overdue,
    obligation_on_event,
    obligations_refresh,
)
from .publishing import (
    disclosure_correct,
    disclosure_publish,
    disclosure_withdraw,
    end_expired,
    publish_due,
    record_view,
    retry_jobs,
)
from .purge import PurgeFailed, public_urls, purge_public_cache, send_purge
from .questions import question_answer, question_ask, question_moderate, question_to_case
from .text import render_body, render_markdown

__all__ = [
    "LIMITS",
    "category_or_error",
    "Draft",
    "PurgeFailed",
    "FromModule",
    "ProofIn",
    "Upload",
    "attachment_add",
    "bulletin_for",
    "bulletin_settings_set",
    "check_overdue",
    "clean_text",
    "default_issuing_unit",
    "disclosure_correct",
    "disclosure_create",
    "disclosure_publish",
    "disclosure_publish_from_module",
    "disclosure_update",
    "disclosure_withdraw",
    "end_expired",
    "follow",
    "followers_of",
    "notify_followers",
    "obligation_on_event",
    "obligations_refresh",
    "posted_days",
    "poster_of",
    "proof_add",
    "public_urls",
    "publish_due",
    "purge_public_cache",
    "question_answer",
    "question_ask",
    "question_moderate",
    "question_to_case",
    "record_view",
    "render_body",
    "render_markdown",
    "retry_jobs",
    "send_purge",
    "unfollow",
    "voice_for",
]
