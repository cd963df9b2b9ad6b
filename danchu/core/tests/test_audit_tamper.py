"""The ten ways to tamper with the audit log, each detected or refused (issue #9, item 7).

Two attackers: whoever owns the database (may do anything to the tables, has no access to the
application's signing key or to the published heads) — each tampering must be *detected* by
`verify_chain`; and whoever holds the application's own database role — each must be *refused* by
PostgreSQL (tests at the end, with real separate roles set up by `danchu audit_roles`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from danchu.core.anchors import anchor_now, anchor_path, checked_anchors, published_heads
from danchu.core.audit import audit, entry_hash, verify_chain
from danchu.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db


def _chain(n: int = 6) -> list[AuditEntry]:
    entries = [
        audit(actor=None, action="cases.accept", object_type="cases.case", object_id=i, after={"n": i})
        for i in range(1, n + 1)
    ]
    anchor_now()  # seals them into the chain first
    return [AuditEntry.objects.get(pk=e.pk) for e in entries]


def _as_owner(*statements: tuple[str, list[Any]]) -> None:
    """Raw SQL with the append-only triggers out of the way, as the database's owner can do."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The owner's maintenance unlock (a superuser here); the application's role has none.
            cursor.execute("SELECT set_config('danchu.audit_unlock', 'on', false)")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('danchu.audit_unlock', 'off', false)")


def _recompute_from(first: AuditEntry) -> None:
    """Rehash every entry from `first` on and rewrite the head, as a careful forger would."""
    chain = AuditEntry.objects.filter(seq__isnull=False)
    prev = chain.filter(seq__lt=first.seq).order_by("-seq").values_list("hash", flat=True).first()
    prev = prev or "0" * 64
    statements = []
    for entry in chain.filter(seq__gte=first.seq).order_by("seq"):
        entry.prev_hash = prev
        entry.hash = entry_hash(entry)
        statements.append(
            (
                "UPDATE core_auditentry SET prev_hash = %s, hash = %s, after = %s WHERE id = %s",
                [entry.prev_hash, entry.hash, json.dumps(entry.after), entry.pk],
            )
        )
        prev = entry.hash
    count = AuditEntry.objects.count()
    statements.append(
        ("UPDATE core_auditchainhead SET last_hash = %s, count = %s WHERE id = 1", [prev, count])
    )
    _as_owner(*statements)


def _edit(entries: list[AuditEntry]) -> None:
    _as_owner(("UPDATE core_auditentry SET action = %s WHERE id = %s", ["cases.refuse", entries[2].pk]))


def _delete(entries: list[AuditEntry]) -> None:
    _as_owner(("DELETE FROM core_auditentry WHERE id = %s", [entries[2].pk]))


def _insert_in_the_middle(entries: list[AuditEntry]) -> None:
    # A forged entry, correctly linked and hashed, slipped in before the next entries danchu writes.
    forged = AuditEntry(
        at=entries[-1].at,
        actor_label="system",
        action="cases.reveal_identity",
        object_type="cases.case",
        object_id="3",
        prev_hash=entries[-1].hash,
        seq=len(entries) + 1,  # the next position, as if danchu had sealed it
        v=1,  # the older hash, which does not cover the row's id
    )
    forged.hash = entry_hash(forged)
    forged.save()
    audit(actor=None, action="cases.close", object_type="cases.case", object_id=7)


def _truncate_the_tail(entries: list[AuditEntry]) -> None:
    _as_owner(
        ("DELETE FROM core_auditentry WHERE id IN (%s, %s)", [entries[-1].pk, entries[-2].pk]),
        ("UPDATE core_auditchainhead SET last_hash = %s, count = %s WHERE id = 1", [entries[-3].hash, 4]),
    )


def _recompute(entries: list[AuditEntry]) -> None:
    victim = AuditEntry.objects.get(pk=entries[1].pk)
    victim.after = {"n": 200}
    _as_owner(("UPDATE core_auditentry SET after = %s WHERE id = %s", [json.dumps(victim.after), victim.pk]))
    _recompute_from(victim)


