"""adminreform's pages take a place code only (filled by the matrix with the unit's commune code)."""

from __future__ import annotations

from typing import Any


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    return {}
