"""The text of a draft, split into sections and paragraphs, read from its DOCX with python-docx."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.errors import DomainError

MAX_UPLOAD = 10 * 1024 * 1024
MAX_PARAGRAPHS = 3000
# Parts of Vietnamese legal drafts that open a section even when the author did not use a heading style.
SECTION_START = re.compile(r"^(Chương|Mục|Phần|Điều|CHƯƠNG|MỤC|PHẦN)\s+[\dIVXLC]+", re.UNICODE)


@dataclass(frozen=True)
class Block:
    is_heading: bool
    section: str
    text: str


def clean(text: str) -> str:
    return text.replace("\x00", "").strip()


def read_docx(data: bytes) -> list[Block]:
    """Paragraphs in order with the section each belongs to. A file that is not a readable DOCX, or has
    no text, raises DomainError and nothing is imported."""
    from docx import Document

    if len(data) > MAX_UPLOAD:
        raise DomainError(_("The file is larger than 10 MB."), code="too_large")
    # Judged as every upload before python-docx unpacks it: its ZIP directory (a zip bomb), a
    # macro-enabled document, another type under a .docx name (core.uploads).
    uploads.sanitise(
        io.BytesIO(data), name=_("The DOCX file"), size=len(data), allowed={uploads.DOCX: "docx"}
    )
    try:
        doc = Document(io.BytesIO(data))
        raw = [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]
    except Exception:  # noqa: BLE001 — a damaged archive raises zip, XML or key errors alike
        raise DomainError(
            _("The draft is not a readable Word (DOCX) file: open it in Word, save it again as DOCX."),
            code="bad_docx",
        ) from None
    return _blocks(raw)


def read_text(text: str) -> list[Block]:
    """Paragraphs of a plain text, one a line (a village convention's version): the same rules as a
    DOCX without styles — a line starting "Chương", "Điều"… opens a section."""
    return _blocks([("", line) for line in (text or "").splitlines()])


def _blocks(raw: list[tuple[str, str]]) -> list[Block]:
    blocks: list[Block] = []
    section = ""
    for style, text in raw:
        text = clean(text)
        if not text:
            continue
        heading = style.startswith(("Heading", "Title")) or bool(SECTION_START.match(text))
        if heading:
            section = text[:500]
        blocks.append(Block(heading, section, text))
    if not blocks:
        raise DomainError(_("The draft has no text to comment on."), code="empty_docx")
    if len(blocks) > MAX_PARAGRAPHS:
        raise DomainError(_("The draft has more than 3,000 paragraphs."), code="too_long")
    return blocks
