"""The lead of the report's "new-rural development" part, the way committees write it: "1/88 xã đã được
công nhận đạt chuẩn nông thôn mới (trong các xã còn lại đã báo cáo: 01 xã đạt 17 tiêu chí…)". The
denominator is every rural commune in the register on the period's last day; each commune counts by
its records, or by what it typed in the annual form when it has none (reporting's rollup)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from danchu.reporting import queries
from danchu.reporting.formatting import figure, number
from danchu.reporting.prose import Sentence, record
from danchu.reporting.registry import Section
from danchu.reporting.sections import ReportContext, register_lead

from .queries import rural_communes

# What the lead states: the other figures of the part follow it as usual.
STATED = {
    "newrural.standard",
    "newrural.standard_rate",
    "newrural.communes",
    "newrural.criteria_met",
    "newrural.others_by_criteria",
}


def lead(ctx: ReportContext) -> tuple[list[Sentence], set[str]]:
    standard = ctx.figures.get("newrural.standard")
    # Of every rural commune in the register on the period's last day (not those that reported, and
    # without waiting for a refresh of the register count: a year imported from an old file has none).
    total = rural_communes(ctx.place, ctx.period.end).count()
    if standard is None or standard.current.value is None or not total:
        return [], STATED
    n = standard.current.value
    recognised = {
        pid for pid, v in queries.unit_values("newrural.standard", ctx.place, ctx.period).items() if v > 0
    }
    criteria = queries.unit_values("newrural.criteria_met", ctx.place, ctx.period)
    others = sorted((round(v) for pid, v in criteria.items() if pid not in recognised), reverse=True)
    text = _("%(n)s/%(total)s communes have been recognised as meeting the new-rural standard") % {
        "n": number(n),
        "total": number(total),
    }
    if others:
        counts: dict[int, int] = {}
        for v in others:
            counts[v] = counts.get(v, 0) + 1
        parts = ", ".join(
            _("%(n)s commune(s) meeting %(c)s criteria") % {"n": f"{k:02d}", "c": c}
            for c, k in counts.items()
        )
        text += _(" (of the other communes that reported: %(parts)s)") % {"parts": parts}
    # A count of communes changes by a percentage of last year's count, not in points.
    change = standard.change_text if standard.previous.value is not None else ""
    text += f", {change}." if change else "."
    stated = {**record(standard), "num": n, "den": float(total), "text": figure(n, num=n, den=total)}
    return [Sentence(text, standard.indicator.code, n, standard.previous.value, [stated])], STATED


def register() -> None:
    register_lead(Section.NEW_RURAL, lead)
