"""The comments of a village meeting entered in bulk (issue #11): rows naming the agenda item, all or
nothing, every bad row by its line; through the service, the page (CSRF enforced) and the API."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from danchu.consultations.models import Comment
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import meeting_comments as mc
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.places.tests import factories as pf

from .test_meeting_channel import discussed

pytestmark = pytest.mark.django_db


def _record(
    consultation: Any, officer: Any, text: str, filename: str = "rows.csv", **kw: Any
) -> list[Comment]:
    rows = mc.meeting_comments_read(filename=filename, data=text.encode())
    return mc.meeting_comments_record(actor=officer, consultation=consultation, rows=rows, **kw)


def test_rows_naming_the_agenda_item_are_recorded_together(open_consultation, officer, village):
    item = discussed(village)
    done = _record(
        open_consultation,
        officer,
        "Mục\tHọ tên\tÝ kiến\tLập trường\tĐoạn\n"
        f"{item.pk}\tY Bhăm Êban\tĐề nghị giữ đất trồng cà phê.\tphản đối\t2\n"
        f"#{item.pk}\tH'Hoa Mlô\tĐồng ý mở rộng đường.\tủng hộ\t\n",
    )
    assert [(c.author_name, c.stance, c.source, c.meeting_item_id) for c in done] == [
        ("Y Bhăm Êban", Comment.Stance.OPPOSE, Comment.Source.MEETING, item.pk),
        ("H'Hoa Mlô", Comment.Stance.SUPPORT, Comment.Source.MEETING, item.pk),
    ]
    assert done[0].paragraph is not None and done[0].paragraph.position == 2 and done[1].paragraph is None
    assert AuditEntry.objects.filter(action="consultations.meeting_comments").count() == 1


def test_rows_without_an_item_take_the_one_chosen_on_the_form(open_consultation, officer, village):
    item = discussed(village)
    done = _record(open_consultation, officer, "name,comment\nY Bhăm Êban,Ý kiến A\n", default_item=item.pk)
    assert done[0].meeting_item_id == item.pk
    with pytest.raises(DomainError, match="names no agenda item"):
        _record(open_consultation, officer, "name,comment\nY Bhăm Êban,Ý kiến B\n")


def test_every_bad_row_is_reported_by_line_and_nothing_is_recorded(
    open_consultation, officer, village, other_commune
):
    item = discussed(village)
    foreign = discussed(pf.village(other_commune, code=f"{other_commune.code}-009", name="Buôn Ea Kmát"))
    text = (
        "item,name,comment,stance,paragraph\n"
        f"{item.pk},Y Bhăm Êban,Ý kiến đúng,,\n"  # line 2: good
        f"{foreign.pk},Người xã khác,Ý kiến,,\n"  # line 3: an item of another commune
        f"{item.pk},,Không tên,,\n"  # line 4: no name
        f"{item.pk},Y Nguyên,Ý kiến,chửi bới,\n"  # line 5: unknown stance
        f"{item.pk},Y Nguyên,Ý kiến,,999\n"  # line 6: no such paragraph
        f"{item.pk},Y Nguyên,{'x' * 6000},,\n"  # line 7: too long
        f"abc,Y Nguyên,Ý kiến,,\n"  # line 8: not a number
    )
    with pytest.raises(DomainError) as e:
        _record(open_consultation, officer, text)
    assert [d.split(":")[0] for d in e.value.detail] == [f"Line {n}" for n in range(3, 9)]
    assert len(str(e.value)) < 5000
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("name,comment\n", "no rows"),
        ("name,text_only\nA,B\n", "Missing columns"),
    ],
)
def test_a_malformed_table_is_refused_clearly(open_consultation, officer, content, message):
    with pytest.raises(DomainError, match=message):
        _record(open_consultation, officer, content)
    assert not Comment.objects.exists()


def test_nul_bytes_are_refused_by_line_and_column_not_stored(open_consultation, officer, village):
    item = discussed(village)
    content = f"item,name,comment\n{item.pk},Y Bhăm,Ý kiến\n{item.pk},Y\x00 Bhăm,Ý\x00 kiến\n"
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        _record(open_consultation, officer, content)
    assert refused.value.detail == ["Dòng 3: cột “name, comment” có ký tự không được phép (NUL)"]
    assert not Comment.objects.exists()


def test_an_xlsx_file_is_read_too(open_consultation, officer, village):
    item = discussed(village)
    wb = Workbook()
    ws = wb.active
    ws.append(["Mục", "Họ và tên", "Nội dung"])
    ws.append([item.pk, "Y Bhăm Êban", "Đề nghị công khai phương án bồi thường."])
    out = io.BytesIO()
    wb.save(out)
    rows = mc.meeting_comments_read(filename="bien-ban.xlsx", data=out.getvalue())
    done = mc.meeting_comments_record(actor=officer, consultation=open_consultation, rows=rows)
    assert done[0].meeting_item_id == item.pk


def test_staff_of_another_unit_and_a_closed_consultation_are_refused(
    open_consultation, officer, outsider, village
):
    item = discussed(village)
    with pytest.raises(Forbidden):
        _record(open_consultation, outsider, f"item,name,comment\n{item.pk},A,B\n")
    # The period ended (its state read again under the lock, not the caller's copy of it).
    svc.consultation_end_period(
        actor=officer,
        consultation=open_consultation,
        today=open_consultation.closes_on + dt.timedelta(days=1),
    )
    with pytest.raises(DomainError, match="closed"):
        _record(open_consultation, officer, f"item,name,comment\n{item.pk},A,B\n")
    assert not Comment.objects.exists()


# --- Page and API ----------------------------------------------------------------------------------


def test_the_page_records_pasted_rows_with_csrf(browser_as, open_consultation, officer, village):
    item = discussed(village)
    url = f"/consultations/{open_consultation.pk}/record/meeting/"
    page = browser_as(officer).get(f"/consultations/{open_consultation.pk}/").content.decode()
    assert 'id="meeting-comments"' in page and f"#{item.pk} ·" in page
    data = {
        "mtg-meeting_item": str(item.pk),
        "mtg-rows": "ho_ten;y_kien\nY Bhăm Êban;Ý kiến một\nH'Hoa;Ý kiến hai\n",
    }
    assert browser_as(officer).post(url, data).status_code == 403  # no CSRF token
    assert not Comment.objects.exists()
    r = browser_as(officer).post_form(url, data)
    assert r.status_code == 302
    assert Comment.objects.filter(meeting_item=item).count() == 2


def test_the_page_reports_bad_rows_and_keeps_nothing(browser_as, open_consultation, officer, village):
    item = discussed(village)
    c = browser_as(officer)
    detail = f"http://testserver/consultations/{open_consultation.pk}/"
    r = c.post_form(
        f"/consultations/{open_consultation.pk}/record/meeting/",
        {"mtg-meeting_item": str(item.pk), "mtg-rows": "ho_ten;y_kien\nY Bhăm;Ý kiến\n;Không tên\n"},
        HTTP_REFERER=detail,
    )
    assert r.status_code == 400 and not Comment.objects.exists()
    page = r.content.decode()  # the consultation's page again, with the line refused
    assert "Không có gì được nhập. Dòng 3: Cần nhập Họ tên người góp ý." in page
    assert 'id="meeting-comments"' in page
    r = c.post_form(f"/consultations/{open_consultation.pk}/record/meeting/", {}, HTTP_REFERER=detail)
    assert r.status_code == 400 and not Comment.objects.exists()
    page = r.content.decode()
    assert "Hãy tải lên một tệp hoặc dán các dòng." in page and 'id="meeting-comments"' in page


def test_another_unit_gets_404(browser_as, open_consultation, outsider, village):
    item = discussed(village)
    r = browser_as(outsider).post_form(
        f"/consultations/{open_consultation.pk}/record/meeting/",
        {"mtg-meeting_item": str(item.pk), "mtg-rows": "ho_ten;y_kien\nA;B\n"},
    )
    assert r.status_code == 404 and not Comment.objects.exists()


def test_the_api_takes_rows_with_a_token(client, token_for, open_consultation, officer, outsider, village):
    item = discussed(village)
    url = f"/api/v1/consultations/{open_consultation.pk}/comments/meeting"
    body = {
        "default_item": item.pk,
        "rows": [
            {"name": "Y Bhăm Êban", "comment": "Ý kiến một", "stance": "oppose", "paragraph": 1},
            {"name": "H'Hoa Mlô", "comment": "Ý kiến hai"},
        ],
    }
    r = client.post(url, body, content_type="application/json", **token_for(outsider))
    assert r.status_code == 404 and not Comment.objects.exists()
    bad = {
        "rows": [
            {"name": "A", "comment": "B", "item": item.pk},
            {"name": "", "comment": "C", "item": item.pk},
        ]
    }
    r = client.post(url, bad, content_type="application/json", **token_for(officer))
    assert (
        r.status_code == 400 and r.json()["detail"][0].startswith("Dòng 2") and not Comment.objects.exists()
    )
    r = client.post(url, body, content_type="application/json", **token_for(officer))
    assert r.status_code == 201, r.content
    assert [x["author_name"] for x in r.json()] == ["Y Bhăm Êban", "H'Hoa Mlô"]
    assert client.post(url, body, content_type="application/json").status_code == 401


def test_columns_the_table_does_not_read_are_named(browser_as, open_consultation, officer, village):
    """A secretary's "STT" and "Ghi chú" are no column of a comment: said, not dropped in silence."""
    item = discussed(village)
    client = browser_as(officer)
    r = client.post_form(
        f"/consultations/{open_consultation.pk}/record/meeting/",
        {
            "mtg-meeting_item": str(item.pk),
            "mtg-rows": "STT;Họ tên;Ý kiến;Ghi chú\n1;Y Bhăm Êban;Ý kiến một;\n",
        },
    )
    assert r.status_code == 302 and Comment.objects.count() == 1
    assert "Các cột không được đọc: “STT”, “Ghi chú”." in client.get(r["Location"]).content.decode()


def test_asked_to_skip_bad_rows_the_good_comments_are_recorded(
    browser_as, open_consultation, officer, village
):
    item = discussed(village)
    client = browser_as(officer)
    url = f"/consultations/{open_consultation.pk}/record/meeting/"
    rows = "Họ tên;Ý kiến;Lập trường\nY Bhăm Êban;Ý kiến một;ủng hộ\nH'Hoa;Ý kiến hai;có lẽ\n"
    data = {"mtg-meeting_item": str(item.pk), "mtg-rows": rows}
    refused = client.post_form(
        url, data, HTTP_REFERER=f"http://testserver/consultations/{open_consultation.pk}/"
    )
    assert refused.status_code == 400 and not Comment.objects.exists()
    page = refused.content.decode()
    assert "Không có gì được nhập. Dòng 3: lập trường không xác định “có lẽ”" in page
    assert 'id="meeting-comments"' in page
    r = client.post_form(url, {**data, "mtg-skip_bad": "on"})
    assert r.status_code == 302 and list(Comment.objects.values_list("text", flat=True)) == ["Ý kiến một"]
    assert "Đã bỏ qua 1 dòng: Dòng 3:" in client.get(r["Location"]).content.decode()
