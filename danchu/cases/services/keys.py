"""A lost receipt key sent again — to the phone number or e-mail address given with the case, never
shown on the page that asks for it.

The person types the tracking code and the address they gave. When that address is the case's (or
the signed-in submitter's account's), the case gets a *new* key — whoever finds the lost paper
cannot read the case with it — and the new key goes to that address alone, as the first one did.
The answer is the same whether the address matched or not, so the form tells nobody which address a
case was filed with; a miss counts towards the unknown codes' limiter (addresses are not guessed one
after another), and a case takes a few requests a day (nobody floods the submitter's phone).

A denunciation's address is in the sealed vault: the comparison is the application's, no person
reads it, and the entry in the audit log names no actor (as a wrong key's, permissions.receipt_for).
An anonymous case has no address: its key lives only on the receipt, and the page says so.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.accounts.phones import normalize_phone
from danchu.core import ratelimit as kernel
from danchu.core.audit import audit
from danchu.core.i18n import later
from danchu.core.text import checked_text

from .. import notify, ratelimit, receipts, vault
from ..models import Case
from ..permissions import case_for, normalise_code

RESENDS_PER_DAY = 3  # per case


def _addresses(case: Case) -> tuple[dict[str, str], dict[str, str], str]:
    """The case's e-mail addresses and phone numbers, each by the form it is compared in, and the
    language its messages go in."""
    if case.is_confidential:
        vaulted = getattr(case, "vault", None)
        sealed = vault.unseal(vaulted.ciphertext) if vaulted is not None else {}
        # No SMS to a denouncer (notify.send): only the sealed e-mail address can receive the key.
        email = str(sealed.get("email", "") or "")
        return ({email.casefold(): email} if email else {}), {}, str(sealed.get("language", "") or "")
    if case.anonymous:
        return {}, {}, ""
    emails = [case.submitter_email]
    phones = [case.submitter_phone]
    if (account := case.submitter if case.submitter_id else None) is not None:
        emails.append(account.email or "")
        phones.append(account.phone or "")
    by_email = {e.strip().casefold(): e.strip() for e in emails if e and e.strip()}
    by_phone = {n: n for p in phones if p and (n := normalize_phone(p))}
    return by_email, by_phone, case.submitter_language


def resend_key(person: Any, *, code: str, address: str, request: HttpRequest) -> None:
    """Send a new receipt key of the case `code` to `address` when it is the case's; do nothing
    visible otherwise (module docstring). Http404 for an unknown code, 429 past the limits, 400 for
    an address with a NUL byte, too long or empty."""
    case = case_for(person, code=code, action="cases.track", request=request)
    if kernel.exceeded(_resend_key(case), RESENDS_PER_DAY):
        raise ratelimit.RateLimited(
            _(
                "The key of this case was sent several times today. Please wait until tomorrow or visit the commune's citizen reception."
            )
        )
    label = _("The phone number or e-mail address you gave with the case")
    typed = checked_text(address, label=label, limit=254, required=True)  # before the vault is opened
    emails, phones, language = _addresses(case)
    email = emails.get(typed.casefold(), "") if "@" in typed else ""
    phone = phones.get(normalize_phone(typed) or "", "") if "@" not in typed else ""
    if not (email or phone):
        ratelimit.track_miss(request)
        audit(
            actor=_actor(person, case),
            action="cases.receipt_resend_refused",
            obj=case,
            after={"refused": True},
        )
        return
    kernel.hit(_resend_key(case), 86400)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        key = receipts.new_key()
        case.receipt_key_sealed = receipts.seal(key)
        case.save(update_fields=["receipt_key_sealed", "updated_at"])
        audit(
            actor=_actor(person, case),
            action="cases.receipt_key_resent",
            obj=case,
            after={"channel": "email" if email else "sms"},
        )
        _send(case, key, email=email, phone=phone, language=language)  # queued after the commit (notify)


def on_its_way(code: str) -> str:
    """What the person is told, whether the address matched or not."""
    return _(
        "If that is the phone number or e-mail address given with case %(code)s, a new secret key is on its "
        "way to it; the old key no longer opens the case. Nothing arrives within a few minutes? Check what "
        "you typed, or visit the commune's citizen reception."
    ) % {"code": normalise_code(code)}


def _actor(person: Any, case: Case) -> Any:
    return person if getattr(person, "pk", None) and not case.is_confidential else None


def _resend_key(case: Case) -> str:
    return f"{ratelimit.PREFIX}:key-resend:case:{case.pk}"


def _send(case: Case, key: str, *, email: str, phone: str, language: str) -> None:
    shown = receipts.shown(key)
    notify.send(
        email=email,
        phone=phone,
        subject=later(lambda: _("New secret key for your case %(code)s") % {"code": case.tracking_code}),
        body=later(
            lambda: (
                _(
                    "Your case %(code)s has a new secret key: %(key)s. The key you had no longer opens the "
                    "case. Keep the new one to yourself: with it you read the answer and rate it."
                )
                % {"code": case.tracking_code, "key": shown}
            )
        ),
        confidential=case.is_confidential,
        language=language,
        url=receipts.track_path(case.tracking_code, key),
    )
