"""The national criteria sets for new-rural communes, as data (DOMAIN.md §11.4: "store criteria as
versioned reference data; do not hard-code 19"). Loaded by migration 0002 and by `install_sets()`;
adding the 2026–2030 set when it is issued is a new entry here and a data migration.

Sources, with DOMAIN.md's markers:
- 2016–2020: Decision 1980/QĐ-TTg (17/10/2016), 19 criteria [C list].
- 2021–2025: Decision 318/QĐ-TTg (08/3/2022) — Annex I, new-rural commune, 19 criteria; Annex II,
  advanced new-rural commune, 19 criteria [U: number, date and names to verify in the gazette];
  companions: Decision 319/QĐ-TTg (model new-rural commune) and 320/QĐ-TTg (district level) [U].
- 2026–2030: draft only [C, draft]; the slot exists with no criteria (never used for an assessment).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

INFRA = "Hạ tầng kinh tế - xã hội"
ECON = "Kinh tế và tổ chức sản xuất"
SOC = "Văn hóa - Xã hội - Môi trường"
POL = "Hệ thống chính trị"

STANDARD_2016 = [
    ("Quy hoạch", "Quy hoạch"),
    (INFRA, "Giao thông"),
    (INFRA, "Thủy lợi"),
    (INFRA, "Điện"),
    (INFRA, "Trường học"),
    (INFRA, "Cơ sở vật chất văn hóa"),
    (INFRA, "Cơ sở hạ tầng thương mại nông thôn"),
    (INFRA, "Thông tin và Truyền thông"),
    (INFRA, "Nhà ở dân cư"),
    (ECON, "Thu nhập"),
    (ECON, "Hộ nghèo"),
    (ECON, "Lao động có việc làm"),
    (ECON, "Tổ chức sản xuất"),
    (SOC, "Giáo dục và Đào tạo"),
    (SOC, "Y tế"),
    (SOC, "Văn hóa"),
    (SOC, "Môi trường và an toàn thực phẩm"),
    (POL, "Hệ thống chính trị và tiếp cận pháp luật"),
    (POL, "Quốc phòng và An ninh"),
]
STANDARD_2021 = [
    ("Quy hoạch", "Quy hoạch"),
    (INFRA, "Giao thông"),
    (INFRA, "Thủy lợi và phòng, chống thiên tai"),
    (INFRA, "Điện"),
    (INFRA, "Trường học"),
    (INFRA, "Cơ sở vật chất văn hóa"),
    (INFRA, "Cơ sở hạ tầng thương mại nông thôn"),
    (INFRA, "Thông tin và Truyền thông"),
    (INFRA, "Nhà ở dân cư"),
    (ECON, "Thu nhập"),
    (ECON, "Nghèo đa chiều"),
    (ECON, "Lao động"),
    (ECON, "Tổ chức sản xuất và phát triển kinh tế nông thôn"),
    (SOC, "Giáo dục và Đào tạo"),
    (SOC, "Y tế"),
    (SOC, "Văn hóa"),
    (SOC, "Môi trường và an toàn thực phẩm"),
    (POL, "Hệ thống chính trị và tiếp cận pháp luật"),
    (POL, "Quốc phòng và An ninh"),
]
ADVANCED_2021 = [
    ("Quy hoạch", "Quy hoạch"),
    (INFRA, "Giao thông"),
    (INFRA, "Thủy lợi và phòng, chống thiên tai"),
    (INFRA, "Điện"),
    (INFRA, "Giáo dục"),
    (INFRA, "Văn hóa"),
    (INFRA, "Cơ sở hạ tầng thương mại nông thôn"),
    (INFRA, "Thông tin và Truyền thông"),
    (INFRA, "Nhà ở dân cư"),
    (ECON, "Thu nhập"),
    (ECON, "Nghèo đa chiều"),
    (ECON, "Lao động"),
    (ECON, "Tổ chức sản xuất và phát triển kinh tế nông thôn"),
    (SOC, "Y tế"),
    (POL, "Hành chính công"),
    (POL, "Tiếp cận pháp luật"),
    (SOC, "Môi trường"),
    (SOC, "Chất lượng môi trường sống"),
    (POL, "Quốc phòng và An ninh"),
]

SETS: list[dict[str, Any]] = [
    {
        "code": "2016-2020",
        "name": "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016 - 2020",
        "decision": "Quyết định số 1980/QĐ-TTg ngày 17/10/2016 của Thủ tướng Chính phủ",
        "companions": "",
        "valid_from": dt.date(2016, 10, 17),
        "valid_to": dt.date(2022, 3, 7),
        "issued": True,
        "criteria": {"standard": STANDARD_2016},
    },
    {
        "code": "2021-2025",
        "name": "Bộ tiêu chí quốc gia về xã nông thôn mới và xã nông thôn mới nâng cao giai đoạn 2021 - 2025",
        "decision": "Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ",
        "companions": (
            "Quyết định số 319/QĐ-TTg ngày 08/3/2022 (xã nông thôn mới kiểu mẫu); "
            "Quyết định số 320/QĐ-TTg ngày 08/3/2022 (huyện nông thôn mới)"
        ),
        "valid_from": dt.date(2022, 3, 8),
        "valid_to": dt.date(2025, 12, 31),
        "issued": True,
        "criteria": {"standard": STANDARD_2021, "advanced": ADVANCED_2021},
    },
    {
        "code": "2026-2030",
        "name": "Bộ tiêu chí quốc gia về nông thôn mới giai đoạn 2026 - 2030 (chưa ban hành)",
        "decision": "",
        "companions": "",
        "valid_from": dt.date(2026, 1, 1),
        "valid_to": None,
        "issued": False,
        "criteria": {},
    },
]


def install_sets(criteria_set_model: Any, criterion_model: Any) -> int:
    """Create the sets and criteria that are missing (idempotent); the models are passed so that a
    data migration can use its historical ones. Returns the number of criteria created."""
    created = 0
    for spec in SETS:
        fields = {k: v for k, v in spec.items() if k not in ("code", "criteria")}
        cs, _ = criteria_set_model.objects.update_or_create(code=spec["code"], defaults=fields)
        for level, items in spec["criteria"].items():
            for number, (group, name) in enumerate(items, start=1):
                _c, made = criterion_model.objects.get_or_create(
                    criteria_set=cs, level=level, number=number, defaults={"group": group, "name": name}
                )
                created += made
    return created
