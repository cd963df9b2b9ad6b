"""Renaming indicator codes in the stored rows, for a module's data migration: when a module takes over
a figure that was stored under another code (issue #15: reporting's typed "onestop.*" and "ntm.*" became
adminreform's and newrural's own typed computed indicators). Names no code itself."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum

LEAF, COMMUNE_GRAIN, MONTH, COMMUNE_LEVEL = "leaf", "commune", "month", 3


def _renamed(value: Any, mapping: dict[str, str]) -> Any:
    """A JSON value with every string naming an old code replaced by the new code."""
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_renamed(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, mapping) for k, v in value.items()}
    return value


def rename_codes(apps: Any, mapping: dict[str, str]) -> None:
    """Every stored row naming an old code names the new one: form elements and rules, typed values,
    the roll-ups, submissions' flags, drafted reports' sentences and figures, the admins' data elements
    and definitions. Then, as the roll-up does from now on, a typed value of a unit whose records have a
    row for the same code in the period is left out of the roll-ups (records win), and the commune
    grain of the renamed typed periods is rebuilt."""
    get = apps.get_model
    for old, new in mapping.items():
        get("reporting", "FormElement").objects.filter(code=old).update(code=new)
        get("reporting", "ValidationRule").objects.filter(left=old).update(left=new)
        get("reporting", "ValidationRule").objects.filter(right=old).update(right=new)
        get("reporting", "ReportedValue").objects.filter(code=old).update(code=new)
        get("reporting", "IndicatorValue").objects.filter(indicator=old).update(indicator=new)
        get("reporting", "DraftSentence").objects.filter(indicator=old).update(indicator=new)
        get("reporting", "DataElement").objects.filter(at_least_computed=old).update(at_least_computed=new)
        get("reporting", "IndicatorDefinition").objects.filter(numerator=old).update(numerator=new)
        get("reporting", "IndicatorDefinition").objects.filter(denominator=old).update(denominator=new)
    for model, field in (("Submission", "flags"), ("DraftSentence", "figures")):
        Model = get("reporting", model)
        for obj in Model.objects.exclude(**{field: []}).iterator():
            value = getattr(obj, field)
            changed = _renamed(value, mapping)
            if changed != value:
                Model.objects.filter(pk=obj.pk).update(**{field: changed})
    for d in get("reporting", "IndicatorDefinition").objects.exclude(terms=""):
        terms = ",".join(mapping.get(t.strip(), t.strip()) for t in d.terms.split(","))
        if terms != d.terms:
            type(d).objects.filter(pk=d.pk).update(terms=terms)
    _records_win(apps, sorted(set(mapping.values())))


def _records_win(apps: Any, codes: list[str]) -> None:
    Value = apps.get_model("reporting", "IndicatorValue")
    Place = apps.get_model("places", "Place")
    typed = Value.objects.filter(indicator__in=codes, grain=LEAF).exclude(period_type=MONTH)
    spans: set[tuple[str, Any, Any, str]] = set()
    for row in typed.iterator():
        recorded = Value.objects.filter(
            indicator=row.indicator,
            grain=LEAF,
            period_type=MONTH,
            period_start__gte=row.period_start,
            period_end__lte=row.period_end,
            path__startswith=row.path,
        ).exists()
        if recorded:
            Value.objects.filter(pk=row.pk).delete()
        spans.add((row.indicator, row.period_start, row.period_end, row.period_type))
    for code, start, end, period_type in spans:
        span = {"indicator": code, "period_start": start, "period_end": end, "period_type": period_type}
        Value.objects.filter(grain=COMMUNE_GRAIN, **span).delete()
        leaf = Value.objects.filter(grain=LEAF, **span)
        copies = [
            Value(
                indicator=r.indicator,
                place_id=r.place_id,
                level=r.level,
                path=r.path,
                province_id=r.province_id,
                commune_id=None,
                period_type=r.period_type,
                period_start=r.period_start,
                period_end=r.period_end,
                breakdown=r.breakdown,
                value=r.value,
                grain=COMMUNE_GRAIN,
                refreshed_at=r.refreshed_at,
            )
            for r in leaf.filter(commune_id__isnull=True, level__lt=COMMUNE_LEVEL)
        ]
        sums = list(
            leaf.filter(commune_id__isnull=False)
            .values("commune_id", "province_id", "breakdown")
            .annotate(v=Sum("value"))
        )
        paths: dict[int, str] = defaultdict(str)
        paths.update(Place.objects.filter(pk__in={r["commune_id"] for r in sums}).values_list("id", "path"))
        from django.utils import timezone

        now = timezone.now()
        copies += [
            Value(
                indicator=code,
                place_id=r["commune_id"],
                level=COMMUNE_LEVEL,
                path=paths[r["commune_id"]],
                province_id=r["province_id"],
                commune_id=r["commune_id"],
                period_type=period_type,
                period_start=start,
                period_end=end,
                breakdown=r["breakdown"],
                value=r["v"],
                grain=COMMUNE_GRAIN,
                refreshed_at=now,
            )
            for r in sums
        ]
        Value.objects.bulk_create(copies, batch_size=2000)
