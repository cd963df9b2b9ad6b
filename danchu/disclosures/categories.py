"""The categories of information a commune must disclose (DOMAIN.md §2.1, Law 10/2022/QH15 Art. 11).

Each category knows its legal basis, its minimum posting period and its obligation schedule
(what must be disclosed and by when). The numbers marked [U] in DOMAIN.md are configurable
defaults: `settings.DISCLOSURE_MIN_POSTING_DAYS` (30) and `settings.DISCLOSURE_RULES`, a dict
keyed by category code that overrides `min_posting_days`, `frequency` and `due_days`:

    DISCLOSURE_RULES = {"budget_execution": {"min_posting_days": 60, "due_days": 20}}

Adding a category is one `register()` call here (or in another app's ready()).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from danchu.core.registry import Registry

# Law 10/2022/QH15 has no confirmed minimum; the 2007 Ordinance practice is 30 days [U] (DOMAIN.md §2.3).
DEFAULT_MIN_POSTING_DAYS = 30


class Frequency:
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    YEARLY = "yearly"
    ON_EVENT = "on_event"  # when the underlying decision is taken: no calendar obligation

    LABELS = {
        QUARTERLY: _("every quarter"),
        SIX_MONTHLY: _("every six months"),
        YEARLY: _("every year"),
        ON_EVENT: _("when the decision is taken"),
    }


@dataclass(frozen=True)
class Category:
    code: str
    name: Any  # lazily translated
    legal_basis: str  # a document reference the docrefs parser understands, with the article
    description: Any = ""
    frequency: str = Frequency.ON_EVENT
    # Days after the end of the period by which the disclosure is due [U unless cited].
    due_days: int = 30
    min_posting_days_default: int | None = None
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    def _override(self, key: str) -> Any:
        return getattr(settings, "DISCLOSURE_RULES", {}).get(self.code, {}).get(key)

    @property
    def min_posting_days(self) -> int:
        override = self._override("min_posting_days")
        if override is not None:
            return int(override)
        if self.min_posting_days_default is not None:
            return self.min_posting_days_default
        return int(getattr(settings, "DISCLOSURE_MIN_POSTING_DAYS", DEFAULT_MIN_POSTING_DAYS))

    @property
    def schedule(self) -> str:
        return str(self._override("frequency") or self.frequency)

    @property
    def due_after_days(self) -> int:
        override = self._override("due_days")
        return int(override) if override is not None else self.due_days

    @property
    def has_calendar(self) -> bool:
        return self.schedule != Frequency.ON_EVENT

    @property
    def schedule_label(self) -> Any:
        return Frequency.LABELS.get(self.schedule, self.schedule)

    def periods(self, year: int) -> list[tuple[str, dt.date, dt.date]]:
        """The reporting periods of `year` for this category: (key, start, end)."""
        s = self.schedule
        if s == Frequency.QUARTERLY:
            return [(f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1), _quarter_end(year, q)) for q in range(1, 5)]
        if s == Frequency.SIX_MONTHLY:
            return [
                (f"{year}-H1", dt.date(year, 1, 1), dt.date(year, 6, 30)),
                (f"{year}-H2", dt.date(year, 7, 1), dt.date(year, 12, 31)),
            ]
        if s == Frequency.YEARLY:
            return [(f"{year}", dt.date(year, 1, 1), dt.date(year, 12, 31))]
        return []

    def __str__(self) -> str:
        return str(self.name)


def _quarter_end(year: int, q: int) -> dt.date:
    month = 3 * q
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def period_label(key: str) -> str:
    """Vietnamese-style period names: "quý I năm 2022", "6 tháng đầu năm 2021", "năm 2021"."""
    from django.utils.translation import gettext

    year, _sep, part = key.partition("-")
    if not (len(year) == 4 and year.isdigit()):
        # An obligation another module's event opened is keyed by that record (a complaint's
        # tracking code), not by a period.
        return gettext("record %(code)s") % {"code": key}
    roman = {"Q1": "I", "Q2": "II", "Q3": "III", "Q4": "IV"}
    if part in roman:
        return gettext("quarter %(q)s of %(year)s") % {"q": roman[part], "year": year}
    if part == "H1":
        return gettext("first six months of %(year)s") % {"year": year}
    if part == "H2":
        return gettext("last six months of %(year)s") % {"year": year}
    if part:
        return gettext("record %(code)s") % {"code": key}
    return gettext("year %(year)s") % {"year": year}


CATEGORIES: Registry[Category] = Registry("disclosure categories")

LAW = "Luật số 10/2022/QH15"


def register_defaults() -> None:
    """DOMAIN.md §2.1. Items 1–4 are confirmed [C]; the rest follow the 2007 Ordinance [U]."""
    items = [
        Category(
            "socio_economic_plan",
            _("Socio-economic development plan and results"),
            f"{LAW}, Điều 11 khoản 1",
            frequency=Frequency.YEARLY,
            due_days=30,
            order=10,
        ),
        Category(
            "budget_estimate",
            _("Budget estimate and financial plan"),
            f"{LAW}, Điều 11 khoản 2 điểm a",
            frequency=Frequency.YEARLY,
            due_days=30,
            order=20,
            description=_("The estimate submitted to the People's Council, and once decided."),
        ),
        # Art. 11(2)(b): quarterly, six-monthly and yearly budget execution reports. The due offset
        # (15 days after the period) follows Circular 343/2016/TT-BTC practice [U].
        Category(
            "budget_execution",
            _("Budget execution report"),
            f"{LAW}, Điều 11 khoản 2 điểm b; Thông tư số 343/2016/TT-BTC",
            frequency=Frequency.QUARTERLY,
            due_days=15,
            order=21,
        ),
        # Art. 11(2)(c): final accounts once approved by the People's Council; the People's Council
        # approves the accounts of year N during year N+1, so the default is due by the end of
        # July of N+1 [U].
        Category(
            "final_accounts",
            _("Final accounts approved by the People's Council"),
            f"{LAW}, Điều 11 khoản 2 điểm c",
            frequency=Frequency.YEARLY,
            due_days=212,
            order=22,
        ),
        Category(
            "audit_results",
            _("Results of acting on State Audit recommendations"),
            f"{LAW}, Điều 11 khoản 2 điểm d",
            order=23,
        ),
        Category(
            "investment_projects",
            _("Investment projects and works, and their progress"),
            f"{LAW}, Điều 11 khoản 3",
            order=30,
        ),
        Category(
            "land_compensation",
            _("Land recovery, compensation, support and resettlement plans"),
            f"{LAW}, Điều 11 khoản 3",
            order=31,
        ),
        Category(
            "land_and_planning",
            _("Land reserve, public land lease and construction plans"),
            f"{LAW}, Điều 11 khoản 4",
            order=40,
        ),
        Category(
            "administrative_procedures",
            _("Administrative procedures and the officials who handle them"),
            f"{LAW}, Điều 11 khoản 5",
            order=50,
        ),
        Category(
            "funds_and_contributions",
            _("Funds, aid and contributions mobilised from the people"),
            f"{LAW}, Điều 11; Pháp lệnh số 34/2007/PL-UBTVQH11, Điều 5",
            frequency=Frequency.YEARLY,
            due_days=30,
            order=60,
        ),
        Category(
            "beneficiaries",
            _("Policies and lists of beneficiaries"),
            f"{LAW}, Điều 11; Pháp lệnh số 34/2007/PL-UBTVQH11, Điều 5",
            order=61,
            description=_("Poor and near-poor households, social allowances, health-insurance cards, loans."),
        ),
        Category(
            "administrative_units",
            _("Establishing, merging or splitting units and villages"),
            f"{LAW}, Điều 11",
            order=70,
        ),
        Category(
            "inspection_results",
            _("Inspection results and handling of corruption"),
            f"{LAW}, Điều 11",
            order=80,
        ),
        Category("confidence_votes", _("Results of confidence votes"), f"{LAW}, Điều 11", order=81),
        Category(
            "opinion_results", _("Results of taking in citizens' opinions"), f"{LAW}, Điều 11", order=82
        ),
        Category("fees_and_charges", _("Fees, charges and other contributions"), f"{LAW}, Điều 11", order=83),
        Category(
            "case_handling",
            _("Complaints, denunciations and petitions handled"),
            f"{LAW}, Điều 11",
            frequency=Frequency.SIX_MONTHLY,
            due_days=30,
            order=84,
        ),
        # Registered for cases: a complaint decision is made public within 15 days of issue.
        Category(
            "complaint_decision",
            _("Complaint decisions"),
            "Nghị định số 124/2020/NĐ-CP, Điều 29",
            due_days=15,
            min_posting_days_default=15,
            order=85,
        ),
        # What a province's or district's steering committee publishes for its own place (the
        # committee publishes through permissions.can_manage); no calendar: issued when adopted.
        Category(
            "steering_documents",
            _("Plans, reports and conclusions of the steering committee"),
            "Chỉ thị số 30-CT/TW; Kết luận số 65-KL/TW",
            order=90,
        ),
        Category("other", _("Other information"), f"{LAW}, Điều 11", order=999),
    ]
    for item in items:
        if item.code not in CATEGORIES:
            CATEGORIES.register(item.code, item)


def ordered() -> list[Category]:
    return sorted(CATEGORIES, key=lambda c: c.order)


def choices() -> list[tuple[str, str]]:
    return [(c.code, str(c.name)) for c in ordered()]


def get(code: str) -> Category | None:
    return CATEGORIES.get(code) if code in CATEGORIES else None


def register() -> None:
    """The manifest's hook (apps.py): the categories of the law."""
    register_defaults()
