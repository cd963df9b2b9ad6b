"""Done-when journey: a verified citizen files from the public form; the commune officer sees it with
due dates across Tết 2026, answers it with a signed DOCX and closes it; the citizen follows it to
closure with the tracking code and the secret key of the receipt, and rates the answer."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from docx import Document
from playwright.sync_api import expect

from danchu.cases.models import Case, State

from .conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:  # noqa: ANN001
    c = Client()
    c.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": c.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_citizen_files_officer_answers_with_docx_citizen_follows_to_closure(
    page, live_server, citizen, officer, chairman, village, commune, tmp_path
):
    with time_machine.travel(at(2026, 2, 13, 9), tick=True):
        # 1. The citizen files a denunciation from the public form, the day before Tết.
        _sign_in(page, live_server, citizen)
        page.goto(f"/cases/new/?place={commune.code}")
        page.select_option("#id_case_type", "denunciation")
        page.select_option("#id_place", str(village.pk))
        page.fill("#id_title", "Tố cáo thu tiền làm đường sai quy định")
        page.fill(
            "#id_description", "Cán bộ thôn thu 500.000 đồng mỗi hộ, không có trong nghị quyết của thôn."
        )
        page.fill("#id_denounced", "Cán bộ phụ trách thu đóng góp của thôn")
        page.click("#map")  # drops a pin (works without tiles)
        # Signed in: no captcha sum to answer.
        assert page.locator("#id_captcha_answer").count() == 0
        page.click("#case-form button[type=submit]")
        code = page.locator("#tracking-code").inner_text().strip()
        assert code.startswith("TC-")
        key = page.locator("#receipt-key").inner_text().strip()  # shown to this browser alone
        # Luật Tố cáo Art. 24: 7 working days; Tết (16–20 Feb) is skipped.
        assert "03/03/2026" in page.content()
        case = Case.objects.get(tracking_code=code)
        assert case.unit == commune and case.latitude is not None

        # 2. The chairman finds it in the back office, accepts it and chooses its handler (need-to-know,
        # issue #9: other officers do not see a denunciation, and nobody assigns one to themselves);
        # the handler answers it.
        _sign_in(page, live_server, chairman)
        page.goto("/cases/office/")
        page.click(f"text={code}")
        # 2026's schedule is not entered in the test database: the date is marked "(dự kiến)".
        assert page.locator("#acceptance-due").inner_text().startswith("03/03/2026")
        page.click("#do-accept")
        # Accepted on 13 Feb: Art. 30, 30 days -> Sunday 15 March, so Monday 16 March (Civil Code
        # 2015, Art. 148(5)); the notice of acceptance is due in 5 working days (Art. 29).
        expect(page.locator("#resolution-due")).to_have_text(re.compile(r"^16/03/2026"))
        page.select_option("select[name=handler]", str(officer.pk))
        page.click("#do-assign")
        expect(page.locator("#case-handler")).to_contain_text(officer.full_name)
        _sign_in(page, live_server, officer)
        page.goto(f"/cases/office/{code}/")
        page.fill(
            "#reply-body", "Qua xác minh, nội dung tố cáo là đúng. UBND xã yêu cầu hoàn trả tiền cho các hộ."
        )
        page.click("#do-respond")
        # The handler drafts and submits; only the chairman signs (issue #16 item 5).
        page.locator("#awaiting-signature").wait_for(state="visible")  # waits for the answer's page
        assert page.locator("#do-sign").count() == 0
        _sign_in(page, live_server, chairman)
        page.goto(f"/cases/office/{code}/")
        assert page.locator("#signer-block").inner_text() == "CHỦ TỊCH"
        page.click("#do-sign")
        with page.expect_download() as download:
            page.click("#reply-docx")
        path = tmp_path / "reply.docx"
        download.value.save_as(path)
        doc = Document(str(path))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "KẾT LUẬN" in text and "hoàn trả tiền" in text
        assert doc.tables[0].rows[1].cells[0].text.startswith("Số: 1/KL-UBND")
        assert citizen.full_name not in text
        page.click("#do-close")
        expect(page.locator("#do-close")).to_have_count(0)  # the closed case's page has loaded
        assert Case.objects.get(tracking_code=code).state == State.CLOSED

        # 3. The denouncer follows it to closure with the code and the key, without signing in.
        page.context.clear_cookies()
        page.goto("/cases/track/")
        page.fill("#id_code", code.lower())
        page.fill("#id_key", key.lower())
        page.click("main form.search button[type=submit]")
        assert (
            page.locator("#case-state").inner_text() == str(State.CLOSED.label)
            or page.locator("#case-state").inner_text() == "đã đóng"
        )
        assert "hoàn trả tiền" in page.locator("#case-response").inner_text()
        page.select_option("#id_satisfaction", "5")
        page.click("form[action$='/rate/'] button[type=submit]")
        assert Case.objects.get(tracking_code=code).satisfaction == 5
