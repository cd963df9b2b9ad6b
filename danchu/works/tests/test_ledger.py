from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from danchu.core.errors import DomainError
from danchu.places.tests import factories as pf
from danchu.works import queries, services
from danchu.works.models import Payment, Pledge, Rate

from .conftest import DECIDED

DAY = dt.date(2026, 3, 20)


def _pay(work, household, officer, amount, **kw):
    return services.payment_record(
        work=work,
        household=household,
        by=officer,
        kind=kw.pop("kind", "money"),
        amount=amount,
        received_on=kw.pop("received_on", DAY),
        **kw,
    )


def test_pledges_come_from_the_register_on_the_decision_day(work, officer, households, village):
    late = pf.household_with_head(village, registered_on=dt.date(2026, 4, 1))  # moved in after the decision
    gone = pf.household_with_head(village, dissolved_on=dt.date(2026, 3, 1))
    services.rate_set(work=work, by=officer, basis="person", amount=100000, decided_on=DECIDED)
    pledges = {p.household_id: p for p in services.pledges_compute(work=work, by=officer)}
    assert late.pk not in pledges and gone.pk not in pledges
    assert pledges[households[1].pk].amount == Decimal(200000)  # two people
    assert pledges[households[0].pk].amount == Decimal(100000)


def test_exempted_household_owes_nothing_and_cannot_pay_towards_it(pledged, officer, households):
    pledge = Pledge.objects.get(work=pledged, household=households[0])
    services.pledge_reduce(pledge=pledge, by=officer, reduction="poor", percent=100, note="Hộ nghèo 2026")
    assert Pledge.objects.get(pk=pledge.pk).amount == 0
    with pytest.raises(DomainError, match="tự nguyện"):
        _pay(pledged, households[0], officer, 1000)
    assert _pay(pledged, households[0], officer, 50000, voluntary=True).voluntary


def test_payment_above_the_pledge_is_refused_unless_voluntary(pledged, officer, households):
    _pay(pledged, households[1], officer, 300000)
    with pytest.raises(DomainError, match="200.000"):
        _pay(pledged, households[1], officer, 300000)
    assert Payment.objects.count() == 1
    _pay(pledged, households[1], officer, 200000)
    _pay(pledged, households[1], officer, 100000, voluntary=True)


def test_labour_days_count_at_the_decided_value(pledged, officer, households):
    p = services.payment_record(
        work=pledged, household=households[2], by=officer, kind="labour", quantity_=2, received_on=DAY
    )
    assert p.value == Decimal(400000)
    with pytest.raises(DomainError):
        services.payment_record(
            work=pledged, household=households[2], by=officer, kind="labour", quantity_=1, received_on=DAY
        )


def test_household_outside_the_works_villages_is_refused(pledged, officer, other_village):
    outside = pf.household_with_head(other_village)
    with pytest.raises(DomainError, match="không thuộc các thôn"):
        _pay(pledged, outside, officer, 1000, voluntary=True)


def test_payment_on_a_closed_work_is_refused(pledged, officer, households):
    services.progress_add(work=pledged, by=officer, on=dt.date(2026, 7, 25), percent=100)
    services.work_accept(work=pledged, by=officer, on=dt.date(2026, 7, 30), note="Nghiệm thu")
    services.work_hand_over(work=pledged, by=officer, on=dt.date(2026, 8, 5), to="Thôn 1")
    with pytest.raises(DomainError, match="đã bàn giao"):
        _pay(pledged, households[1], officer, 1000)


