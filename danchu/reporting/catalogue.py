"""The indicator catalogue: indicators registered in code plus those defined in the database."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import router
from django.utils.translation import get_language

from danchu.core import sqlmemo

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


def _stored() -> list[Indicator]:
    """The indicators kept in the database: the admins' data elements, then the latest version of each
    definition, named in the active language. Read once per version of the catalogue
    (RollupVersion.CATALOGUE: a change to either table changes it, see apps.py) and language, as the
    roll-ups' reads are (ROLLUP_READS_SECONDS)."""
    from .models import DataElement, IndicatorDefinition, RollupVersion

    def read() -> list[Indicator]:
        found = [_from_element(e) for e in DataElement.objects.all()]
        latest: dict[str, object] = {}
        for d in IndicatorDefinition.objects.order_by("code", "-version"):
            latest.setdefault(d.code, d)
        return found + [_from_definition(d) for d in latest.values()]

    return sqlmemo.kept(
        ("reporting.catalogue", get_language()),
        router.db_for_read(DataElement) or "default",
        read,
        version=RollupVersion.of(RollupVersion.CATALOGUE),
        seconds=settings.ROLLUP_READS_SECONDS,
    )


def all_indicators(*, on: dt.date | None = None) -> list[Indicator]:
    found = [*INDICATORS, *_stored()]
    if on is not None:
        found = [i for i in found if i.valid_on(on)]
    from .registry import Section

    rank = {value: n for n, value in enumerate(Section.values)}
    return sorted(found, key=lambda i: (rank.get(i.section, 99), i.order, i.code))


def get_indicator(code: str) -> Indicator | None:
    if code in INDICATORS:
        return INDICATORS.get(code)
    # A data element before a definition of the same code (as the catalogue has always answered).
    return next((i for i in _stored() if i.code == code), None)
