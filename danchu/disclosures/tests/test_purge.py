"""The purge on publish against a real HTTP server standing in for nginx (the real-nginx test with the
shipped configuration lives in deploy/)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from danchu.disclosures import services, tasks
from danchu.disclosures.models import JobStatus

SECRET = "s3cr3t-refresh"


@contextmanager
def fake_nginx(status_for=lambda path: 200) -> Iterator[tuple[str, list[dict[str, str]]]]:  # type: ignore[no-untyped-def]
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            ok = self.headers.get("X-Cache-Refresh") == SECRET
            self.send_response(status_for(self.path) if ok else 403)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def purge_settings(settings):  # type: ignore[no-untyped-def]
    settings.CACHE_PURGE_SECRET = SECRET
    settings.SITE_URL = "https://danchu.example.gov.vn"
    return settings


def test_purge_is_a_noop_without_a_purge_url(settings) -> None:
    settings.CACHE_PURGE_URL = ""
    assert services.purge_public_cache(["/disclosures/24181/"]) == 0


def test_each_page_is_refreshed_in_both_languages_with_the_public_host(purge_settings) -> None:
    with fake_nginx() as (url, seen):
        purge_settings.CACHE_PURGE_URL = url
        assert services.purge_public_cache(["/disclosures/d/1/", "/disclosures/d/1/"]) == 2
    # Sent at once (services.purge.PARALLEL): each page once per language, in any order.
    assert sorted((s["path"], s["cookie"], s["accept-language"]) for s in seen) == [
        ("/disclosures/d/1/", "django_language=en", "en"),
        ("/disclosures/d/1/", "django_language=vi", "vi"),
    ]
    assert {s["host"] for s in seen} == {"danchu.example.gov.vn"}
    assert {s["x-forwarded-proto"] for s in seen} == {"https"}


@pytest.mark.parametrize("status", [404, 403, 500, 301])
def test_a_non_2xx_answer_is_a_failure_never_counted_as_done(purge_settings, status) -> None:
    with fake_nginx(lambda path: status if "feed" in path else 200) as (url, _seen):
        purge_settings.CACHE_PURGE_URL = url
        with pytest.raises(services.PurgeFailed) as e:
            services.purge_public_cache(["/disclosures/X/", "/disclosures/X/feed.atom"])
    assert e.value.failed == [
        ("/disclosures/X/feed.atom", "vi", status),
        ("/disclosures/X/feed.atom", "en", status),
    ]


def test_a_wrong_secret_fails(purge_settings) -> None:
    purge_settings.CACHE_PURGE_SECRET = "guess"
    with fake_nginx() as (url, _seen):
        purge_settings.CACHE_PURGE_URL = url
        with pytest.raises(services.PurgeFailed):
            services.purge_public_cache(["/disclosures/X/"])


def test_nginx_down_is_a_failure(purge_settings) -> None:
    with fake_nginx() as (url, _seen):
        pass  # stopped: nothing listens on that port any more
    purge_settings.CACHE_PURGE_URL = url
    with pytest.raises(services.PurgeFailed) as e:
        services.purge_public_cache(["/disclosures/X/"])
    assert e.value.failed[0][2] == 0


def test_the_job_retries_with_back_off() -> None:
    task = tasks.purge_cache.s(["/x/"])
    assert task.retries == 6
    assert task.retry_delay == 10
    assert task.retry_backoff == 2


def test_publishing_refreshes_the_public_pages(
    purge_settings, officer, draft, commune, django_capture_on_commit_callbacks
) -> None:
    with fake_nginx() as (url, seen):
        purge_settings.CACHE_PURGE_URL = url
        with django_capture_on_commit_callbacks(execute=True):
            services.disclosure_publish(actor=officer, disclosure=draft)
    paths = {s["path"] for s in seen}
    assert f"/disclosures/{commune.code}/" in paths
    assert f"/disclosures/d/{draft.pk}/" in paths
    assert f"/disclosures/{commune.code}/feed.atom" in paths
    assert f"/disclosures/{commune.code}/archive/" in paths
    assert len(seen) == 2 * len(paths)


def test_publishing_forgets_the_application_page_cache_even_without_nginx(
    settings, officer, draft, commune, client, django_capture_on_commit_callbacks
) -> None:
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 300
    caches[settings.PAGE_CACHE].clear()
    settings.CACHE_PURGE_URL = ""
    page = f"/disclosures/{commune.code}/"
    client.get(page)
    assert client.get(page).headers.get("X-Page-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_publish(actor=officer, disclosure=draft)
    fresh = client.get(page)
    assert fresh.headers.get("X-Page-Cache") != "hit"
    assert draft.title in fresh.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_refresh_goes_before_the_poster_and_audio_and_again_when_the_player_can_show(
    purge_settings, media_jobs, officer, draft
) -> None:
    """Queued behind WeasyPrint and espeak-ng, the refresh would miss the 2 s readers are promised; and
    the item's page, refreshed before its audio existed, must be refreshed again to show the player."""
    from django.db import connection

    from danchu.disclosures.models import Disclosure

    detail = f"/disclosures/d/{draft.pk}/"
    jobs_when_refreshed: list[tuple[str, str]] = []

    def status_for(path: str) -> int:
        if path == detail:  # nginx's thread reads what the publishing process committed
            d = Disclosure.objects.get(pk=draft.pk)
            jobs_when_refreshed.append((d.poster_status, d.audio_status))
            connection.close()
        return 200

    with fake_nginx(status_for) as (url, _seen):
        purge_settings.CACHE_PURGE_URL = url
        services.disclosure_publish(actor=officer, disclosure=draft)
    d = Disclosure.objects.get(pk=draft.pk)
    assert d.poster_status == JobStatus.READY
    pending, ready = (JobStatus.PENDING, JobStatus.PENDING), (JobStatus.READY, JobStatus.READY)
    # One refresh per language at a time; the second, of the item's page only, once the audio is there.
    playable = [ready, ready] if d.audio_status == JobStatus.READY else []  # espeak-ng installed
    assert jobs_when_refreshed == [pending, pending, *playable]