def test_correction_is_a_reversing_entry_and_totals_reconcile_to_the_dong(pledged, officer, households):
    a = _pay(pledged, households[1], officer, 333333)
    _pay(pledged, households[2], officer, 166667)
    reversal = services.payment_reverse(payment=a, by=officer, reason="Ghi nhầm hộ")
    assert reversal.value == -a.value and Payment.objects.get(pk=a.pk).value == 333333  # never edited
    with pytest.raises(DomainError):
        services.payment_reverse(payment=a, by=officer, reason="lần nữa")
    with pytest.raises(DomainError):
        services.payment_reverse(payment=reversal, by=officer, reason="đảo bút toán đảo")
    t = queries.totals(pledged)
    assert t.money == Decimal(166667) == sum(r["money"] for r in t.by_village)
    assert t.pledged == Decimal(2000000)
    assert sum(r["paid"] for r in queries.ledger(pledged)) == t.money
    assert t.households == 1


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["household", "kind", "amount", "quantity", "received_on", "voluntary", "note"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_reports_each_bad_row_by_line_and_imports_nothing(pledged, officer, households):
    data = _xlsx(
        [
            [households[1].number, "money", 500000, None, "20/03/2026", None, None],
            ["KHONG-CO", "money", 1000, None, "20/03/2026", None, None],
            [households[2].number, "money", 900000, None, "20/03/2026", None, None],
            [households[3].number, "money", 1000, None, "32/13/2026", None, None],
        ]
    )
    with pytest.raises(DomainError) as e:
        services.ledger_import(work=pledged, by=officer, data=data)
    assert [d.split(":")[0] for d in e.value.detail] == ["Dòng 3", "Dòng 4", "Dòng 5"]
    assert not Payment.objects.exists()
    ok = _xlsx(
        [
            [households[1].number, "money", 500000, None, "20/03/2026", None, None],
            [households[2].number, "labour", None, 1, dt.date(2026, 3, 21), None, "Đào rãnh"],
        ]
    )
    assert len(services.ledger_import(work=pledged, by=officer, data=ok).payments) == 2


def test_import_of_a_file_that_is_not_a_workbook_is_refused(pledged, officer):
    with pytest.raises(DomainError):
        services.ledger_import(work=pledged, by=officer, data=b"PK\x03\x04 not really")


def test_import_with_skip_keeps_the_good_rows_and_lists_the_bad(pledged, officer, households):
    data = _xlsx(
        [
            [households[1].number, "money", 500000, None, "20/03/2026", None, None],
            ["KHONG-CO", "money", 1000, None, "20/03/2026", None, None],
        ]
    )
    result = services.ledger_import(work=pledged, by=officer, data=data, skip_errors=True)
    assert [p.household for p in result.payments] == [households[1]]
    assert len(result.skipped) == 1 and result.skipped[0].startswith("Dòng 3")
    assert Payment.objects.count() == 1


def test_import_with_skip_and_no_good_row_imports_nothing(pledged, officer, households):
    data = _xlsx([["KHONG-CO", "money", 1000, None, "20/03/2026", None, None]])
    with pytest.raises(DomainError, match="Dòng 2"):
        services.ledger_import(work=pledged, by=officer, data=data, skip_errors=True)
    assert not Payment.objects.exists()


def test_import_reads_vietnamese_headers_and_csv(pledged, officer, households):
    data = f"Hộ;Loại;Số tiền;Ngày nhận\n{households[1].number};money;500000;20/03/2026\n".encode()
    result = services.ledger_import(work=pledged, by=officer, data=data, filename="dong-gop.csv")
    assert [(p.household, p.value) for p in result.payments] == [(households[1], Decimal(500000))]


def test_import_reads_headers_with_a_unit_a_format_or_a_required_mark(pledged, officer, households):
    """An office's template writes "Số tiền (đồng)", "Ngày nhận (dd/mm/yyyy)" and "Hộ (*)": read as
    the columns they name (the amount column was left unread and the row refused for a zero amount)."""
    data = (
        "STT;Hộ (*);Loại;Số tiền (đồng);Ngày nhận (dd/mm/yyyy);Ghi chú:\n"
        f"1;{households[1].number};money;500000;20/03/2026;đợt 1\n"
    ).encode()
    result = services.ledger_import(work=pledged, by=officer, data=data, filename="dong-gop.csv")
    assert [(p.household, p.value, p.note) for p in result.payments] == [
        (households[1], Decimal(500000), "đợt 1")
    ]


def test_import_reads_dates_as_vietnamese_spreadsheets_write_them(pledged, officer, households):
    """A CSV from a spreadsheet writes "20.03.2026", "20-03-2026", "2026-03-20" or a date cell's
    "20/03/2026 00:00:00": each was refused as "not dd/mm/yyyy"; a day that does not exist is refused
    with the value quoted, and a blank date said to be missing."""
    data = (
        "household,amount,received_on,note\n"
        f"{households[1].number},500000,20.03.2026,a\n"
        f"{households[2].number},500000,20-03-2026,b\n"
        f"{households[3].number},500000,2026-03-20,c\n"
        f"{households[0].number},500000,20/03/2026 00:00:00,d\n"
    ).encode()
    result = services.ledger_import(work=pledged, by=officer, data=data, filename="a.csv")
    assert {p.received_on for p in result.payments} == {dt.date(2026, 3, 20)}
    assert len(result.payments) == 4
    bad = (
        "household,amount,received_on\n"
        f"{households[1].number},500000,30/02/2026\n"
        f"{households[2].number},500000,\n"
    ).encode()
    with pytest.raises(DomainError) as e:
        services.ledger_import(work=pledged, by=officer, data=bad, filename="a.csv")
    assert e.value.detail == [
        "Dòng 2: ngày “30/02/2026” không đúng định dạng dd/mm/yyyy",
        "Dòng 3: thiếu ngày nhận (dd/mm/yyyy)",
    ]
    assert Payment.objects.count() == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"household,kind,amount\nX,money,1\n", "Thiếu cột: Ngày nhận."),  # no date column
        (b"household,received_on\n", "không có dòng"),  # header only
        (b"", "trống"),
        (b"\xff\xfe\x00bad", "UTF-8"),
    ],
)
def test_import_refuses_a_malformed_file_with_a_clear_message(pledged, officer, content, message):
    with pytest.raises(DomainError, match=message):
        services.ledger_import(work=pledged, by=officer, data=content, filename="a.csv")
    assert not Payment.objects.exists()


