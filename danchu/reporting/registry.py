"""The indicator registry: modules describe the figures they can compute, reporting rolls them up.

Modules register their indicators in ``danchu/<app>/indicators.py`` (imported from their
AppConfig.ready()); reporting imports no module. Three kinds:

* computed: ``compute(start=, end=)`` yields ``(place_id, breakdown, value)`` at the lowest place a
  record belongs to (commune or village) — or returns ``grouped(...)``, which the roll-up runs inside
  the database (grouping.py, setwise.py); the roll-up sums (or averages / counts) up the tree.
* ratio: numerator / denominator of two other indicators, computed on the rolled-up sums
  ("ratio of sums"), never as an average of ratios.
* reported: a data element typed into a report form where danchu holds no records for the concept
  at all (citizen receptions reported, People's Inspection Boards' matters…).

A computed indicator registered with ``typed=True`` is also a report form's element: a unit and period
without any record of it (a year before danchu, imported from XLSX by old unit code; a commune whose
one-stop system exports nothing) types it in, and that typed value counts; where the records have
a row for the unit in the period, the records count and the typed value is left out (rollup.py). One
code, one figure, at every level: the module that owns the concept registers it, typed or not.

Every indicator may carry validity dates (``valid_from``/``valid_to``): the definitions change with
the law, and an old period is judged by the definition in force then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.registry import Registry

# Re-exported: the modules import them from here.
from .dimensions import DIMENSIONS, Dimension, dimension, labelled_breakdowns, register_dimension  # noqa: F401
from .grouping import Breakdown, ComputeRow, Grouped, RawGrouped, grouped  # noqa: F401

ComputeFn = Callable[..., Iterable[ComputeRow]]
Aggregation = Literal["sum", "avg", "count_units"]
Kind = Literal["computed", "ratio", "reported"]

AGGREGATIONS: tuple[str, ...] = ("sum", "avg", "count_units")
UNITS: tuple[str, ...] = ("count", "percent", "vnd", "days", "households", "people", "score")


class Section(models.TextChoices):
    """The parts of a steering committee's report (DOMAIN.md §12, the slogan)."""

    SITUATION = "situation", _("Situation and leadership")
    DAN_BIET = "dan_biet", _("People know")
    DAN_BAN = "dan_ban", _("People discuss")
    DAN_LAM = "dan_lam", _("People do")
    DAN_KIEM_TRA = "dan_kiem_tra", _("People inspect")
    DAN_GIAM_SAT = "dan_giam_sat", _("People supervise")
    DAN_THU_HUONG = "dan_thu_huong", _("People benefit")
    WORKPLACES = "workplaces", _("Agencies, public units and enterprises")
    ADMIN_REFORM = "admin_reform", _("Administrative reform")
    NEW_RURAL = "new_rural", _("New-rural development")
    BRIGHT_SPOTS = "bright_spots", _("Bright spots and models")
    AWARDS = "awards", _("Commendations and awards")


@dataclass(frozen=True)
class Indicator:
    code: str
    kind: Kind
    section: str
    name: Any  # lazy translation
    unit: str = "count"
    definition: Any = ""
    breakdowns: tuple[str, ...] = ()
    aggregation: Aggregation = "sum"
    public: bool = False
    compute: ComputeFn | None = None
    numerator: str = ""
    denominator: str = ""
    # count_units: which level counts as "a unit" (3 commune, 4 village); None = the level of the
    # places the compute function yields.
    unit_level: int | None = None
    # count_units: only units of these place kinds count, in the numerator and the denominator
    # ("11/15 xã đạt chuẩn nông thôn mới" leaves out wards and townships); empty: every kind.
    unit_kinds: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    # For reported indicators: the code of a computed indicator that must not exceed / fall below it
    # ("reported receptions below those recorded" is flagged for the approver).
    at_least_computed: str = ""
    order: int = 100
    # How the drafted report states it, a clause with %(figure)s ("supervised %(figure)s matters");
    # empty: "<name> <figure>". in_report=False: a breakdown twin of another indicator, kept out of the
    # report's prose so that a figure is stated once.
    phrase: Any = ""
    in_report: bool = True
    # A stock (villages, registered units) rather than a flow: a period's value is the one of its
    # last month (to date), not the sum of its months.
    stock: bool = False
    # A computed indicator that units without records type in a form (see the module docstring).
    typed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def in_forms(self) -> bool:
        """Whether a report form may ask for it: a reported element or a typed computed indicator."""
        return self.kind == "reported" or (self.kind == "computed" and self.typed)

    @property
    def is_ratio(self) -> bool:
        return self.kind == "ratio"

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or start <= self.valid_to
        )


class IndicatorRegistry(Registry[Indicator]):
    def for_section(self, section: str) -> list[Indicator]:
        return sorted((i for i in self if i.section == section), key=lambda i: (i.order, i.code))

    def public(self) -> list[Indicator]:
        return [i for i in self if i.public]

    def of_kind(self, kind: Kind) -> list[Indicator]:
        return [i for i in self if i.kind == kind]

    def __iter__(self) -> Iterator[Indicator]:
        return iter(sorted(self._items.values(), key=lambda i: (i.order, i.code)))


