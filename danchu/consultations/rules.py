"""Legal bases of a consultation and their minimum open period: rules as data, each with its article
and validity dates (DOMAIN.md §5). A consultation is judged by the rule in force on the day it opens.

Minimum periods marked [U] in DOMAIN.md are defaults that settings can override:
CONSULTATION_MIN_DAYS = {"land_use": 30, ...}.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from danchu.core.registry import Registry

LAW = "Luật số 10/2022/QH15"
CONVENTION = "village_convention"  # the basis of a discussion opened for meetings' conventions


@dataclass(frozen=True)
class Basis:
    code: str
    name: object  # lazy translation
    article: str
    min_days: int
    matter: int = 0  # the item of Art. 25 (0: another law)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )

    def minimum_days(self) -> int:
        overrides = settings.CONSULTATION_MIN_DAYS
        return int(overrides.get(self.code, self.min_days))


BASES: Registry[Basis] = Registry("consultation bases")
IN_FORCE_FROM = dt.date(2023, 7, 1)  # Law 10/2022/QH15 takes effect


def register_defaults() -> None:
    items = [
        # Art. 25(1): no minimum period in the law [U]; 15 days is the house default.
        Basis("socio_economic", _("Socio-economic development plan"), f"{LAW}, Điều 25 khoản 1", 15, 1),
        # Art. 25(2); the Land Law sets ≥30 days for land-use planning drafts [U].
        Basis("land_use", _("Land-use plan"), f"{LAW}, Điều 25 khoản 2; Luật Đất đai 2024", 30, 2),
        Basis(
            "compensation",
            _("Compensation, site clearance and resettlement"),
            f"{LAW}, Điều 25 khoản 3",
            20,
            3,
        ),
        Basis("admin_units", _("Administrative units and villages"), f"{LAW}, Điều 25 khoản 4", 15, 4),
        Basis(
            "commune_decision",
            _("Commune decision affecting the community"),
            f"{LAW}, Điều 25 khoản 5",
            15,
            5,
        ),
        # Regional and construction planning drafts: ≥30 days (Law on Planning) [C].
        Basis("planning", _("Construction planning"), f"{LAW}, Điều 25 khoản 6; Luật Quy hoạch 2017", 30, 6),
        Basis("democracy_rules", _("Rules on implementing democracy"), f"{LAW}, Điều 25 khoản 7", 15, 7),
        Basis("other", _("Another matter the commune consults on"), f"{LAW}, Điều 25", 10, 0),
        # A village convention's draft or amendment, discussed by the village's residents before the
        # household vote (Art. 15(3); Decree 61/2023). No minimum period is confirmed [U]: 10 days.
        Basis(
            CONVENTION,
            _("Village convention (hương ước, quy ước)"),
            f"{LAW}, Điều 15 khoản 3; Nghị định số 61/2023/NĐ-CP",
            10,
            0,
        ),
    ]
    for item in items:
        if item.code not in BASES:
            BASES.register(item.code, replace(item, valid_from=IN_FORCE_FROM))


def basis(code: str) -> Basis | None:
    return BASES.get(code) if code in BASES else None


def choices() -> list[tuple[str, str]]:
    return [(b.code, str(b.name)) for b in BASES]


register_defaults()
