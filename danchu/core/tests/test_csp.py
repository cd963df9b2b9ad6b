"""No script injection: a Content-Security-Policy without inline script or style on every page, and
templates that need none (inline scripts, event-handler attributes and style attributes would be
blocked by it — or, worse, tempt someone to loosen it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import danchu

TEMPLATES = sorted(Path(danchu.__file__).parent.glob("*/templates/**/*.html"))
# Rendered to PDF by WeasyPrint (no browser, no script): styles may be inline there.
PRINT_ONLY = re.compile(r"(_pdf|/print/|_print)\.html$|/pdf/")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(Path(danchu.__file__).parent)))
def test_template_needs_no_inline_script_or_style(path: Path) -> None:
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not HANDLER.search(text), "inline event handler (onclick=…): use addEventListener in a static file"
    if not PRINT_ONLY.search(str(path)):
        assert not STYLE_ATTR.search(text), "style= attribute: use a CSS class"


@pytest.mark.django_db
def test_pages_send_a_policy_without_inline_script(client: Any, commune: Any) -> None:
    for url in ("/", f"/places/{commune.code}/"):
        policy = client.get(url).headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, (url, policy)
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
