"""Uploaded files made safe to keep and to serve, for every module.

    clean = sanitise(uploaded_file, name=uploaded_file.name, size=uploaded_file.size,
                     allowed={**DOCUMENT_TYPES, **IMAGE_TYPES})
    obj.file.save(clean.stored_name(), ContentFile(clean.content), save=False)

- The type is decided by the content (magic bytes), never by the name; programs are refused.
- Images are decoded and encoded again with Pillow: what is kept is the picture (turned upright),
  nothing else — no EXIF (GPS position, camera serial), no comments, no bytes appended after the
  image (HTML-in-JPEG polyglots). The pixel count is read from the header and refused above
  MAX_IMAGE_PIXELS before anything is decoded (a 400-megapixel PNG never reaches memory).
- PDFs that carry JavaScript, launch actions or embedded files are refused; names written with
  #xx escapes and dictionaries hidden in compressed (object) streams are looked into too, within
  a decompression budget.
- Archives (DOCX, XLSX: ZIP containers) are judged from their central directory before any
  decompression: entry count, total uncompressed size, compression ratio; the one part we read
  ([Content_Types].xml) is read with a bounded size. Macro-enabled documents are refused.
- Stored names are random (`RandomName` for a FileField's upload_to): a file's URL cannot be guessed
  from its original name; the original name is kept in the database for display and download.

Every refusal is a DomainError (400) with a message that names the file and the reason.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError
from .formats import number

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCUMENT_TYPES = {"application/pdf": "pdf", DOCX: "docx", XLSX: "xlsx"}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}

# 40 megapixels: any phone photo passes; decoding one takes ~160 MB at most.
MAX_IMAGE_PIXELS = 40_000_000
MAX_GIF_FRAMES = 200
# Archives: judged from the central directory, before any decompression.
MAX_ARCHIVE_ENTRIES = 5000
MAX_ARCHIVE_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ARCHIVE_RATIO = 200  # total uncompressed / compressed; real office files stay far below
MAX_CONTENT_TYPES_XML = 1024 * 1024
# PDF: how much decompressed stream data we look into for hidden dictionaries.
PDF_INFLATE_BUDGET = 64 * 1024 * 1024

_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": None,  # macros: refused
    "application/vnd.ms-word.document.macroEnabled.main+xml": None,
}
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce")
_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/gif": "GIF"}
# PDF names that make a document act rather than show: scripts, launching programs, carried files.
_PDF_ACTIVE = (b"/JS", b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/EmbeddedFiles", b"/RichMedia")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")


@dataclass(frozen=True)
class CleanFile:
    """What to store: the sanitised bytes and what they are."""

    content: bytes
    content_type: str
    extension: str
    size: int
    sha256: str
    name: str  # a display name: the original stem (safe characters) with the true extension

    def stored_name(self) -> str:
        return random_name(self.extension)


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}" if extension else uuid.uuid4().hex


@deconstructible
class RandomName:
    """upload_to for a FileField: `<prefix>/<yyyy>/<mm>/<random>.<ext>` whatever name the file had."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        ext = ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else ""
        return f"{self.prefix}/{timezone.now():%Y/%m}/{random_name(ext)}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def display_name(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", (name or "").replace("\x00", "").rsplit(".", 1)[0]).strip("-.")
    return f"{stem[:80] or 'tep'}.{extension}"


def check_workbook(data: bytes, *, name: str) -> None:
    """Refuse an uploaded XLSX for import before openpyxl unpacks it: a workbook is a ZIP archive, and
    a few megabytes can unpack to gigabytes of shared strings; its directory is judged as sanitise()
    judges any archive. Bytes that are no ZIP archive are left to the reader (it says so)."""
    if data.startswith(b"PK"):
        sanitise(io.BytesIO(data), name=name, size=len(data), allowed={XLSX: "xlsx"})


