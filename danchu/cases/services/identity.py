"""The denouncer's identity (Luật Tố cáo 2018, Art. 9, 47–48 [U]): sealed in the vault, revealed only
to the assigned handler for a stated reason; every reading and every refused attempt is audited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.core.access import can
from danchu.core.audit import audit
from danchu.core.errors import DomainError, Forbidden

from .. import vault
from ..models import Case, IdentityVault

REASON_MIN, REASON_MAX = 10, 500


def refuse_reveal(*, case: Case, by: Any) -> None:
    """Record a refused attempt to read the identity (the refusal itself is the caller's)."""
    audit(actor=by, action="cases.identity_refused", obj=case, after={"reader": getattr(by, "pk", None)})


def reveal_identity(*, case: Case, by: Any, reason: str) -> dict[str, Any]:
    """The denouncer's identity, for the assigned handler only, with the reason for reading it."""
    if not can(by, "cases.reveal_identity", case):
        refuse_reveal(case=case, by=by)  # not in a transaction: the refusal stays on record
        raise Forbidden(_("Only the handler assigned to this denunciation may see the denouncer's identity."))
    reason = (reason or "").strip()
    if "\x00" in reason or not REASON_MIN <= len(reason) <= REASON_MAX:
        raise DomainError(
            _("State why you need the denouncer's identity (%(min)d to %(max)d characters).")
            % {"min": REASON_MIN, "max": REASON_MAX},
            code="reason",
            detail=["reason"],
        )
    vaulted = IdentityVault.objects.filter(case=case).first()
    audit(actor=by, action="cases.identity_read", obj=case, after={"reader": by.pk, "reason": reason})
    data = vault.unseal(vaulted.ciphertext) if vaulted else {}
    data.pop("user_id", None)
    data.pop("language", None)  # kept for the messages to them (common.Recipient), not who they are
    return data
