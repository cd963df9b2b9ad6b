from __future__ import annotations

from typing import Any

import pytest

from danchu.disclosures import services


@pytest.fixture(autouse=True)
def _no_media_jobs(settings: Any) -> None:
    """Posters and audio take a second each; tests that want them use `media_jobs`."""
    settings.DISCLOSURE_MEDIA_JOBS = False
    settings.CACHE_PURGE_URL = ""


@pytest.fixture
def media_jobs(settings: Any) -> None:
    settings.DISCLOSURE_MEDIA_JOBS = True


@pytest.fixture
def draft(officer: Any, commune: Any) -> Any:
    return services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution",
            title="Báo cáo thực hiện ngân sách quý I",
            summary="Thu ngân sách xã quý I đạt 1.250 triệu đồng.",
            body="Căn cứ Quyết định số 3162/QĐ-UBND ngày 20/12/2021, xã công khai **số liệu** sau.",
        ),
    )


@pytest.fixture
def published(officer: Any, draft: Any, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_publish(actor=officer, disclosure=draft)
    draft.refresh_from_db()
    return draft
