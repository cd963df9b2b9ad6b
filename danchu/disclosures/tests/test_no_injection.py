"""No script injection: user text is escaped everywhere disclosures show it, Markdown goes through nh3,
and no template carries inline script, inline handlers or style attributes (a CSP without
'unsafe-inline' is coming)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from danchu.disclosures import services

HERE = Path(__file__).resolve().parents[1]
PAYLOADS = [
    "<script>alert('t')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
]


def test_templates_have_no_inline_script_handler_or_style() -> None:
    offending = []
    for path in (HERE / "templates").rglob("*.html"):
        if path.name == "poster.html":
            continue  # the source of a PDF (WeasyPrint), never served as a page
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"<style"):
            if re.search(pattern, text):
                offending.append(f"{path.relative_to(HERE)}: {pattern}")
    assert offending == []


def test_scripts_never_write_html() -> None:
    for path in (HERE / "static").rglob("*.js"):
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", path.read_text()), (
            path
        )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_shown_as_text(
    client, client_as, officer, citizen, commune, payload
) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="other",
            title=f"Thông báo {payload}",
            summary=payload,
            body=f"Nội dung {payload}\n\n[link]({payload})",
            legal_basis=payload,
            issuing_unit=payload,
        ),
    )
    d = services.disclosure_publish(actor=officer, disclosure=d)
    q = services.question_ask(actor=citizen, disclosure=d, text=f"Hỏi {payload}")
    services.question_answer(actor=officer, question=q, answer=f"Đáp {payload}")
    pages = [
        client.get(d.get_absolute_url()),
        client.get(f"/disclosures/{commune.code}/"),
        client.get(f"/disclosures/{commune.code}/archive/"),
        client.get("/disclosures/search/", {"q": "thong bao"}),
        client_as(officer).get(f"/disclosures/office/{d.pk}/"),
        client_as(officer).get("/disclosures/office/"),
    ]
    for r in pages:
        html = r.content.decode()
        assert r.status_code == 200
        for dangerous in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:'):
            assert dangerous not in html, (r.request["PATH_INFO"], dangerous)
