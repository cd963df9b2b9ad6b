from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from danchu.core.errors import DomainError
from danchu.newrural import importing, queries, services
from danchu.newrural.models import Assessment, CriteriaSet, Recognition, RuralLevel
from danchu.reporting.registry import INDICATORS

from .conftest import xlsx

pytestmark = pytest.mark.django_db
HEADER = [
    "Mã đơn vị",
    "Năm",
    "Số tiêu chí đạt",
    "Mức công nhận",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]
ISSUER = "Chủ tịch UBND tỉnh Đắk Lắk"


def test_the_criteria_sets_are_versioned_data() -> None:
    s2021 = CriteriaSet.objects.get(code="2021-2025")
    assert s2021.criteria.filter(level=RuralLevel.STANDARD).count() == 19
    assert s2021.criteria.filter(level=RuralLevel.ADVANCED).count() == 19
    assert "318/QĐ-TTg" in s2021.decision
    assert not CriteriaSet.objects.get(code="2026-2030").issued
    assert queries.set_in_force(2021).code == "2016-2020"  # type: ignore[union-attr]
    assert queries.set_in_force(2023).code == "2021-2025"  # type: ignore[union-attr]
    # the 2026–2030 set is not issued: the last issued set goes on applying
    assert queries.set_in_force(2026).code == "2021-2025"  # type: ignore[union-attr]


def test_more_criteria_than_the_set_has_is_refused(commune: Any, officer: Any) -> None:
    with pytest.raises(DomainError, match="19"):
        services.assessment_record(by=officer, commune=commune, year=2025, met_count=20)
    assert not Assessment.objects.exists()


def test_a_future_year_is_refused(commune: Any, officer: Any) -> None:
    with pytest.raises(DomainError, match="2027"):
        services.assessment_record(by=officer, commune=commune, year=2027, met_count=10)


def test_a_unit_that_did_not_exist_is_refused_with_its_validity(krong_pac: Any, steering_member: Any) -> None:
    _district, communes = krong_pac
    with pytest.raises(DomainError, match="30/06/2025"):
        services.assessment_record(by=steering_member, commune=communes[0], year=2026, met_count=10)


def test_advanced_needs_the_standard_first(commune: Any, steering_member: Any) -> None:
    with pytest.raises(DomainError):
        services.recognition_record(
            by=steering_member,
            place=commune,
            level=RuralLevel.ADVANCED,
            recognised_on=dt.date(2025, 12, 1),
            decision_number="1/QĐ-UBND",
            issuer=ISSUER,
        )
    services.recognition_record(
        by=steering_member,
        place=commune,
        level=RuralLevel.STANDARD,
        recognised_on=dt.date(2024, 12, 1),
        decision_number="1/QĐ-UBND",
        issuer=ISSUER,
    )
    services.recognition_record(
        by=steering_member,
        place=commune,
        level=RuralLevel.ADVANCED,
        recognised_on=dt.date(2025, 12, 1),
        decision_number="2/QĐ-UBND",
        issuer=ISSUER,
    )
    assert queries.highest_levels(dt.date(2025, 12, 31))[commune.pk] == RuralLevel.ADVANCED


