"""Every write of disclosures, as a browser and as a script meet it: a session without the CSRF token is
refused (403) and changes nothing, the same request with the token works, and a personal API token
works without CSRF. Plus the house rule: objects are reached only through the getters."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from danchu.disclosures import services
from danchu.disclosures.models import Disclosure, Question

API = "/api/v1/disclosures"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "JPEG")
    return buf.getvalue()


@dataclass
class World:
    officer: Any
    citizen: Any
    commune: Any
    village: Any

    def draft(self) -> Disclosure:
        return services.disclosure_create(
            actor=self.officer,
            place=self.commune,
            draft=services.Draft(
                category="other", title="Lịch tiếp công dân tháng 12", summary="Thứ Năm hằng tuần."
            ),
        )

    def published(self) -> Disclosure:
        d = self.draft()
        services.disclosure_publish(actor=self.officer, disclosure=d)
        d.refresh_from_db()
        return d

    def question(self) -> Question:
        return services.question_ask(
            actor=self.citizen, disclosure=self.published(), text="Xin hỏi giờ tiếp dân?"
        )


@pytest.fixture
def world(officer, citizen, commune, village) -> World:
    return World(officer, citizen, commune, village)


# (who acts, method, url, JSON body or multipart data) built from the world; JSON unless `multipart`.
Write = Callable[[World], tuple[str, str, str, Any]]
API_WRITES: dict[str, Write] = {
    "create": lambda w: (
        "officer",
        "POST",
        f"{API}/office/items",
        {"place": w.commune.code, "category": "other", "title": "Kế hoạch thu quỹ"},
    ),
    "update": lambda w: (
        "officer",
        "PUT",
        f"{API}/office/items/{w.draft().pk}",
        {"category": "other", "title": "Mới"},
    ),
    "publish": lambda w: ("officer", "POST", f"{API}/office/items/{w.draft().pk}/publish", {}),
    "correct": lambda w: (
        "officer",
        "POST",
        f"{API}/office/items/{w.published().pk}/correct",
        {"title": "Lịch tiếp công dân (sửa)", "note": "Sửa giờ"},
    ),
    "withdraw": lambda w: (
        "officer",
        "POST",
        f"{API}/office/items/{w.published().pk}/withdraw",
        {"reason": "Trùng"},
    ),
    "ask": lambda w: (
        "citizen",
        "POST",
        f"{API}/{w.published().pk}/questions",
        {"text": "Xin hỏi thêm về lịch?"},
    ),
    "approve": lambda w: ("officer", "POST", f"{API}/office/questions/{w.question().pk}/approve", {}),
    "reject": lambda w: (
        "officer",
        "POST",
        f"{API}/office/questions/{w.question().pk}/reject",
        {"reason": "Trùng"},
    ),
    "answer": lambda w: (
        "officer",
        "POST",
        f"{API}/office/questions/{w.question().pk}/answer",
        {"answer": "8 giờ."},
    ),
}
MULTIPART_WRITES: dict[str, Write] = {
    "attach": lambda w: (
        "officer",
        "POST",
        f"{API}/office/items/{w.draft().pk}/attachments",
        {"file": SimpleUploadedFile("lich.pdf", PDF)},
    ),
    "proof": lambda w: (
        "officer",
        "POST",
        f"{API}/office/items/{w.published().pk}/proofs",
        {
            "kind": "notice_board",
            "place": w.village.code,
            "at": timezone.now().isoformat(),
            "photo": SimpleUploadedFile("bang.jpg", _jpeg()),
        },
    ),
}


def _audit_count() -> int:
    from danchu.core.models import AuditEntry

    return AuditEntry.objects.count()


@pytest.mark.parametrize("name", sorted(API_WRITES))
def test_api_write_needs_csrf_with_a_session_and_works_with_a_token(
    name, world, request, browser_as, token_for, client
) -> None:
    who, method, url, body = API_WRITES[name](world)
    person = request.getfixturevalue(who)
    before = _audit_count()
    browser = browser_as(person)
    r = browser.generic(method, url, json.dumps(body), content_type="application/json")
    assert r.status_code == 403 and _audit_count() == before, r.content
    r = client.generic(method, url, json.dumps(body), content_type="application/json", **token_for(person))
    assert r.status_code in (200, 201), r.content


@pytest.mark.parametrize("name", sorted(API_WRITES))
def test_api_write_works_from_the_page_with_its_csrf_token(name, world, request, browser_as) -> None:
    who, method, url, body = API_WRITES[name](world)
    r = browser_as(request.getfixturevalue(who)).api(method, url, body)
    assert r.status_code in (200, 201), r.content


@pytest.mark.parametrize("name", sorted(MULTIPART_WRITES))
def test_api_upload_needs_csrf_with_a_session_and_works_with_a_token(
    name, world, browser_as, token_for, client, officer
) -> None:
    _who, _method, url, data = MULTIPART_WRITES[name](world)
    assert browser_as(officer).post(url, data).status_code == 403
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)
    r = client.post(url, data, **token_for(officer))
    assert r.status_code == 201, r.content


# --- Pages ---------------------------------------------------------------------------------------------

PAGE_WRITES: dict[str, Write] = {
    "create": lambda w: (
        "officer",
        "POST",
        "/disclosures/office/new/",
        {"place": w.commune.pk, "category": "other", "title": "Kế hoạch thu quỹ"},
    ),
    "edit": lambda w: (
        "officer",
        "POST",
        f"/disclosures/office/{w.draft().pk}/edit/",
        {"place": w.commune.pk, "category": "other", "title": "Mới"},
    ),
    "publish": lambda w: ("officer", "POST", f"/disclosures/office/{w.draft().pk}/publish/", {}),
    "correct": lambda w: (
        "officer",
        "POST",
        f"/disclosures/office/{w.published().pk}/correct/",
        {"title": "Sửa", "note": "Sửa giờ"},
    ),
    "withdraw": lambda w: (
        "officer",
        "POST",
        f"/disclosures/office/{w.published().pk}/withdraw/",
        {"reason": "Trùng"},
    ),
    "retry": lambda w: ("officer", "POST", f"/disclosures/office/{w.published().pk}/retry/", {}),
    "moderate": lambda w: (
        "officer",
        "POST",
        f"/disclosures/office/questions/{w.question().pk}/",
        {"decision": "approve"},
    ),
    "voice": lambda w: (
        "officer",
        "POST",
        f"/disclosures/office/place/{w.commune.code}/loudspeaker/",
        {"voice": "vi"},
    ),
    "ask": lambda w: (
        "citizen",
        "POST",
        f"/disclosures/d/{w.published().pk}/ask/",
        {"text": "Xin hỏi thêm về lịch?"},
    ),
    "follow": lambda w: ("citizen", "POST", "/disclosures/follow/", {"place": w.commune.code, "next": "/"}),
}


@pytest.mark.parametrize("name", sorted(PAGE_WRITES))
def test_form_without_csrf_token_is_refused_and_with_it_works(name, world, request, browser_as) -> None:
    who, _method, url, data = PAGE_WRITES[name](world)
    browser = browser_as(request.getfixturevalue(who))
    before = _audit_count()
    assert browser.post(url, data).status_code == 403 and _audit_count() == before
    r = browser.post_form(url, data)
    assert r.status_code in (200, 302), r.status_code  # a refusal would be a 4xx
    if r.status_code != 200:  # a redirect: after the change, to its page (never back to a refusal)
        assert _audit_count() > before


@pytest.mark.parametrize("name", ["edit", "publish", "withdraw", "moderate", "voice"])
def test_another_communes_real_object_is_not_found_for_the_outsider(
    name, world, outsider, browser_as
) -> None:
    _who, _method, url, data = PAGE_WRITES[name](world)
    before = _audit_count()
    assert browser_as(outsider).post_form(url, data).status_code == 404 and _audit_count() == before


# --- One way in ----------------------------------------------------------------------------------------


def test_views_and_api_reach_objects_only_through_the_getters() -> None:
    here = Path(__file__).resolve().parents[1]
    sources = [*here.glob("views/*.py"), *here.glob("api/*.py"), *here.glob("management/**/*.py")]
    assert sources
    offending = []
    for path in sources:
        text = path.read_text()
        for pattern in (
            r"objects\.get\(",
            r"get_object_or_404",
            r"\.objects\.filter\((pk|id|code)=",
            r"except DomainError",
        ):
            if re.search(pattern, text):
                offending.append(f"{path.relative_to(here)}: {pattern}")
    assert offending == []
