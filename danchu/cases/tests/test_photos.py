from __future__ import annotations

import io

from PIL import Image

from danchu.cases.photos import clean_photo


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (40, 30), (200, 100, 50))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "SecretPhone X"  # Model
    gps = {1: "N", 2: (12.0, 40.0, 10.0), 3: "E", 4: (108.0, 3.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photo_loses_gps_and_device_data():
    data = _jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the original has a position
    cleaned = clean_photo(data, "pic.jpg").read()
    img = Image.open(io.BytesIO(cleaned))
    exif = img.getexif()
    assert not exif.get_ifd(0x8825)
    assert 0x0110 not in exif and 0x010F not in exif
    assert b"SecretPhone" not in cleaned
    assert img.size == (40, 30)


def test_photo_attached_to_a_case_is_stored_without_exif(file_case):
    case = file_case(photos=[("pic.jpg", _jpeg_with_gps())])
    stored = case.photos.get().image.read()
    assert not Image.open(io.BytesIO(stored)).getexif().get_ifd(0x8825)


def test_a_real_photo_with_too_many_pixels_is_told_so_not_called_unreadable() -> None:
    """A valid 20,000 × 20,000 PNG (1 MB of a flat colour) was "not a readable photo"."""
    import io

    import pytest
    from django.utils import translation
    from PIL import Image

    from danchu.core.errors import DomainError

    for side in (7_000, 20_000):  # past danchu's 40 megapixels; past Pillow's own bomb limit
        buf = io.BytesIO()
        Image.new("1", (side, side)).save(buf, "PNG")
        with translation.override("vi"), pytest.raises(DomainError) as refused:
            clean_photo(buf.getvalue(), "anh.png")
        assert refused.value.code == "file_too_many_pixels" and "40 megapixel" in refused.value.message
