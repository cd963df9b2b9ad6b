"""The database router against a real PostgreSQL primary and its streaming replica (issue #17 item 9).

The test starts both on loopback (initdb + pg_basebackup -R with the Debian binaries, free ports, a
private directory, torn down after). Stale-tolerant reads go to the replica — proven by pausing the
replica's WAL replay and watching it serve the old state — while writes, reads after a write, reads in
a transaction and sign-in data stay on the primary.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import dj_database_url
import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.test import RequestFactory, override_settings

from danchu.core.routers import PIN_COOKIE, PrimaryReplicaRouter, ReplicaReadsMiddleware, _state, stale_reads
from danchu.places.models import Place
from danchu.places.tests import factories as pf

from .servers import start_pg_pair

pytestmark = [pytest.mark.deploy, pytest.mark.slow]


class LoopbackRouter(PrimaryReplicaRouter):
    primary = "rt_primary"
    replicas = ("rt_replica",)


def _wait(predicate: Any, seconds: float = 10) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _one(alias: str, sql: str) -> Any:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.fixture(scope="module")
def routed(django_db_blocker: Any) -> Iterator[None]:
    pair = start_pg_pair()
    added = {"rt_primary": pair.url(pair.primary_port), "rt_replica": pair.url(pair.replica_port)}
    try:
        with django_db_blocker.unblock():
            configured = connections.configure_settings(
                {"default": connections.settings["default"]}
                | {alias: dj_database_url.parse(url) for alias, url in added.items()}
            )
            for alias in added:
                connections.settings[alias] = configured[alias]
            # The places table (self-referencing only) on the primary; the replica gets it by WAL.
            with connections["rt_primary"].schema_editor() as editor:
                editor.create_model(Place)
            assert _wait(lambda: _one("rt_replica", "SELECT to_regclass('places_place') IS NOT NULL"))
            with override_settings(DATABASE_ROUTERS=[LoopbackRouter()]):
                yield
    finally:
        with django_db_blocker.unblock():
            for alias in added:
                if alias in connections.settings:
                    connections[alias].close()
                    del connections.settings[alias]
        pair.stop()


def test_the_replica_is_a_streaming_standby(routed: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        assert _one("rt_replica", "SELECT pg_is_in_recovery()") is True
        assert _one("rt_primary", "SELECT pg_is_in_recovery()") is False
        assert _one("rt_primary", "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1


def test_stale_tolerant_reads_go_to_the_replica_and_writes_and_read_after_write_to_the_primary(
    routed: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        province = pf.province(code="91", name="Tỉnh Kiên Giang")
        assert Place.objects.all().db == "rt_primary"  # outside stale_reads(): the primary
        with stale_reads():
            assert Place.objects.all().db == "rt_replica"
            assert _wait(lambda: Place.objects.filter(code="91").exists())  # replicated

        _one("rt_replica", "SELECT pg_wal_replay_pause()")
        try:
            pf.commune(province, code="30001", name="Xã Vĩnh Hòa")
            with stale_reads():
                # The replica is behind: a stale-tolerant read answers the old state, as designed.
                assert not Place.objects.filter(code="30001").exists()
                # The request writes: from now on it reads its own writes, from the primary.
                pf.commune(province, code="30002", name="Xã Mỹ Lâm")
                assert Place.objects.all().db == "rt_primary"
                assert Place.objects.filter(code__in=["30001", "30002"]).count() == 2
            with stale_reads(), transaction.atomic(using="rt_primary"):
                assert Place.objects.all().db == "rt_primary"  # a transaction never reads a replica
            with stale_reads():
                assert Session.objects.all().db == "rt_primary"  # sign-in data is never stale
        finally:
            _one("rt_replica", "SELECT pg_wal_replay_resume()")
        with stale_reads():
            assert _wait(lambda: Place.objects.filter(code__in=["30001", "30002"]).count() == 2, 5)


@override_settings(REPLICA_READ_PATHS=["/reporting/"], REPLICA_NEVER_PATHS=["/accounts/"])
def test_the_middleware_marks_only_reads_that_may_be_stale() -> None:
    from django.http import HttpResponse

    marked: list[bool] = []

    def view(request: Any) -> HttpResponse:
        state = _state.get()
        marked.append(bool(state and state.stale_ok))
        return HttpResponse("ok")

    mw, rf = ReplicaReadsMiddleware(view), RequestFactory()

    def stale_ok(request: Any, **cookies: str) -> bool:
        request.COOKIES.update(cookies)
        mw(request)
        return marked[-1]

    assert stale_ok(rf.get("/disclosures/24181/"))  # an anonymous public page
    assert not stale_ok(rf.get("/disclosures/24181/"), sessionid="x")  # signed in: may have just written
    assert stale_ok(rf.get("/reporting/place/66/"), sessionid="x")  # dashboards: stale-tolerant
    assert not stale_ok(rf.get("/accounts/login/"))
    assert not stale_ok(rf.get("/disclosures/24181/", HTTP_AUTHORIZATION="Bearer x"))
    response = mw(rf.post("/cases/new/"))
    assert not marked[-1] and int(response.cookies[PIN_COOKIE]["max-age"]) > 0
    assert not stale_ok(rf.get("/reporting/"), **{PIN_COOKIE: "1"})  # pinned to the primary after a write
    assert _state.get() is None  # nothing leaks out of a request
