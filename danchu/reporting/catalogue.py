"""The indicator catalogue: indicators registered in code plus those defined in the database."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

from .registry import INDICATORS, Indicator


def _lang_name(vi: str, en: str) -> str:
    return en if (get_language() or "vi").startswith("en") and en else vi


def _from_element(el: object) -> Indicator:
    return Indicator(
        code=el.code,  # type: ignore[attr-defined]
        kind="reported",
        section=el.section,  # type: ignore[attr-defined]
        name=_lang_name(el.name, el.name_en),  # type: ignore[attr-defined]
        unit=el.unit,  # type: ignore[attr-defined]
        definition=el.definition,  # type: ignore[attr-defined]
        aggregation=el.aggregation,  # type: ignore[attr-defined]
        public=el.public,  # type: ignore[attr-defined]
        at_least_computed=el.at_least_computed,  # type: ignore[attr-defined]
        valid_from=el.valid_from,  # type: ignore[attr-defined]
        valid_to=el.valid_to,  # type: ignore[attr-defined]
        order=500,
        extra={"version": el.version, "source": "database"},  # type: ignore[attr-defined]
    )


def _from_definition(d: object) -> Indicator:
    ratio = d.formula == "ratio"  # type: ignore[attr-defined]
    return Indicator(
        code=d.code,  # type: ignore[attr-defined]
        kind="ratio" if ratio else "computed",
        section=d.section,  # type: ignore[attr-defined]
        name=_lang_name(d.name, d.name_en),  # type: ignore[attr-defined]
        unit="percent" if ratio else "count",
        definition=d.definition,  # type: ignore[attr-defined]
        numerator=d.numerator,  # type: ignore[attr-defined]
        denominator=d.denominator,  # type: ignore[attr-defined]
        public=d.public,  # type: ignore[attr-defined]
        valid_from=d.valid_from,  # type: ignore[attr-defined]
        valid_to=d.valid_to,  # type: ignore[attr-defined]
        order=600,
        extra={"version": d.version, "source": "database", "terms": d.referenced_codes()},  # type: ignore[attr-defined]
    )


def all_indicators(*, on: dt.date | None = None) -> list[Indicator]:
    from .models import DataElement, IndicatorDefinition

    found = list(INDICATORS)
    found += [_from_element(e) for e in DataElement.objects.all()]
    latest: dict[str, object] = {}
    for d in IndicatorDefinition.objects.order_by("code", "-version"):
        latest.setdefault(d.code, d)
    found += [_from_definition(d) for d in latest.values()]
    if on is not None:
        found = [i for i in found if i.valid_on(on)]
    from .registry import Section

    rank = {value: n for n, value in enumerate(Section.values)}
    return sorted(found, key=lambda i: (rank.get(i.section, 99), i.order, i.code))


def get_indicator(code: str) -> Indicator | None:
    if code in INDICATORS:
        return INDICATORS.get(code)
    from .models import DataElement, IndicatorDefinition

    el = DataElement.objects.filter(code=code).first()
    if el is not None:
        return _from_element(el)
    d = IndicatorDefinition.objects.filter(code=code).order_by("-version").first()
    return _from_definition(d) if d is not None else None
