"""Backups: one consistent, checksummed archive of the database and the media files.

    danchu backup var/backups/danchu-2026-03-02.tar [--public-key recipient.pem]
    danchu restore var/backups/danchu-2026-03-02.tar [--private-key recipient-private.pem]

The archive is a tar file holding `manifest.json` (format, time, database vendor, SHA-256 of every
other member), the database (SQLite: a copy made with SQLite's online backup API, consistent while
danchu runs; PostgreSQL: `pg_dump --format=custom`, one snapshot) and `media/…`. With a public key
(X25519, PEM) the whole archive is encrypted to it: an ephemeral X25519 key agreement, HKDF-SHA256,
AES-256-GCM in 1 MiB chunks; only the holder of the private key can read it, so the archive can be
stored off-site. Restore checks every checksum before it writes anything, and refuses a database
that already has tables or a media folder that is not empty (it restores onto an empty instance).

Keys (FIELD_ENCRYPTION_KEY, AUDIT_SIGNING_KEY) are not in the archive, on purpose: keep them apart.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils import timezone

FORMAT = "danchu-backup-1"
MAGIC = b"DANCHU-ENC-1\n"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


# --- Database dumps ----------------------------------------------------------------------------------


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def dump_database(db: dict[str, Any], target: Path) -> str:
    """Write a consistent copy of the database to `target`; returns the vendor."""
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        name = str(db["NAME"])
        # The test runner's in-memory database is named by a URI ("file:memorydb_default?mode=memory…").
        source = sqlite3.connect(name, uri=name.startswith("file:"))
        try:
            destination = sqlite3.connect(str(target))
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
        return "sqlite"
    if engine.endswith("postgresql"):
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *_pg_args(db)]
        command += ["-f", str(target), str(db["NAME"])]
        subprocess.run(command, env=_pg_env(db), check=True, capture_output=True)
        return "postgresql"
    raise BackupError(f"no backup method for {engine}")


def restore_database(db: dict[str, Any], source: Path, vendor: str) -> None:
    if vendor == "sqlite":
        if not db["ENGINE"].endswith("sqlite3"):
            raise BackupError("this archive holds a SQLite database")
        name = str(db["NAME"])
        if name.startswith("file:"):
            with sqlite3.connect(name, uri=True) as conn:
                if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
                    raise BackupError("the database is not empty: restore onto an empty instance")
            raise BackupError("restore a SQLite backup into a database file")
        target = Path(name)
        if target.exists():
            with sqlite3.connect(str(target)) as conn:
                if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
                    raise BackupError(f"{target} is not empty: restore onto an empty instance")
            target.unlink()
        shutil.copyfile(source, target)
        return
    if vendor == "postgresql":
        if not db["ENGINE"].endswith("postgresql"):
            raise BackupError("this archive holds a PostgreSQL database")
        check = ["psql", *_pg_args(db), "-d", str(db["NAME"]), "-Atc"]
        check.append("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        tables = subprocess.run(check, env=_pg_env(db), check=True, capture_output=True, text=True).stdout
        if int(tables.strip() or 0):
            raise BackupError(f"database {db['NAME']} is not empty: restore onto an empty instance")
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *_pg_args(db)]
        command += ["-d", str(db["NAME"]), str(source)]
        subprocess.run(command, env=_pg_env(db), check=True, capture_output=True)
        return
    raise BackupError(f"unknown database vendor {vendor!r} in the archive")


# --- Archive -------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(
    *, db: dict[str, Any], media_root: Path, output: Path, public_key_pem: bytes | None = None
) -> dict[str, Any]:
    """Write the archive to `output`; returns its manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "database"
        vendor = dump_database(db, dump)
        members = {"database": dump}
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                members[f"media/{path.relative_to(media_root).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "vendor": vendor,
            "files": {name: _sha256(path) for name, path in members.items()},
        }
        plain = Path(tmp) / "archive.tar" if public_key_pem else output
        with tarfile.open(plain, "w") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        if public_key_pem:
            with plain.open("rb") as src, output.open("wb") as dst:
                encrypt(src, dst, public_key_pem)
    return manifest


def restore(
    *, archive: Path, db: dict[str, Any], media_root: Path, private_key_pem: bytes | None = None
) -> dict[str, Any]:
    """Check the archive and bring it back onto an empty instance; returns its manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = archive
        with archive.open("rb") as f:
            encrypted = f.read(len(MAGIC)) == MAGIC
        if encrypted:
            if not private_key_pem:
                raise BackupError("this archive is encrypted: give the private key")
            plain = Path(tmp) / "archive.tar"
            with archive.open("rb") as src, plain.open("wb") as dst:
                decrypt(src, dst, private_key_pem)
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(plain, "r") as tar:
            tar.extractall(unpacked, filter="data")
        manifest = json.loads((unpacked / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("not a danchu backup")
        for name, expected in manifest["files"].items():
            path = unpacked / name
            if not path.is_file() or _sha256(path) != expected:
                raise BackupError(f"{name} is missing or damaged (checksum mismatch)")
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(f"{media_root} is not empty: restore onto an empty instance")
        restore_database(db, unpacked / "database", manifest["vendor"])
        for name in manifest["files"]:
            if name.startswith("media/"):
                target = media_root / name[len("media/") :]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(unpacked / name, target)
    return manifest


# --- Encryption to a public key --------------------------------------------------------------------------


def _key(shared: bytes, ephemeral: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral, info=FORMAT.encode()).derive(shared)


def encrypt(src: BinaryIO, dst: BinaryIO, public_key_pem: bytes) -> None:
    recipient = serialization.load_pem_public_key(public_key_pem)
    if not isinstance(recipient, X25519PublicKey):
        raise BackupError("the public key must be an X25519 key (PEM)")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    aead = AESGCM(_key(ephemeral.exchange(recipient), ephemeral_raw))
    dst.write(MAGIC + ephemeral_raw)
    index = 0
    while True:
        chunk = src.read(CHUNK)
        last = len(chunk) < CHUNK
        nonce = struct.pack(">QI", index, 1 if last else 0)  # the final flag stops truncation
        sealed = aead.encrypt(nonce, chunk, MAGIC)
        dst.write(struct.pack(">I", len(sealed)) + sealed)
        index += 1
        if last:
            return


def decrypt(src: BinaryIO, dst: BinaryIO, private_key_pem: bytes) -> None:
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, X25519PrivateKey):
        raise BackupError("the private key must be an X25519 key (PEM)")
    if src.read(len(MAGIC)) != MAGIC:
        raise BackupError("not an encrypted danchu backup")
    ephemeral_raw = src.read(32)
    aead = AESGCM(_key(key.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw)), ephemeral_raw))
    index = 0
    while True:
        header = src.read(4)
        if len(header) < 4:
            raise BackupError("the encrypted archive is cut short")
        sealed = src.read(struct.unpack(">I", header)[0])
        for last in (0, 1):
            try:
                chunk = aead.decrypt(struct.pack(">QI", index, last), sealed, MAGIC)
            except Exception:  # noqa: BLE001  (InvalidTag: try the other flag)
                continue
            break
        else:
            raise BackupError("the encrypted archive is damaged or the key is wrong")
        dst.write(chunk)
        index += 1
        if last:
            return
