"""Done-when journeys in a real browser: a land-use consultation from a DOCX upload to paragraph
comments from three residents, a synthesis with answers and a published final decision; a survey
answered through the QR link of a receipt appears in the unit's index."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from danchu.consultations.models import Comment, Consultation, Questionnaire
from danchu.consultations.services import surveys as survey_svc
from danchu.disclosures.models import Disclosure

from .conftest import docx_bytes
from .test_opinion_maps import STATEMENTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def _comment_on(page, c: Consultation, position: int, text: str, stance: str) -> None:  # noqa: ANN001
    p = c.paragraphs.get(version=c.version, position=position)
    page.goto(f"/consultations/{c.pk}/")
    page.click(f"#p{p.pk} .counts a")
    page.fill("#id_text", text)
    page.select_option("#id_stance", stance)
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".messages .success")


def test_land_use_consultation_from_docx_to_published_decision(
    page, live_server, officer, citizen, household_rep, resident, commune
):
    start = timezone.now()
    _sign_in(page, live_server, officer)
    # 1. The officer uploads the draft (a DOCX built here) and the text is split into paragraphs.
    page.goto(f"/consultations/new/?place={commune.code}")
    page.fill("#id_title", "Điều chỉnh quy hoạch sử dụng đất xã Krông Pắc đến năm 2030")
    page.select_option("#id_basis", "land_use")
    page.set_input_files(
        "#id_draft", files=[{"name": "du-thao.docx", "mimeType": DOCX, "buffer": docx_bytes()}]
    )
    page.click("#create-form button[type=submit]")
    page.wait_for_selector("#draft")
    c = Consultation.objects.get()
    assert page.locator("#draft .para").count() == 6
    # 2. Opening shorter than the legal 30 days is refused with the reason, then it opens.
    today = timezone.localdate()
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + dt.timedelta(days=9)).isoformat())
    page.click("form[action$='/open/'] button")
    assert "30" in page.locator(".messages .error").inner_text()
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + dt.timedelta(days=29)).isoformat())
    page.click("form[action$='/open/'] button")
    page.wait_for_selector("#comment-form")
    c.refresh_from_db()
    assert c.status == Consultation.Status.OPEN and c.disclosure_id

    # 3. Three residents comment on paragraphs; the first selects words to comment on them.
    _sign_in(page, live_server, citizen)
    page.goto(f"/consultations/{c.pk}/")
    target = c.paragraphs.get(version=1, position=3)
    page.evaluate(
        """([id, words]) => {
          const p = document.querySelector('#p' + id + ' p');
          const node = [...p.childNodes].find(n => n.nodeType === 3 && n.textContent.includes(words));
          const start = node.textContent.indexOf(words);
          const range = document.createRange();
          range.setStart(node, start); range.setEnd(node, start + words.length);
          const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
          p.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        [target.pk, "12,5 ha đất trồng lúa"],
    )
    assert "#3: “12,5 ha đất trồng lúa”" in page.inner_text("#target")
    page.fill("#id_text", "Đề nghị giữ lại 2 ha lúa nước ven suối Ea Kmu.")
    page.select_option("#id_stance", "oppose")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".messages .success")
    _sign_in(page, live_server, household_rep)
    _comment_on(page, c, 3, "Đồng ý chuyển sang trồng sầu riêng, hiệu quả hơn.", "support")
    _sign_in(page, live_server, resident)
    _comment_on(page, c, 6, "Đường 7 m lấy mất nhiều đất vườn, đề nghị làm 6 m.", "oppose")
    assert Comment.objects.filter(paragraph=target).count() == 2
    assert Comment.objects.get(quote="12,5 ha đất trồng lúa").author == citizen
    page.goto(f"/consultations/{c.pk}/")
    assert "heat-5" in (page.get_attribute(f"#p{target.pk}", "class") or "")

    # 4. After the period, the officer groups and answers the comments, then closes with the decision.
    with time_machine.travel(start + dt.timedelta(days=31), tick=True):
        _sign_in(page, live_server, officer)
        page.goto(f"/consultations/{c.pk}/")
        page.click("form[action$='/end/'] button")
        page.wait_for_selector("#group-form")
        ids = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
        page.check(f"#cm{ids[0]}")
        page.check(f"#cm{ids[1]}")
        page.fill("#group-form #id_title", "Chuyển đổi 12,5 ha đất lúa tại Thôn 1")
        page.click("#group-form > button")
        page.check(f"#cm{ids[2]}")
        page.fill("#group-form #id_title", "Bề rộng đường liên thôn")
        page.click("#group-form > button")
        groups = list(c.groups.order_by("pk"))
        assert len(groups) == 2
        # Closing before every group is answered is refused with the reason.
        page.fill("#id_reference", "125/QĐ-UBND")
        page.fill("#id_decision", "Phê duyệt điều chỉnh quy hoạch sử dụng đất xã Krông Pắc đến năm 2030.")
        page.click("#close-form button")
        assert "2" in page.locator(".messages .error").inner_text()
        page.select_option(f"#answer-{groups[0].pk}", "partly")
        page.fill(f"#reason-{groups[0].pk}", "Giữ lại 2 ha lúa nước ven suối; chuyển 10,5 ha.")
        page.click(f"#g{groups[0].pk} button")
        page.select_option(f"#answer-{groups[1].pk}", "not_accepted")
        page.fill(f"#reason-{groups[1].pk}", "Đường liên thôn cấp B theo quy chuẩn phải rộng 7 m.")
        page.click(f"#g{groups[1].pk} button")
        final = c.draft_text().replace("Chuyển 12,5 ha", "Chuyển 10,5 ha")
        page.fill("#id_reference", "125/QĐ-UBND")
        page.fill("#id_decision", "Phê duyệt điều chỉnh quy hoạch sử dụng đất xã Krông Pắc đến năm 2030.")
        page.fill("#id_final_text", final)
        page.click("#close-form button")
        page.wait_for_selector(".decision")
    c.refresh_from_db()
    assert c.status == Consultation.Status.CLOSED
    # 5. Anyone reads the decision, the answers and the diff; the synthesis is a published disclosure.
    page.context.clear_cookies()
    page.goto(f"/consultations/{c.pk}/")
    assert "125/QĐ-UBND" in page.inner_text(".decision")
    assert "10,5 ha" in page.inner_text(".diff ins") and "12,5 ha" in page.inner_text(".diff del")
    assert Disclosure.objects.get(pk=c.synthesis_disclosure_id).status == Disclosure.Status.PUBLISHED
    pdf = page.request.get(f"/consultations/{c.pk}/synthesis.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_survey_answered_through_the_qr_link_appears_in_the_index(page, live_server, officer, commune):
    q = survey_svc.questionnaire_create(
        actor=officer,
        title="Phiếu khảo sát sự hài lòng (SIPAS)",
        index_method=Questionnaire.Index.SHARE_SATISFIED,
        questions=[
            survey_svc.QuestionInput("scale", "Ông/bà hài lòng với việc giải quyết hồ sơ?", in_index=True),
            survey_svc.QuestionInput("text", "Góp ý khác"),
        ],
    )
    today = timezone.localdate()
    s = survey_svc.survey_create(
        actor=officer,
        questionnaire=q,
        place=commune,
        title="Khảo sát quý IV/2026",
        starts_on=today,
        ends_on=today,
    )
    _sign_in(page, live_server, officer)
    page.goto(f"/consultations/surveys/{s.pk}/")
    assert page.inner_text("#index") == "—"
    page.fill("#id_dossier", "000.00.24.H12-261130-0001")
    page.click("form[action$='/receipts/'] button")
    page.wait_for_selector(".receipt svg")
    link = page.get_attribute(".receipt a.answer-link", "href") or ""
    assert re.search(r"/consultations/s/[A-Z0-9]{10}/$", link)
    # The service user scans the QR code: anonymous, on their own phone.
    page.context.clear_cookies()
    page.goto(link)
    page.check("input[name^=q][value='5']")
    page.fill("textarea", "Cán bộ hướng dẫn tận tình.")
    page.click("#answer-form button[type=submit]")
    page.wait_for_selector("#thanks")
    _sign_in(page, live_server, officer)
    page.goto(f"/consultations/surveys/{s.pk}/")
    assert page.inner_text("#responses") == "1"
    assert page.inner_text("#index") in ("100,0%", "100.0%")


def test_opinion_map_shows_groups_and_where_i_stand(page, live_server, officer, citizen, commune):
    from danchu.consultations.services import opinions

    from .test_opinion_maps import simulate

    conv = opinions.conversation_create(actor=officer, place=commune, topic="Ưu tiên đầu tư năm 2027 của xã")
    simulate(conv)
    _sign_in(page, live_server, citizen)
    page.goto(f"/consultations/maps/{conv.pk}/")
    for _ in range(8):  # the citizen votes on every statement through the page, like camp 0
        text = page.inner_text("form.statement p")
        number = next(i for i, s in enumerate(STATEMENTS) if s == text)
        value = "1" if number in (0, 2, 4, 6, 7) else "-1"
        page.click(f"form.statement button[value='{value}']")
        page.wait_for_load_state()
    opinions.map_compute(conversation=conv)
    page.reload()
    page.wait_for_selector("#map-svg svg circle.me")
    assert page.locator("#map-svg circle").count() == 61
    assert page.locator("#groups h3").count() == 2
    assert page.inner_text("#where").strip() != ""
    assert page.locator("#consensus li").count() >= 2