def _rewrite_the_head(entries: list[AuditEntry]) -> None:
    _as_owner(
        ("UPDATE core_auditchainhead SET last_hash = %s, count = %s WHERE id = 1", [entries[1].hash, 2])
    )


def _bypass_the_trigger(entries: list[AuditEntry]) -> None:
    # What the unlock setting (PostgreSQL) or function (SQLite) would allow, were it honoured.
    _as_owner(("UPDATE core_auditentry SET actor_label = %s WHERE id = %s", ["ai đó", entries[0].pk]))


def _disable_the_trigger(entries: list[AuditEntry]) -> None:
    _as_owner(("DELETE FROM core_auditentry WHERE id = %s", [entries[0].pk]))


def _drop_and_recreate(entries: list[AuditEntry]) -> None:
    # Everything wiped and a fresh, self-consistent chain written in its place.
    _as_owner(
        ("DELETE FROM core_auditentry", []),
        ("UPDATE core_auditchainhead SET last_hash = %s, count = 0 WHERE id = 1", ["0" * 64]),
    )
    for i in range(3):
        audit(actor=None, action="cases.accept", object_type="cases.case", object_id=i)


def _reorder(entries: list[AuditEntry]) -> None:
    a, b = entries[1].pk, entries[2].pk
    _as_owner(
        ("UPDATE core_auditentry SET id = %s WHERE id = %s", [-1, a]),
        ("UPDATE core_auditentry SET id = %s WHERE id = %s", [a, b]),
        ("UPDATE core_auditentry SET id = %s WHERE id = %s", [b, -1]),
    )


TAMPERINGS: dict[str, Callable[[list[AuditEntry]], None]] = {
    "edit": _edit,
    "delete": _delete,
    "insert_in_the_middle": _insert_in_the_middle,
    "truncate_the_tail": _truncate_the_tail,
    "recompute_from_an_entry": _recompute,
    "rewrite_the_head": _rewrite_the_head,
    "bypass_the_trigger": _bypass_the_trigger,
    "disable_the_trigger": _disable_the_trigger,
    "drop_and_recreate": _drop_and_recreate,
    "reorder": _reorder,
}


@pytest.mark.parametrize("name", TAMPERINGS)
def test_tampering_by_the_database_owner_is_detected(name: str) -> None:
    entries = _chain()
    assert verify_chain() == (6, None)
    TAMPERINGS[name](entries)
    checked, broken = verify_chain()
    assert broken is not None, f"{name} went unnoticed"


@pytest.mark.parametrize("name", ["truncate_the_tail", "recompute_from_an_entry", "drop_and_recreate"])
def test_without_the_published_heads_these_would_pass(name: str) -> None:
    """Proof that the anchors are what catches them: the chain alone is self-consistent."""
    TAMPERINGS[name](_chain())
    assert verify_chain(anchors={})[1] is None
    assert verify_chain()[1] is not None


def test_verify_audit_names_the_published_head_that_is_missing() -> None:
    _truncate_the_tail(_chain())
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert "entries 5 to 6 were published and are missing" in err.getvalue()


def test_a_forged_anchor_line_is_reported() -> None:
    _chain()
    line = json.loads(anchor_path().read_text().splitlines()[-1])
    line["count"] = 2
    with anchor_path().open("a") as f:
        f.write(json.dumps(line) + "\n")
    checked, broken = verify_chain()
    assert broken is not None and "no valid signature" in broken.action


def test_anchors_are_only_appended_and_only_when_the_chain_grew() -> None:
    _chain(2)
    assert anchor_now() is None
    audit(actor=None, action="cases.accept", object_type="cases.case", object_id=9)
    anchor_now()
    lines = anchor_path().read_text().splitlines()
    assert [json.loads(x)["count"] for x in lines] == [2, 3]
    assert checked_anchors() == {
        2: AuditEntry.objects.order_by("id")[1].hash,
        3: AuditChainHead.objects.get().last_hash,
    }


def test_published_heads_carry_the_public_key_to_check_them() -> None:
    _chain(2)
    heads = published_heads()
    assert heads["anchors"][0].count == 2
    assert heads["anchors"][0].signature_is_valid({heads["public_key"]})


