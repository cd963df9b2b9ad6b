"""A register import refuses by its line a person listed twice (the same citizen ID number, or the same
row again) and a household with two heads, lists every problem of a row, and takes a bounded file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core.errors import DomainError
from danchu.places.importing import households as importing
from danchu.places.importing import import_households
from danchu.places.models import Household, HouseholdMember, Place

pytestmark = pytest.mark.django_db

HEADER = "village_code,household_number,address,full_name,birth_date,gender,relation,id_number,phone,is_representative\n"


def run(tmp_path: Path, body: str, **kwargs: Any) -> Any:
    path = tmp_path / "ho.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return import_households(path, filename="ho.csv", **kwargs)


def lines(result: Any) -> dict[int, str]:
    return {e.line: e.message for e in result.errors}


def test_one_citizen_id_in_two_households_is_refused_by_its_line(tmp_path: Path, village: Place) -> None:
    result = run(
        tmp_path,
        "24181-001,E1,Buôn Ea Kmát,Lò Văn Pá,02/03/1970,nam,chủ hộ,066070009999,,\n"
        "24181-001,E2,Buôn Ea Kmát,Lò Văn Pá,02/03/1970,nam,chủ hộ,066070009999,,\n",
    )

    assert not result.imported
    assert list(lines(result)) == [3]
    assert lines(result)[3] == "số CCCD 066070009999 đã có ở dòng 2: mỗi người chỉ ghi một dòng."
    assert not HouseholdMember.objects.filter(id_number="066070009999").exists()


def test_a_household_with_two_heads_is_refused(tmp_path: Path, village: Place) -> None:
    result = run(
        tmp_path,
        "24181-001,E3,Thôn 1,Y Bhin Niê,,nam,chủ hộ,,,\n24181-001,E3,,H'Luy Êban,,nữ,chủ hộ,,,\n",
    )

    assert not result.imported
    assert lines(result)[3] == "hộ E3 có hơn một chủ hộ (cả ở dòng 2)."
    assert not Household.objects.filter(number="E3").exists()


def test_the_same_member_row_twice_is_refused_not_imported_twice(tmp_path: Path, village: Place) -> None:
    row = "24181-001,A906,Số 9 Hùng Vương,Nguyễn Thị Hoa,05/06/1981,nữ,chủ hộ,,0912345678,x\n"
    result = run(tmp_path, row + row)

    assert not result.imported
    assert lines(result) == {3: "trùng với dòng 2 phía trên (một thành viên ghi hai lần)."}

    skipped = run(tmp_path, row + row, skip_errors=True)  # the household of a bad row is skipped whole
    assert skipped.imported and not Household.objects.filter(number="A906").exists()


def test_every_problem_of_a_row_is_listed(tmp_path: Path, village: Place) -> None:
    result = run(tmp_path, "24181-001,A1,,Phạm Văn Lan,31/02/1980,nam,chủ hộ,0660,abc,\n")

    message = lines(result)[2]
    assert "31/02/1980" in message  # the date
    assert "0660" in message  # the citizen ID number
    assert "abc" in message  # the phone


def test_the_household_page_shows_each_refused_line_in_vietnamese(
    browser_as: Any, officer: Any, commune: Place, village: Place
) -> None:
    data = (
        HEADER
        + "24181-001,E1,,Lò Văn Pá,,nam,chủ hộ,066070009999,,\n"
        + "24181-001,E2,,Lò Văn Pá,,nam,chủ hộ,066070009999,,\n"
        + "24181-001,E3,,Y Bhin Niê,,nam,chủ hộ,,,\n"
        + "24181-001,E3,,H'Luy Êban,,nữ,chủ hộ,,,\n"
    ).encode()
    response = browser_as(officer).post_form(
        f"/places/office/communes/{commune.code}/import/",
        {"what": "households", "file": SimpleUploadedFile("ho.csv", data, "text/csv")},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 3: số CCCD 066070009999 đã có ở dòng 2" in page
    assert "Dòng 5: hộ E3 có hơn một chủ hộ (cả ở dòng 4)" in page
    assert not Household.objects.exists()


def test_a_file_over_the_limit_is_refused_with_advice_to_split_it(
    tmp_path: Path, village: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    body = "".join(f"24181-001,H{i},,Nguyễn Văn {i},,nam,chủ hộ,,,\n" for i in range(4))

    with pytest.raises(
        DomainError, match="Tệp có 4 dòng; mỗi lần nhập tối đa 3 dòng. Hãy chia thành nhiều tệp"
    ):
        run(tmp_path, body)
    assert not Household.objects.exists()


def test_the_limit_takes_a_wards_register() -> None:
    assert 10_000 <= importing.MAX_ROWS <= 20_000
