#!/usr/bin/env python3
"""Render the templates of deploy/ ({{NAME}} placeholders) into a directory.

    python3 deploy/render.py nginx /etc/nginx/danchu     # values from the environment, see DEFAULTS
    python3 deploy/render.py pgbouncer /etc/pgbouncer

Then `include /etc/nginx/danchu/danchu.conf;` inside `http { }`. Every placeholder must have a value:
an unknown or missing one is an error, never an empty string in a config. The real-nginx test renders
the same files with its own ports and paths (danchu/core/tests/test_nginx.py).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Environment variable DANCHU_<NAME> overrides each.
DEFAULTS = {
    "LISTEN": "443 ssl http2",
    "SERVER_NAME": "danchu.example.gov.vn",
    "PUBLIC_SCHEME": "https",
    "TLS": (
        "ssl_certificate /etc/letsencrypt/live/danchu.example.gov.vn/fullchain.pem; "
        "ssl_certificate_key /etc/letsencrypt/live/danchu.example.gov.vn/privkey.pem;"
    ),
    "UPSTREAM": "127.0.0.1:8001",
    "PURGE_LISTEN": "127.0.0.1:8080",
    "STATIC_ROOT": "/var/lib/danchu/static",
    "MEDIA_ROOT": "/var/lib/danchu/media",
    "CACHE_DIR": "/var/cache/nginx/danchu",
    "INCLUDE_DIR": "/etc/nginx/danchu",
    # deploy/pgbouncer/
    "PGB_DATABASES": "danchu = host=127.0.0.1 port=5432 dbname=danchu",
    "PGB_PORT": "6432",
    "PGB_SOCKET_DIR": "/var/run/postgresql",
    "PGB_AUTH_TYPE": "scram-sha-256",
    "PGB_AUTH_FILE": "/etc/pgbouncer/userlist.txt",
    "PGB_LOGFILE": "/var/log/postgresql/pgbouncer.log",
    "PGB_PIDFILE": "/var/run/postgresql/pgbouncer.pid",
}

PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def values_from_env(overrides: dict[str, str] | None = None) -> dict[str, str]:
    values = {k: os.environ.get(f"DANCHU_{k}", v) for k, v in DEFAULTS.items()}
    values.update(overrides or {})
    values["SERVER_NAME_FIRST"] = values["SERVER_NAME"].split()[0]
    return values


def render_text(text: str, values: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            raise KeyError(f"no value for {{{{{m.group(1)}}}}}")
        return values[m.group(1)]

    return PLACEHOLDER.sub(one, text)


def render_dir(name: str, out: Path, values: dict[str, str]) -> list[Path]:
    """Render every file of deploy/<name>/ into `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted((HERE / name).iterdir()):
        if src.is_file():
            dst = out / src.name
            dst.write_text(render_text(src.read_text(encoding="utf-8"), values), encoding="utf-8")
            written.append(dst)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    values = values_from_env({"INCLUDE_DIR": os.environ.get("DANCHU_INCLUDE_DIR", argv[1])})
    for path in render_dir(argv[0], Path(argv[1]), values):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
