"""Typed reads of the environment for settings.py: a malformed value stops the start with its name."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (0/1, true/false), not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from e


def envfloat(name: str, default: str) -> float:
    value = os.environ.get(name, default)
    try:
        return float(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from e


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envints_matching(pattern: str, defined: dict[str, object]) -> dict[str, int]:
    """Every environment variable whose whole name matches `pattern` and that `defined` (the settings
    module's globals) does not already read, as an integer: for families of settings named by
    convention, such as the deadline rules' CASES_<TYPE>_<RULE>_DAYS. Whether each name is known is
    checked where the family is declared (cases/checks.py)."""
    import re

    shape = re.compile(pattern)
    found = {
        name: envint(name, "") for name in sorted(os.environ) if shape.fullmatch(name) and name not in defined
    }
    READ_BY_PATTERN[pattern] = found
    return found


# What envints_matching read, by pattern, for the checks of the family's names.
READ_BY_PATTERN: dict[str, dict[str, int]] = {}
