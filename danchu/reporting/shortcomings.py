"""Two parts of the report drafted from what danchu knows rather than from one indicator each: the
shortcomings (overdue cases, disclosures not posted on time, units without their conference, late
reports, recommendations unanswered) and where the figures come from (counted from records, or
typed in by which units, with the completeness of each form).

The shortfalls are registered by the modules that own their indicators (`register_shortfall` in their
indicators.py), in `order`: reporting imports and names no module, and a code that is not registered (a
module not installed) is skipped."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import queries
from .catalogue import get_indicator
from .completeness import completeness, forms_for
from .formatting import number
from .models import ReportForm
from .periods import Period
from .prose import Sentence, lower_first
from .registry import SHORTFALLS
from .sections import ReportContext


def form_periods(form: ReportForm, period: Period) -> list[Period]:
    """The periods of `form`'s type that lie within `period` (the four quarters of a year)."""
    out = []
    p = Period.containing(period.start, form.period_type)
    while p.end <= period.end:
        if p.start >= period.start:
            out.append(p)
        p = p.next()
    return out


def drafted(ctx: ReportContext) -> list[Sentence]:
    clauses: list[tuple[str, list[dict[str, object]]]] = []
    for sf in sorted(SHORTFALLS, key=lambda sf: sf.order):
        if get_indicator(sf.total) is None or get_indicator(sf.done) is None:
            continue
        res = queries.many([get_indicator(sf.total), get_indicator(sf.done)], ctx.place, ctx.period)  # type: ignore[list-item]
        total, done = res[sf.total].value, res[sf.done].value
        if total is None or done is None or total <= done:
            continue
        text = str(sf.text) % {"missing": number(total - done), "total": number(total)}
        clauses.append(
            (text, [{"indicator": sf.total, "value": total}, {"indicator": sf.done, "value": done}])
        )
    for form in forms_for(ctx.place):
        late = missing = 0
        for p in form_periods(form, ctx.period):
            c = completeness(form, ctx.place, p)
            late += c.late_count
            missing += c.count("missing")
        if late or missing:
            text = _(
                "for the form “%(form)s”, %(late)s report(s) came in late and %(missing)s are missing"
            ) % {
                "form": form.name,
                "late": number(late),
                "missing": number(missing),
            }
            clauses.append((text, [{"indicator": f"reporting.form:{form.code}", "value": late + missing}]))
    if not clauses:
        return [
            Sentence(
                _(
                    "The records for %(period)s show no complaint resolved late, no disclosure posted late, no unit "
                    "without its conference, no late report and no recommendation left unanswered; the committee "
                    "adds its own assessment of limitations and their causes."
                )
                % {"period": ctx.period_name}
            )
        ]
    out = []
    for n, (text, figs) in enumerate(clauses):
        if n == 0:
            text = _("According to the records, %(clause)s.") % {"clause": text}
        else:
            text = text[0].upper() + text[1:] + "."
        first = figs[0]
        out.append(Sentence(text, str(first["indicator"]), first["value"], None, figures=figs))  # type: ignore[arg-type]
    return out


def _names(items: list[str], limit: int = 12) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return _("%(names)s and %(n)s more") % {
        "names": ", ".join(items[:limit]),
        "n": number(len(items) - limit),
    }


def sources(ctx: ReportContext) -> list[Sentence]:
    """Which figures were counted from records, which were typed in and by whom, and how complete."""
    counted, typed = [], []
    for code, fig in ctx.figures.items():
        if code in ctx.replaced or not fig.indicator.in_report or fig.current.value is None:
            continue
        if fig.indicator.kind == "reported":
            typed.append(lower_first(str(fig.indicator.name)))
        elif fig.indicator.kind == "computed":
            counted.append(lower_first(str(fig.indicator.name)))
    out = []
    if counted:
        out.append(
            Sentence(
                _("Counted from the records kept in danchu: %(names)s.") % {"names": _names(sorted(counted))}
            )
        )
    if typed:
        out.append(
            Sentence(
                _("Reported by the units through report forms: %(names)s.") % {"names": _names(sorted(typed))}
            )
        )
    for form in forms_for(ctx.place):
        periods = form_periods(form, ctx.period)
        if not periods:
            continue
        units: set[str] = set()
        total = submitted = 0
        for p in periods:
            c = completeness(form, ctx.place, p)
            total += len(c.units)
            submitted += c.submitted
            units |= {u.place.name for u in c.units if u.state in ("on_time", "late")}
        if not total:
            continue
        out.append(
            Sentence(
                _("Form “%(form)s”: %(n)s/%(total)s reports submitted (by %(names)s).")
                % {
                    "form": form.name,
                    "n": number(submitted),
                    "total": number(total),
                    "names": _names(sorted(units)) or "—",
                },
                f"reporting.form:{form.code}",
                float(submitted),
                figures=[{"indicator": f"reporting.form:{form.code}", "value": submitted, "den": total}],
            )
        )
    if not out:
        out.append(Sentence(_("No figure in this report comes from records or report forms yet.")))
    return out
