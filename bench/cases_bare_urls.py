"""The bare view of bench/cases_bare_settings.py: parse the form, one INSERT, 201."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO bench_bare (tracking_code, title, description) VALUES (md5(random()::text), %s, %s)",
            [request.POST.get("title", ""), request.POST.get("description", "")],
        )
    return HttpResponse(status=201)


urlpatterns = [path("bench/bare-insert/", bare_insert)]
