from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from danchu.disclosures import docrefs

SEEDS = Path(__file__).resolve().parents[1] / "seeds"  # the repository's own copies


@pytest.mark.parametrize(
    "text, form, doc_type, number, year, symbol, issuer, issued_on",
    [
        (
            "Kết luận số 21-KL/TW ngày 25/10/2021",
            "party",
            "KL",
            "21",
            2021,
            "21-KL/TW",
            "TW",
            dt.date(2021, 10, 25),
        ),
        (
            "Quyết định số 3162/QĐ-UBND ngày 20/12/2021",
            "state",
            "QĐ",
            "3162",
            2021,
            "3162/QĐ-UBND",
            "UBND",
            dt.date(2021, 12, 20),
        ),
        ("Nghị định số 145/2020/NĐ-CP", "state", "NĐ", "145", 2020, "145/2020/NĐ-CP", "CP", None),
        ("Pháp lệnh 34/2007/PL-UBTVQH11", "state", "PL", "34", 2007, "34/2007/PL-UBTVQH11", "UBTVQH11", None),
        ("Hướng dẫn số 07-HD/BDVTU", "party", "HD", "07", None, "07-HD/BDVTU", "BDVTU", None),
        ("Luật số 10/2022/QH15", "state", "L", "10", 2022, "10/2022/QH15", "QH15", None),
        (
            "Công văn số 125/UBND-VP ngày 5 tháng 2 năm 2024",
            "state",
            "CV",
            "125",
            2024,
            "125/UBND-VP",
            "UBND-VP",
            dt.date(2024, 2, 5),
        ),
        (
            "Quyết định 19/2025/QÐ-TTg",
            "state",
            "QĐ",
            "19",
            2025,
            "19/2025/QĐ-TTg",
            "TTg",
            None,
        ),  # Ð typed for Đ
    ],
)
def test_issue_examples_are_parsed(text, form, doc_type, number, year, symbol, issuer, issued_on) -> None:
    [ref] = docrefs.parse(text)
    assert (ref.form, ref.doc_type, ref.number, ref.year, ref.symbol, ref.issuer, ref.issued_on) == (
        form,
        doc_type,
        number,
        year,
        symbol,
        issuer,
        issued_on,
    )


def test_issuing_bodies_are_named() -> None:
    assert _one("Nghị định số 145/2020/NĐ-CP").issuer_name == "Chính phủ"
    assert _one("Pháp lệnh 34/2007/PL-UBTVQH11").issuer_name == "Ủy ban Thường vụ Quốc hội khóa XI"
    assert _one("Hướng dẫn số 07-HD/BDVTU").issuer_name == "Ban Dân vận Tỉnh ủy"
    ref = _one("Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII “Về…”")
    assert ref.issuer_name == "Ban Chấp hành Trung ương Đảng khóa XIII"
    assert ref.type_name == "Kết luận"


def _one(text: str) -> docrefs.DocRef:
    ref = docrefs.parse_one(text)
    assert ref is not None
    return ref


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_every_reference_in_the_seed_reports_is_found() -> None:
    found = {p: [(r.symbol, r.issued_on) for r in docrefs.parse(_seed(p))] for p in ("000", "001", "002")}
    assert found["000"] == [
        ("21-KL/TW", dt.date(2021, 10, 25)),
        ("03-KH/TW", dt.date(2021, 12, 1)),
        ("21-KL/TW", None),
        ("18-CT/TU", dt.date(2022, 3, 24)),
        ("3162/QĐ-UBND", dt.date(2021, 12, 20)),
    ]
    assert found["001"] == [("04-CTr/TU", None), ("2200-QĐ/TU", None)]
    assert found["002"] == [
        ("145/2020/NĐ-CP", None),
        ("149/2018/NĐ-CP", None),
        ("34/2007/PL-UBTVQH11", None),
        ("04-NQ/HU", dt.date(2020, 12, 30)),
        ("72/KH-UBND", dt.date(2021, 4, 1)),
        ("120-KL/TW", dt.date(2016, 1, 7)),
    ]


def test_dates_numbers_and_urls_are_not_references() -> None:
    text = (
        "ngày 20/12/2021, đạt 579/579 xã, 11/15 xã, giai đoạn 2021-2025, Covid-19, "
        "https://hanoi.gov.vn/tintuc_sukien/-/hn/ZVOm7e3VDMRM/3/2850196/gan-thuc-hien.html"
    )
    assert docrefs.parse(text) == []


def test_kind_word_and_issuer_after_the_date() -> None:
    ref = _one("UBND huyện ban hành Kế hoạch số 72/KH-UBND ngày 01/4/2021 của UBND huyện về tiếp tục")
    assert ref.text == "Kế hoạch số 72/KH-UBND ngày 01/4/2021"
    assert ref.issuer_name == "UBND huyện"
    assert ref.key == "72/KH-UBND|2021"
