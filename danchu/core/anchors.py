"""Signed heads of the audit chain, published outside the database.

The hash chain shows that an entry was edited, but not that the last entries were removed and the
head row rewritten, nor that an entry was changed and every later hash recomputed: whoever owns the
database can do both. So at intervals (the `audit_anchor` job, and `danchu audit_anchor`) the head —
how many entries, and the hash of the last one — is signed with an Ed25519 key that lives in the
application's environment (settings.AUDIT_SIGNING_KEY), never in the database, and appended as
one JSON line to an append-only file (settings.AUDIT_ANCHOR_FILE). The same lines are shown on a
public page, so anyone may copy them (the province may keep them too). `verify_chain` then checks that
the entry at each anchored position still has the anchored hash, and that the chain is at least as
long as the longest anchor: a truncated or recomputed chain no longer matches what was published.

The public key (shown on the page) lets anyone check a line's signature without any secret.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .models import AuditChainHead

DOMAIN = b"danchu-audit-anchor-v1"


@dataclass(frozen=True)
class Anchor:
    count: int
    hash: str
    at: str
    key: str  # the signer's public key (base64), so a rotated key's lines stay checkable
    signature: str

    def message(self) -> bytes:
        return b"\n".join([DOMAIN, str(self.count).encode(), self.hash.encode(), self.at.encode()])

    def as_line(self) -> str:
        data = {"count": self.count, "hash": self.hash, "at": self.at, "key": self.key, "sig": self.signature}
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def signature_is_valid(self, trusted_keys: set[str]) -> bool:
        if self.key not in trusted_keys:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(base64.b64decode(self.key)).verify(
                base64.b64decode(self.signature), self.message()
            )
        except (InvalidSignature, ValueError):
            return False
        return True


def signing_key() -> Ed25519PrivateKey:
    """The Ed25519 key from settings.AUDIT_SIGNING_KEY (base64 of 32 random bytes). Without one, a
    development key derived from SECRET_KEY is used while DEBUG is on; never in production."""
    raw = settings.AUDIT_SIGNING_KEY
    if not raw:
        if not settings.DEBUG:
            raise ImproperlyConfigured("AUDIT_SIGNING_KEY must be set when DEBUG is off")
        return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(settings.SECRET_KEY.encode()).digest())
    try:
        seed = base64.b64decode(raw, validate=True)
        return Ed25519PrivateKey.from_private_bytes(seed)
    except ValueError as e:
        raise ImproperlyConfigured("AUDIT_SIGNING_KEY must be the base64 of 32 random bytes") from e


def public_key() -> str:
    raw = signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def trusted_keys() -> set[str]:
    """The current public key and the earlier ones still trusted (settings.AUDIT_TRUSTED_KEYS)."""
    return {public_key(), *settings.AUDIT_TRUSTED_KEYS}


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def sign(count: int, hash_: str, at: str) -> Anchor:
    key = signing_key()
    unsigned = Anchor(count=count, hash=hash_, at=at, key=public_key(), signature="")
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    return Anchor(count=count, hash=hash_, at=at, key=unsigned.key, signature=signature)


def anchor_now(*, force: bool = False) -> Anchor | None:
    """Sign the chain's current head and append it to the anchor file. Nothing is written when
    nothing was appended since the last anchor (unless `force`). What is committed and not yet
    sealed into the chain is sealed first, so the signed head covers it."""
    from .audit import seal_pending

    seal_pending(wait=True)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.count == 0:
        return None
    anchors = read_anchors()
    if anchors and anchors[-1].count == head.count and not force:
        return None
    anchor = sign(head.count, head.last_hash, timezone.now().isoformat(timespec="seconds"))
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end; the file is never rewritten (chattr +a in production).
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (anchor.as_line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    from .anchor_delivery import queue_delivery

    queue_delivery(anchor.as_line())  # to the witnesses, if any (settings.AUDIT_ANCHOR_SEND_TO)
    return anchor


class BadAnchorFile(Exception):
    """A line of the anchor file is unreadable or its signature does not verify."""


def read_anchors(path: Path | None = None) -> list[Anchor]:
    path = path or anchor_path()
    if not path.exists():
        return []
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchors.append(anchor_from(json.loads(line)))
        except (ValueError, KeyError, TypeError) as e:
            raise BadAnchorFile(f"line {number} of {path} is not an anchor") from e
    return anchors


def anchor_from(data: dict[str, Any]) -> Anchor:
    """An anchor from its JSON form (a line of the file, or an item a witness lists)."""
    return Anchor(
        count=int(data["count"]),
        hash=str(data["hash"]),
        at=str(data["at"]),
        key=str(data["key"]),
        signature=str(data["sig"]),
    )


def checked_anchors(path: Path | None = None, *, witnessed: list[Anchor] | None = None) -> dict[int, str]:
    """{count: hash} of every anchor, after checking every signature (BadAnchorFile otherwise).
    `witnessed`: the heads a witness holds (danchu.core.witness.witnessed_heads), checked the same
    way and merged in: a head the witness holds and the file lost still binds the chain, and a
    witness's head that contradicts the file, or another of its heads, is reported."""
    keys = trusted_keys()
    result: dict[int, str] = {}
    sources = [("anchor", a) for a in read_anchors(path)] + [("witnessed head", a) for a in witnessed or []]
    for number, (kind, anchor) in enumerate(sources, start=1):
        if not anchor.signature_is_valid(keys):
            raise BadAnchorFile(f"{kind} {number} (entry {anchor.count}) has no valid signature")
        if result.get(anchor.count, anchor.hash) != anchor.hash:
            raise BadAnchorFile(f"{kind} {number} contradicts an earlier anchor of entry {anchor.count}")
        result[anchor.count] = anchor.hash
    return result


def published_heads(limit: int = 100) -> dict[str, Any]:
    """What the public page shows (the lead wires it): the public key and the latest signed heads,
    newest first, each line exactly as in the file so it can be copied and checked."""
    anchors = read_anchors()
    return {"public_key": public_key(), "anchors": list(reversed(anchors[-limit:]))}
