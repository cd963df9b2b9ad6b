"""No template the browser renders carries inline style: the Content-Security-Policy (style-src 'self')
refuses it, so the page shows without it. The minutes of the count (biên bản kiểm phiếu), printed from
the browser, had its whole layout in a <style> element and printed without its header, table borders
and signature blocks. Templates that only WeasyPrint renders to PDF (no CSP there) keep theirs."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

# Rendered by WeasyPrint on the server, never sent to a browser as a page.
PDF_ONLY = {
    "accounts/my_data_pdf.html",
    "consultations/synthesis_pdf.html",
    "disclosures/poster.html",
    "meetings/minutes.html",
    "reporting/report_pdf.html",
}
INLINE = re.compile(r"<style[\s>]|\sstyle=", re.IGNORECASE)


def test_no_template_sent_to_a_browser_has_inline_style() -> None:
    found = []
    for path in sorted(Path(settings.BASE_DIR).glob("*/templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        if name in PDF_ONLY:
            continue
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"))  # comments may name <style>
        if INLINE.search(text):
            found.append(name)
    assert found == []
    assert all(any(Path(settings.BASE_DIR).glob(f"*/templates/{name}")) for name in PDF_ONLY)  # still there
