"""`danchu check` (and migrate, runserver): every CASES_<TYPE>_<RULE>_DAYS the environment sets names a
deadline rule and holds at least one day. settings.py reads the whole family by its name's shape
(`core.env.envints_matching`), so a misspelt name would otherwise change nothing, in silence, while
the operator believes the deadline changed."""

from __future__ import annotations

import difflib
from typing import Any

from django.core import checks

from danchu.core.env import READ_BY_PATTERN

PATTERN = r"CASES_\w+_DAYS"  # as settings.py reads them


def day_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from .types import DECLARED_DAYS

    errors: list[checks.CheckMessage] = []
    for name, days in READ_BY_PATTERN.get(PATTERN, {}).items():
        if name not in DECLARED_DAYS:
            near = difflib.get_close_matches(name, DECLARED_DAYS, n=1)
            errors.append(
                checks.Error(
                    f"{name} names no deadline rule, so it changes nothing.",
                    hint=(f"Did you mean {near[0]}? " if near else "")
                    + "docs/cases.md lists every rule and its setting.",
                    id="cases.E001",
                )
            )
        elif days < 1:
            errors.append(checks.Error(f"{name} must be at least 1 day, not {days}.", id="cases.E002"))
    return errors
