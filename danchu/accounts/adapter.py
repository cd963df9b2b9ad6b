"""django-allauth adapter: phone numbers live on User.phone."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def set_phone(self, user: Any, phone: str, verified: bool) -> None:
        user.phone = phone
        user.save(update_fields=["phone"])

    def get_phone(self, user: Any) -> tuple[str, bool] | None:
        return (user.phone, True) if user.phone else None

    def set_phone_verified(self, user: Any, phone: str) -> None:
        return None

    def get_user_by_phone(self, phone: str) -> Any:
        from .models import User

        return User.objects.filter(phone=phone).first()
