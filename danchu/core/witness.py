"""This danchu as another's witness: keeping the signed audit heads it is sent, and reading a
witness's copy back when verifying one's own log.

Receiving (`receive`, behind POST /api/v1/core/audit/witness/anchors). A sender is known by its
public key: settings.AUDIT_WITNESS_SENDERS lists "name=public key" pairs, and a head is taken only
when it is signed with a listed key. The signature is the authentication, and the only one needed:
it proves the head came from the holder of that sender's signing key, which never leaves the
sender's environment, and there is no secret to share or leak. Whoever relays a genuine head (they
are public, on the sender's /audit/anchors/ page) only repeats what the sender published.

Each head is kept once, in `WitnessedAnchor` (only ever inserted; nothing here updates or deletes
one), and every new receipt is audited. The same head again is answered with the first receipt.
A *different* head for a position already received is kept as well, marked `conflict`, logged as an
error and audited as `core.witness_conflict`, and answered 409: two heads signed for one position
are the evidence that the sender's log was cut short or rewritten and its head signed again.

Comparing (`witnessed_heads`, used by `danchu verify_audit --witness`): the witness's list of what it
holds (GET /api/v1/core/audit/witness/anchors?sender=NAME, or that JSON saved to a file, or lines
copied from a /audit/anchors.txt) is read, and the heads signed with this danchu's trusted keys are
checked against the local log like the local anchor file.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from . import ratelimit
from .anchors import Anchor, anchor_from
from .audit import audit
from .errors import DomainError, Forbidden
from .models import WitnessedAnchor

log = logging.getLogger(__name__)
STORED, DUPLICATE, CONFLICT = "stored", "duplicate", "conflict"
PAGE = 1000  # heads per page of the public list


class TooMany(DomainError):
    code = "rate_limited"
    status = 429


def admit(address: str) -> None:
    """Refuse (429) an address past `AUDIT_WITNESS_POSTS_PER_MINUTE` heads a minute, before any
    signature is checked: a sender posts one head every few minutes, a flood is not a sender."""
    if ratelimit.hit(f"danchu:witness:ip:{address}", 60) > settings.AUDIT_WITNESS_POSTS_PER_MINUTE:
        raise TooMany(_("Too many audit heads from this address; try again in a minute."))


def senders() -> dict[str, str]:
    """{public key: sender name} from settings.AUDIT_WITNESS_SENDERS ("name=key", comma-separated)."""
    known: dict[str, str] = {}
    for item in settings.AUDIT_WITNESS_SENDERS:
        name, sep, key = item.partition("=")  # the key's own base64 padding "=" stays in `key`
        if sep and name.strip() and key.strip():
            known[key.strip()] = name.strip()
    return known


def receive(anchor: Anchor) -> tuple[WitnessedAnchor, str]:
    """Keep a head a sender sent. Returns (the receipt, STORED | DUPLICATE | CONFLICT); on CONFLICT
    the receipt is the *first* head received for that position. Raises Forbidden for a head not
    signed with a known sender's key."""
    sender = senders().get(anchor.key)
    if sender is None:
        raise Forbidden(
            _("This head is not signed with the key of a danchu this one is a witness for."),
            code="unknown_sender",
        )
    if not anchor.signature_is_valid({anchor.key}):
        raise Forbidden(_("The head's signature does not verify."), code="bad_signature")
    for _race in range(2):
        first = WitnessedAnchor.objects.filter(sender=sender, count=anchor.count, conflict=False).first()
        if first is not None and first.hash == anchor.hash:
            return first, DUPLICATE
        try:
            with transaction.atomic():
                record = _keep(sender, anchor, conflict=first is not None)
        except IntegrityError:
            # The same head (or another one for this position) was received meanwhile: read again.
            if first is not None:
                return first, CONFLICT  # this contradicting head was already kept
            continue
        if first is None:
            return record, STORED
        log.error(
            "WITNESS CONFLICT: %s sent a second, different head for entry %s: its audit log was rewritten",
            sender,
            anchor.count,
            extra={"sender": sender, "entry": anchor.count, "first": first.hash, "second": anchor.hash},
        )
        return first, CONFLICT
    raise IntegrityError("witness: receipt raced twice")  # pragma: no cover - needs three racers


def _keep(sender: str, anchor: Anchor, *, conflict: bool) -> WitnessedAnchor:
    record = WitnessedAnchor.objects.create(
        sender=sender,
        count=anchor.count,
        hash=anchor.hash,
        at=anchor.at,
        key=anchor.key,
        signature=anchor.signature,
        conflict=conflict,
    )
    audit(
        actor=None,
        action="core.witness_conflict" if conflict else "core.witness_receive",
        obj=record,
        after={"sender": sender, "count": anchor.count, "hash": anchor.hash, "at": anchor.at},
    )
    return record


def received(*, sender: str | None = None, after: int = 0, limit: int = PAGE) -> QuerySet[WitnessedAnchor]:
    """The heads kept, per sender by position (conflicts beside the first head), from `after` on."""
    heads = WitnessedAnchor.objects.filter(count__gt=after)
    if sender:
        heads = heads.filter(sender=sender)
    return heads.order_by("sender", "count", "id")[:limit]


def as_item(record: WitnessedAnchor) -> dict[str, Any]:
    """A receipt as the API lists it: the anchor's own fields (so it can be checked like a line of
    the anchor file), and who sent it, when it came, and whether it contradicts an earlier one."""
    return {
        "sender": record.sender,
        "count": record.count,
        "hash": record.hash,
        "at": record.at,
        "key": record.key,
        "sig": record.signature,
        "conflict": record.conflict,
        "received_at": record.received_at,
    }


# --- Reading a witness's copy back --------------------------------------------------------------------


def witnessed_heads(source: str, *, keys: set[str]) -> list[Anchor]:
    """The heads a witness holds that are signed with one of `keys` (this danchu's trusted keys):
    from the witness's list URL (every page is fetched) or from a file holding that list's JSON or
    anchor lines. Heads of other senders are left out; unreadable input raises ValueError."""
    if source.startswith(("https://", "http://")):
        items = _fetch_all(source)
    else:
        items = _parse(Path(source).read_text(encoding="utf-8"))
    heads = [anchor_from(item) for item in items]
    return [head for head in heads if head.key in keys]


def _parse(text: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(text)
    except ValueError:
        lines = [x for x in text.splitlines() if x.strip() and not x.startswith("#")]
        return [json.loads(x) for x in lines]
    if isinstance(document, dict) and isinstance(document.get("anchors"), list):
        return list(document["anchors"])
    if isinstance(document, dict):
        return [document]  # a single anchor line
    raise ValueError("not a list of anchors")


def _fetch_all(url: str) -> list[dict[str, Any]]:
    items: dict[tuple[Any, ...], dict[str, Any]] = {}
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    after = int(query.get("after", "0"))
    while True:
        query["after"] = str(after)
        page_url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
        with urllib.request.urlopen(page_url, timeout=30) as response:  # noqa: S310 - the auditor's URL
            page = _parse(response.read().decode("utf-8"))
        new = {(i.get("sender"), i["count"], i["hash"]): i for i in page}.keys() - items.keys()
        items.update({(i.get("sender"), i["count"], i["hash"]): i for i in page})
        if len(page) < PAGE or not new:
            return list(items.values())
        # The next page starts at the last position again: a conflicting head shares its position
        # with the first one and must not be lost at a page's edge.
        after = int(page[-1]["count"]) - 1
