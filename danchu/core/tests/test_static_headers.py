"""Static assets with DEBUG off: content-hashed names served with far-future, immutable caching and a
compressed copy (whitenoise's CompressedManifestStaticFilesStorage), issue #17 item 6."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware


def test_hashed_static_files_are_immutable_and_compressed(tmp_path: Any, settings: Any) -> None:
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The project's own static directory only: compressing every app's and package's files with
    # brotli (the API docs' Swagger UI, the admin, the npm packages' 2.9 MB) took ~20 s of this test,
    # and whitenoise stores and serves every file alike. Every file goes through collectstatic in
    # deploy/tests/test_deploy_production.py (PostgreSQL) and in `make run` with DEBUG off.
    settings.STATICFILES_DIRS = settings.STATICFILES_DIRS[:1]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    name = staticfiles_storage.stored_name("css/danchu.css")
    assert name != "css/danchu.css"  # content-hashed
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    for encoding in ("br", "gzip"):
        request = RequestFactory().get(f"/static/{name}", HTTP_ACCEPT_ENCODING=encoding)
        response = middleware(request)
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
        assert response["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response["Vary"]
