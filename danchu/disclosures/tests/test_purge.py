from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from danchu.disclosures import services


def test_purge_is_a_noop_without_a_purge_url(settings) -> None:
    settings.CACHE_PURGE_URL = ""
    assert services.purge_public_cache(["/disclosures/24181/"]) == 0


def test_publishing_purges_the_public_pages(
    settings, officer, draft, commune, django_capture_on_commit_callbacks
) -> None:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.path)
            self.send_response(200 if self.path.endswith(f"/{commune.code}/") else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
        with django_capture_on_commit_callbacks(execute=True):
            services.disclosure_publish(actor=officer, disclosure=draft)
    finally:
        server.shutdown()
    assert f"/purge/disclosures/{commune.code}/" in seen
    assert f"/purge/disclosures/d/{draft.pk}/" in seen
    assert f"/purge/disclosures/{commune.code}/feed.atom" in seen
