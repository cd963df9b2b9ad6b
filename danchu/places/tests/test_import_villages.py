from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from danchu.places.importing import import_villages
from danchu.places.models import Place, PlaceKind

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str, name: str = "thon.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


GOOD = """commune_code,code,name,kind
24181,,Thôn 5,thôn
24181,24181-050,Buôn Ea Kmát,buôn
24190,,Tổ dân phố 2,tổ dân phố
"""


def test_good_file_creates_villages_with_codes_and_kinds(
    tmp_path: Path, commune: Place, other_commune: Place
) -> None:
    result = import_villages(write(tmp_path, GOOD), filename="thon.csv")

    assert result.imported and result.created == 3 and not result.errors
    thon5 = Place.objects.get(parent=commune, name="Thôn 5")
    assert thon5.code == "24181-001" and thon5.kind == PlaceKind.VILLAGE
    assert thon5.path == f"{commune.path}24181-001/"
    assert Place.objects.get(code="24181-050").name == "Buôn Ea Kmát"
    assert Place.objects.get(parent=other_commune).kind == PlaceKind.RESIDENTIAL_GROUP


def test_rerunning_the_same_file_creates_no_duplicates(
    tmp_path: Path, commune: Place, other_commune: Place
) -> None:
    path = write(tmp_path, GOOD)
    import_villages(path, filename="thon.csv")

    again = import_villages(path, filename="thon.csv")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Place.objects.filter(level=4).count() == 3


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tmp_path: Path, commune: Place) -> None:
    text = """commune_code,code,name,kind
24181,,Thôn 5,thôn
24181,,,thôn
99999,,Thôn Ma,thôn
24181,,Thôn 6,lâu đài
"""
    result = import_villages(write(tmp_path, text), filename="thon.csv")

    assert not result.imported
    assert [e.line for e in result.errors] == [3, 4, 5]
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith("Dòng 3:")
    assert "99999" in messages[1] and "Thôn Ma" in messages[1]
    assert "lâu đài" in messages[2]
    assert not Place.objects.filter(level=4).exists()


def test_skip_errors_imports_the_good_rows(tmp_path: Path, commune: Place) -> None:
    text = "commune_code,name\n24181,Thôn 5\n99999,Thôn Ma\n"

    result = import_villages(write(tmp_path, text), filename="thon.csv", skip_errors=True)

    assert result.imported and result.created == 1 and len(result.errors) == 1
    assert list(Place.objects.filter(level=4).values_list("name", flat=True)) == ["Thôn 5"]


def test_bom_and_semicolons_and_leading_zeros_dropped_by_excel(tmp_path: Path, province: Place) -> None:
    from danchu.places.tests.factories import commune as make_commune

    make_commune(province, code="00070", name="Phường Hoàn Kiếm", kind=PlaceKind.WARD)
    text = "Mã xã;Tên thôn\n70;Tổ dân phố 1\n"

    result = import_villages(write(tmp_path, text, bom=True), filename="thon.csv")

    assert result.created == 1, result.errors
    village = Place.objects.get(level=4)
    assert (
        village.parent is not None
        and village.parent.code == "00070"
        and village.kind == PlaceKind.RESIDENTIAL_GROUP
    )


def test_xlsx_file(tmp_path: Path, commune: Place) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["commune_code", "code", "name", "kind"])
    ws.append([24181, None, "Bản Phăng", "bản"])
    ws.append([24181, None, "Ấp Mới", "ấp"])
    path = tmp_path / "thon.xlsx"
    wb.save(path)

    result = import_villages(path, filename="thon.xlsx")

    assert result.created == 2
    assert set(Place.objects.filter(level=4).values_list("name", flat=True)) == {"Bản Phăng", "Ấp Mới"}


def test_not_utf8_is_refused_clearly(tmp_path: Path, commune: Place) -> None:
    path = tmp_path / "thon.csv"
    path.write_bytes("commune_code,name\n24181,Thôn Đông\n".encode("cp1258"))

    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_villages", str(path))


def test_command_reports_errors_and_imports_nothing(tmp_path: Path, commune: Place) -> None:
    path = write(tmp_path, "commune_code,name\n24181,Thôn 5\n88888,Thôn X\n")
    err = StringIO()

    with pytest.raises(CommandError, match="không có gì được nhập"):
        call_command("import_villages", str(path), stderr=err)

    assert "Dòng 3" in err.getvalue() and "88888" in err.getvalue()
    assert not Place.objects.filter(level=4).exists()


def test_command_skip_errors(tmp_path: Path, commune: Place, capsys: Any) -> None:
    path = write(tmp_path, "commune_code,name\n24181,Thôn 5\n88888,Thôn X\n")
    out = StringIO()

    call_command("import_villages", str(path), "--skip-errors", stdout=out, stderr=StringIO())

    assert Place.objects.filter(level=4).count() == 1
    assert "1" in out.getvalue()


def test_check_rows_keeps_the_order_lists_every_bad_line_and_refuses_or_skips() -> None:
    """The batched imports' loop: a row counts for the next (here: a name given twice), each bad row
    is reported by its line in the message and in `detail`, and nothing is returned when one is bad
    unless the caller asks to skip the bad rows."""
    from django.utils import translation

    from danchu.core.errors import DomainError
    from danchu.places.importing.reading import Row, check_rows

    seen: set[str] = set()

    def check(row: Row) -> str:
        name = row.get("name")
        if not name or name in seen:
            raise DomainError("bad name")
        seen.add(name)
        return name

    rows = [
        Row(2, {"name": "Thôn 1"}),
        Row(3, {"name": ""}),
        Row(4, {"name": "Thôn 1"}),
        Row(5, {"name": "Thôn 2"}),
    ]
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        check_rows(rows, check)
    assert refused.value.message == "Không có gì được nhập. Dòng 3: bad name Dòng 4: bad name"
    assert refused.value.detail == ["Dòng 3: bad name", "Dòng 4: bad name"]
    seen.clear()
    with translation.override("en"):
        assert check_rows(rows, check, skip_bad=True) == (
            ["Thôn 1", "Thôn 2"],
            ["Line 3: bad name", "Line 4: bad name"],
        )
    seen.clear()
    with pytest.raises(DomainError):  # skipping needs a good row
        check_rows(rows[1:2], check, skip_bad=True)


def test_a_file_over_the_row_limit_is_told_its_rows_and_to_split_it() -> None:
    import io

    from django.utils import translation

    from danchu.core.errors import DomainError
    from danchu.places.importing.reading import read_checked

    body = "ma,ten\n" + "".join(f"{i},Thôn {i}\n" for i in range(12))
    with translation.override("vi"), pytest.raises(DomainError) as e:
        read_checked(io.BytesIO(body.encode()), "thon.csv", {}, required=(), max_rows=10)
    assert e.value.code == "too_many_rows"
    assert e.value.message == (
        "Tệp có 12 dòng; mỗi lần nhập tối đa 10 dòng. Hãy chia thành nhiều tệp nhỏ hơn rồi nhập lần lượt "
        "từng tệp."
    )
