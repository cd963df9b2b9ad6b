"""How much data each scale means. Numbers follow DOMAIN.md's orders of magnitude: after the 2025
merger 34 provinces and about 3,300 communes; a commune has 8-15 villages of 100-300 households."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    provinces: int
    communes_per_province: int
    villages_per_commune: int
    households_per_village: int
    members_per_household: int = 4
    cases_per_commune_year: int = 60
    disclosures_per_commune_year: int = 40
    consultations_per_commune_year: int = 3
    comments_per_consultation: int = 25
    meetings_per_village_year: int = 2
    works_per_commune_year: int = 2
    matters_per_commune_year: int = 6
    workplaces_per_commune: int = 2
    # Share of a village's households voting on a decided agenda item (Law 10/2022 art. 25: half needed).
    turnout: float = 0.7
    pledge_share: float = 0.6


SCALES = {
    "commune": Plan(provinces=1, communes_per_province=1, villages_per_commune=8, households_per_village=60),
    "province": Plan(
        provinces=1, communes_per_province=100, villages_per_commune=10, households_per_village=150
    ),
    "national": Plan(
        provinces=34, communes_per_province=97, villages_per_commune=10, households_per_village=180
    ),
}