INDICATORS = IndicatorRegistry("indicators")


def _check_common(code: str, section: str, aggregation: str, unit: str) -> None:
    if "." not in code:
        raise ValueError(f"indicator code {code!r} must be '<app>.<name>'")
    if section not in Section.values:
        raise ValueError(f"indicator {code!r}: unknown section {section!r}")
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"indicator {code!r}: aggregation must be one of {AGGREGATIONS}")
    if not unit:
        raise ValueError(f"indicator {code!r}: unit is required (e.g. {UNITS})")


def register_computed(
    *,
    code: str,
    section: str,
    name: Any,
    compute: ComputeFn,
    unit: str = "count",
    definition: Any = "",
    breakdowns: tuple[str, ...] = (),
    aggregation: Aggregation = "sum",
    public: bool = False,
    unit_level: int | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    stock: bool = False,
    order: int = 100,
    phrase: Any = "",
    in_report: bool = True,
    typed: bool = False,
    formerly: tuple[str, ...] = (),
) -> Indicator:
    """Register an indicator computed from a module's records.

    ``typed=True``: units without records for a period may type the figure in a report form (under
    this same code); records win wherever they have a row for the unit in the period. ``formerly``:
    the codes and Vietnamese names it was typed under before (headers of old XLSX files of past years).

    ``compute(start=date, end=date)`` (end inclusive) returns ``grouped(...)`` (refreshed inside the
    database, grouping.py) or yields ``(place_id, breakdown, value)`` where
    breakdown is a dict whose keys are a subset of ``breakdowns`` ({} for the total). Rows with the
    same place and breakdown are summed. A row with breakdown {} is the total; if the function only
    yields broken-down rows, the total is their sum over the first breakdown dimension.
    """
    _check_common(code, section, aggregation, unit)
    if not callable(compute):
        raise ValueError(f"indicator {code!r}: compute must be callable")
    return INDICATORS.register(
        code,
        Indicator(
            code=code,
            kind="computed",
            section=section,
            name=name,
            unit=unit,
            definition=definition,
            breakdowns=tuple(breakdowns),
            aggregation=aggregation,
            public=public,
            compute=compute,
            unit_level=unit_level,
            valid_from=valid_from,
            valid_to=valid_to,
            stock=stock,
            order=order,
            phrase=phrase,
            in_report=in_report,
            typed=typed,
            extra={"formerly": tuple(formerly)} if formerly else {},
        ),
    )


def register_ratio(
    *,
    code: str,
    section: str,
    name: Any,
    numerator: str,
    denominator: str,
    definition: Any = "",
    public: bool = False,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    order: int = 100,
    phrase: Any = "",
    in_report: bool = True,
    same_as: str = "",
) -> Indicator:
    """Register numerator/denominator (two other indicators' codes) as a percentage.

    ``same_as``: the code of another ratio that states the same share from the twin figures (a
    reported one and a recorded one, see ``at_least_computed``); the report states the one whose
    numerator it states. (A module's own typed figures need none: ``register_computed(typed=True)``.)

    The ratio is taken of the rolled-up sums at every level ("ratio of sums"). The two codes may be
    registered later (modules load in any order); ``check_registry()`` verifies them at start-up.
    """
    _check_common(code, section, "sum", "percent")
    if not numerator or not denominator:
        raise ValueError(f"indicator {code!r}: numerator and denominator are required")
    return INDICATORS.register(
        code,
        Indicator(
            code=code,
            kind="ratio",
            section=section,
            name=name,
            unit="percent",
            definition=definition,
            numerator=numerator,
            denominator=denominator,
            public=public,
            valid_from=valid_from,
            valid_to=valid_to,
            order=order,
            phrase=phrase,
            in_report=in_report,
            extra={"same_as": same_as} if same_as else {},
        ),
    )


def register_reported(
    *,
    code: str,
    section: str,
    name: Any,
    unit: str = "count",
    definition: Any = "",
    breakdowns: tuple[str, ...] = (),
    aggregation: Aggregation = "sum",
    public: bool = False,
    at_least_computed: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    unit_kinds: tuple[str, ...] = (),
    order: int = 100,
    phrase: Any = "",
    in_report: bool = True,
) -> Indicator:
    """Register a data element entered through a report form (danchu holds no records for it).

    ``at_least_computed``: code of a computed indicator the reported figure must not fall below; a
    submission that does is flagged for the approver (not refused: the records may be incomplete).
    Admins may also define reported data elements in the database (``DataElement``); both appear
    in the same catalogue.
    """
    _check_common(code, section, aggregation, unit)
    return INDICATORS.register(
        code,
        Indicator(
            code=code,
            kind="reported",
            section=section,
            name=name,
            unit=unit,
            definition=definition,
            breakdowns=tuple(breakdowns),
            aggregation=aggregation,
            public=public,
            at_least_computed=at_least_computed,
            valid_from=valid_from,
            valid_to=valid_to,
            unit_kinds=tuple(unit_kinds),
            order=order,
            phrase=phrase,
            in_report=in_report,
        ),
    )