def test_import_refuses_nul_bytes_and_over_long_cells_by_line(pledged, officer, households):
    long_note = "x" * 300
    data = (
        "household,kind,amount,received_on,note\n"
        f"{households[1].number}\x00,money,500000,20/03/2026,\n"
        f"{households[2].number},money,500000,20/03/2026,{long_note}\n"
        f"{'9' * 5000},money,1,20/03/2026,\n"
    ).encode()
    with pytest.raises(DomainError) as e:
        services.ledger_import(work=pledged, by=officer, data=data, filename="a.csv")
    assert [d.split(":")[0] for d in e.value.detail] == ["Dòng 2", "Dòng 3", "Dòng 4"]
    assert "“household” có ký tự không được phép (NUL)" in e.value.detail[0]  # refused, not dropped
    assert len(str(e.value)) < 2000  # the over-long number is not echoed whole
    assert not Payment.objects.exists()


def test_import_refuses_too_many_rows(pledged, officer, monkeypatch):
    monkeypatch.setattr(services.importing, "IMPORT_MAX_ROWS", 2)
    data = b"household,received_on\n1,20/03/2026\n2,20/03/2026\n3,20/03/2026\n"
    with pytest.raises(DomainError, match="2"):
        services.ledger_import(work=pledged, by=officer, data=data, filename="a.csv")


def test_import_on_a_closed_work_is_refused(pledged, officer, households, monkeypatch):
    monkeypatch.setattr(type(pledged), "is_closed", property(lambda self: True))
    data = _xlsx([[households[1].number, "money", 500000, None, "20/03/2026", None, None]])
    with pytest.raises(DomainError):
        services.ledger_import(work=pledged, by=officer, data=data)
    assert not Payment.objects.exists()


