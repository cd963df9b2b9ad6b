"""The sections of a steering committee's periodic report, in the structure committees use
(situation; results under the six parts of the slogan; agencies and enterprises; administrative
reform; new-rural development; bright spots and models; commendation; shortcomings drafted from the
records; tasks for the next period; where the figures come from). Each is registered, so a province
that adds a section adds one function here or in its own module; the numbering (I., II., 1., 2.) is
given when the report is drafted."""

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
from .formatting import name_in_text, number
from .periods import Period
from .prose import Sentence, nothing_yet, sentences
from .queries import Figure
from .registry import Indicator, Section

__all__ = [
    "REPORT_SECTIONS",
    "SECTION_LEADS",
    "ReportContext",
    "ReportSection",
    "Sentence",
    "build_context",
    "draft",
    "register_lead",
]


@dataclass
class ReportContext:
    place: Place
    period: Period
    committee_name: str
    figures: dict[str, Figure] = field(default_factory=dict)
    by_section: dict[str, list[Indicator]] = field(default_factory=dict)
    # Computed indicators whose figure a reported one states instead (one figure, one source).
    replaced: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return (
            _("the whole province") if self.place.level == Level.PROVINCE else name_in_text(self.place.name)
        )

    @property
    def period_name(self) -> str:
        return self.period.name("vi")

    def section_figures(self, section: str) -> list[Figure]:
        return [
            self.figures[i.code]
            for i in self.by_section.get(section, [])
            if i.code in self.figures and i.in_report and i.code not in self.replaced
        ]


@dataclass(frozen=True)
class ReportSection:
    key: str
    heading: Any  # lazy, without its number
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


# The module that owns a section's concept may write its first sentences the way committees write
# them ("1/3 xã đạt chuẩn nông thôn mới (xã còn lại: 01 xã đạt 15 tiêu chí)"): lead(ctx) returns the
# sentences and the codes they state; the section's other figures follow as usual. Reporting names
# no module's indicator: the lead is registered by the module (newrural/sections.py).
Lead = Callable[[ReportContext], tuple[list[Sentence], set[str]]]
SECTION_LEADS: Registry[Lead] = Registry("report section leads")


def register_lead(section: str, lead: Lead) -> Lead:
    if section not in Section.values:
        raise ValueError(f"report section lead: unknown section {section!r}")
    return SECTION_LEADS.register(section, lead)


def from_records(section: str) -> Callable[[ReportContext], list[Sentence]]:
    """A part written from its section's figures (after its module's lead, if one is registered), or
    one sentence saying there is none yet."""

    def build(ctx: ReportContext) -> list[Sentence]:
        out: list[Sentence] = []
        stated: set[str] = set()
        if section in SECTION_LEADS:
            out, stated = SECTION_LEADS.get(section)(ctx)
        rest = [f for f in ctx.section_figures(section) if f.indicator.code not in stated]
        out = out + sentences(rest, period=ctx.period_name, where=ctx.where)
        return out or [nothing_yet(ctx.period_name)]

    return build


