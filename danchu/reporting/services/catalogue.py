"""Writes of the indicator catalogue: data elements and indicator definitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError

from ..models import DataElement, IndicatorDefinition

# --- catalogue ------------------------------------------------------------------------------------


def _validated(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as e:
        messages = (
            [m for ms in e.message_dict.values() for m in ms] if hasattr(e, "message_dict") else e.messages
        )
        raise DomainError(
            " ".join(str(m) for m in messages),
            code="invalid_definition",
            detail=getattr(e, "message_dict", None),
        ) from e


@transaction.atomic
def data_element_save(*, actor: Any, element: DataElement) -> DataElement:
    """Create or change a data element; a changed element gets the next version."""
    if element.pk:
        before = DataElement.objects.get(pk=element.pk)
        element.version = before.version + 1
    _validated(element)
    element.save()
    audit(actor=actor, action="reporting.data_element_save", obj=element, after=snapshot(element))
    return element


@transaction.atomic
def indicator_define(
    *,
    actor: Any,
    code: str,
    name: str,
    section: str,
    formula: str = "ratio",
    numerator: str = "",
    denominator: str = "",
    terms: str = "",
    name_en: str = "",
    definition: str = "",
    public: bool = False,
    valid_from: dt.date | None = None,
) -> IndicatorDefinition:
    """A new version of a database-defined indicator; refused if it names an unknown indicator."""
    last = IndicatorDefinition.objects.filter(code=code).order_by("-version").first()
    d = IndicatorDefinition(
        code=code,
        version=(last.version + 1) if last else 1,
        name=name,
        name_en=name_en,
        section=section,
        formula=formula,
        numerator=numerator,
        denominator=denominator,
        terms=terms,
        definition=definition,
        public=public,
        valid_from=valid_from,
    )
    _validated(d)
    d.save()
    audit(actor=actor, action="reporting.indicator_define", obj=d, after=snapshot(d))
    return d
