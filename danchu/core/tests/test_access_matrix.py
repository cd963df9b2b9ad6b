"""The permission matrix, generated from the URL configuration and the OpenAPI document.

Every page declares who may use it (`@access(...)`) and every API operation carries
`x-danchu-access` (`openapi_extra=api_access(...)`); a new page or endpoint without one fails here.
Then each declaration is exercised with GET requests:

- anonymous: 200 on "anyone" pages; elsewhere a redirect to sign-in, 401, 403 or 404 — never 200;
- citizen: never 200 on a "staff", "admin" or named-permission page;
- commune officer: never 200 on an "admin" page;
- the officer of another commune: never 200 on a staff page whose URL names the commune;
- nobody ever gets a 5xx.

Patterns need no registration here: parameters are filled from the cast (place codes) or with ids that
do not exist (which exercises the 404 path); patterns whose parameters cannot be filled are skipped,
counted and printed. Views that only accept POST answer 405 to GET, which is tolerated.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from danchu.core.access import ADMIN, PUBLIC, SIGNED_IN, STAFF, declared

# Mounted from outside danchu or covered elsewhere (the API by its OpenAPI document below).
SKIP_PREFIXES = ("admin/", "accounts/", "api/", "i18n/", "static/", "media/", "__debug__/")
SKIP_MODULES = (
    "django.contrib.admin",
    "allauth",
    "ninja",
    "django.views.static",
    "django.contrib.staticfiles",
)

NONEXISTENT_ID = 987654321
HINT_CITIZEN = (
    "Declared for staff (or a named permission) but a citizen got 200: refuse non-staff with 403/404 "
    "(raise Forbidden / NotFound), or declare what the page really allows.\n"
)
SAFE_STATUSES_FOR_OTHERS = {401, 403, 404, 405}


@dataclass(frozen=True)
class Page:
    route: str
    name: str
    view: Callable[..., Any]
    pattern: Any  # the innermost pattern, for regex checks


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Page]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield Page(route=route, name=name, view=p.callback, pattern=p.pattern)


def _ours(page: Page) -> bool:
    plain = page.route.lstrip("^")
    if plain.startswith(SKIP_PREFIXES):
        return False
    module = getattr(page.view, "__module__", "") or ""
    return not module.startswith(SKIP_MODULES)


def danchu_pages() -> list[Page]:
    return [page for page in _walk(get_resolver().url_patterns) if _ours(page)]


# --- Filling parameters --------------------------------------------------------------------------


def _fill_value(name: str, converter: str, cast: dict[str, Any]) -> str | None:
    if converter in ("int",):
        return str(NONEXISTENT_ID)
    if converter == "uuid":
        return str(uuid.uuid4())
    if converter == "path":
        return None
    if name in ("code", "commune_code", "place_code", "unit_code"):
        return cast["commune"].code
    if name == "village_code":
        return cast["village"].code
    if name == "province_code":
        return cast["province"].code
    if name == "fmt":
        return "csv"
    if name in ("day", "date"):
        return "2026-02-16"  # a Monday in Tết
    return None


ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def url_for(page: Page, cast: dict[str, Any]) -> str | None:
    """A concrete URL for the page, or None when a parameter cannot be filled."""
    if isinstance(page.pattern, RoutePattern) and "^" not in page.route and "(?P" not in page.route:
        missing = False

        def fill(m: re.Match[str]) -> str:
            nonlocal missing
            value = _fill_value(m["name"], m["converter"] or "str", cast)
            if value is None:
                missing = True
                return ""
            return value

        url = ROUTE_PARAM.sub(fill, page.route)
        return None if missing else "/" + url
    # Regex patterns (re_path), possibly under a route prefix: fill each named group, then check.
    regex = page.route.replace("^", "").replace("$", "")
    missing = False

    def fill_group(m: re.Match[str]) -> str:
        nonlocal missing
        body = m["body"]
        if re.fullmatch(r"\w+(\|\w+)*", body):
            return re.escape(body.split("|")[0])
        value = _fill_value(m["name"], "str", cast)
        if value is None:
            missing = True
            return ""
        return re.escape(value)

    literal = REGEX_GROUP.sub(fill_group, regex)
    if missing or re.search(r"[()\[\]*+?{}|]", literal.replace("\\.", "").replace("\\-", "")):
        return None
    url = "/" + re.sub(r"\\(.)", r"\1", literal)
    full = "^" + regex + "$"
    return url if re.fullmatch(full, url[1:]) else None


# --- Requests ------------------------------------------------------------------------------------


@dataclass
class Result:
    status: int
    location: str
    error: str


class Probe:
    """GETs with the test client, each in a savepoint rolled back afterwards, capturing exceptions."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.client.raise_request_exception = False
        self._errors: list[str] = []

    def _on_exception(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        import sys
        import traceback

        self._errors.append("".join(traceback.format_exception(*sys.exc_info())[-3:]))

    def get(self, url: str, **headers: Any) -> Result:
        self._errors = []
        got_request_exception.connect(self._on_exception)
        sid = transaction.savepoint()
        try:
            response = self.client.get(url, **headers)
        finally:
            transaction.savepoint_rollback(sid)
            got_request_exception.disconnect(self._on_exception)
        return Result(response.status_code, response.get("Location", ""), " | ".join(self._errors))


def _login_path() -> str:
    return resolve_url(settings.LOGIN_URL)


def _redirects_to_sign_in(result: Result) -> bool:
    return result.status in (301, 302, 303, 307) and result.location.split("?")[0].endswith(_login_path())


@pytest.fixture
def cast(province: Any, commune: Any, village: Any, household: Any) -> dict[str, Any]:
    return {"province": province, "commune": commune, "village": village, "household": household}


@pytest.fixture
def walk(cast: dict[str, Any]) -> list[tuple[Page, str, str]]:
    """(page, url, who) for every declared page whose URL can be built; prints what is skipped."""
    rows, skipped = [], []
    for page in danchu_pages():
        access = declared(page.view)
        if access is None:
            continue  # reported by test_every_page_declares_who_may_use_it
        url = url_for(page, cast)
        if url is None:
            skipped.append(page.route)
            continue
        rows.append((page, url, access.who))
    print(f"\naccess matrix: {len(rows)} pages exercised, {len(skipped)} skipped (parameters not fillable)")
    for route in skipped:
        print(f"  skipped: /{route}")
    return rows


# --- Pages ---------------------------------------------------------------------------------------


def test_every_page_declares_who_may_use_it() -> None:
    missing = [f"/{p.route} ({p.view.__module__}.{getattr(p.view, '__name__', p.view)})"
               for p in danchu_pages() if declared(p.view) is None]  # fmt: skip
    assert not missing, "Pages without @access(...):\n" + "\n".join(missing)


def test_url_walk_sees_the_core_pages() -> None:
    routes = {p.route for p in danchu_pages()}
    assert {"", "healthz", "office/"} <= routes


@pytest.mark.django_db
def test_anonymous_visitor(walk: list[tuple[Page, str, str]]) -> None:
    probe, problems = Probe(Client()), []
    for page, url, who in walk:
        r = probe.get(url)
        has_params = url.rstrip("/") != ("/" + page.route).rstrip("/")
        if r.status >= 500:
            problems.append(f"{url} [{who}] → {r.status} {r.error}")
        elif who == PUBLIC:
            ok = r.status in (200, 405) or (has_params and r.status == 404)
            if r.status in (301, 302, 303, 307) and not _redirects_to_sign_in(r):
                ok = True  # a public page may send people elsewhere, but not to sign in
            if not ok:
                problems.append(f"{url} [{who}] → {r.status} {r.location} (public page)")
        elif not (_redirects_to_sign_in(r) or r.status in SAFE_STATUSES_FOR_OTHERS):
            problems.append(f"{url} [{who}] → {r.status} {r.location} (anonymous must be sent to sign in)")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_citizen(walk: list[tuple[Page, str, str]], client_as: Any, citizen: Any) -> None:
    probe, problems = Probe(client_as(citizen)), []
    for _page, url, who in walk:
        r = probe.get(url)
        if r.status >= 500:
            problems.append(f"{url} [{who}] → {r.status} {r.error}")
        elif who not in (PUBLIC, SIGNED_IN) and r.status == 200:
            problems.append(f"{url} [{who}] → 200 for a citizen")
    assert not problems, HINT_CITIZEN + "\n".join(problems)


@pytest.mark.django_db
def test_commune_officer(walk: list[tuple[Page, str, str]], client_as: Any, officer: Any) -> None:
    probe, problems = Probe(client_as(officer)), []
    for _page, url, who in walk:
        r = probe.get(url)
        if r.status >= 500:
            problems.append(f"{url} [{who}] → {r.status} {r.error}")
        elif who == ADMIN and r.status == 200:
            problems.append(f"{url} [{who}] → 200 for a commune officer")
    assert not problems, "\n".join(problems)


def _names_the_cast_place(url: str, cast: dict[str, Any]) -> bool:
    parts = url.strip("/").split("/")
    return any(cast[k].code in parts for k in ("commune", "village")) or any(
        p.startswith(cast["commune"].code + ".") for p in parts
    )


@pytest.mark.django_db
def test_officer_of_another_commune(
    walk: list[tuple[Page, str, str]], cast: dict[str, Any], client_as: Any, outsider: Any
) -> None:
    """Staff pages about `commune` (its code in the URL) are not for the officer of a sibling commune:
    acting never crosses units, and reading inherits only downwards."""
    probe, problems, checked = Probe(client_as(outsider)), [], 0
    for _page, url, who in walk:
        if who in (PUBLIC, SIGNED_IN) or not _names_the_cast_place(url, cast):
            continue
        checked += 1
        r = probe.get(url)
        if r.status >= 500:
            problems.append(f"{url} [{who}] → {r.status} {r.error}")
        elif r.status == 200:
            problems.append(f"{url} [{who}] → 200 for the officer of another commune")
    print(f"\nscope: {checked} staff pages naming the commune checked as an outsider")
    assert not problems, "\n".join(problems)


# --- API -------------------------------------------------------------------------------------------


@pytest.fixture
def openapi(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, op


def _api_url(path: str, op: dict[str, Any], cast: dict[str, Any]) -> str | None:
    types = {
        p["name"]: (p.get("schema") or {}).get("type", "string")
        for p in op.get("parameters", [])
        if p["in"] == "path"
    }
    missing = False

    def fill(m: re.Match[str]) -> str:
        nonlocal missing
        value = _fill_value(m[1], "int" if types.get(m[1]) == "integer" else "str", cast)
        if value is None:
            missing = True
            return ""
        return value

    url = re.sub(r"\{(\w+)\}", fill, path)
    return None if missing else url


def _required_query(op: dict[str, Any]) -> bool:
    return any(p["in"] == "query" and p.get("required") for p in op.get("parameters", []))


@pytest.fixture
def api_walk(openapi: dict[str, Any], cast: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    rows, skipped = [], []
    for path, method, op in _operations(openapi):
        if method != "get" or "x-danchu-access" not in op:
            continue
        url = _api_url(path, op, cast)
        if url is None:
            skipped.append(path)
            continue
        rows.append((url, op["x-danchu-access"]["who"], op))
    print(f"\nAPI access matrix: {len(rows)} GET operations exercised, {len(skipped)} skipped")
    for path in skipped:
        print(f"  skipped: {path}")
    return rows


@pytest.mark.django_db
def test_every_api_operation_declares_who_may_use_it(openapi: dict[str, Any]) -> None:
    missing = [f"{m.upper()} {path}" for path, m, op in _operations(openapi) if "x-danchu-access" not in op]
    assert not missing, "API operations without openapi_extra=api_access(...):\n" + "\n".join(missing)
    whos = {op["x-danchu-access"]["who"] for _, _, op in _operations(openapi)}
    assert "" not in whos


@pytest.mark.django_db
def test_api_anonymous(api_walk: list[tuple[str, str, dict[str, Any]]]) -> None:
    probe, problems = Probe(Client()), []
    for url, who, op in api_walk:
        r = probe.get(url)
        if r.status >= 500:
            problems.append(f"GET {url} [{who}] → {r.status} {r.error}")
        elif who == PUBLIC:
            expected = {200, 404} | ({422} if _required_query(op) else set())
            if r.status not in expected:
                problems.append(f"GET {url} [{who}] → {r.status} (public operation)")
        elif r.status != 401:
            problems.append(f"GET {url} [{who}] → {r.status} (anonymous must get 401)")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_api_citizen(api_walk: list[tuple[str, str, dict[str, Any]]], client_as: Any, citizen: Any) -> None:
    probe, problems = Probe(client_as(citizen)), []
    for url, who, _op in api_walk:
        r = probe.get(url)
        if r.status >= 500:
            problems.append(f"GET {url} [{who}] → {r.status} {r.error}")
        elif who not in (PUBLIC, SIGNED_IN) and r.status == 200:
            problems.append(f"GET {url} [{who}] → 200 for a citizen")
    assert not problems, HINT_CITIZEN + "\n".join(problems)


@pytest.mark.django_db
def test_api_commune_officer(
    api_walk: list[tuple[str, str, dict[str, Any]]], client_as: Any, officer: Any
) -> None:
    probe, problems = Probe(client_as(officer)), []
    for url, who, _op in api_walk:
        r = probe.get(url)
        if r.status >= 500:
            problems.append(f"GET {url} [{who}] → {r.status} {r.error}")
        elif who == ADMIN and r.status == 200:
            problems.append(f"GET {url} [{who}] → 200 for a commune officer")
    assert not problems, "\n".join(problems)


def _unknown_permissions(whos: set[str]) -> set[str]:
    from danchu.core.access import RULES

    return {who for who in whos if who not in (PUBLIC, SIGNED_IN, STAFF, ADMIN) and who not in RULES}


def test_named_permissions_in_page_declarations_are_registered_rules() -> None:
    whos = {a.who for p in danchu_pages() if (a := declared(p.view)) is not None}
    unknown = _unknown_permissions(whos)
    assert not unknown, (
        f"@access names permissions nobody registered with accounts.permissions.rule(): {unknown}"
    )


@pytest.mark.django_db
def test_named_permissions_in_api_declarations_are_registered_rules(openapi: dict[str, Any]) -> None:
    whos = {op["x-danchu-access"]["who"] for _, _, op in _operations(openapi) if "x-danchu-access" in op}
    unknown = _unknown_permissions(whos)
    assert not unknown, (
        f"api_access names permissions nobody registered with accounts.permissions.rule(): {unknown}"
    )


@pytest.mark.django_db
def test_api_officer_of_another_commune(
    api_walk: list[tuple[str, str, dict[str, Any]]], cast: dict[str, Any], client_as: Any, outsider: Any
) -> None:
    probe, problems = Probe(client_as(outsider)), []
    for url, who, _op in api_walk:
        if who in (PUBLIC, SIGNED_IN) or not _names_the_cast_place(url, cast):
            continue
        r = probe.get(url)
        if r.status >= 500:
            problems.append(f"GET {url} [{who}] → {r.status} {r.error}")
        elif r.status == 200:
            problems.append(f"GET {url} [{who}] → 200 for the officer of another commune")
    assert not problems, "\n".join(problems)
