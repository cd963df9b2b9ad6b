"""Sending each new signed audit head to the witnesses (settings.AUDIT_ANCHOR_SEND_TO).

A head published only on this machine can be rewritten by whoever owns this machine. So every new
anchor (danchu.core.anchors.anchor_now) is also POSTed, as the same JSON line the anchor file holds
({"count", "hash", "at", "key", "sig"}), to each configured witness: the province's danchu (which
keeps it, see danchu.core.witness) or any receiver that takes that JSON. One queued job per witness,
after commit; a timeout of AUDIT_ANCHOR_SEND_TIMEOUT seconds; retried by huey with back-off while the
witness cannot be reached or answers 5xx, 408 or 429.

Every attempt leaves one `AnchorDelivery` row (delivered, failed and retried, given up, or refused by
the witness), which administrators read in the Django admin: a head counts as witnessed only when a
row says `delivered`. A witness's 409 means it holds a *different* head for the same position: the
log was rewritten here, or the witness was sent someone else's heads; it is logged as an error and
never retried. Redirects are not followed (a POST must reach the configured address itself).

Deliveries are not written to the audit log: an entry per delivery would grow the chain it reports
on, so that every anchor would call for another.
"""

from __future__ import annotations

import functools
import json
import logging
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction

from .models import AnchorDelivery

log = logging.getLogger(__name__)
Outcome = AnchorDelivery.Outcome

# Huey retries a failed delivery after 1, 2, 4 … 256 minutes: ten attempts over about eight and a
# half hours, long enough to outlast a night's outage at the province; the next anchor, a quarter
# of an hour later, is sent anyway and carries the chain's newer head.
RETRIES = 9
RETRY_DELAY = 60
RETRY_BACKOFF = 2
# 4xx answers that sending again may cure; every other 4xx is a refusal (bad key, conflict).
TRANSIENT_4XX = {408, 425, 429}


class NotDelivered(Exception):
    """Raised by the job so that huey retries it."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status


_opener = urllib.request.build_opener(_NoRedirect)


def queue_delivery(line: str) -> int:
    """Queue one job per witness for this anchor line, after the current transaction commits.
    Returns how many were queued (0 on a machine with no witnesses configured)."""
    from .tasks import deliver_anchor

    urls = list(settings.AUDIT_ANCHOR_SEND_TO)
    for url in urls:
        transaction.on_commit(functools.partial(deliver_anchor, url, line))
    return len(urls)


def post(url: str, body: bytes) -> tuple[int | None, str]:
    """One POST: (HTTP status or None when no answer came, the start of the answer or the error)."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with _opener.open(request, timeout=settings.AUDIT_ANCHOR_SEND_TIMEOUT) as response:
            return int(response.status), response.read(400).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return int(e.code), e.read(400).decode("utf-8", "replace")
    except (OSError, ValueError) as e:  # refused, unreachable, timed out, TLS failure, bad URL
        return None, f"{type(e).__name__}: {e}"


def deliver(url: str, line: str, *, attempt: int, last: bool) -> AnchorDelivery:
    """Send one anchor line to one witness and record the outcome (the job's one step)."""
    from .anchors import anchor_from

    anchor = anchor_from(json.loads(line))
    status, answer = post(url, line.encode())
    if status is not None and 200 <= status < 300:
        outcome = Outcome.DELIVERED
    elif status is not None and 400 <= status < 500 and status not in TRANSIENT_4XX:
        outcome = Outcome.REFUSED
    else:
        outcome = Outcome.GAVE_UP if last else Outcome.FAILED
    record = AnchorDelivery.objects.create(
        url=url[:500],
        count=anchor.count,
        hash=anchor.hash,
        attempt=attempt,
        outcome=outcome,
        status=status,
        detail="" if outcome == Outcome.DELIVERED else answer[:500],
    )
    where = {"witness": url, "entry": anchor.count, "attempt": attempt, "status": status}
    if status == 409:
        log.error("audit head REFUSED AS A CONFLICT by the witness: it holds another head", extra=where)
    elif outcome == Outcome.REFUSED:
        log.error("audit head refused by the witness: %s", answer[:200], extra=where)
    elif outcome == Outcome.GAVE_UP:
        log.error("audit head not delivered, no more retries: %s", answer[:200], extra=where)
    elif outcome == Outcome.FAILED:
        log.warning("audit head not delivered, will retry: %s", answer[:200], extra=where)
    return record
