"""The cast every test can use (like healthchecks' alice, bob and charlie).

A province with two communes; `commune` has two villages with households. Staff roles have TOTP set up.
`outsider` is a commune officer of `other_commune`: staff, but not of `commune`.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, UserFactory, link_household, person_with_role
from danchu.places.tests import factories as pf


def _flushes(item: pytest.Item) -> bool:
    """Whether the test ran against a real transaction (pytest-django flushes every table after it)."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in names
        or "live_server" in names
    )


def restore_seed_rows() -> None:
    """Put back the rows that data migrations insert — the case fields, the new-rural criteria sets —
    idempotently. A transactional test's flush deletes them; pytest-django runs those tests last so
    that no test after them needs the rows, but xdist's worksteal hands a worker that is done with
    them the pending tests of another, and those then found no fields and no criteria set."""
    import importlib

    from danchu.cases.models import Field
    from danchu.newrural.criteria import install_sets
    from danchu.newrural.models import CriteriaSet, Criterion

    for code, name, description, keywords, group, order in importlib.import_module(
        "danchu.cases.migrations.0002_default_fields"
    ).FIELDS:
        Field.objects.get_or_create(
            code=code,
            defaults=dict(name=name, description=description, keywords=keywords, group=group, order=order),
        )
    install_sets(CriteriaSet, Criterion)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield  # the fixtures' teardown, pytest-django's flush among them
    if _flushes(item):
        from django.db import DatabaseError, connection
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            try:
                restore_seed_rows()
            except DatabaseError:  # a test that pointed the connection at a scratch database (deploy/)
                connection.close()


@pytest.fixture(autouse=True, scope="session")
def _huey_immediate() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(autouse=True, scope="session")
def _test_clock() -> Any:
    """DANCHU_TEST_CLOCK=2026-12-31T16:45:00Z runs the suite from that instant on (the clock ticks):
    a test that holds only at some hours of the day fails on demand instead of when CI happens to run
    just after midnight in Vietnam (README). Unset, the real clock."""
    import os

    when = os.environ.get("DANCHU_TEST_CLOCK")
    if not when:
        yield
        return
    import time_machine

    with time_machine.travel(when, tick=True):
        yield


@pytest.fixture(autouse=True)
def _kernel_caches(settings: Any) -> None:
    """The rate limiter's and the page cache's local-memory stores outlive a test: empty them. The
    page cache is off unless a test turns it on (a test that changes data and reads the page again
    in the same second would otherwise see the cached page, as a visitor may for max-age seconds)."""
    from danchu.core.testing import clear_kernel_caches

    # The roll-up reads kept under RollupVersion's token stay on (every write changes the token), but
    # a test's rolled-back rows must not be read by the next one under the migration's first token.
    clear_kernel_caches()
    settings.PAGE_CACHE_SECONDS = 0


REDIS_TEST_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache(settings: Any) -> Any:
    """redis_cache(alias) -> that cache alias on the real local Redis (database 14) under a key prefix
    of its own; skipped only when no Redis answers. Afterwards it deletes its own keys only: a cache's
    clear() is FLUSHDB, which would empty the keys of a test running beside it (xdist workers, or the
    SQLite and PostgreSQL runs at once)."""
    import uuid

    import redis
    from django.core.cache import caches

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefixes: list[str] = []

    def use(alias: str) -> Any:
        prefix = f"danchu-test-{uuid.uuid4().hex[:12]}"
        prefixes.append(prefix)
        settings.CACHES = {
            **settings.CACHES,
            alias: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_TEST_URL,
                "KEY_PREFIX": prefix,
            },
        }
        return caches[alias]

    yield use
    for prefix in prefixes:
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


