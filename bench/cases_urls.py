"""danchu's URLs plus /bench/bare-insert/: a bare Django view doing one single-row INSERT, the
floor for any view that writes (request parsing, middleware, one round trip to the database)."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from danchu.core.access import access
from danchu.urls import urlpatterns as danchu_urlpatterns


@access("anyone", "bench only; not mounted in danchu")
@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO bench_bare (tracking_code, title, description) VALUES (md5(random()::text), %s, %s)",
            [request.POST.get("title", ""), request.POST.get("description", "")],
        )
    return HttpResponse(status=201)


urlpatterns = [path("bench/bare-insert/", bare_insert), *danchu_urlpatterns]