# Validation of a typed value beyond a form's generic rules, registered by whoever owns the
# indicator: fn(period_end, value) -> message or "" ("criteria met ≤ criteria in the set in force").
ValueRule = Callable[[dt.date, Any], str]
VALUE_RULES: dict[str, list[ValueRule]] = {}


def register_value_rule(code: str, rule: ValueRule) -> ValueRule:
    VALUE_RULES.setdefault(code, [])
    if rule not in VALUE_RULES[code]:
        VALUE_RULES[code].append(rule)
    return rule


@dataclass(frozen=True)
class FormPart:
    """A module's elements of one of the usual report forms (defaults.py: "QCDC-Q", "QCDC-N"), with
    its rules ((message, left, operator, right)) and the demo's values ``demo(index, period, rng)``."""

    key: str
    form: str
    codes: tuple[str, ...]
    required: tuple[str, ...] = ()
    rules: tuple[tuple[str, str, str, str], ...] = ()
    demo: Callable[..., dict[str, str]] | None = None


FORM_PARTS: Registry[FormPart] = Registry("form parts")


def register_form_part(
    *,
    key: str,
    form: str,
    codes: Iterable[str],
    required: Iterable[str] = (),
    rules: Iterable[tuple[str, str, str, str]] = (),
    demo: Callable[..., dict[str, str]] | None = None,
) -> FormPart:
    return FORM_PARTS.register(key, FormPart(key, form, tuple(codes), tuple(required), tuple(rules), demo))


def form_parts(form: str) -> list[FormPart]:
    return [p for p in FORM_PARTS if p.form == form]


@dataclass(frozen=True)
class Shortfall:
    """A shortcoming the report drafts from the records: of `total`, `done` were done; the rest
    (`total - done` > 0) is stated with `text` (%(missing)s, %(total)s). Indicators that are not
    registered (a module not installed) are skipped."""

    key: str
    total: str
    done: str
    text: Any
    order: int = 100  # the place of its clause in the report's shortcomings


SHORTFALLS: Registry[Shortfall] = Registry("shortfalls")


def register_shortfall(*, key: str, total: str, done: str, text: Any, order: int = 100) -> Shortfall:
    """A module states its own shortcoming from two of its indicators (reporting names none)."""
    return SHORTFALLS.register(key, Shortfall(key, total, done, text, order))


def check_registry() -> list[str]:
    """Problems in the registered indicators (ratios naming unknown codes). Empty when all is well."""
    problems = []
    for ind in INDICATORS:
        if ind.kind == "ratio":
            for part in (ind.numerator, ind.denominator):
                if part not in INDICATORS:
                    problems.append(f"{ind.code}: unknown indicator {part!r}")
        if ind.at_least_computed and ind.at_least_computed not in INDICATORS:
            problems.append(f"{ind.code}: unknown indicator {ind.at_least_computed!r}")
    return problems


def get(code: str) -> Indicator:
    return INDICATORS.get(code)


# Hooks a module registers so that reporting, which imports no module, can (1) learn how the issuing
# committee signs its documents and (2) publish a signed report where the committee chooses.
# issuer(committee Body) -> {"doc_format": "party"|"state", "parent_issuer": str, "symbol": str,
#                            "term_start": date | None} or None when it does not know the body.
# publisher(actor=, report=) -> the public address of what was published ("/disclosures/d/42/"),
# which the report page links;
# its refusal(actor=, place=) -> why this person cannot publish the place's report there, or None
# (asked before signing, so that the page offers publishing only to those who may, and a refusal
# comes before anything is signed).
IssuerHook = Callable[[Any], dict[str, Any] | None]
PublisherHook = Callable[..., str]
RefusalHook = Callable[..., str | None]
ISSUER_HOOKS: list[IssuerHook] = []
PUBLISHER_HOOKS: list[PublisherHook] = []
PUBLISH_REFUSALS: list[RefusalHook] = []


def register_issuer(fn: IssuerHook) -> IssuerHook:
    if fn not in ISSUER_HOOKS:
        ISSUER_HOOKS.append(fn)
    return fn


def register_publisher(fn: PublisherHook, refusal: RefusalHook | None = None) -> PublisherHook:
    if fn not in PUBLISHER_HOOKS:
        PUBLISHER_HOOKS.append(fn)
    if refusal is not None and refusal not in PUBLISH_REFUSALS:
        PUBLISH_REFUSALS.append(refusal)
    return fn


def publish_refusal(actor: Any, place: Any) -> str | None:
    """Why `actor` cannot publish a signed report of `place`, or None when every publisher would."""
    if not PUBLISHER_HOOKS:
        from django.utils.translation import gettext as _

        return _("No module can publish reports on this installation.")
    for check in PUBLISH_REFUSALS:
        message = check(actor=actor, place=place)
        if message:
            return message
    return None
