"""`danchu backup` and `danchu restore`: a round trip onto an empty instance gives back every table
row and every file, on SQLite and PostgreSQL; damage and wrong keys are refused (issue #9, item 10)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.db import connection

from danchu.core.audit import audit
from danchu.core.backup import BackupError, backup, restore

pytestmark = pytest.mark.django_db(transaction=True)


def _tables(db: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    if db["ENGINE"].endswith("sqlite3"):
        import sqlite3

        conn = sqlite3.connect(str(db["NAME"]), uri=str(db["NAME"]).startswith("file:"))
        names = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        result = {n: sorted(map(tuple, conn.execute(f'SELECT * FROM "{n}"')), key=repr) for n in names}
        conn.close()
        return result
    import psycopg

    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=int(db["PORT"] or 5432), user=db["USER"], dbname=db["NAME"]
    ) as conn:
        names = [
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1")
        ]
        return {
            n: sorted(map(tuple, conn.execute(f'SELECT * FROM "{n}"').fetchall()), key=repr) for n in names
        }


@pytest.fixture
def instance(citizen: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """Data in every kind of place: people, households, audit entries, and media files."""
    audit(
        actor=citizen,
        action="cases.submit",
        object_type="cases.case",
        object_id=1,
        after={"title": "Đường hỏng"},
    )
    media = Path(settings.MEDIA_ROOT)
    (media / "disclosures" / "2026").mkdir(parents=True)
    (media / "disclosures" / "2026" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4 ke hoach " * 1000)
    (media / "cases" / "anh.jpg").parent.mkdir(parents=True)
    (media / "cases" / "anh.jpg").write_bytes(bytes(range(256)) * 50)
    connection.close()
    return dict(connection.settings_dict)


@pytest.fixture
def empty(instance: dict[str, Any], tmp_path: Path) -> Any:
    """An empty instance to restore onto: a new database and media folder."""
    target = dict(instance)
    if instance["ENGINE"].endswith("sqlite3"):
        target["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        return
    target["NAME"] = f"{instance['NAME']}_restored"[:60]
    admin = [
        "psql",
        "-h",
        instance["HOST"] or "127.0.0.1",
        "-p",
        str(instance["PORT"] or 5432),
        "-U",
        instance["USER"],
        "-d",
        "postgres",
        "-c",
    ]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{target["NAME"]}"'], check=True, capture_output=True)
    subprocess.run([*admin, f'CREATE DATABASE "{target["NAME"]}"'], check=True, capture_output=True)
    yield target
    subprocess.run(
        [*admin, f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)'], check=True, capture_output=True
    )


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_round_trip_gives_back_every_table_and_file(
    instance: dict[str, Any], empty: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    archive = tmp_path / "danchu.tar"
    backup(db=instance, media_root=Path(settings.MEDIA_ROOT), output=archive)
    restore(archive=archive, db=empty, media_root=tmp_path / "restored-media")
    before, after = _tables(instance), _tables(empty)
    assert set(before) == set(after)
    assert before["core_auditentry"] and before["accounts_user"]
    for table in before:
        assert after[table] == before[table], table
    assert _files(tmp_path / "restored-media") == _files(Path(settings.MEDIA_ROOT))


def test_an_encrypted_archive_needs_the_private_key(
    instance: dict[str, Any], empty: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    private = X25519PrivateKey.generate()
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    archive = tmp_path / "danchu.tar.enc"
    backup(db=instance, media_root=Path(settings.MEDIA_ROOT), output=archive, public_key_pem=public_pem)
    assert b"ke hoach" not in archive.read_bytes()
    other = X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(BackupError):
        restore(archive=archive, db=empty, media_root=tmp_path / "m1", private_key_pem=other)
    restore(archive=archive, db=empty, media_root=tmp_path / "m2", private_key_pem=private_pem)
    assert _tables(empty)["accounts_user"] == _tables(instance)["accounts_user"]


def test_a_damaged_archive_is_refused_before_anything_is_written(
    instance: dict[str, Any], empty: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    archive = tmp_path / "danchu.tar"
    backup(db=instance, media_root=Path(settings.MEDIA_ROOT), output=archive)
    data = bytearray(archive.read_bytes())
    at = data.index(b"ke hoach")
    data[at : at + 2] = b"XX"
    archive.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        restore(archive=archive, db=empty, media_root=tmp_path / "restored-media")
    assert not (tmp_path / "restored-media").exists()


def test_restore_refuses_an_instance_that_is_not_empty(
    instance: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    archive = tmp_path / "danchu.tar"
    backup(db=instance, media_root=Path(settings.MEDIA_ROOT), output=archive)
    with pytest.raises(BackupError, match="not empty"):
        restore(archive=archive, db=instance, media_root=tmp_path / "restored-media")
