"""The historical import's page (upload, preview with every bad row by its line, confirm) and its
command `danchu import_history FILE [--skip-bad]` (issue #15): real XLSX files built here, bad rows,
NUL bytes, over-long input, a code that never existed, another person's staged file."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from danchu.core.models import AuditEntry
from danchu.places.tests import factories as pf
from danchu.reporting import history
from danchu.reporting.models import HistoryUpload, Submission

from .test_history import _xlsx, krong_pac  # noqa: F401  (the former district's fixture)

pytestmark = pytest.mark.usefixtures("krong_pac")
URL = "/reporting/history/"
GOOD = [["L24496", "2021", 19, 1], ["L24502", "2021", 17, 0]]
BAD = [
    ["L24496", "2021", 19, 1],
    ["X99999", "2021", 19, 1],  # a code that never existed
    ["L24505", "2021", 25, 0],  # more criteria than the set has
    ["L24502", "2021", "mười", 0],  # not a number
]


def _client(user: Any) -> Client:
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    c.get(URL)
    return c


def _post(c: Client, data: dict[str, Any]) -> Any:
    return c.post(
        URL, {"csrfmiddlewaretoken": c.cookies["csrftoken"].value, **data}, HTTP_ACCEPT_LANGUAGE="vi"
    )


def _upload(c: Client, form: Any, rows: list[list[Any]], name: str = "lich-su.xlsx") -> Any:
    f = _xlsx(rows)
    f.name = name
    return _post(c, {"action": "preview", "form": form.code, "file": f})


def test_preview_lists_each_bad_row_by_line_and_imports_nothing_until_confirmed(
    forms: Any, admin_user: Any
) -> None:
    _q, annual = forms
    c = _client(admin_user)
    r = _upload(c, annual, BAD)
    assert r.status_code == 200
    page = r.content.decode()
    assert 'data-line="2"' in page and "Xã Ea Kly" in page
    assert "Dòng 3:" in page and "X99999" in page
    assert "Dòng 4:" in page and "Dòng 5:" in page and "mười" in page
    assert not Submission.objects.exists()
    upload = HistoryUpload.objects.get()
    # Confirming without choosing to leave the bad rows out imports nothing and says why.
    r = _post(c, {"action": "confirm", "upload": upload.pk})
    assert r.status_code == 400  # the page again, with the refusal
    assert "Không có gì được nhập. Dòng 3:" in r.content.decode() and "X99999" in r.content.decode()
    assert not Submission.objects.exists()
    r = _post(c, {"action": "confirm", "upload": upload.pk, "skip_bad": "1"})
    assert r.status_code == 302
    sub = Submission.objects.get()
    assert sub.place.code == "L24496" and sub.status == Submission.Status.APPROVED
    assert {v.code: int(v.value) for v in sub.values.all()} == {
        "newrural.criteria_met": 19,
        "newrural.standard": 1,
    }
    assert not HistoryUpload.objects.exists()
    assert AuditEntry.objects.filter(action="reporting.history_import").exists()


def test_a_good_file_is_imported_on_confirmation(forms: Any, admin_user: Any) -> None:
    _q, annual = forms
    c = _client(admin_user)
    r = _upload(c, annual, GOOD)
    assert "2 dòng sẽ được nhập" in r.content.decode() or 'id="history-rows"' in r.content.decode()
    assert not Submission.objects.exists()
    r = _post(c, {"action": "confirm", "upload": HistoryUpload.objects.get().pk})
    assert r.status_code == 302
    assert Submission.objects.filter(period_start=dt.date(2021, 1, 1)).count() == 2


def test_another_persons_staged_file_cannot_be_confirmed(
    forms: Any, admin_user: Any, django_user_model: Any
) -> None:
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role

    _q, annual = forms
    _upload(_client(admin_user), annual, GOOD)
    other = person_with_role(Role.ADMIN, None, full_name="Quản Trị Khác", is_superuser=True, is_staff=True)
    r = _post(_client(other), {"action": "confirm", "upload": HistoryUpload.objects.get().pk})
    assert r.status_code == 404
    assert not Submission.objects.exists()


def test_staff_who_are_not_administrators_do_not_see_the_page(
    steering_member: Any, officer: Any, admin_user: Any
) -> None:
    for user in (steering_member, officer):
        c = Client()
        c.force_login(user)
        assert c.get(URL).status_code == 404
        assert URL not in c.get("/office/").content.decode()  # nor a link to it
    c = Client()
    c.force_login(admin_user)
    assert URL in c.get("/office/").content.decode()


def test_nul_bytes_and_over_long_input_are_refused_cleanly(forms: Any, admin_user: Any) -> None:
    _q, annual = forms
    c = _client(admin_user)
    # A file of NUL bytes is no workbook.
    junk = io.BytesIO(b"\x00" * 200)
    junk.name = "bad\x00name.xlsx"
    r = _post(c, {"action": "preview", "form": annual.code, "file": junk})
    assert r.status_code == 400  # the page again, with the refusal
    assert "Tệp không phải là bảng tính XLSX hợp lệ." in r.content.decode()
    assert not HistoryUpload.objects.exists()
    # A NUL inside a form code is dropped; inside an upload id it finds nothing.
    r = _post(c, {"action": "preview", "form": annual.code + "\x00", "file": _named(GOOD)})
    assert r.status_code == 200 and 'id="history-rows"' in r.content.decode()
    r = _post(c, {"action": "confirm", "upload": "1\x00"})
    assert r.status_code == 404
    # A NUL inside a CSV cell is dropped; an over-long code is reported shortened, by its line.
    csv = "Mã đơn vị,Kỳ báo cáo,newrural.criteria_met\nL24496\x00,2021,19\n" + "9" * 5000 + ",2021,19\n"
    f = io.BytesIO(csv.encode())
    f.name = "lich-su.csv"
    r = _post(c, {"action": "preview", "form": annual.code, "file": f})
    page = r.content.decode()
    assert r.status_code == 200 and "Dòng 3:" in page and "9" * 41 not in page
    assert 'data-line="2"' in page
    assert not Submission.objects.exists()


def _named(rows: list[list[Any]]) -> io.BytesIO:
    f = _xlsx(rows)
    f.name = "lich-su.xlsx"
    return f


def test_a_column_that_is_no_figure_of_the_form_is_refused(forms: Any, admin_user: Any) -> None:
    from openpyxl import Workbook

    _q, annual = forms
    wb = Workbook()
    wb.active.append(["Mã đơn vị", "Kỳ báo cáo", "Số xã đạt chuẩn sai chính tả"])
    wb.active.append(["L24496", "2021", 3])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(Exception) as e:
        history.history_check(form=annual, file=out, filename="x.xlsx")
    assert "“Số xã đạt chuẩn sai chính tả”" in str(e.value)


def test_figures_headed_by_their_names_with_a_bracket_are_read(forms: Any) -> None:
    """A figure's name may hold a bracket ("Số tiêu chí nông thôn mới đạt được (bình quân mỗi xã)"):
    a file headed by the names reads it as that figure (both sides key headers alike)."""
    from django.utils import translation

    from danchu.reporting.registry import INDICATORS

    _q, annual = forms
    with translation.override("vi"):
        names = [str(INDICATORS.get(code).name) for code in ("newrural.criteria_met", "newrural.standard")]
    assert "(" in names[0]
    checked = history.history_check(
        form=annual, file=_xlsx([["L24496", "2021", 19, 1]], header=["Mã đơn vị", "Kỳ báo cáo", *names])
    )
    assert checked.errors == [] and checked.columns == ["newrural.criteria_met", "newrural.standard"]


def test_the_command_imports_all_or_nothing_or_skips_bad_rows(forms: Any, tmp_path: Any, capsys: Any) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_xlsx(BAD).getvalue())
    with pytest.raises(CommandError) as e:
        call_command("import_history", str(bad))
    assert "--skip-bad" in str(e.value)
    assert not Submission.objects.exists()
    assert "X99999" in capsys.readouterr().err
    call_command("import_history", str(bad), "--skip-bad")
    assert Submission.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_history", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError):
        call_command("import_history", str(bad), "--form", "NO\x00SUCH")


def test_a_code_is_read_as_the_register_wrote_it_in_its_year(forms: Any, province: Any) -> None:
    """A register of 2021 writes the commune's code without our "L": "24496" in 2021 is the former
    Xã Ea Kly (L24496), in 2025 the commune that has the code since 1 July 2025 — as the other imports
    read codes (places.queries.UnitsByCode)."""
    _q, annual = forms
    pf.commune(province, code="24496", name="Xã Ea Kly", valid_from=dt.date(2025, 7, 1))
    checked = history.history_check(
        form=annual, file=_xlsx([["24496", "2021", 19, 1], ["24496", "2025", 18, 1]])
    )
    assert checked.errors == []
    assert [(r.place.code, r.period.code) for r in checked.rows] == [("L24496", "2021"), ("24496", "2025")]