@pytest.fixture(autouse=True)
def _media_root(tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def province(db: Any) -> Any:
    return pf.province(code="66", name="Tỉnh Đắk Lắk")


@pytest.fixture
def commune(province: Any) -> Any:
    return pf.commune(province, code="24181", name="Xã Krông Pắc")


@pytest.fixture
def other_commune(province: Any) -> Any:
    return pf.commune(province, code="24190", name="Xã Ea Kly")


@pytest.fixture
def village(commune: Any) -> Any:
    return pf.village(commune, code="24181-001", name="Thôn 1")


@pytest.fixture
def other_village(commune: Any) -> Any:
    return pf.village(commune, code="24181-002", name="Buôn Đắk")


@pytest.fixture
def household(village: Any) -> Any:
    return pf.household_with_head(village)


@pytest.fixture
def citizen(household: Any) -> Any:
    """A verified resident of `household` (not its representative)."""
    user = person_with_role(Role.CITIZEN, household.village, full_name="Lê Văn Dân")
    link_household(user, household)
    return user


@pytest.fixture
def household_rep(village: Any) -> Any:
    hh = pf.household_with_head(village)
    user = person_with_role(Role.HOUSEHOLD_REP, village, full_name="Phạm Thị Chủ Hộ")
    link_household(user, hh, representative=True)
    return user


@pytest.fixture
def unverified(db: Any) -> Any:
    """Signed up, not linked to any household."""
    return UserFactory(full_name="Người Mới")


@pytest.fixture
def village_head(village: Any) -> Any:
    return person_with_role(Role.VILLAGE_HEAD, village, full_name="Y Nguyên Trưởng Thôn")


@pytest.fixture
def officer(commune: Any) -> Any:
    return person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Đỗ Thị Cán Bộ")


@pytest.fixture
def chairman(commune: Any) -> Any:
    return person_with_role(Role.COMMUNE_CHAIRMAN, commune, full_name="Hoàng Văn Chủ Tịch")


@pytest.fixture
def front_officer(commune: Any) -> Any:
    front = BodyFactory(kind=Body.Kind.FATHERLAND_FRONT, name="Ủy ban MTTQ xã Krông Pắc", place=commune)
    return person_with_role(Role.FRONT_OFFICER, commune, body=front, full_name="Vũ Thị Mặt Trận")


@pytest.fixture
def board_member(commune: Any) -> Any:
    board = BodyFactory(kind=Body.Kind.INSPECTION_BOARD, name="Ban TTND xã Krông Pắc", place=commune)
    return person_with_role(Role.INSPECTION_MEMBER, commune, body=board, full_name="Ngô Văn Thanh Tra")


@pytest.fixture
def steering_member(province: Any) -> Any:
    committee = BodyFactory(kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo QCDC tỉnh", place=province)
    return person_with_role(Role.STEERING_MEMBER, province, body=committee, full_name="Bùi Văn Chỉ Đạo")


@pytest.fixture
def commune_steering_member(commune: Any) -> Any:
    """A member of the commune's own steering committee (Ban Chỉ đạo QCDC xã)."""
    committee = BodyFactory(
        kind=Body.Kind.STEERING_COMMITTEE, name="Ban Chỉ đạo QCDC xã Krông Pắc", place=commune
    )
    return person_with_role(Role.STEERING_MEMBER, commune, body=committee, full_name="Lý Thị Chỉ Đạo Xã")


@pytest.fixture
def admin_user(db: Any) -> Any:
    return person_with_role(Role.ADMIN, None, full_name="Quản Trị Viên", is_superuser=True, is_staff=True)


@pytest.fixture
def outsider(other_commune: Any) -> Any:
    return person_with_role(Role.COMMUNE_OFFICER, other_commune, full_name="Cán Bộ Xã Khác")


@pytest.fixture
def client_as() -> Any:
    """client_as(user) -> a Client signed in as user (MFA already passed)."""

    def make(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def browser_as() -> Any:
    """browser_as(user=None) -> a client that enforces CSRF as a browser does (Django's test client
    skips the check by default, which once hid a broken path). `client.csrf_token()` gives the token
    to post as csrfmiddlewaretoken or send as X-CSRFToken."""
    from danchu.core.testing import BrowserClient

    def make(user: Any = None) -> BrowserClient:
        c = BrowserClient()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def token_for() -> Any:
    """token_for(user) -> request headers with a fresh personal API token (Authorization: Bearer)."""
    from danchu.accounts.services import token_create

    def make(user: Any) -> dict[str, str]:
        _token, raw = token_create(person=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_server(django_db_setup: Any, django_db_blocker: Any, request: pytest.FixtureRequest) -> Any:
    """pytest-django's live server, started only once the test database exists.

    pytest-django's own fixture does not wait for the test database, so it could start while the
    connection still named the file database: the server thread then opened a connection of its own
    to SQLite's shared in-memory test database, whose table locks do not wait (busy_timeout does not
    apply to them) — a session row written by the test while the server read django_session failed
    with "database table is locked". Started after the test database is set up, the server shares the
    test's connection on in-memory SQLite, as Django's LiveServerTestCase arranges.
    """
    import os

    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    )
    with django_db_blocker.unblock():
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture
def page(live_server: Any, monkeypatch: Any) -> Any:
    """A Playwright page in Debian's chromium (never a downloaded browser); skipped without chromium."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make sysdeps)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes are
    # still synchronous, so Django's async-safety guard is lifted for browser tests only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections

    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        # Its event loop now counts as running in this thread, and Django's connection handler (an
        # asgiref Local) would hand the test body a new connection of its own: a second session on
        # PostgreSQL, and on SQLite's in-memory test database a second connection fighting the live
        # server's over table locks. The test body keeps the connections the test started with.
        for alias, conn in before.items():
            connections[alias] = conn
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(locale="vi-VN", base_url=live_server.url)
        pg = context.new_page()
        pg.set_default_timeout(15000)
        yield pg
        context.close()
        browser.close()
