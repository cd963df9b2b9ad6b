"""django-allauth adapter: phone numbers live on User.phone (E.164), the full name and the language
come from the signup form, and the person's language is applied when they sign in."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PhoneField
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .phones import normalize_phone


class VietnamesePhoneField(PhoneField):
    """Accepts 0912 345 678, +84 912 345 678, 84912345678… and cleans to E.164."""

    e164_validator = RegexValidator(
        regex=r"^\+[1-9]\d{6,14}$",
        message=_("Enter a phone number such as 0912 345 678 or +84 912 345 678."),
        code="invalid_phone",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [self.e164_validator])
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "0912 345 678", "autocomplete": "tel", "type": "tel"}),
        )
        super().__init__(*args, **kwargs)
        self.label = kwargs.get("label") or _("Phone number")

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return normalize_phone(value) or value


def account_key(credentials: dict[str, Any]) -> str:
    """The account a sign-in attempt is about, however it was named: "user:<id>", or the
    normalised identifier when no account has it (failures on unknown names are counted too)."""
    from .models import User

    phone = normalize_phone(credentials.get("phone"))
    email = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
    if phone:
        user_id = User.objects.filter(phone=phone).values_list("pk", flat=True).first()
        return f"user:{user_id}" if user_id else f"phone:{phone}"
    if email and "\x00" not in email:
        user_id = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
        return f"user:{user_id}" if user_id else f"email:{email[:254]}"
    return "unknown"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # People recorded at the counter have their number on file without an account.
        "phone_taken": _(
            "A person with this phone number is already registered. If you gave it at the commune office, "
            "ask the officer there to let you sign in."
        ),
    }

    # --- phone numbers on User.phone ------------------------------------------------------------
    def phone_form_field(self, **kwargs: Any) -> Any:
        kwargs.pop("label", None)
        return VietnamesePhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_phone(phone) or phone

    def set_phone(self, user: Any, phone: str, verified: bool) -> None:
        user.phone = normalize_phone(phone) or phone
        if user.pk:  # during signup the user is saved by save_user()
            user.save(update_fields=["phone"])

    def get_phone(self, user: Any) -> tuple[str, bool] | None:
        return (user.phone, user.phone_verified_at is not None) if user.phone else None

    def set_phone_verified(self, user: Any, phone: str) -> None:
        # Phones are proved by our own hashed one-time codes (services.phone_verify), not allauth's.
        return None

    def get_user_by_phone(self, phone: str) -> Any:
        from .models import User

        normalized = normalize_phone(phone)
        if not normalized:
            return None
        return User.objects.filter(phone=normalized).first()

    def send_verification_code_sms(self, user: Any, phone: str, code: str, **kwargs: Any) -> None:
        from .notify import notify_address

        notify_address("sms", phone, subject="", body=str(_("Your danchu code: %(code)s")) % {"code": code})

    # --- sign-in limits ----------------------------------------------------------------------------
    # ACCOUNT_RATE_LIMITS["login_failed"] counts wrong passwords per client address ("ip": a generous
    # ceiling, since a commune office may sit behind one address) and per key. The key is the account
    # *and* the address: whatever identifier is typed (phone or e-mail) counts against the same
    # account, and someone else's failures from another address never lock out the person who
    # knows their password.
    def get_client_ip(self, request: HttpRequest) -> str:
        from danchu.core.net import client_ip

        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        from danchu.core.net import client_ip

        return f"{account_key(credentials)}@{client_ip(request)}"

    # --- signup -----------------------------------------------------------------------------------
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        data = form.cleaned_data
        user.full_name = " ".join(str(data.get("full_name", "")).split())
        user.language = data.get("language") or translation.get_language() or settings.LANGUAGE_CODE
        if user.language not in dict(settings.LANGUAGES):
            user.language = settings.LANGUAGE_CODE
        user.phone = normalize_phone(data.get("phone")) or None
        if not data.get("email"):
            # An empty e-mail is stored as NULL: the column is unique.
            user.email = None
        user.notify_channel = "email" if data.get("email") else "sms"
        user = super().save_user(request, user, form, commit=False)
        if not user.email:
            user.email = None
        if commit:
            user.save()
            if user.phone:
                # The new person proves their number on the next page (ACCOUNT_SIGNUP_REDIRECT_URL).
                from .models import PhoneCode
                from .services import phone_code_send

                phone_code_send(person=user, purpose=PhoneCode.Purpose.VERIFY)
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Two-factor pages do not ask again for the password typed minutes ago at sign-in (within
        ACCOUNT_REAUTHENTICATION_TIMEOUT): a staff member's first sign-in leads straight to the QR
        code and then to the recovery codes."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        if app != "allauth.mfa":
            return True
        import time

        from allauth.account import app_settings
        from allauth.account.internal.flows.login import get_authentication_records
        from allauth.core import context

        request = context.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return True
        records = get_authentication_records(request, user)
        return not records or time.time() - records[-1]["at"] >= app_settings.REAUTHENTICATION_TIMEOUT

    # --- sign-in: apply the person's language -------------------------------------------------------
    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        language = getattr(user, "language", "") or ""
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = super().post_login(request, user, **kwargs)
        if language in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Any) -> bool:
        # Staff (and the other roles that must use MFA) keep TOTP (they may still regenerate recovery codes).
        from .permissions import must_use_mfa

        if authenticator.type == "totp" and must_use_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
