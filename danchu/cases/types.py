"""The case types (loại đơn) and their legal deadline rules, as data (DOMAIN.md §8).

Each type is registered in CASE_TYPES from CasesConfig.ready(). A type carries one or more rule
sets keyed by validity dates; a case is judged by the rule set in force on the day it was received
(DOMAIN.md: "a case is judged by the rule in force when it happened"). Every number is a setting
with the legal value as its default (`CASES_<NAME>`), and cites its article. "[U]" marks values
DOMAIN.md could not confirm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import DayType
from danchu.core.registry import Registry

# Law amending the Laws on Citizen Reception, Complaints and Denunciations (passed 10 Dec 2025),
# in force 1 Jul 2026: suspension of settlement, time under suspension not counted.
AMENDMENT_2026 = dt.date(2026, 7, 1)


# The setting of every Days made (cases/checks.py refuses a CASES_…_DAYS in the environment that names none).
DECLARED_DAYS: set[str] = set()


@dataclass(frozen=True)
class Days:
    """A number of days read from settings at use time (so an operator can change it), with the
    legal default and the article it comes from."""

    setting: str
    default: int
    day_type: str = DayType.CALENDAR
    article: str = ""

    def __post_init__(self) -> None:
        DECLARED_DAYS.add(self.setting)

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting, self.default))


@dataclass(frozen=True)
class RuleSet:
    """Deadlines of one case type for cases received in [valid_from, valid_to]."""

    key: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    acceptance: Days
    resolution: Days
    resolution_remote: Days
    # Extra days each successive extension may add (complex, then particularly complex).
    extensions: tuple[Days, ...] = ()
    extensions_remote: tuple[Days, ...] = ()
    # Temporary suspension (tạm đình chỉ) allowed, and its time left out of the period.
    suspension_allowed: bool = False
    basis: str = ""
    # Acceptance period when verification needs several places (Luật Tố cáo 2018, Art. 24).
    acceptance_extended: Days | None = None

    def applies_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def resolution_for(self, *, remote: bool) -> Days:
        return self.resolution_remote if remote else self.resolution

    def extensions_for(self, *, remote: bool) -> tuple[Days, ...]:
        return self.extensions_remote if remote else self.extensions


@dataclass(frozen=True)
class CaseType:
    key: str
    label: object  # lazily translated
    prefix: str  # tracking-code prefix
    rules: tuple[RuleSet, ...]
    # A verified identity is required (complaints, denunciations); anonymous only where allowed.
    requires_identity: bool = False
    anonymous_allowed: bool = False
    confidential_submitter: bool = False  # denouncer protection (Luật Tố cáo 2018, Art. 9, 47–48 [U])
    open311: bool = False  # offered to Open311 clients
    required_fields: tuple[str, ...] = ("title", "description", "place")
    reply_template: str = "notice"
    reply_symbol: str = "TB"  # Decree 30/2020 Appendix III: TB = thông báo [U]
    help_text: object = ""
    extra: dict[str, object] = field(default_factory=dict)

    def rules_on(self, day: dt.date) -> RuleSet:
        for rule in self.rules:
            if rule.applies_on(day):
                return rule
        return self.rules[-1]

    def rule_by_key(self, key: str) -> RuleSet:
        for rule in self.rules:
            if rule.key == key:
                return rule
        raise KeyError(key)


CASE_TYPES: Registry[CaseType] = Registry("case types")

W = DayType.WORKING
C = DayType.CALENDAR
BEFORE = dt.date(2026, 6, 30)


def petition_rules(key: str, *, rule_key: str, basis: str, article: str) -> RuleSet:
    """The periods of a body's answer to a citizen's petition or information, each a setting
    CASES_<KEY>_<RULE>_DAYS: accepted within 10 days (Luật Tiếp công dân 2013, Điều 28 [U]: the
    competent body decides whether to accept and notifies the citizen), answered within 30 — "the
    time limit set by the Decree" [U], a platform default — and one extension of 15 days for complex
    matters [U]. Used by feedback and petitions, and by the modules' bodies that answer citizens
    (oversight's People's Inspection Board, works' supervision boards)."""
    up = key.upper()
    acceptance = Days(f"CASES_{up}_ACCEPTANCE_DAYS", 10, C, article)
    resolution = Days(f"CASES_{up}_RESOLUTION_DAYS", 30, C, article)
    extension = (Days(f"CASES_{up}_EXTENSION_DAYS", 15, C, "[U] platform default"),)
    return RuleSet(
        key=rule_key,
        valid_from=None,
        valid_to=None,
        acceptance=acceptance,
        resolution=resolution,
        resolution_remote=resolution,
        extensions=extension,
        extensions_remote=extension,
        basis=basis,
    )


def _feedback_like(key: str, label: object, prefix: str, **kw: object) -> CaseType:
    rule = petition_rules(
        key,
        rule_key=f"{key}-2013",
        basis="Luật Tiếp công dân số 42/2013/QH13",
        article="Luật Tiếp công dân 2013, Điều 28 [U]",
    )
    return CaseType(key=key, label=label, prefix=prefix, rules=(rule,), **kw)  # type: ignore[arg-type]


def _complaint_rules(key: str, *, second: bool) -> tuple[RuleSet, ...]:
    if second:
        # Luật Khiếu nại 2011, Điều 36 [U]: accept a second-time complaint within 10 days.
        acc = Days("CASES_COMPLAINT2_ACCEPTANCE_DAYS", 10, C, "Luật Khiếu nại 2011, Điều 36 [U]")
        # Điều 37: ≤45 days, complex ≤60; remote ≤60, complex ≤70.
        res = Days("CASES_COMPLAINT2_RESOLUTION_DAYS", 45, C, "Luật Khiếu nại 2011, Điều 37")
        res_remote = Days("CASES_COMPLAINT2_RESOLUTION_REMOTE_DAYS", 60, C, "Luật Khiếu nại 2011, Điều 37")
        ext = (Days("CASES_COMPLAINT2_COMPLEX_EXTRA_DAYS", 15, C, "Luật Khiếu nại 2011, Điều 37 (45→60)"),)
        ext_remote = (
            Days("CASES_COMPLAINT2_REMOTE_COMPLEX_EXTRA_DAYS", 10, C, "Luật Khiếu nại 2011, Điều 37 (60→70)"),
        )
        basis = "Luật Khiếu nại số 02/2011/QH13, Điều 36, 37"
    else:
        # Luật Khiếu nại 2011, Điều 27: accept within 10 days of receipt.
        acc = Days("CASES_COMPLAINT_ACCEPTANCE_DAYS", 10, C, "Luật Khiếu nại 2011, Điều 27")
        # Điều 28: ≤30 days from acceptance, complex ≤45; remote ≤45, complex ≤60.
        res = Days("CASES_COMPLAINT_RESOLUTION_DAYS", 30, C, "Luật Khiếu nại 2011, Điều 28")
        res_remote = Days("CASES_COMPLAINT_RESOLUTION_REMOTE_DAYS", 45, C, "Luật Khiếu nại 2011, Điều 28")
        ext = (Days("CASES_COMPLAINT_COMPLEX_EXTRA_DAYS", 15, C, "Luật Khiếu nại 2011, Điều 28 (30→45)"),)
        ext_remote = (
            Days("CASES_COMPLAINT_REMOTE_COMPLEX_EXTRA_DAYS", 15, C, "Luật Khiếu nại 2011, Điều 28 (45→60)"),
        )
        basis = "Luật Khiếu nại số 02/2011/QH13, Điều 27, 28"
    common = dict(
        acceptance=acc,
        resolution=res,
        resolution_remote=res_remote,
        extensions=ext,
        extensions_remote=ext_remote,
    )
    return (
        RuleSet(key=f"{key}-2011", valid_from=None, valid_to=BEFORE, basis=basis, **common),  # type: ignore[arg-type]
        # From 1 Jul 2026 the amending law adds temporary suspension; time suspended is not counted.
        RuleSet(
            key=f"{key}-2026",
            valid_from=AMENDMENT_2026,
            valid_to=None,
            suspension_allowed=True,
            basis=basis + "; Luật sửa đổi, bổ sung 2025 (hiệu lực 01/7/2026)",
            **common,  # type: ignore[arg-type]
        ),
    )


def _denunciation_rules() -> tuple[RuleSet, ...]:
    # Luật Tố cáo 2018, Điều 24 [U]: initial handling (log, classify, verify conditions) within
    # 7 working days of receipt (extendable to 10 for checks in several places).
    acc = Days("CASES_DENUNCIATION_ACCEPTANCE_DAYS", 7, W, "Luật Tố cáo 2018, Điều 24 [U]")
    acc_ext = Days("CASES_DENUNCIATION_ACCEPTANCE_EXTENDED_DAYS", 10, W, "Luật Tố cáo 2018, Điều 24 [U]")
    # Điều 30: ≤30 days from acceptance; complex: one extension ≤30; particularly complex: two.
    res = Days("CASES_DENUNCIATION_RESOLUTION_DAYS", 30, C, "Luật Tố cáo 2018, Điều 30")
    ext = (
        Days("CASES_DENUNCIATION_EXTENSION_DAYS", 30, C, "Luật Tố cáo 2018, Điều 30 (phức tạp)"),
        Days("CASES_DENUNCIATION_EXTENSION_DAYS", 30, C, "Luật Tố cáo 2018, Điều 30 (đặc biệt phức tạp)"),
    )
    common = dict(
        acceptance=acc,
        acceptance_extended=acc_ext,
        resolution=res,
        resolution_remote=res,
        extensions=ext,
        extensions_remote=ext,
    )
    basis = "Luật Tố cáo số 25/2018/QH14, Điều 24, 29, 30"
    return (
        RuleSet(key="denunciation-2018", valid_from=None, valid_to=BEFORE, basis=basis, **common),  # type: ignore[arg-type]
        RuleSet(
            key="denunciation-2026",
            valid_from=AMENDMENT_2026,
            valid_to=None,
            suspension_allowed=True,
            basis=basis + "; Luật sửa đổi, bổ sung 2025 (hiệu lực 01/7/2026)",
            **common,  # type: ignore[arg-type]
        ),
    )


# Luật Tố cáo 2018, Điều 29: notify acceptance to the denouncer within 5 working days.
DENUNCIATION_NOTICE = Days("CASES_DENUNCIATION_NOTICE_DAYS", 5, W, "Luật Tố cáo 2018, Điều 29")
# Luật Khiếu nại 2011, Điều 33: a second-time complaint is filed within 30 days (45 in remote areas).
SECOND_COMPLAINT_FILING = Days("CASES_SECOND_COMPLAINT_FILING_DAYS", 30, C, "Luật Khiếu nại 2011, Điều 33")
SECOND_COMPLAINT_FILING_REMOTE = Days(
    "CASES_SECOND_COMPLAINT_FILING_REMOTE_DAYS", 45, C, "Luật Khiếu nại 2011, Điều 33"
)
# Luật Khiếu nại 2011, Điều 9: a first complaint is lodged within 90 days of receiving the decision or
# learning of the act; time under an objective obstacle is not counted. Past it, Điều 11: not accepted.
COMPLAINT_LIMITATION = Days("CASES_COMPLAINT_LIMITATION_DAYS", 90, C, "Luật Khiếu nại 2011, Điều 9")
# Nghị định 124/2020/NĐ-CP, Điều 29: a complaint decision is made public within 15 days of issue.
DECISION_DISCLOSURE = Days("CASES_DECISION_DISCLOSURE_DAYS", 15, C, "Nghị định 124/2020/NĐ-CP, Điều 29")
# Platform rule: an escalated case still open this many working days after its deadline goes to the
# province's steering committee office.
PROVINCE_ESCALATION = Days("CASES_ESCALATE_TO_PROVINCE_WORKING_DAYS", 10, W, "platform")
# Platform rule: "due soon" when this many working days or fewer remain.
DUE_SOON = Days("CASES_DUE_SOON_WORKING_DAYS", 3, W, "platform")


FEEDBACK = "feedback"
PETITION = "petition"
COMPLAINT = "complaint"
COMPLAINT_SECOND = "complaint_second"
DENUNCIATION = "denunciation"


def register_case_types() -> None:
    if FEEDBACK in CASE_TYPES:
        return
    CASE_TYPES.register(
        FEEDBACK,
        _feedback_like(
            FEEDBACK,
            _("Feedback"),
            "PA",
            anonymous_allowed=True,
            open311=True,
            help_text=_("Report a problem you see: a broken road, rubbish, a street light…"),
        ),
    )
    CASE_TYPES.register(
        PETITION,
        _feedback_like(
            PETITION,
            _("Petition"),
            "KG",
            open311=True,
            help_text=_("Propose something to the authority or ask it to act."),
        ),
    )
    CASE_TYPES.register(
        COMPLAINT,
        CaseType(
            key=COMPLAINT,
            label=_("Complaint (first time)"),
            prefix="KN",
            rules=_complaint_rules("complaint", second=False),
            requires_identity=True,
            required_fields=("title", "description", "place", "contested_decision"),
            reply_template="decision",
            reply_symbol="QĐ",
            help_text=_("Challenge a decision or act of an authority that affects you."),
        ),
    )
    CASE_TYPES.register(
        COMPLAINT_SECOND,
        CaseType(
            key=COMPLAINT_SECOND,
            label=_("Complaint (second time)"),
            prefix="KL",
            rules=_complaint_rules("complaint2", second=True),
            requires_identity=True,
            required_fields=("title", "description", "place", "contested_decision"),
            reply_template="decision",
            reply_symbol="QĐ",
            help_text=_("You disagree with the first decision, or it was not made in time."),
        ),
    )
    CASE_TYPES.register(
        DENUNCIATION,
        CaseType(
            key=DENUNCIATION,
            label=_("Denunciation"),
            prefix="TC",
            rules=_denunciation_rules(),
            requires_identity=True,
            confidential_submitter=True,
            required_fields=("title", "description", "place", "denounced"),
            reply_template="conclusion",
            reply_symbol="KL",
            help_text=_("Report a violation by an official or body. Your identity is kept confidential."),
        ),
    )


def case_type(key: str) -> CaseType:
    return CASE_TYPES.get(key)


def in_public_form(ctype: CaseType) -> bool:
    """Offered by the general intake (case form, office intake, API, Open311); a type with
    `extra["public_form"] = False` is filed only through its own module's page (handlers.py)."""
    return bool(ctype.extra.get("public_form", True))


def public_types() -> list[CaseType]:
    return [t for t in CASE_TYPES if in_public_form(t)]


def type_choices() -> list[tuple[str, object]]:
    """The types the general case forms offer."""
    return [(t.key, t.label) for t in public_types()]


def register() -> None:
    """Manifest entry `case_types`: the case types of this module."""
    register_case_types()