def test_audit_anchor_command_appends_a_signed_head() -> None:
    audit(actor=None, action="cases.accept", object_type="cases.case", object_id=1)
    out = StringIO()
    call_command("audit_anchor", stdout=out)
    assert "Anchored entry 1" in out.getvalue()
    assert len(checked_anchors()) == 1


# --- The application's own role, on PostgreSQL --------------------------------------------------------

REFUSED_TO_THE_APP = {
    "edit": "UPDATE core_auditentry SET action = 'x' WHERE id = {id}",
    "delete": "DELETE FROM core_auditentry WHERE id = {id}",
    "truncate": "TRUNCATE core_auditentry",
    "bypass_the_trigger": "SET danchu.audit_unlock = 'on'; UPDATE core_auditentry SET action = 'x' WHERE id = {id}",
    "disable_the_trigger": "ALTER TABLE core_auditentry DISABLE TRIGGER ALL",
    "drop_the_trigger": "DROP TRIGGER core_auditentry_no_update_delete ON core_auditentry",
    "replace_the_trigger_function": (
        "CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$ "
        "BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql"
    ),
    "drop_and_recreate": "DROP TABLE core_auditentry CASCADE",
    "reorder": "UPDATE core_auditentry SET id = -id WHERE id = {id}",
    "take_ownership": "ALTER TABLE core_auditentry OWNER TO CURRENT_USER",
}


@pytest.fixture
def app_role(django_db_blocker: Any) -> Any:
    """A login role like production's application role, with `danchu audit_roles` applied; yields a
    function opening a psycopg connection as it. Dropped afterwards (roles are server-wide)."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are a PostgreSQL matter")
    settings_dict = connection.settings_dict
    db = settings_dict["NAME"]
    app, owner = f"{db}_app"[:60], f"{db}_audit_owner"[:60]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP ROLE IF EXISTS "{app}"')
        cursor.execute(f'CREATE ROLE "{app}" LOGIN')
        cursor.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{app}"')
        cursor.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{app}"')
        cursor.execute(f'GRANT CREATE ON SCHEMA public TO "{app}"')
    call_command("audit_roles", app_role=app, owner_role=owner, stdout=StringIO())

    def connect() -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=settings_dict["HOST"] or "127.0.0.1",
            port=int(settings_dict["PORT"] or 5432),
            dbname=db,
            user=app,
            autocommit=True,
        )

    yield connect
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", [app])
        cursor.execute(f'REASSIGN OWNED BY "{owner}" TO CURRENT_USER')
        for role in (app, owner):
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.mark.django_db(transaction=True)
def test_the_application_role_is_refused_every_tampering(app_role: Any) -> None:
    # One test for the ten statements: each transactional test costs a flush of the whole database.
    entries = _chain(3)
    allowed = []
    with app_role() as conn:
        for name, sql in REFUSED_TO_THE_APP.items():
            try:
                conn.execute(sql.format(id=entries[1].pk))
            except psycopg.errors.InsufficientPrivilege:
                continue
            allowed.append(name)
    assert allowed == []
    assert verify_chain() == (3, None)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == ["cases.accept"] * 3


@pytest.mark.django_db(transaction=True)
def test_the_application_role_can_still_append_and_read(app_role: Any) -> None:
    _chain(1)
    with app_role() as conn:
        conn.execute(
            "INSERT INTO core_auditentry (at, actor_label, action, object_type, object_id, prev_hash, hash) "
            "VALUES (now(), 'system', 'test', '', '', %s, %s)",
            ["0" * 64, "a" * 64],
        )
        assert conn.execute("SELECT count(*) FROM core_auditentry").fetchone()[0] == 2


@pytest.mark.urls("danchu.core.tests.audit_page_urls")
def test_anyone_can_read_and_copy_the_published_heads(client: Any) -> None:
    _chain(2)
    page = client.get("/audit/anchors/")
    assert page.status_code == 200
    assert published_heads()["public_key"] in page.content.decode()
    text = client.get("/audit/anchors.txt").content.decode().splitlines()
    assert json.loads(text[1])["count"] == 2
