"""Each named permission across the cast: own commune, another commune, residents and the public."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danchu.core.access import can
from danchu.works import services
from danchu.works.models import Payment

CAST = [
    "citizen",
    "household_rep",
    "village_head",
    "officer",
    "chairman",
    "front_officer",
    "board_member",
    "outsider",
    "admin_user",
]
EXPECTED = {
    "works.manage": {"officer", "chairman", "admin_user"},
    "works.ledger": {"village_head", "officer", "chairman", "front_officer", "admin_user"},
    "works.board_establish": {"front_officer", "admin_user"},
    "works.supervise": set(),  # no board yet
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_permission_matrix(request, work, name):
    allowed = {who for who in CAST if can(request.getfixturevalue(who), name, work)}
    assert allowed == EXPECTED[name]
    assert not can(AnonymousUser(), name, work)


def test_anyone_reads_a_work(work):
    assert can(AnonymousUser(), "works.view", work)


def test_board_members_supervise_and_others_do_not(
    board, supervisor, front_officer, officer, outsider, board_member
):
    assert can(supervisor, "works.supervise", board.work) and can(
        front_officer, "works.supervise", board.work
    )
    assert not any(can(p, "works.supervise", board.work) for p in (officer, outsider, board_member))


def test_import_through_the_page_with_a_bad_row_imports_nothing(browser_as, pledged, officer, households):
    wb = Workbook()
    ws = wb.active
    ws.append(["household", "kind", "amount", "quantity", "received_on", "voluntary", "note"])
    ws.append([households[1].number, "money", 500000, None, "20/03/2026", None, None])
    ws.append([households[2].number, "gold", 1, None, "20/03/2026", None, None])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "dong-gop.xlsx"
    c = browser_as(officer)
    r = c.post_form(
        f"/works/{pledged.pk}/import/",
        {"file": out},
        HTTP_REFERER=f"http://testserver/works/{pledged.pk}/ledger/",
    )
    assert r.status_code == 400 and not Payment.objects.exists()
    page = r.content.decode()  # the ledger again, with the line refused
    assert "Không có gì được nhập. Dòng 3: Hình thức đóng góp không hợp lệ." in page
    assert f'action="/works/{pledged.pk}/import/"' in page


def test_the_import_names_the_columns_it_does_not_read(browser_as, pledged, officer, households):
    """An accountant's "STT" and "Người nộp" name no column of a contribution: said on the ledger."""
    data = (
        f"STT;Hộ;Người nộp;Số tiền (đồng);Ngày nhận\n1;{households[1].number};Lê Văn Tư;500000;20/03/2026\n"
    )
    c = browser_as(officer)
    r = c.post_form(
        f"/works/{pledged.pk}/import/", {"file": SimpleUploadedFile("dong-gop.csv", data.encode())}
    )
    assert r.status_code == 302 and Payment.objects.count() == 1
    assert "Các cột không được đọc: “STT”, “Người nộp”." in c.get(r["Location"]).content.decode()


def test_the_sample_workbook_is_read_whole_and_imports_nothing_unchanged(
    browser_as, client_as, pledged, officer, households, outsider, village_head
):
    """The ledger links a sample whose every column the import reads; uploaded unchanged it is refused
    as a file with no rows (no example payment); filled, it imports. Only the work's managers get it."""
    from openpyxl import load_workbook

    from danchu.places.importing.reading import _header_key
    from danchu.works.services.importing import IMPORT_ALIASES, IMPORT_COLUMNS, SAMPLE_COLUMNS

    assert {_header_key(column, IMPORT_ALIASES) for column, *_ in SAMPLE_COLUMNS} == set(IMPORT_COLUMNS)
    c = browser_as(officer)
    url = f"/works/{pledged.pk}/import/sample.xlsx"
    assert f'href="{url}"' in c.get(f"/works/{pledged.pk}/ledger/").content.decode()
    sample = c.get(url)
    assert (
        sample.status_code == 200
        and sample["Content-Disposition"] == f'attachment; filename="mau-dong-gop-{pledged.pk}.xlsx"'
    )
    r = c.post_form(
        f"/works/{pledged.pk}/import/",
        {"file": SimpleUploadedFile("mau.xlsx", sample.content)},
        HTTP_REFERER=f"http://testserver/works/{pledged.pk}/ledger/",
    )
    assert r.status_code == 400 and not Payment.objects.exists()
    assert "Tệp không có dòng dữ liệu nào." in r.content.decode()
    book = load_workbook(io.BytesIO(sample.content))
    assert [sheet.title for sheet in book] == ["Dữ liệu", "Hướng dẫn"]
    book.active.append([households[1].number, "", "tiền", 500000, None, "20/03/2026", None, "đợt 1"])
    filled = io.BytesIO()
    book.save(filled)
    result = services.ledger_import(work=pledged, by=officer, data=filled.getvalue(), filename="mau.xlsx")
    assert len(result.payments) == 1 and result.unread_columns == []
    assert client_as(outsider).get(url).status_code == 404
    assert client_as(village_head).get(url).status_code in (403, 404)


def test_village_head_finds_the_works_of_the_village_in_the_office(client_as, work, village_head, outsider):
    assert f"/works/{work.pk}/" in client_as(village_head).get("/works/office/").content.decode()
    assert f"/works/{work.pk}/" not in client_as(outsider).get("/works/office/").content.decode()


def test_members_without_an_account_give_the_public_no_board_rights(board, client):
    assert board.members.filter(person__isnull=True).exists()
    assert not can(AnonymousUser(), "works.supervise", board.work)
    page = client.get(f"/works/{board.work.pk}/").content.decode()
    assert f"/works/{board.work.pk}/board/" not in page


def test_a_board_member_reads_the_ledger_of_the_work_they_supervise_not_the_communes_others(
    client_as, board, supervisor, make_work
):
    """Need to know: a member of one work's board sees what each household of that work gave, not the
    ledgers of every other work of the commune (the member's role is held in the commune)."""
    other = make_work(title="Nhà văn hóa Thôn 1")
    assert can(supervisor, "works.ledger", board.work)
    assert not can(supervisor, "works.ledger", other)
    c = client_as(supervisor)
    assert c.get(f"/works/{board.work.pk}/ledger/").status_code == 200
    assert c.get(f"/works/{other.pk}/ledger/").status_code == 404
    assert c.get(f"/works/{other.pk}/ledger.xlsx").status_code == 404


def test_the_office_pages_the_works_a_person_reads(client_as, make_work, officer, monkeypatch):
    from danchu.works.views import office as pages

    monkeypatch.setattr(pages, "WORKS_PER_PAGE", 2)
    works = [make_work(title=f"Công trình {i}") for i in range(3)]
    c = client_as(officer)
    first = c.get("/works/office/").content.decode()
    second = c.get("/works/office/?page=2").content.decode()
    assert "?page=2" in first
    assert all((f"/works/{w.pk}/" in first) != (f"/works/{w.pk}/" in second) for w in works)
