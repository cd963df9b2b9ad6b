"""Bad input through the pages and the API: a clear refusal (4xx) and nothing written, never a 500.
PostgreSQL refuses a NUL character in a query's text with an error (SQLite does not): run these on
PostgreSQL too (DATABASE_URL) to see what they guard against."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.core.errors import DomainError
from danchu.works.models import BoardMember, Payment, Work

from .conftest import DECIDED


@pytest.mark.parametrize(
    "path",
    [
        "/works/place/24181%00/",
        "/works/receipts/abc%00/",
        "/api/v1/works/places/24181%00",
        "/api/v1/works/receipts/a%00",
    ],
)
def test_a_nul_in_a_code_of_the_address_is_not_found(client, commune, path):
    assert client.get(path).status_code == 404


def test_api_refuses_a_nul_in_a_household_number_or_village_code(
    client, pledged, officer, households, commune, village, board, supervisor, token_for
):
    r = client.post(
        f"/api/v1/works/works/{pledged.pk}/payments",
        {"household": f"{households[1].number}\x00", "received_on": "2026-03-20", "amount": 1000},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "household"
    body = {
        "commune": commune.code,
        "villages": [f"{village.code}\x00"],
        "title": "Cống Thôn 1",
        "investor": "UBND xã",
        "decision_number": "3/NQ",
        "decision_date": str(DECIDED),
        "decision_issuer": "Hội nghị thôn",
    }
    r = client.post("/api/v1/works/works", body, content_type="application/json", **token_for(officer))
    assert r.status_code == 422
    r = client.post(
        f"/api/v1/works/works/{pledged.pk}/board/members",
        {"full_name": "Phạm Văn Dân", "represents": "resident", "village": "\x00"},
        content_type="application/json",
        **token_for(supervisor),
    )
    assert r.status_code == 422
    assert not Payment.objects.exists() and Work.objects.count() == 1 and BoardMember.objects.count() == 5


def test_a_pledge_or_labour_value_too_large_for_the_ledger_is_refused(make_work, officer, households):
    from danchu.core.errors import DomainError
    from danchu.works import services
    from danchu.works.models import Pledge

    work = make_work()
    services.rate_set(
        work=work, by=officer, basis="frontage", amount=10**14, labour_day_value=10**14, decided_on=DECIDED
    )
    with pytest.raises(DomainError, match=households[0].number):
        services.pledges_compute(work=work, by=officer, frontage={households[0].pk: "999"})
    with pytest.raises(DomainError):
        services.payment_record(
            work=work,
            household=households[0],
            by=officer,
            kind="labour",
            quantity_="999",
            received_on=DECIDED,
            voluntary=True,
        )
    assert not Pledge.objects.exists() and not Payment.objects.exists()


def _png(mode: str, size: tuple[int, int]) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def test_a_photo_declaring_too_many_pixels_is_refused_before_it_is_decoded(work, officer):
    from danchu.core.errors import DomainError
    from danchu.works import services

    bomb = _png("1", (12000, 12000))  # 144 megapixels in about 20 kB
    assert len(bomb) < 100_000
    with pytest.raises(DomainError, match="megapixel"):
        services.progress_add(work=work, by=officer, on=DECIDED, percent=10, photos=[(bomb, "bomb.png")])
    assert not work.updates.exists()


def test_a_jpeg_comment_does_not_survive_the_upload(work, officer):
    import io

    from PIL import Image

    from danchu.works import services
    from danchu.works.models import Photo

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 20, 30)).save(out, "JPEG", comment=b"Nguyen Van A 0912345678")
    services.progress_add(work=work, by=officer, on=DECIDED, percent=10, photos=[(out.getvalue(), "a.jpg")])
    with Photo.objects.get().image.open("rb") as f:
        assert b"0912345678" not in f.read()


def test_import_reads_voluntary_and_kind_in_vietnamese_even_decomposed(pledged, officer, households):
    import unicodedata

    from danchu.works import services

    # A sheet saved on a Mac: NFD ("o" + combining acute), as the pledge refuses 600.000 đ unless voluntary.
    text = (
        "Hộ;Loại;Số tiền;Số lượng;Ngày nhận;Tự nguyện\n"
        f"{households[1].number};Tiền;600000;;20/03/2026;Có\n"
        f"{households[2].number};NGÀY CÔNG;;2;20/03/2026;\n"
    )
    data = unicodedata.normalize("NFD", text).encode()
    result = services.ledger_import(work=pledged, by=officer, data=data, filename="dong-gop.csv")
    assert [(p.kind, p.voluntary, p.value) for p in result.payments] == [
        ("money", True, 600000),
        ("labour", False, 400000),
    ]


def test_a_voluntary_cell_that_is_neither_yes_nor_no_is_refused_by_line(pledged, officer, households):
    """A typo ("Cóo") made a voluntary contribution an obligation, in silence."""
    from danchu.core.errors import DomainError
    from danchu.works import services
    from danchu.works.models import Payment

    text = (
        "Hộ;Loại;Số tiền;Số lượng;Ngày nhận;Tự nguyện\n"
        f"{households[1].number};Tiền;600000;;20/03/2026;Cóo\n"
        f"{households[2].number};Tiền;100000;;20/03/2026;không\n"
    )
    with pytest.raises(DomainError) as e:
        services.ledger_import(work=pledged, by=officer, data=text.encode(), filename="dong-gop.csv")
    assert e.value.detail == ["Dòng 2: cột “tự nguyện” phải là “có” hoặc “không”, không phải “Cóo”"]
    assert not Payment.objects.exists()


def test_the_ledger_exports_with_a_word_line_break_in_a_note(client_as, pledged, officer, households):
    import io

    from openpyxl import load_workbook

    from danchu.works import services

    services.payment_record(
        work=pledged,
        household=households[1],
        by=officer,
        kind="money",
        received_on=DECIDED,
        amount=1000,
        note="Nộp thay\x0bông Y Khăm\x01",
    )
    r = client_as(officer).get(f"/works/{pledged.pk}/ledger.xlsx")
    assert r.status_code == 200
    entries = load_workbook(io.BytesIO(r.content)).worksheets[1]
    assert entries.cell(row=2, column=9).value.startswith("Nộp thay ông Y Khăm")


def test_import_does_not_guess_between_two_villages_households_of_the_same_number(
    officer, commune, village, other_village, make_work
):
    from danchu.places.tests import factories as pf
    from danchu.works import services

    ours = pf.household_with_head(village, number="HGD-001")
    theirs = pf.household_with_head(other_village, number="HGD-001")
    work = make_work(villages=[village, other_village])
    ambiguous = b"household,kind,amount,received_on,voluntary\nHGD-001,money,1000,20/03/2026,x\n"
    with pytest.raises(DomainError, match="Thôn 1"):
        services.ledger_import(work=work, by=officer, data=ambiguous, filename="a.csv")
    assert not Payment.objects.exists()
    named = "Hộ,Thôn,Số tiền,Ngày nhận,Tự nguyện\nHGD-001,buon dak,1000,20/03/2026,x\n".encode()
    result = services.ledger_import(work=work, by=officer, data=named, filename="a.csv")
    assert [p.household for p in result.payments] == [theirs] and ours != theirs


def test_a_payment_for_a_number_found_in_two_villages_names_them_and_takes_the_village(
    browser_as, client, officer, village, other_village, make_work, token_for
):
    from danchu.places.tests import factories as pf

    pf.household_with_head(village, number="HGD-001")
    theirs = pf.household_with_head(other_village, number="HGD-001")
    work = make_work(villages=[village, other_village])
    c = browser_as(officer)
    form = {
        "household": "HGD-001",
        "kind": "money",
        "amount": "1000",
        "received_on": "2026-03-20",
        "voluntary": "on",
    }
    r = c.post_form(
        f"/works/{work.pk}/payments/", form, HTTP_REFERER=f"http://testserver/works/{work.pk}/ledger/"
    )
    assert r.status_code == 400 and not Payment.objects.exists()
    page = r.content.decode()  # the ledger again, with the villages named
    assert "Số hộ HGD-001 có ở nhiều thôn của công trình (Thôn 1, Buôn Đắk): hãy chọn thôn." in page
    assert f'action="/works/{work.pk}/payments/"' in page
    r = c.post_form(f"/works/{work.pk}/payments/", {**form, "village": other_village.pk})
    assert r.status_code == 302 and Payment.objects.get().household == theirs
    body = {"household": "HGD-001", "amount": 1000, "received_on": "2026-03-20", "voluntary": True}
    headers = token_for(officer)
    r = client.post(
        f"/api/v1/works/works/{work.pk}/payments", body, content_type="application/json", **headers
    )
    assert r.status_code == 400 and Payment.objects.count() == 1
    r = client.post(
        f"/api/v1/works/works/{work.pk}/payments",
        {**body, "village": other_village.code},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201 and Payment.objects.filter(household=theirs).count() == 2


def test_an_oversized_photo_is_refused_before_it_is_read(settings):
    from danchu.works.photos import read_uploads

    class Upload:
        name, size, reads = "big.jpg", 50 * 1024 * 1024, 0

        def read(self, n: int = -1) -> bytes:
            self.reads += 1
            return b""

    settings.WORKS_PHOTO_MAX_BYTES = 8 * 1024 * 1024
    big = Upload()
    with pytest.raises(DomainError, match="big.jpg"):
        read_uploads([big])
    assert big.reads == 0


def test_a_payment_form_sent_twice_records_one_contribution(browser_as, pledged, officer, households):
    """A double click on "Record and print the receipt" (or a retry on a slow line) must not charge
    the household twice: the form carries a key, the second post answers with the first receipt."""
    c = browser_as(officer)
    page = c.get(f"/works/{pledged.pk}/ledger/").content.decode()
    assert 'name="idempotency_key"' in page
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    data = {
        "household": households[1].number,
        "kind": "money",
        "amount": "200000",
        "received_on": "2026-03-20",
        "idempotency_key": key,
    }
    first = c.post_form(f"/works/{pledged.pk}/payments/", data)
    second = c.post_form(f"/works/{pledged.pk}/payments/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Payment.objects.filter(work=pledged).count() == 1


def test_a_work_form_sent_twice_records_one_work(browser_as, officer, commune, village):
    c = browser_as(officer)
    page = c.get("/works/office/").content.decode()
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    data = {
        "commune": commune.pk,
        "villages": [village.pk],
        "title": "Kênh mương nội đồng Thôn 1",
        "kind": "canal",
        "investor": "UBND xã",
        "budget_state": "0",
        "budget_people": "0",
        "budget_labour": "0",
        "budget_sponsors": "0",
        "land_m2": "0",
        "decision_number": "4/NQ-HNTDC",
        "decision_date": str(DECIDED),
        "decision_issuer": "Hội nghị thôn",
        "idempotency_key": key,
    }
    c.post_form("/works/new/", data)
    c.post_form("/works/new/", data)
    assert Work.objects.filter(title="Kênh mương nội đồng Thôn 1").count() == 1


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [("500.000", 500000), ("500,000", 500000), ("1.200.000", 1200000), ("500 000", 500000)],
)
def test_an_amount_typed_with_thousands_is_recorded_as_typed(
    browser_as, pledged, officer, households, typed, recorded
):
    """Where the amount box shows as plain text (an older phone's browser), people type "500.000":
    Django's decimal field refused it ("no more than 0 decimal places") — or, for labour days, read
    "1.500" as one and a half. The form reads numbers as the imports do (core.forms.TypedNumberField)."""
    c = browser_as(officer)
    data = {
        "household": households[1].number,
        "kind": "money",
        "amount": typed,
        "received_on": "20/03/2026",
        "voluntary": "on",  # beyond the rate: any amount
    }
    assert c.post_form(f"/works/{pledged.pk}/payments/", data).status_code == 302
    payment = Payment.objects.get(work=pledged)
    assert (payment.value, payment.received_on) == (recorded, dt.date(2026, 3, 20))


def test_an_amount_that_is_no_number_is_refused_and_nothing_recorded(
    browser_as, pledged, officer, households
):
    c = browser_as(officer)
    for typed in ("năm trăm", "500.5", "-5", "1e5", "5\x00"):
        data = {
            "household": households[1].number,
            "kind": "money",
            "amount": typed,
            "received_on": "2026-03-20",
        }
        r = c.post_form(f"/works/{pledged.pk}/payments/", data)
        assert r.status_code == 400, typed  # refused, with the message
    assert not Payment.objects.filter(work=pledged).exists()
