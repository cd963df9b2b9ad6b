"""What works puts on a person's page: what their household pledged and paid to community works."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.permissions import confirmed_households
from danchu.core.home import my_page_section

from .models import Payment, Pledge


def my_contributions(person: Any) -> dict[str, Any] | None:
    households = confirmed_households(person)
    if not households:
        return None
    pledges = list(Pledge.objects.filter(household__in=households).select_related("work", "household")[:20])
    payments = list(
        Payment.objects.filter(household__in=households).select_related("work").order_by("-received_on")[:20]
    )
    if not pledges and not payments:
        return None
    return {"pledges": pledges, "payments": payments}


def register() -> None:
    my_page_section(
        "works.mine",
        _("My household's contributions to community works"),
        template="works/home_mine.html",
        context=my_contributions,
        order=40,
    )
