"""The access matrix with real objects and unsafe methods.

Every page (GET and POST, the POST with a valid CSRF token) and every API operation (its own method,
through the session with its CSRF header) is tried by each actor of the cast against the objects of
two communes that really exist: `commune` (the cast's own unit) and `other_commune` (a foreign unit).
The expected answer comes from the one declaration each page and operation carries (`@access` /
`api_access`), so nothing is declared twice:

- nobody ever gets a 5xx;
- an actor below a declaration's gate is refused (sign-in, 401, 403, 404 or 405) and changes nothing;
- a commune-level actor (a commune officer, an inspection board member, a member of the commune's
  steering committee) is
  refused on a staff page or endpoint that names an object or the code of the *other* commune, and
  changes nothing there;
- an actor of the object's own commune may only be let through by the declared rule itself: a request
  that changes something, or answers 2xx on a page naming an object, must have had the declaration's
  named rule answer yes (every rule is traced while the request runs). A view that declares one rule
  and checks another (or a bare predicate, or nothing) fails here, even when the actor's unit is right;
- "changes nothing" is read from the audit log: every change of state writes an entry, so a refused
  request leaves the count as it was.

URL parameters are filled with the values of real objects made by each app's `tests/matrix.py`
(`objects(commune, village, officer) -> {"<namespace>:<url name>:<param>" or "<namespace>:<param>":
value}` for pages, `{"api:<path template>:<param>" or "api:<segment>:<param>": value}` for the API,
e.g. "api:/api/v1/meetings/elections/{pk}:pk"); a place code is the unit's code; an id no app fills is one that exists nowhere (the 404
path). An API operation whose empty body would be refused by validation (422) before its object is
looked up is given a valid one, so the guard and the getter are what answer: "api-body:<METHOD> <path
template>" -> JSON (for a GET, its query parameters; for an upload, {"multipart": {field: value},
"files": {field: [file name, text content]}}).
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import transaction
from django.http import HttpResponse
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

import danchu
from danchu.core.access import ADMIN, PUBLIC, RULES, SIGNED_IN, STAFF, declared, level_of
from danchu.core.models import AuditEntry
from danchu.core.testing import BrowserClient
from danchu.core.tests.test_access_matrix import ROUTE_PARAM, Page, _login_path, danchu_pages
from danchu.places.tests import factories as pf

NOWHERE = "987654321"
CODE_PARAMS = ("code", "commune_code", "place_code", "unit_code")
# One staff role that handles the commune's work, one that only supervises it and a member of the
# commune's own steering committee; the chairman, the village head and the Front officer follow the
# same rules and are left out to keep the run short.
COMMUNE_ACTORS = ("officer", "board_member", "commune_steering_member")
ACTORS = ("anonymous", "citizen", *COMMUNE_ACTORS, "steering_member")


def _matrix_modules() -> list[Any]:
    here = Path(danchu.__file__).parent
    return [
        importlib.import_module(f"danchu.{p.parts[-3]}.tests.matrix")
        for p in sorted(here.glob("*/tests/matrix.py"))
    ]


@dataclass
class Unit:
    name: str  # "own" or "foreign"
    commune: Any
    values: dict[str, str]

    def value(self, key: str, param: str, converter: str) -> str | None:
        if key in self.values:
            return self.values[key]
        if param in CODE_PARAMS:
            return str(self.commune.code)
        if param == "village_code":
            return self.values.get("village_code")
        if converter == "int" or param.endswith(("pk", "_id")) or param in ("pk", "id"):
            return NOWHERE
        return None


@pytest.fixture
def units(
    commune: Any, other_commune: Any, village: Any, officer: Any, outsider: Any, django_db_blocker: Any
) -> list[Unit]:
    foreign_village = pf.village(other_commune, code=f"{other_commune.code}-001", name="Thôn Ea Kly 1")
    own: dict[str, str] = {"village_code": village.code}
    foreign: dict[str, str] = {"village_code": foreign_village.code}
    for module in _matrix_modules():
        own.update(module.objects(commune, village, officer))
        foreign.update(module.objects(other_commune, foreign_village, outsider))
    return [Unit("own", commune, own), Unit("foreign", other_commune, foreign)]


@dataclass
class Outcome:
    status: int
    location: str
    changed: bool
    error: str
    granted: frozenset[str] = frozenset()  # the named rules that answered yes during the request


class RuleTrace:
    """Records which named rules answered yes while a request ran (every rule is asked through
    `core.access.can`, which looks its predicate up in RULES at call time)."""

    def __init__(self) -> None:
        self.granted: set[str] = set()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name, found in list(RULES.items()):
            monkeypatch.setitem(RULES, name, replace(found, predicate=self._traced(name, found.predicate)))

    def _traced(self, name: str, predicate: Any) -> Any:
        def traced(person: Any, obj: Any) -> bool:
            answer = bool(predicate(person, obj))
            if answer:
                self.granted.add(name)
            return answer

        return traced


TRACE = RuleTrace()


class Prober:
    """Requests as one actor, each inside a savepoint rolled back afterwards."""

    def __init__(self, user: Any) -> None:
        self.client = BrowserClient()
        self.client.raise_request_exception = False
        if user is not None:
            self.client.force_login(user)
        self.errors: list[str] = []

    def _on_exception(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        import sys
        import traceback

        self.errors.append("".join(traceback.format_exception(*sys.exc_info())[-2:]))

    def send(self, method: str, url: str, api: bool, body: Any = None) -> Outcome:
        self.errors = []
        got_request_exception.connect(self._on_exception)
        sid = transaction.savepoint()
        TRACE.granted.clear()
        before = _changes()
        try:
            if api:
                if method == "get":  # a GET's "body" is its query string
                    response = self.client.api(method, f"{url}?{urlencode(body)}" if body else url)
                elif body is not None and "multipart" in body:  # an upload, as the page's form sends it
                    files = {
                        k: SimpleUploadedFile(n, c.encode()) for k, (n, c) in body.get("files", {}).items()
                    }
                    response = self.client.generic(
                        method.upper(),
                        url,
                        data=encode_multipart(BOUNDARY, {**body["multipart"], **files}),
                        content_type=MULTIPART_CONTENT,
                        HTTP_X_CSRFTOKEN=self.client.csrf_token(),
                    )
                else:
                    response = self.client.api(method, url, {} if body is None else body)
            elif method == "get":
                response = self.client.get(url)
            else:
                response = self.client.post_form(url, {})
            changed = _changes() != before
        finally:
            transaction.savepoint_rollback(sid)
            got_request_exception.disconnect(self._on_exception)
        assert isinstance(response, HttpResponse) or hasattr(response, "status_code")
        return Outcome(
            response.status_code,
            response.get("Location", ""),
            changed,
            " | ".join(self.errors),
            frozenset(TRACE.granted),
        )


def _changes() -> int:
    """Audit entries that record a change of state (a refused attempt is audited too, as
    "<app>.<what>_refused", and changes nothing)."""
    return AuditEntry.objects.exclude(action__endswith="_refused").count()


def _refused(outcome: Outcome) -> bool:
    # Any 4xx refuses (an API validates the body before the gate, so a citizen's empty POST may get
    # 422 rather than 403); what matters is that nothing changed, which the caller checks too. So does
    # sending a resident to their own page of the module (`access(below=...)`).
    if 400 <= outcome.status < 500:
        return True
    where = outcome.location.split("?")[0]
    return outcome.status in (301, 302, 303) and (where.endswith(_login_path()) or where in _below_pages())


@functools.cache
def _below_pages() -> frozenset[str]:
    from django.shortcuts import resolve_url

    return frozenset(
        resolve_url(found.below) for page in danchu_pages() if (found := declared(page.view)) and found.below
    )


def _check(who: str, actor: str, user: Any, unit: Unit, outcome: Outcome, names_unit: bool) -> str:
    """The problem with an outcome, or ""."""
    if outcome.status >= 500 or outcome.error:
        return f"{outcome.status} {outcome.error[-300:]}"
    level = level_of(who)
    below_gate = level != PUBLIC and (
        user is None or (level == ADMIN) or (level == STAFF and actor == "citizen")
    )
    if below_gate and not (_refused(outcome) and not outcome.changed):
        return f"{outcome.status}, changed={outcome.changed}: below the gate ({who}) but not refused"
    if (
        names_unit
        and unit.name == "foreign"
        and actor in COMMUNE_ACTORS
        and level in (STAFF, ADMIN)
        and who not in (STAFF, ADMIN)  # a named rule: the object's unit decides
        and (outcome.changed or 200 <= outcome.status < 300)
    ):
        return f"{outcome.status}, changed={outcome.changed}: another commune's object was allowed"
    if (
        actor in COMMUNE_ACTORS
        and who not in (PUBLIC, SIGNED_IN, STAFF, ADMIN)
        and (outcome.changed or (names_unit and 200 <= outcome.status < 300))
        and who not in outcome.granted
    ):
        return f"{outcome.status}, changed={outcome.changed}: allowed but its rule never said yes"
    return ""


def _page_url(page: Page, unit: Unit) -> tuple[str, bool] | None:
    """A concrete URL of a path() page filled for the unit, and whether it names the unit."""
    if "(?P" in page.route or "^" in page.route:
        return None
    namespace = page.name.split(":")[0] if ":" in page.name else ""
    names_unit = False
    missing = False

    def fill(m: re.Match[str]) -> str:
        nonlocal names_unit, missing
        param, converter = m["name"], m["converter"] or "str"
        specific = f"{page.name}:{param}"
        key = specific if specific in unit.values else f"{namespace}:{param}"
        value = unit.value(key, param, converter)
        if value is None:
            missing = True
            return ""
        names_unit |= value != NOWHERE
        return value

    url = "/" + ROUTE_PARAM.sub(fill, page.route)
    return None if missing else (url, names_unit)


ROLE_FIXTURES = {actor: actor for actor in ACTORS if actor != "anonymous"}


@pytest.fixture
def actors(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    TRACE.install(monkeypatch)
    out: dict[str, Any] = {"anonymous": None}
    for actor, fixture in ROLE_FIXTURES.items():
        out[actor] = request.getfixturevalue(fixture)
    return out


def _page_rows(units: list[Unit]) -> Iterator[tuple[Page, str, str, Unit, bool]]:
    for page in danchu_pages():
        found = declared(page.view)
        if found is None or found.who in (PUBLIC,):
            continue
        for unit in units:
            filled = _page_url(page, unit)
            if filled is None:
                continue
            url, names_unit = filled
            yield page, found.who, url, unit, names_unit


@pytest.mark.django_db
def test_pages_with_real_objects_and_unsafe_methods(units: list[Unit], actors: dict[str, Any]) -> None:
    problems, tried = [], 0
    rows = list(_page_rows(units))
    for actor, user in actors.items():
        prober = Prober(user)
        for _page, who, url, unit, names_unit in rows:
            for method in ("get", "post"):
                outcome = prober.send(method, url, api=False)
                tried += 1
                problem = _check(who, actor, user, unit, outcome, names_unit)
                if problem:
                    problems.append(f"{method.upper()} {url} [{who}] as {actor} ({unit.name}): {problem}")
    print(f"\naccess matrix with objects: {tried} page requests")
    assert tried > 0
    assert not problems, "\n".join(problems[:60])


def _api_rows(doc: dict[str, Any], units: list[Unit]) -> Iterator[tuple[str, str, str, Unit, bool, Any]]:
    for path, item in doc["paths"].items():
        segment = path.split("/")[3] if path.startswith("/api/v1/") else ""
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete") or "x-danchu-access" not in op:
                continue
            who = op["x-danchu-access"]["who"]
            if who == PUBLIC:
                continue
            types = {
                p["name"]: (p.get("schema") or {}).get("type", "string")
                for p in op.get("parameters", [])
                if p["in"] == "path"
            }
            for unit in units:
                names_unit, missing = False, False

                def fill(
                    m: re.Match[str],
                    unit: Unit = unit,
                    types: dict[str, str] = types,
                    segment: str = segment,
                    path: str = path,
                ) -> str:
                    nonlocal names_unit, missing
                    param = m[1]
                    converter = "int" if types.get(param) == "integer" else "str"
                    value = unit.value(f"api:{path}:{param}", param, converter)
                    if value is None or f"api:{path}:{param}" not in unit.values:
                        value = unit.value(f"api:{segment}:{param}", param, converter)
                    if value is None:
                        missing = True
                        return ""
                    names_unit |= value != NOWHERE
                    return value

                url = re.sub(r"\{(\w+)\}", fill, path)
                body = unit.values.get(f"api-body:{method.upper()} {path}")
                if not missing:
                    yield method, who, url, unit, names_unit, None if body is None else json.loads(body)


@pytest.mark.django_db
def test_api_with_real_objects_and_unsafe_methods(
    client: Any, units: list[Unit], actors: dict[str, Any]
) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    rows = list(_api_rows(doc, units))
    problems, tried = [], 0
    for actor, user in actors.items():
        prober = Prober(user)
        for method, who, url, unit, names_unit, body in rows:
            outcome = prober.send(method, url, api=True, body=body)
            tried += 1
            problem = _check(who, actor, user, unit, outcome, names_unit)
            if problem:
                problems.append(f"{method.upper()} {url} [{who}] as {actor} ({unit.name}): {problem}")
    print(f"\nAPI access matrix with objects: {tried} requests")
    assert tried > 0
    assert not problems, "\n".join(problems[:60])


def test_every_app_with_object_pages_fills_its_parameters() -> None:
    """An app whose pages take ids must say which of its objects to try (tests/matrix.py)."""
    makers = {m.__name__.split(".")[1] for m in _matrix_modules()}
    needs = set()
    for page in danchu_pages():
        found = declared(page.view)
        if found is None or found.who in (PUBLIC, SIGNED_IN):
            continue
        if re.search(r"<int:\w+>", page.route) and ":" in page.name:
            needs.add(page.name.split(":")[0])
    assert needs <= makers, f"apps without tests/matrix.py: {sorted(needs - makers)}"


# API operations whose ids are not given their own object by a path-template key in any
# tests/matrix.py ("api:<path template>:<param>"): a per-segment value ("api:<segment>:<param>") gives
# every path of an app the same object, so /meetings/items/{pk} would meet a meeting's id. The list
# may only shrink; a new operation must bring its own object.
KNOWN_API_WITHOUT_OBJECTS: set[str] = set()


@pytest.mark.django_db
def test_every_api_operation_meets_its_own_kind_of_object(client: Any, units: list[Unit]) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    own = next(u for u in units if u.name == "own")
    unfilled = set()
    for path, item in doc["paths"].items():
        segment = path.split("/")[3] if path.startswith("/api/v1/") else ""
        if not any(
            m in item and "x-danchu-access" in item[m] for m in ("get", "post", "put", "patch", "delete")
        ):
            continue
        for param in re.findall(r"\{(\w+)\}", path):
            place_code = (
                param in (*CODE_PARAMS, "village_code") and f"api:{segment}:{param}" not in own.values
            )
            if f"api:{path}:{param}" not in own.values and not place_code:
                unfilled.add(f"{path} {param}")
    new = sorted(unfilled - KNOWN_API_WITHOUT_OBJECTS)
    assert not new, "API operations without their own object in a tests/matrix.py:\n" + "\n".join(new)
    gone = sorted(KNOWN_API_WITHOUT_OBJECTS - unfilled)
    assert not gone, "now filled: remove from KNOWN_API_WITHOUT_OBJECTS:\n" + "\n".join(gone)