@report_section("situation", gettext_lazy("GENERAL SITUATION AND LEADERSHIP"), 10)
def _situation(ctx: ReportContext) -> list[Sentence]:
    out = [
        Sentence(
            _(
                "In %(period)s, the implementation of grassroots democracy in %(where)s continued to receive the "
                "attention, leadership and direction of Party committees and authorities at all levels, linked with the "
                "political tasks of each locality, agency and unit."
            )
            % {"period": ctx.period_name, "where": ctx.where}
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
    out += sentences(ctx.section_figures(Section.SITUATION), period=ctx.period_name, where=ctx.where)
    return out


@report_section(
    "results", gettext_lazy("RESULTS UNDER “PEOPLE KNOW, DISCUSS, DO, INSPECT, SUPERVISE AND BENEFIT”"), 20
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


for _key, _heading, _order in (
    (Section.DAN_BIET, gettext_lazy("People know"), 21),
    (Section.DAN_BAN, gettext_lazy("People discuss"), 22),
    (Section.DAN_LAM, gettext_lazy("People do"), 23),
    (Section.DAN_KIEM_TRA, gettext_lazy("People inspect"), 24),
    (Section.DAN_GIAM_SAT, gettext_lazy("People supervise"), 25),
    (Section.DAN_THU_HUONG, gettext_lazy("People benefit"), 26),
):
    REPORT_SECTIONS.register(
        str(_key), ReportSection(str(_key), _heading, _order, from_records(_key), level=2)
    )

for _key, _heading, _order in (
    (Section.WORKPLACES, gettext_lazy("DEMOCRACY IN AGENCIES, PUBLIC UNITS AND ENTERPRISES"), 30),
    (Section.ADMIN_REFORM, gettext_lazy("ADMINISTRATIVE REFORM"), 32),
    (Section.NEW_RURAL, gettext_lazy("NEW-RURAL DEVELOPMENT"), 34),
    (Section.BRIGHT_SPOTS, gettext_lazy("BRIGHT SPOTS AND “SKILFUL MASS MOBILISATION” MODELS"), 36),
    (Section.AWARDS, gettext_lazy("PRELIMINARY AND FINAL REVIEWS, COMMENDATION"), 38),
):
    REPORT_SECTIONS.register(str(_key), ReportSection(str(_key), _heading, _order, from_records(_key)))


@report_section("shortcomings", gettext_lazy("SHORTCOMINGS, LIMITATIONS AND CAUSES"), 80)
def _shortcomings(ctx: ReportContext) -> list[Sentence]:
    from .shortcomings import drafted

    return drafted(ctx)


@report_section("tasks", gettext_lazy("KEY TASKS FOR THE NEXT PERIOD"), 90)
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


@report_section("sources", gettext_lazy("SOURCES OF THE FIGURES"), 95)
def _sources(ctx: ReportContext) -> list[Sentence]:
    from .shortcomings import sources

    return sources(ctx)


def build_context(*, place: Place, period: Period, committee_name: str) -> ReportContext:
    inds = [i for i in all_indicators() if i.overlaps(period.start, period.end)]
    by_section: dict[str, list[Indicator]] = {}
    for ind in inds:
        by_section.setdefault(ind.section, []).append(ind)
    figs = {f.indicator.code: f for f in queries.figures(inds, place, period)}
    # A figure typed in by the units and the same figure counted from danchu's records ("Số cuộc tiếp
    # công dân" / "Số buổi tiếp công dân (báo cáo)"): the report states one of them, the reported one
    # when units reported it (it covers the units without records and may not be lower), else the
    # recorded one.
    replaced: dict[str, str] = {}
    for ind in inds:
        twin = ind.at_least_computed
        if twin and twin in figs and ind.code in figs:
            typed, counted = figs[ind.code].current.value, figs[twin].current.value
            if typed is not None and (counted is None or typed >= counted):
                replaced[twin] = ind.code
            else:
                replaced[ind.code] = twin
    # The share computed from the figure left out gives way to its twin share ("resolved on time").
    for ind in inds:
        other = ind.extra.get("same_as", "")
        if other and other in figs and ind.code in figs:
            if ind.numerator in replaced:
                replaced[ind.code] = other
            elif figs[other].indicator.numerator in replaced:
                replaced[other] = ind.code
        elif ind.is_ratio and ind.numerator in replaced and ind.denominator in replaced:
            replaced[ind.code] = replaced[ind.numerator]  # a share of two figures the report leaves out
    return ReportContext(
        place=place,
        period=period,
        committee_name=committee_name,
        figures=figs,
        by_section=by_section,
        replaced=replaced,
    )


def numbered(sections: list[ReportSection]) -> list[tuple[ReportSection, str]]:
    """(section, "I. HEADING" / "1. Heading") in order."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
    out, top, sub = [], 0, 0
    for s in sorted(sections, key=lambda s: s.order):
        if s.level == 1:
            top, sub = top + 1, 0
            out.append((s, f"{roman[top - 1] if top <= len(roman) else top}. {s.heading}"))
        else:
            sub += 1
            out.append((s, f"{sub}. {s.heading}"))
    return out


def draft(ctx: ReportContext) -> list[tuple[ReportSection, str, list[Sentence]]]:
    return [(s, heading, s.build(ctx)) for s, heading in numbered(list(REPORT_SECTIONS))]
