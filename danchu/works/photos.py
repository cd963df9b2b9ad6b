"""Photos of works and supervision sessions: checked by content and size, re-encoded without EXIF
(GPS position, camera serial). The same rules as cases' photos (danchu/cases/photos.py)."""

from __future__ import annotations

import io
import uuid

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        raise DomainError(_("The file %(name)s is not a JPEG, PNG or WebP photo.") % {"name": name})
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise DomainError(_("The file %(name)s is not a readable photo.") % {"name": name}) from None
    img = ImageOps.exif_transpose(img) or img  # type: ignore[assignment]
    out = io.BytesIO()
    ext = ALLOWED[kind.mime]
    if ext == "jpg":
        img.convert("RGB").save(out, "JPEG", quality=85)
    elif ext == "png":
        img.save(out, "PNG")
    else:
        img.save(out, "WEBP", quality=85)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")


def clean_photos(files: list[tuple[bytes, str]]) -> list[ContentFile]:
    if len(files) > max_photos():
        raise DomainError(_("At most %(n)d photos.") % {"n": max_photos()})
    return [clean_photo(data, name) for data, name in files]
