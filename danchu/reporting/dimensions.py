"""Breakdown dimensions by name: each module names the dimensions of its indicators' breakdowns and
their values ("kind of case / complaint", not "case_type / complaint"), for the dashboards and their
exports; reporting shows a dimension or a value nobody named as its code. Modules import these from
``reporting.registry``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from danchu.core.registry import Registry


@dataclass(frozen=True)
class Dimension:
    """How a breakdown dimension of one module's indicators is shown: its name and its values' names.
    `values`: (code, label) pairs or a mapping, or a function returning one (read when shown: values
    kept in the database, such as the cases' fields)."""

    label: Any  # lazy translation
    values: Any = ()

    def value_labels(self) -> dict[str, str]:
        found = self.values() if callable(self.values) else self.values
        pairs = found.items() if isinstance(found, Mapping) else found
        return {str(code): str(label) for code, label in pairs}


# "module:dimension" -> Dimension; the module is the first part of its indicators' codes.
DIMENSIONS: Registry[Dimension] = Registry("breakdown dimensions")


def register_dimension(*, module: str, name: str, label: Any, values: Any = ()) -> Dimension:
    """Name a breakdown dimension of `module`'s indicators (the first part of their codes) and its
    values, for the dashboards and their exports: "kind of case / complaint", not "case_type /
    complaint". A module registers its own, in its ``indicators.py``; the same dimension name may mean
    another thing in another module ("field": a case's field, a bright spot's)."""
    if "." in module:
        raise ValueError(f"dimension {name!r}: module {module!r} is the indicators' code prefix, not a code")
    return DIMENSIONS.register(f"{module}:{name}", Dimension(label=label, values=values))


def dimension(indicator: str, name: str) -> Dimension | None:
    """The registered dimension `name` of the indicator with code `indicator`, or None."""
    key = f"{indicator.split('.', 1)[0]}:{name}"
    return DIMENSIONS.get(key) if key in DIMENSIONS else None


def labelled_breakdowns(indicator: str, rows: Iterable[tuple[str, str, Any]]) -> list[tuple[str, str, Any]]:
    """(dimension, category, value) rows of the indicator with their registered names; a dimension or
    a value nobody named is shown as its code."""
    found: dict[str, tuple[str, dict[str, str]]] = {}
    out = []
    for dim, cat, value in rows:
        if dim not in found:
            d = dimension(indicator, dim)
            found[dim] = (str(d.label), d.value_labels()) if d is not None else (dim, {})
        label, values = found[dim]
        out.append((label, values.get(cat, cat), value))
    return out
