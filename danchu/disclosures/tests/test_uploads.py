"""core.uploads with crafted files: what a disclosure's attachment or a notice-board photo may carry."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from PIL import Image

from danchu.core import uploads
from danchu.core.errors import DomainError

ALL = {**uploads.DOCUMENT_TYPES, **uploads.IMAGE_TYPES}
PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def _clean(data: bytes, name: str, allowed: dict[str, str] = ALL) -> uploads.CleanFile:
    return uploads.sanitise(io.BytesIO(data), name=name, size=len(data), allowed=allowed)


def _refused(data: bytes, name: str, allowed: dict[str, str] = ALL) -> DomainError:
    with pytest.raises(DomainError) as e:
        _clean(data, name, allowed)
    assert e.value.status == 400 and name in e.value.message
    return e.value


# --- Images -------------------------------------------------------------------------------------------


def _jpeg_with_gps_and_serial() -> bytes:
    im = Image.new("RGB", (64, 48), "blue")
    exif = Image.Exif()
    exif[0x010F] = "Xiaomi"  # Make
    exif[0xA431] = "SERIAL-0042-7788"  # BodySerialNumber
    exif[0x0112] = 6  # Orientation: rotate 90°
    gps = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.0)}
    exif[0x8825] = gps
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes(), comment=b"Thon 1 bang tin")
    return buf.getvalue()


def test_a_photo_loses_its_gps_position_and_camera_serial() -> None:
    data = _jpeg_with_gps_and_serial()
    assert b"SERIAL-0042-7788" in data and Image.open(io.BytesIO(data)).getexif()  # the crafted file has them
    clean = _clean(data, "bang-tin.jpg", uploads.IMAGE_TYPES)
    assert clean.content_type == "image/jpeg"
    stored = Image.open(io.BytesIO(clean.content))
    assert not stored.getexif() and "comment" not in stored.info
    assert b"SERIAL-0042-7788" not in clean.content and b"Xiaomi" not in clean.content
    assert stored.size == (48, 64)  # turned upright by its orientation before the tag went


def test_html_appended_to_a_jpeg_is_gone_after_re_encoding() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "JPEG", comment=b"<script>alert(1)</script>")
    polyglot = buf.getvalue() + b"<html><body><script>alert(document.cookie)</script></body></html>"
    clean = _clean(polyglot, "anh.jpg")
    assert b"<script" not in clean.content and b"<html" not in clean.content
    assert Image.open(io.BytesIO(clean.content)).size == (8, 8)


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height, with one tiny (truncated) data chunk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))


def test_a_400_megapixel_png_is_refused_from_its_header_without_decoding() -> None:
    data = _png_header(20_000, 20_000)
    tracemalloc.start()
    started = time.perf_counter()
    e = _refused(data, "ban-do.png")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert e.code == "file_too_many_pixels" and "40" in e.message
    assert elapsed < 1 and peak < 20 * 1024 * 1024


def test_a_gif_whose_frames_together_pass_the_pixel_budget_is_refused() -> None:
    frames = [Image.new("P", (2000, 2000), i) for i in range(12)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    assert _refused(buf.getvalue(), "hoat-hinh.gif").code == "file_too_many_pixels"


def test_a_broken_image_is_refused_with_a_message() -> None:
    data = _png_header(10, 10)[:40]
    assert _refused(data, "hong.png").code == "file_image"


@pytest.mark.parametrize("fmt, mime", [("PNG", "image/png"), ("WEBP", "image/webp"), ("GIF", "image/gif")])
def test_ordinary_images_are_kept(fmt: str, mime: str) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buf, fmt)
    clean = _clean(buf.getvalue(), f"anh.{fmt.lower()}")
    assert clean.content_type == mime and Image.open(io.BytesIO(clean.content)).size == (20, 10)


# --- PDF ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"2 0 obj<< /S /JavaScript /JS (app.alert(1)) >>endobj",
        b"1 0 obj<< /Type /Catalog /OpenAction 2 0 R >>endobj 2 0 obj<< /S /J#61vaScript /J#53 (x) >>endobj",
        b"2 0 obj<< /S /Launch /F (cmd.exe) >>endobj",
        b"2 0 obj<< /Type /EmbeddedFile /Length 3 >>stream\nabc\nendstream endobj",
        b"2 0 obj<< /Names << /EmbeddedFiles 3 0 R >> >>endobj",
    ],
    ids=["javascript", "hex-escaped-openaction", "launch", "embedded-file", "embedded-files-tree"],
)
def test_a_pdf_that_acts_is_refused(body: bytes) -> None:
    data = b"%PDF-1.7\n" + body + b"\ntrailer<<>>\n%%EOF\n"
    assert _refused(data, "thong-bao.pdf").code == "file_pdf_active"


def test_javascript_hidden_in_a_compressed_object_stream_is_found() -> None:
    hidden = zlib.compress(b"<< /Type /Action /S /JavaScript /JS (app.launchURL('http://x')) >>")
    data = (
        b"%PDF-1.7\n5 0 obj<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(hidden)).encode()
        + b" >>stream\n"
        + hidden
        + b"\nendstream endobj\ntrailer<<>>\n%%EOF\n"
    )
    assert b"JavaScript" not in data
    assert _refused(data, "bao-cao.pdf").code == "file_pdf_active"


def test_an_ordinary_pdf_is_kept_byte_for_byte() -> None:
    stream = zlib.compress(b"BT /F1 12 Tf (Thu ngan sach) Tj ET")
    data = PDF + b"3 0 obj<< /Length 9 /Filter /FlateDecode >>stream\n" + stream + b"\nendstream endobj\n"
    clean = _clean(data, "bao-cao.pdf")
    assert clean.content == data and clean.content_type == "application/pdf"


# --- Archives (DOCX, XLSX) ------------------------------------------------------------------------------


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _measure(data: bytes, name: str) -> tuple[DomainError, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    e = _refused(data, name)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return e, elapsed, peak


def test_a_zip_bomb_in_content_types_is_refused_from_the_directory() -> None:
    # ~100 KB on disk, 100 MB unpacked: the part we must read to know the document's kind.
    bomb = _zip({"[Content_Types].xml": DOCX_TYPES + b" " * (100 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    e, elapsed, peak = _measure(bomb, "bom.docx")
    assert e.code == "file_archive" and elapsed < 1 and peak < 20 * 1024 * 1024


def test_a_docx_with_one_highly_compressed_part_is_refused() -> None:
    bomb = _zip({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"\x00" * (20 * 1024 * 1024)})
    e, elapsed, peak = _measure(bomb, "bom2.docx")
    assert e.code == "file_archive" and elapsed < 1 and peak < 20 * 1024 * 1024


def test_an_archive_with_too_many_entries_is_refused() -> None:
    many = _zip({"[Content_Types].xml": DOCX_TYPES, **{f"x/{i}.xml": b"" for i in range(5001)}})
    assert _refused(many, "nhieu.docx").code == "file_archive"


def test_a_macro_document_is_refused_as_a_type() -> None:
    macro = _zip({"[Content_Types].xml": DOCX_TYPES, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert _refused(macro, "macro.docx").code == "file_type"


def test_names_are_random_and_the_display_name_keeps_the_original_stem() -> None:
    clean = _clean(PDF, "Báo cáo quý I.pdf")
    assert clean.name == "Báo-cáo-quý-I.pdf"
    first, second = clean.stored_name(), clean.stored_name()
    assert first != second and first.endswith(".pdf") and "bao" not in first.lower()
