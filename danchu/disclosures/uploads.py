"""Check uploaded files by their content (magic bytes), not by their name."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a disclosure may carry (issue 3: PDF, DOCX, XLSX, images).
DOCUMENT_TYPES = {"application/pdf": "pdf", DOCX: "docx", XLSX: "xlsx"}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}
# Office Open XML parts that identify the document kind in [Content_Types].xml.
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": None,  # macros: refused
    "application/vnd.ms-word.document.macroEnabled.main+xml": None,
}
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce")


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def _read_head(f: IO[bytes], n: int = 8192) -> bytes:
    f.seek(0)
    head = f.read(n)
    f.seek(0)
    return head


def _ooxml_kind(f: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(f) as z:
            types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    finally:
        f.seek(0)
    for part, kind in _OOXML_MAIN.items():
        if part in types:
            return kind
    return None


def check(f: IO[bytes], *, name: str, size: int, allowed: dict[str, str]) -> CheckedFile:
    """Refuse (DomainError naming the reason) a file that is too large, executable, or of a type
    not in `allowed` (content type -> extension). Returns what the content really is."""
    limit = int(settings.UPLOAD_MAX_BYTES)
    if size > limit:
        raise DomainError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if size == 0:
        raise DomainError(_("%(name)s is empty.") % {"name": name}, code="file_empty")
    head = _read_head(f)
    if head.startswith(_EXECUTABLE_MAGIC):
        raise DomainError(
            _("%(name)s is a program, not a document, whatever its name says. It was refused.")
            % {"name": name},
            code="file_executable",
        )
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime == "application/zip" or head.startswith(b"PK\x03\x04"):
        mime = _ooxml_kind(f) or "application/zip"
    if mime not in allowed:
        names = ", ".join(sorted({ext.upper() for ext in allowed.values()}))
        shown = mime or _("unknown")
        raise DomainError(
            _("%(name)s is of type %(type)s, which is not allowed here. Allowed: %(allowed)s.")
            % {"name": name, "type": shown, "allowed": names},
            code="file_type",
        )
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(65536), b""):
        digest.update(chunk)
    f.seek(0)
    return CheckedFile(content_type=mime, extension=allowed[mime], size=size, sha256=digest.hexdigest())
