from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danchu.core.access import SIGNED_IN, access

from .permissions import memberships


@access(SIGNED_IN)
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"memberships": memberships(request.user)})
