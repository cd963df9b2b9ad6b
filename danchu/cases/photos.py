"""Photos attached to cases: checked by content and size, re-encoded without EXIF (location, device)."""

from __future__ import annotations

import io
import uuid
import warnings

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from danchu.core.errors import DomainError
from danchu.core.uploads import MAX_IMAGE_PIXELS

ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def max_bytes() -> int:
    return settings.CASES_PHOTO_MAX_BYTES


def max_photos() -> int:
    return settings.CASES_PHOTO_MAX_COUNT


def clean_photo(data: bytes, name: str = "") -> ContentFile:
    """A new image file with the pixels only. Re-encoding through Pillow drops EXIF, XMP and other
    metadata (GPS position, camera serial), which could identify the person who took the photo."""
    if len(data) > max_bytes():
        raise DomainError(
            _("The photo %(name)s is larger than %(mb)d MB.") % {"name": name, "mb": max_bytes() // 1048576}
        )
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        raise DomainError(_("The file %(name)s is not a JPEG, PNG or WebP photo.") % {"name": name})
    too_large = DomainError(
        _("%(name)s has too many pixels; the limit is %(max)s megapixels. Make it smaller and send it again.")
        % {"name": name, "max": MAX_IMAGE_PIXELS // 1_000_000},
        code="file_too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))  # the header only: the size is known before decoding
            if img.size[0] * img.size[1] > MAX_IMAGE_PIXELS:
                raise too_large
            img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # A real photo, too big to decode safely: said so, not "not a readable photo".
        raise too_large from None
    except (UnidentifiedImageError, OSError):
        raise DomainError(_("The file %(name)s is not a readable photo.") % {"name": name}) from None
    img = ImageOps.exif_transpose(img) or img  # type: ignore[assignment]  # keep the orientation the EXIF asked for, then drop EXIF
    out = io.BytesIO()
    ext = ALLOWED[kind.mime]
    if ext == "jpg":
        img.convert("RGB").save(out, "JPEG", quality=85)
    elif ext == "png":
        img.save(out, "PNG")
    else:
        img.save(out, "WEBP", quality=85)
    # A random name: photos of protected matters must not sit at a guessable path.
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")
