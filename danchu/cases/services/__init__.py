"""Writes of the cases module: one function per use case, shared by web views, the API, Open311,
imports and jobs, split by concept. Each runs atomically, leaves an audit entry and a timeline event,
and raises a DomainError with a translated message. Other apps import from here."""

from __future__ import annotations

from .. import vault
from ..models import Complexity, State
from .answers import (
    case_close,
    case_link,
    case_merge,
    case_rate,
    case_reopen,
    case_respond,
    case_sign_reply,
)
from .authority import contact_add, contact_set_active, delegation_grant, delegation_revoke
from .common import Identity, IdentityRequired, new_tracking_code, tell_submitters
from .handling import (
    case_accept,
    case_assign,
    case_extend,
    case_extend_acceptance,
    case_pause,
    case_record_limitation,
    case_refuse,
    case_resume,
    case_send_acceptance_notice,
    case_transfer,
)
from .identity import refuse_reveal, reveal_identity
from .intake import CaseSubmission, case_submit, check_input
from .jobs import remind_and_escalate
from .keys import resend_key
from .reception import (
    apikey_check,
    apikey_issue,
    apikey_revoke,
    dialogue_add,
    reception_log_add,
    reception_slot_add,
)
from .remote import is_remote, unit_code_remote

__all__ = [
    "CaseSubmission",
    "Complexity",
    "Identity",
    "IdentityRequired",
    "State",
    "apikey_check",
    "apikey_issue",
    "apikey_revoke",
    "case_accept",
    "case_assign",
    "case_close",
    "case_extend",
    "case_extend_acceptance",
    "case_link",
    "case_merge",
    "case_pause",
    "case_rate",
    "case_record_limitation",
    "case_refuse",
    "case_reopen",
    "case_respond",
    "case_resume",
    "case_send_acceptance_notice",
    "case_sign_reply",
    "case_submit",
    "case_transfer",
    "check_input",
    "contact_add",
    "contact_set_active",
    "delegation_grant",
    "delegation_revoke",
    "dialogue_add",
    "is_remote",
    "new_tracking_code",
    "reception_log_add",
    "reception_slot_add",
    "refuse_reveal",
    "remind_and_escalate",
    "resend_key",
    "reveal_identity",
    "tell_submitters",
    "unit_code_remote",
    "vault",
]
