"""Files of cases (photos of a denunciation, generated replies) are never served as plain media."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from danchu.cases.photos import clean_photo
from danchu.urls import DEVELOPMENT_MEDIA_URLS

urlpatterns = DEVELOPMENT_MEDIA_URLS


@pytest.mark.urls(__name__)
def test_development_media_route_serves_public_files_but_never_case_files(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    for name, content in (
        ("steering/evidence/2026/report.pdf", b"public"),
        ("disclosures/draft.pdf", b"secret"),
        ("cases/photos/photo.jpg", b"secret"),
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    served = Client().get("/media/steering/evidence/2026/report.pdf")
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"public"
    assert Client().get("/media/cases/photos/photo.jpg").status_code == 404
    assert Client().get("/media/disclosures/draft.pdf").status_code == 404


def test_case_photos_get_unguessable_names() -> None:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "JPEG")
    first, second = clean_photo(buf.getvalue(), "a.jpg"), clean_photo(buf.getvalue(), "a.jpg")
    assert first.name != second.name
    assert len(Path(first.name).stem) == 32
