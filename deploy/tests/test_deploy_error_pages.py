"""What people read when danchu cannot answer, or a send is too large, through the shipped nginx
configuration: nginx's own pages ("502 Bad Gateway", "413 Request Entity Too Large", in English) are
replaced by the site's bilingual pages (danchu/static/errors), with the status kept — for a form's
POST too. Debian's nginx runs deploy/nginx/danchu.conf in front of a port where nothing listens."""

from __future__ import annotations

import http.client
import re
import shutil
from pathlib import Path

import pytest

from .servers import DEPLOY, free_port, start_nginx, stop

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

PAGES = DEPLOY.parent / "danchu" / "static" / "errors"


def _send(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    except (BrokenPipeError, ConnectionResetError):  # nginx may answer 413 before the body is read
        return 413, ""
    finally:
        conn.close()


def test_nginx_shows_the_sites_pages_not_its_own(tmp_path: Path) -> None:
    static, media = tmp_path / "static", tmp_path / "media"
    media.mkdir()
    shutil.copytree(PAGES, static / "errors")  # as collectstatic leaves them in STATIC_ROOT
    nginx = start_nginx(free_port(), tmp_path, media, static)  # nothing listens upstream
    try:
        status, page = _send(nginx.port, "GET", "/disclosures/24490/")
        assert status == 502 and "Bad Gateway" not in page
        assert "Hệ thống tạm thời không trả lời được" in page and "Not answering right now" in page
        # A form sent while danchu is down: the same page, the POST's status kept.
        status, page = _send(
            nginx.port,
            "POST",
            "/cases/new/",
            b"title=%C4%90%C3%A8n+%C4%91%C6%B0%E1%BB%9Dng",
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 502 and "giữ những gì đã nhập" in page
        # Over client_max_body_size: the page names the limit the configuration sets.
        limit = re.search(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx" / "danchu.conf").read_text())
        assert limit and f"tối đa {limit.group(1)} MB" in (PAGES / "413.html").read_text()
        big = (int(limit.group(1)) + 1) * 1024 * 1024
        status, page = _send(
            nginx.port,
            "POST",
            "/cases/new/",
            b"x",
            {"Content-Length": str(big), "Content-Type": "text/plain"},
        )
        assert status == 413 and "Request Entity Too Large" not in page
        assert "Tệp gửi lên quá lớn" in page and "The upload is too large" in page
        # The pages themselves are for nginx only.
        assert _send(nginx.port, "GET", "/_errors/5xx.html")[0] == 404
    finally:
        stop(nginx.process)
