"""The text of a DOCX the report exports, for the tests that read what a document says."""

from __future__ import annotations

import io


def docx_text(content: bytes) -> str:
    """Every paragraph's text, the tables' cells included, one a line."""
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for cell in t._cells:
            parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)
