"""The shipped nginx configuration in front of a real gunicorn (issue #17 item 2, issue #9 item 4).

Debian's nginx runs deploy/nginx/danchu.conf on free ports; the purge goes through the real
`purge_public_cache()` that publishing calls. After a publish the commune page, the disclosure and the
feed through nginx show it within 2 s; Vietnamese and English never mix; a protected file is sent by
nginx (X-Accel-Redirect) only after danchu's access check, and nobody can ask nginx for it directly.
"""

from __future__ import annotations

import http.client
import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from danchu.disclosures import services
from danchu.disclosures.models import Disclosure

from .servers import server_env, start_gunicorn, start_nginx, stop

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VISIBLE_WITHIN = 2.0  # seconds, issue #17 item 2


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        body = r.read().decode("utf-8", "replace")
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body
    finally:
        conn.close()


LANGS = {
    "vi": {"Accept-Language": "vi"},
    "en": {"Accept-Language": "en-GB,en;q=0.9"},
    "en-cookie": {"Cookie": "django_language=en", "Accept-Language": "vi"},
    "vi-cookie": {"Cookie": "django_language=vi", "Accept-Language": "en"},
}


def lang_of(body: str) -> str:
    return "en" if '<html lang="en"' in body else "vi" if '<html lang="vi"' in body else "?"


def session_cookie(user: Any) -> dict[str, str]:
    c = Client()
    c.force_login(user)
    return {"Cookie": f"sessionid={c.cookies['sessionid'].value}"}


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, django_db_setup: Any) -> Iterator[Any]:
    """One gunicorn on the test database and one nginx in front of it, for the whole module."""
    if connection.vendor != "postgresql":
        pytest.skip("the real-nginx test runs gunicorn on the PostgreSQL test database")
    root = tmp_path_factory.mktemp("nginx-stack")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    media, static = root / "media", root / "static"
    media.mkdir()
    static.mkdir()
    (static / "probe.css").write_text("body{}", encoding="utf-8")
    env = server_env(
        root,
        url,
        MEDIA_ROOT=str(media),
        PROTECTED_MEDIA_ACCEL_PREFIX="/protected/",
        PUBLIC_CACHE_SECONDS="60",
    )
    started: list[Any] = []
    try:
        app = start_gunicorn(env, root / "gunicorn.log")
        started.append(app.process)
        nginx = start_nginx(app.port, root / "nginx", media, static)
        started.append(nginx.process)
        yield nginx, media
    finally:
        for p in reversed(started):
            stop(p)


@pytest.fixture
def stack(servers: Any, settings: Any) -> Any:
    nginx, media = servers
    settings.MEDIA_ROOT = media
    settings.CACHE_PURGE_URL = nginx.purge_url
    settings.DISCLOSURE_MEDIA_JOBS = False
    return nginx


@pytest.mark.django_db(transaction=True)
def test_a_publish_shows_through_nginx_within_two_seconds_in_both_languages_never_mixed(
    stack: Any, officer: Any, commune: Any, village: Any
) -> None:
    port = stack.port
    pages = [f"/disclosures/{commune.code}/", f"/disclosures/{commune.code}/feed.atom"]
    # Warm the cache in every language form: the second answer comes from nginx.
    for path in pages:
        for headers in LANGS.values():
            get(port, path, headers)
        for name, headers in LANGS.items():
            status, h, body = get(port, path, headers)
            assert status == 200 and h.get("x-cache") == "HIT", (path, name, status, h)
            if path.endswith("/"):
                assert lang_of(body) == name[:2], (path, name)

    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution",
            title="Quyết toán ngân sách xã năm 2025 qua nginx",
            summary="Tổng thu 4.956 triệu đồng.",
            body="Số liệu quyết toán.",
        ),
    )
    assert get(port, f"/disclosures/d/{d.pk}/")[0] == 404
    committed: list[float] = []
    with transaction.atomic():
        # Runs first after the commit, before publishing's own callbacks (jobs, then the purge).
        transaction.on_commit(lambda: committed.append(time.monotonic()))
        services.disclosure_publish(actor=officer, disclosure=d)
    published_at = committed[0]
    assert Disclosure.objects.get(pk=d.pk).is_public

    waiting = {(path, name) for path in [*pages, f"/disclosures/d/{d.pk}/"] for name in LANGS}
    while waiting and time.monotonic() - published_at < VISIBLE_WITHIN:
        for path, name in sorted(waiting):
            status, _, body = get(port, path, LANGS[name])
            if status == 200 and "Quyết toán ngân sách xã năm 2025 qua nginx" in body:
                waiting.discard((path, name))
        time.sleep(0.05)
    assert not waiting, f"still stale {VISIBLE_WITHIN} s after publishing: {sorted(waiting)}"

    # Each language keeps its own copy, and each copy is in its language.
    for path in [pages[0], f"/disclosures/d/{d.pk}/"]:
        for name, headers in LANGS.items():
            status, h, body = get(port, path, headers)
            assert status == 200 and h.get("x-cache") == "HIT" and lang_of(body) == name[:2], (path, name, h)

    # Signed-in people never get (nor fill) the shared copy.
    status, h, body = get(port, pages[0], {**session_cookie(officer), "Accept-Language": "vi"})
    assert status == 200 and h.get("x-cache") == "BYPASS"


@pytest.mark.django_db(transaction=True)
def test_a_protected_file_goes_through_nginx_only_after_the_access_check(
    stack: Any, officer: Any, outsider: Any, commune: Any
) -> None:
    port = stack.port
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution", title="Dự thảo có tệp", summary="Tóm tắt.", body="Nội dung."
        ),
    )
    a = services.attachment_add(
        actor=officer, disclosure=d, file=io.BytesIO(PDF), name="du-toan.pdf", size=len(PDF)
    )
    path = f"/disclosures/files/{a.pk}/"

    status, h, body = get(port, path, session_cookie(officer))
    assert status == 200 and body.encode() == PDF, (status, h)
    assert h["content-type"] == "application/pdf" and h["x-content-type-options"] == "nosniff"
    assert h["content-disposition"].startswith("attachment") and "x-accel-redirect" not in h
    assert h["cache-control"] == "private, no-store"

    assert get(port, path, session_cookie(outsider))[0] == 404  # another commune's officer
    assert get(port, path)[0] == 404  # anonymous: a draft's file is as private as the draft
    # The internal location and the media directory answer nobody directly.
    assert get(port, f"/protected/{a.file.name}")[0] == 404
    assert get(port, f"/media/{a.file.name}")[0] == 404
    assert (
        get(port, f"/disclosures/files/{a.pk}/", {"X-Accel-Redirect": f"/protected/{a.file.name}"})[0] == 404
    )


@pytest.mark.django_db(transaction=True)
def test_static_files_come_from_nginx_with_far_future_headers(stack: Any) -> None:
    status, h, body = get(stack.port, "/static/probe.css")
    assert status == 200 and body == "body{}"
    assert "immutable" in h["cache-control"] and h["x-content-type-options"] == "nosniff"


@pytest.mark.django_db(transaction=True)
def test_the_purge_listener_refreshes_one_language_and_reports_failures(stack: Any, commune: Any) -> None:
    path = f"/disclosures/{commune.code}/"
    assert get(stack.purge_port, f"/purge-en{path}")[0] == 200
    status, h, body = get(stack.port, path, LANGS["en"])
    assert h.get("x-cache") == "HIT" and lang_of(body) == "en"
    assert get(stack.purge_port, "/purge/disclosures/99999999/")[0] != 200  # no such page: not "done"
    assert get(stack.purge_port, "/elsewhere/")[0] == 404