def _sizes(size: int, limit: int) -> dict[str, str]:
    """A file's size and the limit as people read them; in bytes when the rounded forms would read
    the same ("20,0 MB; the limit is 20,0 MB")."""
    shown, most = filesizeformat(size), filesizeformat(limit)
    if shown == most:
        shown, most = (_("%(n)s bytes") % {"n": number(n)} for n in (size, limit))
    return {"size": shown, "limit": most}


def _refuse(message: str, code: str) -> DomainError:
    return DomainError(message, code=code)


def _read_all(f: IO[bytes], limit: int) -> bytes:
    f.seek(0)
    data = f.read(limit + 1)
    f.seek(0)
    return data


def sanitise(f: IO[bytes], *, name: str, size: int, allowed: dict[str, str]) -> CleanFile:
    """Refuse (DomainError naming the reason) a file that is too large, empty, executable, of a type
    not in `allowed` (content type -> extension), or dangerous; else the bytes to store."""
    name = (name or "").replace("\x00", "")[:200] or "file"
    limit = int(settings.UPLOAD_MAX_BYTES)
    if size > limit:
        raise _refuse(
            _("%(name)s is %(size)s; the limit is %(limit)s.") % {"name": name, **_sizes(size, limit)},
            "file_too_large",
        )
    data = _read_all(f, limit)
    if len(data) > limit:  # the declared size lied
        raise _refuse(
            _("%(name)s is larger than the limit of %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)},
            "file_too_large",
        )
    if not data:
        raise _refuse(_("%(name)s is empty.") % {"name": name}, "file_empty")
    if data.startswith(_EXECUTABLE_MAGIC):
        raise _refuse(
            _("%(name)s is a program, not a document, whatever its name says. It was refused.")
            % {"name": name},
            "file_executable",
        )
    kind = filetype.guess(data[:8192])
    mime = kind.mime if kind else ""
    if mime == "application/zip" or data.startswith(b"PK\x03\x04"):
        mime = _ooxml_kind(data, name) or "application/zip"
    if mime not in allowed:
        names = ", ".join(sorted({ext.upper() for ext in allowed.values()}))
        raise _refuse(
            _("%(name)s is of type %(type)s, which is not allowed here. Allowed: %(allowed)s.")
            % {"name": name, "type": mime or _("unknown"), "allowed": names},
            "file_type",
        )
    if mime in _PIL_FORMATS:
        data = _reencode_image(data, mime, name)
    elif mime == "application/pdf":
        _check_pdf(data, name)
    extension = allowed[mime]
    return CleanFile(
        content=data,
        content_type=mime,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        name=display_name(name, extension),
    )


# --- Images -----------------------------------------------------------------------------------------


def _reencode_image(data: bytes, mime: str, name: str) -> bytes:
    bad = _refuse(_("%(name)s is not a readable image.") % {"name": name}, "file_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))  # reads the header only
            width, height = im.size
            if width * height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError(f"{width}x{height}")
            return _encode(im, _PIL_FORMATS[mime])
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise _refuse(
            _(
                "%(name)s has too many pixels; the limit is %(max)s megapixels. Make it smaller and send it "
                "again."
            )
            % {"name": name, "max": MAX_IMAGE_PIXELS // 1_000_000},
            "file_too_many_pixels",
        ) from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, zlib.error) as e:
        raise bad from e


def _encode(im: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    n_frames = int(getattr(im, "n_frames", 1))
    if fmt == "GIF" and n_frames > 1:
        # Every frame is decoded: the budget is for all of them together.
        if n_frames > MAX_GIF_FRAMES or n_frames * im.size[0] * im.size[1] > MAX_IMAGE_PIXELS:
            raise Image.DecompressionBombError(f"{n_frames} frames")
        frames = []
        for i in range(n_frames):
            im.seek(i)
            frames.append(im.convert("RGBA").copy())
        frames[0].save(
            out, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=im.info.get("duration", 100)
        )
        return out.getvalue()
    im.load()
    upright = ImageOps.exif_transpose(im) or im
    if fmt == "JPEG":
        mode = "RGB"
    elif fmt == "PNG":
        mode = upright.mode if upright.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else "RGBA"
    else:
        mode = "RGBA" if "A" in upright.mode or "transparency" in upright.info else "RGB"
    clean = upright.convert(mode)
    # Only pixels go on: convert() copies `info` (EXIF, XMP, ICC, comments), which save() would write.
    clean.info = (
        {"transparency": upright.info["transparency"]}
        if mode == "P" and "transparency" in upright.info
        else {}
    )
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "PNG":
        clean.save(out, "PNG", optimize=True)
    elif fmt == "WEBP":
        clean.save(out, "WEBP", quality=85)
    else:
        clean.save(out, "GIF")
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------------


def _unescape_names(data: bytes) -> bytes:
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _streams(data: bytes, budget: int) -> list[bytes]:
    """The decompressed content of the Flate streams, within `budget` bytes in all (a compressed
    stream may hide the dictionaries of an object stream)."""
    out = []
    for m in _PDF_STREAM.finditer(data):
        if budget <= 0:
            break
        end = data.find(b"endstream", m.end())
        if end < 0:
            break
        d = zlib.decompressobj()
        try:
            chunk = d.decompress(data[m.end() : end], budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        out.append(chunk)
    return out


def _check_pdf(data: bytes, name: str) -> None:
    texts = [data, *_streams(data, PDF_INFLATE_BUDGET)]
    for text in texts:
        plain = _unescape_names(text)
        for token in _PDF_ACTIVE:
            if re.search(re.escape(token) + rb"(?![A-Za-z0-9])", plain):
                what = (
                    _("an embedded file")
                    if b"Embedded" in token
                    else _("a program launch")
                    if token == b"/Launch"
                    else _("active content")
                    if token == b"/RichMedia"
                    else _("JavaScript")
                )
                raise _refuse(
                    _(
                        "%(name)s contains %(what)s, which is not accepted in a published PDF. Print it to a "
                        "new PDF and send it again."
                    )
                    % {"name": name, "what": what},
                    "file_pdf_active",
                )


# --- Archives (DOCX, XLSX) ----------------------------------------------------------------------------


def _ooxml_kind(data: bytes, name: str) -> str | None:
    """The Office Open XML kind of a ZIP container, judged from its central directory first."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))  # reads the central directory only
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with z:
        entries = z.infolist()
        too_big = _refuse(
            _("%(name)s unpacks to too much data (a compressed bomb?). It was refused.") % {"name": name},
            "file_archive",
        )
        if len(entries) > MAX_ARCHIVE_ENTRIES:
            raise _refuse(
                _("%(name)s holds %(n)s files; at most %(max)s are accepted.")
                % {"name": name, "n": len(entries), "max": MAX_ARCHIVE_ENTRIES},
                "file_archive",
            )
        total = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries) or 1
        if total > MAX_ARCHIVE_UNCOMPRESSED or (total > 1024 * 1024 and total / packed > MAX_ARCHIVE_RATIO):
            raise too_big
        for e in entries:
            if e.file_size > 1024 * 1024 and e.file_size / max(e.compress_size, 1) > MAX_ARCHIVE_RATIO:
                raise too_big
            if e.filename.lower().endswith("vbaproject.bin"):
                return None  # macros: refused as a type
        try:
            info = z.getinfo("[Content_Types].xml")
        except KeyError:
            return None
        if info.file_size > MAX_CONTENT_TYPES_XML:
            raise too_big
        try:
            with z.open(info) as part:
                # Bounded even if the directory lied about the size.
                types = part.read(MAX_CONTENT_TYPES_XML + 1)[:MAX_CONTENT_TYPES_XML].decode(
                    "utf-8", "replace"
                )
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            RuntimeError,
            NotImplementedError,
            zlib.error,
            EOFError,
        ):
            return None
    for part_type, kind in _OOXML_MAIN.items():
        if part_type in types:
            return kind
    return None


__all__ = [
    "DOCUMENT_TYPES",
    "IMAGE_TYPES",
    "CleanFile",
    "RandomName",
    "display_name",
    "random_name",
    "sanitise",
]
