"""The real floor: a bare Django project (settings, URLs and views in this one module).

No installed apps, no middleware, no templates; the same gunicorn and the same database as danchu.
`DJANGO_SETTINGS_MODULE=bench.bare gunicorn django.core.wsgi:get_wsgi_application()` — see
bench.runner.Floors. Three views:

    /bare/          the same number of bytes as the page compared with (?bytes=N), no query
    /bare/query/    the same, after one simple SELECT of up to 34 rows on the same database
    /bare/insert/   one INSERT (POST), the floor for intake endpoints
"""

from __future__ import annotations

import os

import dj_database_url
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = "bench-bare-" + os.environ.get("BENCH_BARE_SECRET", "not-secret")
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.bare"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
USE_TZ = True
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)}

QUERY = os.environ.get("BENCH_BARE_QUERY", "SELECT code, name FROM places_place WHERE level <= 1 LIMIT 34")


def _body(request: HttpRequest) -> bytes:
    size = min(int(request.GET.get("bytes", "4000")), 1_000_000)
    return (b"<p>bare</p>" * (size // 11 + 1))[:size]


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_body(request), content_type="text/html; charset=utf-8")


def bare_query(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(QUERY)
        rows = cursor.fetchall()
    return HttpResponse(_body(request)[: -len(rows) or None] + b"." * len(rows), content_type="text/html")


def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare_insert (payload) VALUES (%s)", [request.body[:200].decode()])
    return HttpResponse(status=201)


urlpatterns = [path("bare/", bare), path("bare/query/", bare_query), path("bare/insert/", bare_insert)]
