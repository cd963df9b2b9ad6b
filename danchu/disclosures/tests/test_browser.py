"""Done-when journey of issue 3: a commune officer publishes; a citizen finds it on the commune page and
by a search without diacritics, downloads the poster (a PDF with the QR link) and plays the audio."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings as django_settings
from django.test import Client

from danchu.disclosures.models import Disclosure

pytestmark = pytest.mark.browser

TITLE = "Công khai quyết toán ngân sách xã năm 2025"


def _sign_in(page, live_server, user) -> None:
    c = Client()
    c.force_login(user)
    cookie = c.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_officer_publishes_and_citizen_finds_reads_prints_and_listens(
    page, live_server, officer, commune, settings, media_jobs, tmp_path
) -> None:
    settings.SITE_URL = live_server.url
    _sign_in(page, live_server, officer)
    page.goto("/disclosures/office/new/")
    page.select_option("select[name=category]", "final_accounts")
    page.fill("input[name=title]", TITLE)
    page.fill(
        "textarea[name=summary]",
        "Tổng thu ngân sách xã năm 2025 đạt 5.120 triệu đồng; tổng chi 4.870 triệu đồng.",
    )
    page.click(".ql-editor")  # the rich-text editor stands in for the body's textarea
    page.keyboard.type("Theo Quyết định số 3162/QĐ-UBND ngày 20/12/2021.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/disclosures/office/*/")
    page.click("#publish")
    page.wait_for_selector(".messages")
    d = Disclosure.objects.get(title=TITLE)
    assert d.status == Disclosure.Status.PUBLISHED

    # A citizen, not signed in.
    page.context.clear_cookies()
    page.goto(f"/disclosures/{commune.code}/")
    assert page.get_by_role("link", name=TITLE).first.is_visible()
    page.fill("input[name=q]", "quyet toan ngan sach xa")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/disclosures/search/**")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"**/disclosures/d/{d.pk}/")

    with page.expect_download() as download:
        page.click(f"a[href='/disclosures/d/{d.pk}/poster.pdf']")
    pdf = tmp_path / "poster.pdf"
    download.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = (
            subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True)
            .stdout.decode()
            .replace("\n", "")
        )
        assert f"{live_server.url}/disclosures/d/{d.pk}/" in text

    src = page.get_attribute("audio#player", "src")
    assert src == f"/disclosures/d/{d.pk}/audio"
    response = page.request.get(src)
    assert response.status == 200 and response.headers["content-type"].startswith("audio/")
    assert len(response.body()) > 2000
    played = page.evaluate("""async () => {
        const a = document.querySelector('audio#player'); a.muted = true;
        try { await a.play(); } catch (e) { return 'error: ' + e.name; }
        return a.paused ? 'paused' : 'playing'; }""")
    assert played == "playing"


def test_officer_writes_a_table_in_the_rich_text_editor_under_the_csp(page, live_server, officer) -> None:
    page.set_default_timeout(120_000)  # a shared, loaded machine: the first page imports every URLconf
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _sign_in(page, live_server, officer)
    page.goto("/disclosures/office/new/")
    page.wait_for_selector(".ql-editor")
    assert page.is_hidden("textarea[name=body]")
    page.select_option("select[name=category]", "beneficiaries")
    page.fill("input[name=title]", "Danh sách hộ được hỗ trợ")
    page.click(".ql-editor")
    page.keyboard.type("Danh sách như sau:")
    page.keyboard.press("Enter")
    page.locator(".rich-text-tables button").first.click()  # "Chèn bảng" (Insert a table)
    page.keyboard.type("Hộ ông Y Nguyên")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/disclosures/office/*/")
    d = Disclosure.objects.get(title="Danh sách hộ được hỗ trợ")
    assert "<table>" in d.body_html and "Hộ ông Y Nguyên" in d.body_html
    assert "<script" not in d.body_html and "data-row" not in d.body_html
    assert not violations, violations
