"""The my-data PDF's source, for the tests of every module that exports a person's data to it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation


def pdf_source(client: Any) -> str:
    """The HTML the my-data PDF is printed from, as the view rendered it (no PDF reader is installed)."""
    from django.template.loader import render_to_string
    from django.test.signals import template_rendered

    seen: list[tuple[str, dict[str, Any]]] = []

    def grab(sender: Any, template: Any, context: Any, **kw: Any) -> None:
        seen.append((template.name, context.flatten()))

    template_rendered.connect(grab)
    try:
        assert client.get(reverse("accounts:my_data_pdf")).content.startswith(b"%PDF")
    finally:
        template_rendered.disconnect(grab)
    name, context = next(s for s in seen if s[0] == "accounts/my_data_pdf.html")
    with translation.override("vi"):
        return render_to_string(name, context)