def test_ledger_export_opens_in_a_spreadsheet(client_as, pledged, officer, households):
    _pay(pledged, households[1], officer, 500000)
    r = client_as(officer).get(f"/works/{pledged.pk}/ledger.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    values = [row for row in ws.iter_rows(min_row=3, values_only=True)]
    assert sum(v[3] for v in values) == 2000000 and sum(v[5] for v in values) == 500000


def test_household_sees_its_own_receipts_and_not_anothers(
    client_as, pledged, officer, households, citizen, household_rep
):
    mine = _pay(pledged, households[0], officer, 500000)
    theirs = _pay(pledged, households[1], officer, 500000)
    c = client_as(citizen)  # a resident of households[0]
    assert c.get(f"/works/payments/{mine.pk}/").status_code == 200
    assert c.get(f"/works/payments/{theirs.pk}/").status_code == 404
    page = c.get("/works/mine/").content.decode()
    assert mine.receipt_number in page and theirs.receipt_number not in page
    assert c.get(f"/works/{pledged.pk}/ledger/").status_code == 404


def test_receipt_verification_shows_only_what_is_safe(client, pledged, officer, households):
    p = _pay(pledged, households[1], officer, 500000)
    page = client.get(f"/works/receipts/{p.token}/").content.decode()
    assert p.receipt_number in page and households[1].village.name in page
    assert households[1].representative.full_name not in page and households[1].number not in page
    assert client.get("/works/receipts/khong-ton-tai/").status_code == 404
    services.payment_reverse(payment=p, by=officer, reason="Ghi nhầm")
    assert client.get(f"/api/v1/works/receipts/{p.token}").json()["cancelled"] is True


def test_api_payment_with_token_refuses_above_pledge_with_a_clear_message(
    client, pledged, officer, outsider, households, token_for
):
    url = f"/api/v1/works/works/{pledged.pk}/payments"
    body = {"household": households[1].number, "amount": "600000", "received_on": "2026-03-20"}
    r = client.post(url, body, content_type="application/json", **token_for(officer))
    assert r.status_code == 400 and "tự nguyện" in r.json()["message"]
    r = client.post(
        url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **token_for(officer)
    )
    assert r.status_code == 400 and "voluntary" in r.json()["message"]
    r = client.post(url, {**body, "amount": "500000"}, content_type="application/json", **token_for(officer))
    assert r.status_code == 201
    assert client.post(url, body, content_type="application/json", **token_for(outsider)).status_code == 404
    assert Payment.objects.count() == 1


def test_rate_per_m2_of_frontage_from_the_ledger_page(browser_as, work, officer, households):
    c = browser_as(officer)
    r = c.post_form(
        f"/works/{work.pk}/rate/",
        {
            "basis": "frontage",
            "amount": "20000",
            "labour_day_value": "0",
            "decided_on": "2026-03-15",
            "frontage": f"{households[1].number} = 12,5\n{households[2].number}=8",
        },
    )
    assert r.status_code == 302
    amounts = {p.household_id: p.amount for p in Pledge.objects.filter(work=work)}
    assert (
        amounts[households[1].pk] == 250000
        and amounts[households[2].pk] == 160000
        and amounts[households[0].pk] == 0
    )
    # The correction form starts from the frontage the pledges were computed from: a new amount per m²
    # sent with it keeps every household's m².
    page = c.get(f"/works/{work.pk}/ledger/").content.decode()
    line = f"{households[1].number} ({households[1].village.code}) = 12,5"
    assert line in page
    r = c.post_form(
        f"/works/{work.pk}/rate/",
        {
            "basis": "frontage",
            "amount": "30000",
            "labour_day_value": "0",
            "decided_on": "2026-03-15",
            "frontage": f"{line}\n{households[2].number} ({households[2].village.code}) = 8",
        },
    )
    assert r.status_code == 302
    assert Pledge.objects.get(work=work, household=households[1]).amount == 375000


def test_bad_frontage_line_is_refused_and_nothing_is_set(browser_as, work, officer):
    c = browser_as(officer)
    r = c.post_form(
        f"/works/{work.pk}/rate/",
        {
            "basis": "frontage",
            "amount": "20000",
            "labour_day_value": "0",
            "decided_on": "2026-03-15",
            "frontage": "KHONG-CO = 3",
        },
    )
    assert r.status_code == 400
    assert "Dòng 1: Hộ KHONG-CO không thuộc các thôn của công trình này." in r.content.decode()
    assert not Pledge.objects.exists() and not Rate.objects.exists()


def test_frontage_names_the_village_of_a_number_found_in_two_villages(
    browser_as, make_work, officer, commune, village
):
    other = pf.village(commune, code="24181-002", name="Thôn Hai")
    here, there = pf.household_with_head(village, number="12"), pf.household_with_head(other, number="12")
    work = make_work(villages=[village, other])
    c = browser_as(officer)
    form = {"basis": "frontage", "amount": "20000", "labour_day_value": "0", "decided_on": "2026-03-15"}
    # Without the village the number is ambiguous: refused, the line and the villages named.
    ledger = f"http://testserver/works/{work.pk}/ledger/"  # the form's page, as the browser's Referer
    r = c.post_form(
        f"/works/{work.pk}/rate/", {**form, "frontage": "12 = 10"}, follow=True, HTTP_REFERER=ledger
    )
    page = r.content.decode()
    assert "Dòng 1" in page and "Thôn Hai" in page and not Rate.objects.exists()
    # Every bad line is reported at once; nothing is set.
    bad = "12 (Thôn Ba) = 4\n12 (thon hai) = abc\n12 (Thôn Hai) = 3\n12 (24181-002) = 2"
    page = c.post_form(
        f"/works/{work.pk}/rate/", {**form, "frontage": bad}, follow=True, HTTP_REFERER=ledger
    ).content.decode()
    assert all(f"Dòng {n}" in page for n in (1, 2, 4)) and "Dòng 3" not in page, page
    assert not Rate.objects.exists() and not Pledge.objects.exists()
    lines = f"12 ({village.name}) = 12,5\n12 (thon hai) = 8"  # by name, letter case and accents aside
    assert c.post_form(f"/works/{work.pk}/rate/", {**form, "frontage": lines}).status_code == 302
    amounts = {p.household_id: p.amount for p in Pledge.objects.filter(work=work)}
    assert (amounts[here.pk], amounts[there.pk]) == (250000, 160000)


def test_api_frontage_of_a_household_of_another_village_is_refused_not_dropped(
    client, work, officer, households, commune, token_for
):
    elsewhere = pf.household_with_head(pf.village(commune, code="24181-009", name="Buôn Ea Sup"))
    body = {"basis": "frontage", "amount": "20000", "decided_on": "2026-03-15"}
    url = f"/api/v1/works/works/{work.pk}/rate"
    for frontage in ({households[1].pk: "5", elsewhere.pk: "9"}, {10**9: "3"}):
        r = client.post(
            url, {**body, "frontage": frontage}, content_type="application/json", **token_for(officer)
        )
        assert r.status_code == 400 and r.json()["code"] == "frontage", r.content
        assert not Rate.objects.exists() and not Pledge.objects.exists()
    per_household = {**body, "basis": "household", "frontage": {households[1].pk: "5"}}
    r = client.post(url, per_household, content_type="application/json", **token_for(officer))
    assert r.status_code == 400 and not Rate.objects.exists()
    r = client.post(
        url,
        {**body, "frontage": {households[1].pk: "5"}},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 201 and Pledge.objects.get(work=work, household=households[1]).amount == 100000


def test_rate_and_pledges_are_set_together_or_not_at_all(work, officer, households):
    with pytest.raises(DomainError):
        services.rate_decide(
            work=work,
            by=officer,
            basis="frontage",
            amount=20000,
            decided_on=DECIDED,
            frontage={households[1].pk: "-3"},
        )
    assert not Rate.objects.exists() and not Pledge.objects.exists()


def test_ledger_export_runs_no_formula_from_a_name_or_a_note(client_as, pledged, officer, households):
    """A head of household's name comes from the register and a payment's note from the officer:
    neither may become a formula in the ledger an officer opens."""
    rep = households[1].representative
    rep.full_name = '=HYPERLINK("http://x.example","Nguyễn Văn A")'
    rep.save(update_fields=["full_name"])
    _pay(pledged, households[1], officer, 500000, note="+84 nộp thay")
    r = client_as(officer).get(f"/works/{pledged.pk}/ledger.xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    cells = [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert "'" + rep.full_name in values and "'+84 nộp thay" in values


def test_the_ledger_pages_its_entries_so_an_old_one_can_still_be_found_and_reversed(
    client_as, pledged, officer, households, monkeypatch
):
    """A village of 400 households makes hundreds of entries: none may drop off the page unseen."""
    from danchu.works.views import ledger as pages

    monkeypatch.setattr(pages, "ENTRIES_PER_PAGE", 3)
    first = _pay(pledged, households[0], officer, 100000)
    for _ in range(4):
        _pay(pledged, households[1], officer, 100000)
    c = client_as(officer)
    page1 = c.get(f"/works/{pledged.pk}/ledger/").content.decode()
    assert first.receipt_number not in page1 and "?page=2" in page1
    page2 = c.get(f"/works/{pledged.pk}/ledger/?page=2").content.decode()
    assert first.receipt_number in page2 and f"/works/payments/{first.pk}/reverse/" in page2
    assert c.get(f"/works/{pledged.pk}/ledger/?page=zzz").status_code == 400  # not page 1 as if asked


def test_a_mistyped_rate_is_corrected_before_any_contribution_and_reductions_are_kept(
    browser_as, pledged, officer, households
):
    """50.000 typed for 500.000: until a contribution is recorded, the rate is entered again and every
    pledge recomputed (the exemptions already decided kept); the change is in the audit log."""
    from danchu.core.models import AuditEntry

    poor = Pledge.objects.get(work=pledged, household=households[0])
    services.pledge_reduce(pledge=poor, by=officer, reduction="poor", percent=50, note="Hộ nghèo 2026")
    c = browser_as(officer)
    ledger = f"/works/{pledged.pk}/ledger/"
    assert "rate-correct" in c.get(ledger).content.decode()
    form = {
        "basis": "household",
        "amount": "600000",
        "labour_day_value": "150000",
        "decided_on": "2026-03-15",
    }
    r = c.post_form(f"/works/{pledged.pk}/rate/", form, HTTP_REFERER=ledger)
    assert r.status_code == 302
    assert Rate.objects.get(work=pledged).amount == 600000
    assert Pledge.objects.get(work=pledged, household=households[1]).amount == 600000
    poor = Pledge.objects.get(work=pledged, household=households[0])
    assert (poor.gross, poor.amount, poor.reduction, poor.reduction_note) == (
        600000,
        300000,
        "poor",
        "Hộ nghèo 2026",
    )
    entry = AuditEntry.objects.filter(action="works.rate_correct").get()
    assert entry.before["amount"] == "500000" and entry.after["amount"] == "600000"


def test_the_rate_cannot_change_once_a_contribution_is_recorded(pledged, officer, households):
    _pay(pledged, households[1], officer, 100000)
    with pytest.raises(DomainError, match="(?i)đóng góp|contribution"):
        services.rate_decide(work=pledged, by=officer, basis="household", amount=600000, decided_on=DECIDED)
    assert Rate.objects.get(work=pledged).amount == 500000
    assert Pledge.objects.get(work=pledged, household=households[1]).amount == 500000


def test_amounts_written_with_vietnamese_thousands_are_read_whole(pledged, officer, households):
    """A CSV saved from a Vietnamese spreadsheet writes 500.000 (and an English one 500,000): five
    hundred thousand đồng — it was read as 500 đồng, in silence. "2,5" labour days is two and a half;
    words are refused with the value quoted."""
    data = (
        "Hộ;Loại;Số tiền;Số lượng;Ngày nhận\n"
        f"{households[1].number};tiền;500.000;;20/03/2026\n"
        f'{households[2].number};tiền;"300,000";;20/03/2026\n'
    ).encode()
    result = services.ledger_import(work=pledged, by=officer, data=data, filename="dong-gop.csv")
    assert [p.value for p in result.payments] == [Decimal(500000), Decimal(300000)]
    bad = f"Hộ;Số tiền;Ngày nhận\n{households[1].number};năm trăm nghìn;21/03/2026\n{households[1].number};500.5;21/03/2026\n"
    with pytest.raises(DomainError) as refused:
        services.ledger_import(work=pledged, by=officer, data=bad.encode(), filename="dong-gop.csv")
    assert "Dòng 2: Số tiền: “năm trăm nghìn” không phải là số tiền đồng" in refused.value.message
    assert "Dòng 3:" in refused.value.message


def test_read_number_reads_what_people_type_in_vietnam() -> None:
    from danchu.core.formats import read_number

    assert read_number("52.620") == 52620 and read_number("1.500.000") == 1500000
    assert read_number("2,5") == Decimal("2.5") and read_number("1.234,5") == Decimal("1234.5")
    assert read_number("1.5") == Decimal("1.5") and read_number(" 12 000 ") == 12000
    assert read_number("500,000") == Decimal("500.000") and read_number("500,000", whole=True) == 500000
    for text in ("năm trăm", "-5", "1e5", "NaN", "", "1.2.3", "1,000.000,5", "Infinity"):
        with pytest.raises(ValueError):
            read_number(text)


def test_a_file_imported_again_records_nothing_twice(pledged, officer, households):
    """The same file uploaded twice, or again after its bad row was mended, recorded its good rows a
    second time. A row repeating a contribution in the ledger is refused by its line with the receipt
    holding it (skipped when asked), one repeating an earlier line likewise; a note tells two real
    contributions apart, and a contribution reversed may be recorded again."""
    rows = f"Hộ;Số tiền;Ngày nhận\n{households[1].number};200000;20/03/2026\n{households[2].number};abc;20/03/2026\n"
    first = services.ledger_import(
        work=pledged, by=officer, data=rows.encode(), filename="a.csv", skip_errors=True
    )
    assert len(first.payments) == 1
    receipt = first.payments[0].receipt_number
    with pytest.raises(DomainError) as refused:
        services.ledger_import(work=pledged, by=officer, data=rows.encode(), filename="a.csv")
    assert f"Dòng 2: khoản đóng góp này đã được ghi (biên nhận {receipt})" in refused.value.message
    mended = rows.replace("abc", "300000")
    again = services.ledger_import(
        work=pledged, by=officer, data=mended.encode(), filename="a.csv", skip_errors=True
    )
    assert [p.household for p in again.payments] == [households[2]] and len(again.skipped) == 1
    assert Payment.objects.count() == 2
    twice = f"Hộ;Số tiền;Ngày nhận;Ghi chú\n{households[3].number};100000;21/03/2026;\n{households[3].number};100000;21/03/2026;\n"
    with pytest.raises(DomainError, match="Dòng 3: khoản đóng góp này trùng với một dòng phía trên"):
        services.ledger_import(work=pledged, by=officer, data=twice.encode(), filename="b.csv")
    noted = twice.replace("21/03/2026;\n", "21/03/2026;đợt 2\n").replace("đợt 2", "đợt 1", 1)
    assert (
        len(services.ledger_import(work=pledged, by=officer, data=noted.encode(), filename="b.csv").payments)
        == 2
    )
    services.payment_reverse(payment=first.payments[0], by=officer, reason="Ghi nhầm số tiền")
    assert (
        len(
            services.ledger_import(
                work=pledged, by=officer, data=rows.encode(), filename="a.csv", skip_errors=True
            ).payments
        )
        == 1
    )


def test_a_refused_file_names_the_columns_it_did_not_read(pledged, officer, households):
    """A misspelt header ("Số tiềng") leaves its column unread and every row refused for a zero
    amount: the refusal says which column was not read, the likely cause; the API's detail stays the
    rows' errors."""
    data = f"Hộ;Số tiềng;Ngày nhận\n{households[1].number};500000;20/03/2026\n".encode()
    with pytest.raises(DomainError) as e:
        services.ledger_import(work=pledged, by=officer, data=data, filename="dong-gop.csv")
    assert "Các cột không được đọc: “Số tiềng”." in e.value.message
    assert e.value.message.startswith("Không có gì được nhập. Các cột không được đọc")
    assert [d.split(":")[0] for d in e.value.detail] == ["Dòng 2"]
    assert not Payment.objects.exists()
