"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) at /open311/v2/.

Services are the feedback fields (Field.open311) — only feedback is filed and listed here; complaints
and denunciations are never exposed. `jurisdiction_id` is a place code: a commune (or village) to
post, a commune or a province to list. Service requests are identified by their tracking code.
Errors are an array of {code, description}. POST needs an `api_key` issued by an administrator.
"""

from __future__ import annotations

import datetime as dt
import functools
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from danchu.core.access import PUBLIC, access
from danchu.core.errors import DomainError
from danchu.core.idempotency import idempotent
from danchu.places.models import Level, Place

from . import services
from .models import OPEN_STATES, Case, Channel, Field, State
from .permissions import case_for, open311_cases, open311_cases_by_codes
from .types import FEEDBACK

LIST_ROOT = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}
MAX_REQUESTS = 1000
MAX_IDS = 50


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        el = ET.SubElement(top, item)
        _fill(el, row)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")


def _fill(el: ET.Element, row: dict[str, Any]) -> None:
    for key, value in row.items():
        child = ET.SubElement(el, key)
        if isinstance(value, list):
            singular = {"attributes": "attribute", "values": "value"}.get(key, "item")
            for v in value:
                sub = ET.SubElement(child, singular)
                if isinstance(v, dict):
                    _fill(sub, v)
                else:
                    sub.text = _text(v)
        else:
            child.text = _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _respond(fmt: str, kind: str, rows: list[dict[str, Any]], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        root, item = LIST_ROOT[kind]
        return HttpResponse(_xml(root, item, rows), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(fmt, "errors", [{"code": status, "description": description}], status)


def open311_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Open311 answers errors as an array of {code, description} (GeoReport v2), so its views turn a
    refusal into that body here, once: a domain error (with its status: 400, 403, 429…), a missing or
    forbidden object (404), and NUL bytes in any parameter (400, before anything is looked up)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = kwargs.get("fmt", "json")
        values = [v for _k, vs in [*request.GET.lists(), *request.POST.lists()] for v in vs]
        if any("\x00" in v for v in [*values, *map(str, kwargs.values())]):
            return _error(fmt, 400, _("A parameter contains a character that is not allowed (NUL)."))
        try:
            return view(request, *args, **kwargs)
        except DomainError as e:
            return _error(fmt, e.status, e.message)
        except Http404:
            return _error(fmt, 404, _("Not found."))

    return wrapped


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    end_of_day = dt.datetime.combine(value, dt.time(17, 0))
    return timezone.make_aware(end_of_day).isoformat(timespec="seconds")


def _jurisdiction(request: HttpRequest, fmt: str) -> tuple[Place | None, HttpResponse | None]:
    code = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if not code:
        return None, None
    place = Place.objects.filter(code=code).first()
    if place is None:
        return None, _error(fmt, 404, _("Unknown jurisdiction_id: %(code)s.") % {"code": code})
    return place, None


def _service(f: Field) -> dict[str, Any]:
    return {
        "service_code": f.code,
        "service_name": f.name,
        "description": f.description,
        "metadata": False,
        "type": "realtime",
        "keywords": f.keywords,
        "group": f.group,
    }


def _fields():  # noqa: ANN202
    return Field.objects.filter(active=True, open311=True)


@access(PUBLIC, "Open311 discovery")
@open311_errors
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    row = {
        "changeset": "2026-01-01T00:00:00+07:00",
        "contact": settings.DEFAULT_FROM_EMAIL,
        "key_service": _("Ask the system administrator for an API key."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-01-01T00:00:00+07:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        top = ET.Element("discovery")
        _fill(top, row)
        return HttpResponse(
            b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8"),
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(row, json_dumps_params={"ensure_ascii": False})


@access(PUBLIC, "Open311 service list")
@open311_errors
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _place, err = _jurisdiction(request, fmt)
    if err:
        return err
    return _respond(fmt, "services", [_service(f) for f in _fields()])


@access(PUBLIC, "Open311 service definition")
@open311_errors
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    field = _fields().filter(code=code).first()
    if field is None:
        return _error(fmt, 404, _("Unknown service_code: %(code)s.") % {"code": code})
    row = {"service_code": field.code, "attributes": []}
    if fmt == "xml":
        top = ET.Element("service_definition")
        _fill(top, row)
        return HttpResponse(
            b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8"),
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(row, json_dumps_params={"ensure_ascii": False})


def _request_row(case: Case, request: HttpRequest) -> dict[str, Any]:
    photo = case.photos.first() if hasattr(case, "photos") else None
    notes = (
        case.refusal_reason
        if case.state == State.REFUSED
        else (case.response if case.response_public and case.state in (State.RESOLVED, State.CLOSED) else "")
    )
    return {
        "service_request_id": case.tracking_code,
        "status": "open" if case.state in OPEN_STATES else "closed",
        "status_notes": notes,
        "service_name": case.field.name if case.field is not None else "",
        "service_code": case.field.code if case.field is not None else "",
        "description": case.description,
        "agency_responsible": case.unit.name,
        "service_notice": "",
        "requested_datetime": _iso(case.received_at),
        "updated_datetime": _iso(case.updated_at),
        "expected_datetime": _iso(case.resolution_due or case.acceptance_due),
        "address": case.address,
        "address_id": "",
        "zipcode": "",
        "lat": case.latitude,
        "long": case.longitude,
        "media_url": request.build_absolute_uri(
            reverse("cases:track_photo", kwargs={"code": case.tracking_code, "pk": photo.pk})
        )
        if photo
        else "",
    }


@access(PUBLIC, "Open311 requests: GET lists feedback; POST files feedback and requires an api_key")
@csrf_exempt
@open311_errors
@idempotent
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    if request.method != "GET":
        return _error(fmt, 405, _("Use GET or POST."))
    place, err = _jurisdiction(request, fmt)
    if err:
        return err
    qs = open311_cases()
    if place is not None:
        qs = qs.filter(unit__path__startswith=place.path)
    ids = [i.strip().upper() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if len(ids) > MAX_IDS:
        return _error(fmt, 400, _("Ask for at most %(n)d service_request_id at once.") % {"n": MAX_IDS})
    if ids:
        qs = open311_cases_by_codes(ids, request)
        if place is not None:
            qs = qs.filter(unit__path__startswith=place.path)
    else:
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(field__code__in=codes)
        start, end = request.GET.get("start_date"), request.GET.get("end_date")
        try:
            start_dt = parse_datetime(start) if start else None
            end_dt = parse_datetime(end) if end else None
        except ValueError:
            start_dt = end_dt = None
            return _error(fmt, 400, _("start_date and end_date must be W3C date-times."))
        if (start and start_dt is None) or (end and end_dt is None):
            return _error(fmt, 400, _("start_date and end_date must be W3C date-times."))
        if start_dt is None and end_dt is None:
            start_dt = timezone.now() - dt.timedelta(days=90)  # spec: default to the last 90 days
        if start_dt is not None:
            qs = qs.filter(received_at__gte=start_dt)
        if end_dt is not None:
            qs = qs.filter(received_at__lte=end_dt)
        statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            return _error(fmt, 400, _("status must be open or closed."))
        if statuses == {"open"}:
            qs = qs.filter(state__in=OPEN_STATES)
        elif statuses == {"closed"}:
            qs = qs.exclude(state__in=OPEN_STATES)
    rows = [_request_row(c, request) for c in qs.order_by("-received_at")[:MAX_REQUESTS]]
    return _respond(fmt, "requests", rows)


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    p = request.POST
    key = services.apikey_check(p.get("api_key", ""))
    if key is None:
        return _error(fmt, 403, _("A valid api_key is required to post a service request."))
    place, err = _jurisdiction(request, fmt)
    if err:
        return err
    if place is None or place.level < Level.COMMUNE:
        return _error(
            fmt, 400, _("jurisdiction_id must be the code of a commune (or village) to post a request.")
        )
    field = _fields().filter(code=p.get("service_code", "")).first()
    if field is None:
        return _error(fmt, 404, _("Unknown service_code: %(code)s.") % {"code": p.get("service_code", "")})
    lat, lng = p.get("lat"), p.get("long")
    address = p.get("address_string", "").strip()
    try:
        latitude = float(lat) if lat else None
        longitude = float(lng) if lng else None
    except ValueError:
        return _error(fmt, 400, _("lat and long must be numbers."))
    if (latitude is None or longitude is None) and not address and not p.get("address_id"):
        return _error(fmt, 400, _("A location is required: lat and long, or address_string."))
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= (longitude or 0) <= 180):
        return _error(fmt, 400, _("lat and long are out of range."))
    description = p.get("description", "").strip()
    if not description:
        return _error(fmt, 400, _("description is required."))
    name = " ".join(x for x in (p.get("first_name", "").strip(), p.get("last_name", "").strip()) if x)
    photos = [(f.name or "", f.read()) for f in request.FILES.getlist("media")]
    case = services.case_submit(
        services.CaseSubmission(
            case_type_key=FEEDBACK,
            place=place,
            field=field,
            title=description[:120],
            description=description,
            identity=services.Identity(name=name, phone=p.get("phone", ""), email=p.get("email", "")),
            anonymous=not (name or p.get("email") or p.get("phone")),
            channel=Channel.OPEN311,
            address=address or p.get("address_id", ""),
            latitude=latitude,
            longitude=longitude,
            photos=photos,
            open311_client=key,
        )
    )
    row = {
        "service_request_id": case.tracking_code,
        "token": str(case.open311_token),
        "service_notice": _("Held by %(unit)s; answer expected by %(d)s.")
        % {"unit": case.unit.name, "d": case.acceptance_due.strftime("%d/%m/%Y")},
        "account_id": "",
    }
    return _respond(fmt, "requests", [row], status=201)


@access(PUBLIC, "Open311 single request (feedback only); unknown ids count towards the miss limit")
@open311_errors
def request_detail(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    case = case_for(request.user, code=code, action="cases.open311_view", request=request)
    return _respond(fmt, "requests", [_request_row(case, request)])


@access(PUBLIC, "Open311 token → service_request_id")
@open311_errors
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    case = case_for(request.user, token=token, action="cases.open311_view", request=request)
    return _respond(
        fmt, "requests", [{"service_request_id": case.tracking_code, "token": str(case.open311_token)}]
    )
