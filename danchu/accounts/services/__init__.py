"""Writes of the accounts app: roles, household verification, walk-in people, tokens, preferences.

Every function takes keyword-only arguments, runs in one transaction, writes an audit entry and
raises a DomainError (already translated) when a rule refuses the request.
"""

from .claim import account_claim, claim_phone_record, claimable_by_phone
from .households import (
    household_link_confirm,
    household_link_end,
    household_link_refuse,
    household_link_request,
)
from .personal_data import account_close, account_close_confirmed, profile_correct
from .phone_codes import password_reset_by_sms, person_by_phone, phone_code_send, phone_verify
from .preferences import preferences_update
from .roles import (
    COMMUNE_ROLES,
    LINK_FIELDS,
    MEMBERSHIP_FIELDS,
    VILLAGE_ROLES,
    membership_end,
    membership_grant,
)
from .tokens import TOKEN_PREFIX, token_create, token_revoke
from .walk_in import is_walk_in, walk_in_activate, walk_in_register

__all__ = [
    "COMMUNE_ROLES",
    "LINK_FIELDS",
    "MEMBERSHIP_FIELDS",
    "TOKEN_PREFIX",
    "VILLAGE_ROLES",
    "account_claim",
    "account_close",
    "account_close_confirmed",
    "claim_phone_record",
    "claimable_by_phone",
    "password_reset_by_sms",
    "person_by_phone",
    "phone_code_send",
    "phone_verify",
    "household_link_confirm",
    "household_link_end",
    "household_link_refuse",
    "household_link_request",
    "is_walk_in",
    "membership_end",
    "membership_grant",
    "preferences_update",
    "profile_correct",
    "token_create",
    "token_revoke",
    "walk_in_activate",
    "walk_in_register",
]
