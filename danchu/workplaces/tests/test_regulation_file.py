"""The regulation's document: made safe by core.uploads, stored under a random name, and served only
to those who read the unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.workplaces.models import RegulationVersion

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post(client: Any, unit: Any, name: str, content: bytes, content_type: str) -> Any:
    return client.post(
        reverse("workplaces:regulation_add", args=[unit.pk]),
        {
            "reference": "01/QC-THCS",
            "issued_on": "2024-01-02",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def test_an_html_file_is_refused_as_a_regulation(client_as: Any, rep: Any, agency: Any) -> None:
    r = _post(client_as(rep), agency, "quy-che.html", b"<script>alert(1)</script>", "text/html")
    assert 300 <= r.status_code < 500
    assert not RegulationVersion.objects.exists()


def test_the_document_is_stored_under_a_random_name_and_served_to_readers_only(
    client_as: Any, rep: Any, officer: Any, outsider: Any, enterprise_rep: Any, agency: Any
) -> None:
    assert _post(client_as(rep), agency, "quy-che.pdf", PDF, "application/pdf").status_code == 302
    version = RegulationVersion.objects.get(unit=agency)
    assert version.file.name.startswith("workplaces/regulations/")
    assert "quy-che" not in version.file.name and version.file.name.endswith(".pdf")
    url = reverse("workplaces:regulation_file", args=[version.pk])
    assert url in client_as(rep).get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
    for reader in (rep, officer):
        r = client_as(reader).get(url)
        assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
        assert b"".join(r.streaming_content).startswith(b"%PDF")
    for stranger in (outsider, enterprise_rep):
        assert client_as(stranger).get(url).status_code == 404
