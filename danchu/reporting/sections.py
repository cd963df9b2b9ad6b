"""The sections of a steering committee's periodic report, in the structure committees use
(situation; results under the six parts of the slogan; agencies and enterprises; shortcomings and
causes, left for people; tasks for the next period). Each is registered, so a province that adds a
section adds one function here or in its own module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.registry import Registry
from danchu.places.models import Level, Place

from . import queries
from .catalogue import all_indicators
from .formatting import number
from .periods import Period
from .queries import Figure
from .registry import Indicator, Section


@dataclass
class Sentence:
    text: str
    indicator: str = ""
    value: float | None = None
    previous: float | None = None


@dataclass
class ReportContext:
    place: Place
    period: Period
    committee_name: str
    figures: dict[str, Figure] = field(default_factory=dict)
    by_section: dict[str, list[Indicator]] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return _("the whole province") if self.place.level == Level.PROVINCE else self.place.name


@dataclass(frozen=True)
class ReportSection:
    key: str
    heading: Any  # lazy
    order: int
    build: Callable[[ReportContext], list[Sentence]]
    level: int = 1  # 1 = "I.", 2 = "1."


REPORT_SECTIONS: Registry[ReportSection] = Registry("report sections")


def report_section(
    key: str, heading: Any, order: int, level: int = 1
) -> Callable[[Callable[[ReportContext], list[Sentence]]], Callable[[ReportContext], list[Sentence]]]:
    def decorate(fn: Callable[[ReportContext], list[Sentence]]) -> Callable[[ReportContext], list[Sentence]]:
        REPORT_SECTIONS.register(key, ReportSection(key, heading, order, fn, level))
        return fn

    return decorate


def leading_zero(n: float | int) -> str:
    """Reports write small counts with a leading zero: "04 xã", "07 cơ quan"."""
    n = int(round(n))
    return f"{n:02d}" if 0 <= n < 10 else number(n)


def figure_sentence(fig: Figure) -> Sentence | None:
    """ "<name>: <figure>, <change from the same period last year>." for any indicator."""
    cur = fig.current
    if cur.value is None or (cur.den == 0 and cur.num is not None):
        return None
    if not cur.value and not fig.previous.value:
        return None  # nothing recorded either year: nothing to state
    change = fig.change_text
    if change:
        text = _("%(name)s: %(figure)s, %(change)s.") % {
            "name": fig.indicator.name,
            "figure": fig.text,
            "change": change,
        }
    else:
        text = _("%(name)s: %(figure)s.") % {"name": fig.indicator.name, "figure": fig.text}
    return Sentence(text, fig.indicator.code, cur.value, fig.previous.value)


def section_sentences(ctx: ReportContext, section: str, skip: set[str] | None = None) -> list[Sentence]:
    out = []
    for ind in ctx.by_section.get(section, []):
        if skip and ind.code in skip:
            continue
        fig = ctx.figures.get(ind.code)
        s = figure_sentence(fig) if fig else None
        if s:
            out.append(s)
    return out


@report_section("situation", gettext_lazy("I. GENERAL SITUATION AND LEADERSHIP"), 10)
def _situation(ctx: ReportContext) -> list[Sentence]:
    out = [
        Sentence(
            _(
                "In %(period)s, the implementation of grassroots democracy in %(where)s continued to receive the "
                "attention, leadership and direction of Party committees and authorities at all levels, linked with the "
                "political tasks of each locality, agency and unit."
            )
            % {"period": ctx.period.name("vi"), "where": ctx.where}
        )
    ]
    units = queries.units_by_kind(ctx.place, ctx.period.end)
    total = sum(n for _, n in units)
    if total and ctx.place.level < Level.COMMUNE:
        parts = ", ".join(f"{number(n)} {label}" for label, n in units)
        text = _("%(where)s has %(n)s commune-level units (%(parts)s).") % {
            "where": ctx.where,
            "n": number(total),
            "parts": parts,
        }
        out.append(Sentence(text[0].upper() + text[1:], "places.units", float(total)))
    out += section_sentences(ctx, Section.SITUATION)
    return out


@report_section(
    "results",
    gettext_lazy("II. RESULTS UNDER “PEOPLE KNOW, DISCUSS, DO, INSPECT, SUPERVISE AND BENEFIT”"),
    20,
)
def _results(ctx: ReportContext) -> list[Sentence]:
    return [
        Sentence(
            _(
                "The motto “people know, people discuss, people do, people inspect, people supervise, people benefit” "
                "was carried out as follows."
            )
        )
    ]


def _slogan_section(key: str, section: str, heading: Any, order: int) -> None:
    def build(ctx: ReportContext) -> list[Sentence]:
        skip = {"ntm.recognised", "ntm.criteria_met"} if section == Section.DAN_THU_HUONG else None
        out = section_sentences(ctx, section, skip=skip)
        if section == Section.DAN_THU_HUONG:
            out = _new_rural(ctx) + out
        return out

    REPORT_SECTIONS.register(key, ReportSection(key, heading, order, build, level=2))


_slogan_section("dan_biet", Section.DAN_BIET, gettext_lazy("1. People know"), 21)
_slogan_section("dan_ban", Section.DAN_BAN, gettext_lazy("2. People discuss"), 22)
_slogan_section("dan_lam", Section.DAN_LAM, gettext_lazy("3. People do"), 23)
_slogan_section("dan_kiem_tra", Section.DAN_KIEM_TRA, gettext_lazy("4. People inspect"), 24)
_slogan_section("dan_giam_sat", Section.DAN_GIAM_SAT, gettext_lazy("5. People supervise"), 25)
_slogan_section("dan_thu_huong", Section.DAN_THU_HUONG, gettext_lazy("6. People benefit"), 26)


def _new_rural(ctx: ReportContext) -> list[Sentence]:
    fig = ctx.figures.get("ntm.recognised")
    if not fig or fig.current.den is None or fig.current.value is None:
        return []
    recognised = {
        pid for pid, v in queries.unit_values("ntm.recognised", ctx.place, ctx.period).items() if v > 0
    }
    criteria = queries.unit_values("ntm.criteria_met", ctx.place, ctx.period)
    others = sorted((round(v) for pid, v in criteria.items() if pid not in recognised), reverse=True)
    text = _("%(n)s/%(total)s communes have been recognised as meeting the new-rural standard") % {
        "n": number(fig.current.num),
        "total": number(fig.current.den),
    }
    if others:
        counts: dict[int, int] = {}
        for v in others:
            counts[v] = counts.get(v, 0) + 1
        parts = ", ".join(
            _("%(n)s commune(s) meeting %(c)s criteria") % {"n": leading_zero(n), "c": c}
            for c, n in counts.items()
        )
        text += _(" (of the remaining %(n)s communes: %(parts)s)") % {
            "n": leading_zero(len(others)),
            "parts": parts,
        }
    text += "."
    change = fig.change_text
    sentences = [Sentence(text, "ntm.recognised", fig.current.value, fig.previous.value)]
    if change:
        sentences.append(
            Sentence(
                _("The share of communes meeting the standard is %(change)s.") % {"change": change},
                "ntm.recognised",
                fig.current.value,
                fig.previous.value,
            )
        )
    return sentences


@report_section("workplaces", gettext_lazy("III. DEMOCRACY IN AGENCIES, PUBLIC UNITS AND ENTERPRISES"), 30)
def _workplaces(ctx: ReportContext) -> list[Sentence]:
    skip = {
        "workplaces.agencies",
        "workplaces.agencies_held",
        "workplaces.enterprises",
        "workplaces.enterprises_held",
    }
    return section_sentences(ctx, Section.WORKPLACES, skip=skip)


@report_section("shortcomings", gettext_lazy("IV. SHORTCOMINGS, LIMITATIONS AND CAUSES"), 40)
def _shortcomings(ctx: ReportContext) -> list[Sentence]:
    return []  # written by people: the system does not guess causes


@report_section("tasks", gettext_lazy("V. KEY TASKS FOR THE NEXT PERIOD"), 50)
def _tasks(ctx: ReportContext) -> list[Sentence]:
    nxt = ctx.period.next()
    return [
        Sentence(
            _(
                "In %(period)s, the steering committee will continue to direct the dissemination and implementation of "
                "the Law on Implementing Democracy at the Grassroots and its guiding documents, linked with the political "
                "tasks of each locality, agency and unit."
            )
            % {"period": nxt.name("vi")}
        ),
        Sentence(
            _(
                "Strengthen inspection and supervision of the implementation of grassroots democracy; direct units to "
                "report fully and on time; build, register and replicate bright spots and “Skilful Mass Mobilisation” models."
            )
        ),
        Sentence(
            _(
                "Promote dialogue between the heads of Party committees and authorities and the people; resolve "
                "complaints, denunciations and petitions promptly at the grassroots."
            )
        ),
    ]


def build_context(*, place: Place, period: Period, committee_name: str) -> ReportContext:
    inds = [i for i in all_indicators() if i.overlaps(period.start, period.end)]
    by_section: dict[str, list[Indicator]] = {}
    for ind in inds:
        by_section.setdefault(ind.section, []).append(ind)
    figs = {f.indicator.code: f for f in queries.figures(inds, place, period)}
    return ReportContext(
        place=place, period=period, committee_name=committee_name, figures=figs, by_section=by_section
    )


def draft(ctx: ReportContext) -> list[tuple[ReportSection, list[Sentence]]]:
    return [(s, s.build(ctx)) for s in sorted(REPORT_SECTIONS, key=lambda s: s.order)]
