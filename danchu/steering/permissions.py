"""Steering permissions: the committee's members (and admins) manage its work; staff read it."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Role
from danchu.accounts.permissions import can_act_in_place, rule

MANAGERS = frozenset({Role.STEERING_MEMBER})


def can_manage(person: Any, committee: Any) -> bool:
    return can_act_in_place(person, committee.place, MANAGERS)


def register() -> None:
    rule("steering.manage", can_manage)
