"""Photos of works and supervision sessions: checked by content and size, re-encoded without
metadata (EXIF with the GPS position and camera serial, XMP, comments) by core.uploads, the one
sanitiser every module's uploads go through — it also refuses a photo with too many pixels before
decoding it (a 20 kB PNG can declare 144 megapixels, half a gigabyte once decoded)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.errors import DomainError

ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def max_bytes() -> int:
    return settings.WORKS_PHOTO_MAX_BYTES


def max_photos() -> int:
    return settings.WORKS_PHOTO_MAX_COUNT


def clean_photo(data: bytes, name: str = "") -> ContentFile:
    if len(data) > max_bytes():
        raise DomainError(
            _("The photo %(name)s is larger than %(mb)d MB.") % {"name": name, "mb": max_bytes() // 1048576}
        )
    clean = uploads.sanitise(io.BytesIO(data), name=name, size=len(data), allowed=ALLOWED)
    return ContentFile(clean.content, name=clean.stored_name())


def clean_photos(files: list[tuple[bytes, str]]) -> list[ContentFile]:
    if len(files) > max_photos():
        raise DomainError(_("At most %(n)d photos.") % {"n": max_photos()})
    return [clean_photo(data, name) for data, name in files]


def read_uploads(files: Sequence[Any]) -> list[tuple[bytes, str]]:
    """The bytes and names of uploaded photos (pages and API), refused by count and by declared size
    before any is read into memory."""
    if len(files) > max_photos():
        raise DomainError(_("At most %(n)d photos.") % {"n": max_photos()})
    for f in files:
        if (f.size or 0) > max_bytes():
            raise DomainError(
                _("The photo %(name)s is larger than %(mb)d MB.")
                % {"name": f.name or "", "mb": max_bytes() // 1048576}
            )
    return [(f.read(max_bytes() + 1), f.name or "") for f in files]
