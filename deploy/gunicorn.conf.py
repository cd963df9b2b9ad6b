"""gunicorn for danchu: `gunicorn -c deploy/gunicorn.conf.py danchu.wsgi:application`.

Sync workers, as many per core as GUNICORN_WORKERS_PER_CORE (default 2: a request waits on
PostgreSQL about as long as it computes). Each worker holds one connection to PgBouncer, so
workers x web servers stays below PgBouncer's max_client_conn, and the pool below PostgreSQL's
max_connections. Workers are recycled after GUNICORN_MAX_REQUESTS requests (50,000) to cap memory growth.
"""

from __future__ import annotations

import os

_cores = os.cpu_count() or 1
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "0")) or _cores * int(
    os.environ.get("GUNICORN_WORKERS_PER_CORE", "2")
)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A recycled worker forks again from the warmed master (cheap), but starts with an empty local page
# cache: at a busy hour's 1,000 requests a second, 4,000 requests meant a new worker every 4 seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# The app is imported once in the master, so workers share its pages (copy-on-write).
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
proc_name = "danchu-web"
# gunicorn's runtime control socket (worker count, reload) sits at one path per user
# ($HOME/.gunicorn/gunicorn.ctl): two instances on a host take each other's. systemd manages danchu.
control_socket_disable = True


def when_ready(server: object) -> None:
    # After the preload, before the first fork: what each worker would load on its first request is
    # loaded here, once, and shared (danchu/warm.py); then the collector leaves those objects alone,
    # so a worker's collections do not copy the shared pages.
    import gc

    from django.db import connections

    from danchu.warm import warm

    warm()
    connections.close_all()
    gc.collect()
    gc.freeze()


def post_fork(server: object, worker: object) -> None:
    # Connections opened in the master (preload) must not be shared by the workers.
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()
