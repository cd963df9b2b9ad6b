"""Writes of the accounts app: roles, household verification, walk-in people, tokens, preferences.

Every function takes keyword-only arguments, runs in one transaction, writes an audit entry and
raises a DomainError (already translated) when a rule refuses the request.

Split by concept; every name stays importable as ``danchu.accounts.services.<name>``.
"""

from .counter import is_walk_in, walk_in_activate, walk_in_register
from .households import (
    LINK_FIELDS,
    household_link_confirm,
    household_link_end,
    household_link_refuse,
    household_link_request,
)
from .roles import COMMUNE_ROLES, MEMBERSHIP_FIELDS, VILLAGE_ROLES, membership_end, membership_grant
from .tokens import TOKEN_PREFIX, preferences_update, token_create, token_revoke

__all__ = [
    "COMMUNE_ROLES",
    "LINK_FIELDS",
    "MEMBERSHIP_FIELDS",
    "TOKEN_PREFIX",
    "VILLAGE_ROLES",
    "household_link_confirm",
    "household_link_end",
    "household_link_refuse",
    "household_link_request",
    "is_walk_in",
    "membership_end",
    "membership_grant",
    "preferences_update",
    "token_create",
    "token_revoke",
    "walk_in_activate",
    "walk_in_register",
]