def _krong_pac_2021(communes: list[Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [HEADER]
    for i, c in enumerate(communes[:11]):
        rows.append(
            [c.code[1:], 2021, 19, "Đạt chuẩn", f"{3100 + i}/QĐ-UBND", f"20/12/{2014 + i % 7}", ISSUER]
        )
    for c, met in zip(communes[11:], (17, 13, 12, 10), strict=True):
        rows.append([c.code[1:], 2021, met, "", "", "", ""])  # old code without the L prefix
    rows.append(["654", 2021, None, "Huyện", "", "", ""])  # a district row needs its decision: refused below
    return rows


def test_import_reproduces_the_district_sentence(krong_pac: Any, steering_member: Any) -> None:
    district, communes = krong_pac
    rows = _krong_pac_2021(communes)[:-1]
    result = importing.import_records(by=steering_member, file=xlsx(rows), filename="ntm.xlsx")
    assert (result.assessments, result.recognitions) == (15, 11)
    f = queries.area_figures(district, 2021)
    assert (f.standard, f.communes) == (11, 15)  # "11/15 xã đạt chuẩn nông thôn mới"
    assert [m for _c, m in f.others] == [17, 13, 12, 10]
    # the figures registered for the report equal a direct SQL count over the records
    end = dt.date(2021, 12, 31)
    in_district = {c.pk for c in communes}
    standard = sum(
        v
        for pk, _b, v in INDICATORS.get("newrural.standard").compute(start=dt.date(2021, 1, 1), end=end)
        if pk in in_district
    )  # type: ignore[misc]
    registered = sum(
        v
        for pk, _b, v in INDICATORS.get("newrural.communes").compute(start=dt.date(2021, 1, 1), end=end)
        if pk in in_district
    )  # type: ignore[misc]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT r.place_id) FROM newrural_recognition r JOIN places_place p ON p.id = r.place_id "
            "WHERE p.parent_id = %s AND r.recognised_on <= %s AND r.revoked_on IS NULL",
            [district.pk, end],
        )
        assert standard == cursor.fetchone()[0] == 11
        cursor.execute(
            "SELECT COUNT(*) FROM places_place WHERE parent_id = %s AND kind = 'commune'", [district.pk]
        )
        assert registered == cursor.fetchone()[0] == 15
    others = list(INDICATORS.get("newrural.others_by_criteria").compute(start=dt.date(2021, 1, 1), end=end))  # type: ignore[misc]
    assert sorted(b["criteria"] for pk, b, _v in others if pk in in_district) == ["10", "12", "13", "17"]


def test_a_bad_row_imports_nothing_and_every_error_has_its_line(krong_pac: Any, steering_member: Any) -> None:
    _district, communes = krong_pac
    rows = [
        HEADER,
        [communes[0].code, 2021, 19, "Đạt chuẩn", "1/QĐ-UBND", "20/12/2020", ISSUER],  # good
        ["99999", 2021, 12, "", "", "", ""],  # unknown code
        [communes[1].code, 2030, 12, "", "", "", ""],  # future year
        [communes[2].code, 2021, 25, "", "", "", ""],  # more than the set has
        [communes[3].code, 2026, 12, "", "", "", ""],  # the unit no longer existed
        [communes[4].code, 2021, "mười", "", "", "", ""],  # not a number
        ["x" * 500, 2021, 1, "", "", "", ""],  # over-long
    ]
    with pytest.raises(DomainError) as refused:
        importing.import_records(by=steering_member, file=xlsx(rows), filename="ntm.xlsx")
    detail = refused.value.detail
    assert [d.split(":")[0] for d in detail] == [f"Line {n}" for n in (3, 4, 5, 6, 7, 8)] or [
        d.split(":")[0] for d in detail
    ] == [f"Dòng {n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "30/06/2025" in detail[3]
    assert not Assessment.objects.exists() and not Recognition.objects.exists()


def test_a_csv_with_nul_bytes_is_refused_with_its_line(steering_member: Any) -> None:
    import io

    data = io.BytesIO(b"ma_don_vi,nam,so_tieu_chi_dat\n\x0024\x00,2021,3\n")
    with pytest.raises(DomainError) as refused:
        importing.import_records(by=steering_member, file=data, filename="ntm.csv")
    assert "2" in refused.value.detail[0]


def test_a_commune_officer_imports_only_their_commune(commune: Any, other_commune: Any, officer: Any) -> None:
    rows = [HEADER, [other_commune.code, 2025, 12, "", "", "", ""]]
    with pytest.raises(DomainError):
        importing.import_records(by=officer, file=xlsx(rows), filename="ntm.xlsx")
    rows = [
        HEADER,
        [commune.code, 2025, 12, "", "", "", ""],
        [commune.code, 2025, 12, "Đạt chuẩn", "1/QĐ", "01/12/2025", ISSUER],
    ]
    with pytest.raises(DomainError, match="3"):  # recognising belongs to the province
        importing.import_records(by=officer, file=xlsx(rows), filename="ntm.xlsx")
    assert not Assessment.objects.exists()


def test_pages_and_evidence_as_users_meet_them(
    browser_as: Any, commune: Any, officer: Any, outsider: Any, citizen: Any, steering_member: Any
) -> None:
    import io

    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, "PNG")
    image.seek(0)
    image.name = "bien-ban.png"
    browser = browser_as(officer)
    response = browser.post_form(
        f"/newrural/place/{commune.code}/assess/",
        {"year": 2025, "level": "standard", "met_count": 16, "evidence": image},
    )
    assert response.status_code == 302
    evidence = Assessment.objects.get(commune=commune).evidence.get()
    assert browser.get(f"/newrural/evidence/{evidence.pk}/").status_code == 200
    assert browser_as(outsider).get(f"/newrural/evidence/{evidence.pk}/").status_code == 404
    assert browser_as(citizen).get(f"/newrural/evidence/{evidence.pk}/").status_code == 404
    # another commune's officer cannot assess this commune, nor recognise it
    refused = browser_as(outsider).post_form(
        f"/newrural/place/{commune.code}/assess/", {"year": 2025, "level": "standard", "met_count": 1}
    )
    assert refused.status_code == 404
    assert (
        browser_as(officer)
        .post_form(
            f"/newrural/place/{commune.code}/recognise/",
            {"level": "standard", "recognised_on": "2025-12-01", "decision_number": "1/QĐ", "issuer": ISSUER},
        )
        .status_code
        == 404
    )
    ok = browser_as(steering_member).post_form(
        f"/newrural/place/{commune.code}/recognise/",
        {
            "level": "standard",
            "recognised_on": "2025-12-01",
            "decision_number": "1/QĐ-UBND",
            "issuer": ISSUER,
        },
    )
    assert ok.status_code == 302 and Recognition.objects.filter(place=commune).exists()
    page = browser_as().get(f"/newrural/place/{commune.code}/")
    assert page.status_code == 200 and "1/QĐ-UBND" in page.content.decode()
    assert browser_as().get("/newrural/place/%00x/").status_code == 404


def test_api_with_a_token(client: Any, commune: Any, officer: Any, token_for: Any, province: Any) -> None:
    headers = token_for(officer)
    r = client.post(
        f"/api/v1/newrural/places/{commune.code}/assessments",
        {"year": 2025, "met_count": 20},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and "19" in r.json()["message"]
    r = client.post(
        f"/api/v1/newrural/places/{commune.code}/assessments",
        {"year": 2025, "met_count": 14},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201
    area = client.get(f"/api/v1/newrural/places/{province.code}?year=2025").json()["area"]
    assert area["communes"] >= 1 and area["standard"] == 0
    assert area["not_recognised"][0]["criteria_met"] == 14


def test_a_year_outside_the_assessments_is_refused_not_moved(browser_as: Any, commune: Any) -> None:
    page = browser_as()
    assert page.get(f"/newrural/place/{commune.code}/", {"year": "2025"}).status_code == 200
    for bad in ("abc", "2009", "20255"):
        r = page.get(f"/newrural/place/{commune.code}/", {"year": bad})
        assert r.status_code == 400 and f"“{bad}”" in r.content.decode(), bad


def test_the_api_refuses_a_year_outside_the_assessments(client: Any, province: Any) -> None:
    r = client.get(f"/api/v1/newrural/places/{province.code}", {"year": 1990})
    assert r.status_code == 400 and r.json()["code"] == "bad_year"
    assert client.get(f"/api/v1/newrural/places/{province.code}", {"year": 2025}).status_code == 200


def test_columns_the_import_does_not_read_are_named_on_the_page_and_in_the_api(
    browser_as: Any, client: Any, token_for: Any, commune: Any, officer: Any
) -> None:
    """A district's sheet with "STT" and "Tên xã" (not read: the code names the unit) says so."""
    rows = [["STT", "Tên xã", *HEADER], [1, commune.name, commune.code, 2025, 12, "", "", "", ""]]
    upload = xlsx(rows)
    browser = browser_as(officer)
    assert browser.post_form("/newrural/import/", {"file": upload}).status_code == 302
    page = browser.get("/newrural/office/").content.decode()
    assert "Các cột không được đọc: “STT”, “Tên xã”." in page
    rows[1][3] = 2024
    r = client.post("/api/v1/newrural/import", {"file": xlsx(rows)}, **token_for(officer))
    assert r.status_code == 201 and r.json()["unread_columns"] == ["STT", "Tên xã"]
    full = xlsx([HEADER, [commune.code, 2023, 12, "", "", "", ""]])
    assert importing.import_records(by=officer, file=full, filename="ntm.xlsx").unread_columns == []


def test_asked_to_skip_bad_rows_the_good_ones_are_imported_on_the_page_and_through_the_api(
    browser_as: Any, client: Any, token_for: Any, commune: Any, other_commune: Any, officer: Any
) -> None:
    """Without the choice a file with a bad row imports nothing; with it, the good rows are imported
    and the bad named by line (on the page, and in the API answer's `skipped`)."""
    rows = [HEADER, [commune.code, 2025, 12, "", "", "", ""], [other_commune.code, 2025, 12, "", "", "", ""]]
    browser = browser_as(officer)
    refused = browser.post_form(
        "/newrural/import/", {"file": xlsx(rows)}, HTTP_REFERER="http://testserver/newrural/office/"
    )
    assert refused.status_code == 400 and not Assessment.objects.exists()
    shown = refused.content.decode()  # the office page again, with the line refused
    assert "Không có gì được nhập. Dòng 3:" in shown and 'action="/newrural/import/"' in shown
    assert browser.post_form("/newrural/import/", {"file": xlsx(rows), "skip_bad": "on"}).status_code == 302
    assert Assessment.objects.get().commune == commune
    page = browser.get("/newrural/office/").content.decode()
    assert "Đã bỏ qua 1 dòng: Dòng 3:" in page
    rows[1][1] = rows[2][1] = 2024
    r = client.post(
        "/api/v1/newrural/import", {"file": xlsx(rows), "skip_bad_rows": "true"}, **token_for(officer)
    )
    assert (
        r.status_code == 201 and r.json()["assessments"] == 1 and r.json()["skipped"][0].startswith("Dòng 3:")
    )
    rows.pop(1)
    r = client.post(
        "/api/v1/newrural/import", {"file": xlsx(rows), "skip_bad_rows": "true"}, **token_for(officer)
    )
    assert r.status_code == 400 and Assessment.objects.count() == 2  # no good row: nothing, and said


def test_the_sample_workbook_is_read_whole_and_imports_nothing_unchanged(
    browser_as: Any, commune: Any, steering_member: Any
) -> None:
    """The import page said "see the documentation for the columns": it now names them and links a
    sample whose every column the import reads and whose guide's examples, as a row, import;
    uploaded unchanged it is refused as a file with no rows."""
    from openpyxl import load_workbook

    from danchu.newrural.importing import ALIASES, SAMPLE_COLUMNS
    from danchu.places.importing.reading import _header_key

    assert {_header_key(column, ALIASES) for column, *_ in SAMPLE_COLUMNS} == set(ALIASES.values())
    client = browser_as(steering_member)
    page = client.get("/newrural/office/").content.decode()
    assert 'href="/newrural/import/sample.xlsx"' in page and "<code>Số tiêu chí đạt</code>" in page
    sample = client.get("/newrural/import/sample.xlsx")
    assert sample.status_code == 200 and sample["Content-Disposition"].endswith('mau-nong-thon-moi.xlsx"')
    with pytest.raises(DomainError, match="không có dòng"):
        importing.import_records(by=steering_member, file=io.BytesIO(sample.content), filename="mau.xlsx")
    book = load_workbook(io.BytesIO(sample.content))
    assert [c.value for c in book.active[1]] == [column for column, *_ in SAMPLE_COLUMNS]
    book.active.append([commune.code, *(example for _column, _how, example in SAMPLE_COLUMNS[1:])])
    filled = io.BytesIO()
    book.save(filled)
    filled.seek(0)
    result = importing.import_records(by=steering_member, file=filled, filename="mau.xlsx")
    assert (result.assessments, result.recognitions, result.unread_columns) == (1, 1, [])
    assert Recognition.objects.get().decision_number == "1234/QĐ-UBND"
    missing = xlsx([["Năm", "Số tiêu chí đạt"], [2025, 19]])
    with pytest.raises(DomainError, match="Thiếu cột: Mã đơn vị"):
        importing.import_records(by=steering_member, file=missing, filename="thieu.xlsx")
    assert Client().get("/newrural/import/sample.xlsx").status_code in (302, 403)
