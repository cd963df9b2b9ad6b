"""The notice-board poster: an A4 PDF per disclosure to print and pin at the commune headquarters
and the village houses, with a QR code to its page (DOMAIN.md §2.2, niêm yết)."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Disclosure

# WeasyPrint logs each rendering step at INFO; with the root logger at INFO that floods the job log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def page_url(d: Disclosure) -> str:
    return settings.SITE_URL + d.get_absolute_url()


def site_url_is_local() -> bool:
    """True when SITE_URL is unset or points at this machine: the QR code of a poster would lead a
    villager's phone nowhere (issue #16). The back office warns before anyone prints."""
    host = (urlsplit(settings.SITE_URL).hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.") or host.endswith((".local", ".localhost"))


def poster_html(d: Disclosure) -> str:
    url = page_url(d)
    qr = segno.make(url, error="m")
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "disclosures/poster.html",
            {
                "d": d,
                "url": url,
                "qr": qr.svg_data_uri(scale=4, border=2),
                "published": timezone.localtime(d.published_at) if d.published_at else None,
                "attachments": list(d.attachments.all()),
                "code": f"{d.place.code}/{d.pk}" + (f" v{d.version}" if d.version > 1 else ""),
            },
        )


def render_pdf(d: Disclosure) -> bytes:
    from weasyprint import HTML

    return HTML(string=poster_html(d), base_url=settings.SITE_URL).write_pdf()
