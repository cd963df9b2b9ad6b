"""Pages of a person's own data (Decree 13/2023): /me/data/ — see, download, correct, close."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import SIGNED_IN, access
from danchu.core.middleware import status_of

from . import services
from .models import User

PDF_ROWS = 300  # rows a section of the PDF shows (the latest): ~10 pages, a few seconds to lay out


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


@access(SIGNED_IN)
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What danchu holds about me, the correction of my name and contacts, and closing my account."""
    from danchu.core.models import AuditEntry

    from .forms import CloseAccountForm, ProfileForm
    from .personal_data import personal_data

    person = _me(request)
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": person.full_name, "email": person.email or "", "phone": person.phone_display},
    )
    if request.method == "POST" and form.is_valid():
        services.profile_correct(person=person, **form.cleaned_data)
        messages.success(request, _("Your details were corrected."))
        return redirect("accounts:my_data")
    history = AuditEntry.objects.filter(
        action="accounts.profile_correct", object_type="accounts.user", object_id=str(person.pk)
    ).order_by("-id")
    context = {
        "form": form,
        "close_form": CloseAccountForm(),
        "history": history,
        "data": personal_data(person),
    }
    return render(request, "accounts/my_data.html", context, status=status_of(form))


@access(SIGNED_IN)
@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    from django.core.serializers.json import DjangoJSONEncoder
    from django.http import JsonResponse

    from .personal_data import personal_data

    response = JsonResponse(
        personal_data(_me(request)),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = 'attachment; filename="danchu-my-data.json"'
    return response


@access(SIGNED_IN)
@login_required
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from .personal_data import personal_data, readable

    person = _me(request)
    data = personal_data(person)
    html = render_to_string(
        "accounts/my_data_pdf.html",
        {
            "data": data,
            # An officer's audit trail runs to tens of thousands of entries: laid out whole, the PDF
            # took minutes and gigabytes. The PDF shows each section's latest rows; the JSON holds all.
            "sections": readable(data, latest=PDF_ROWS),
            "generated": timezone.localtime(),
            "phone": person.phone_display,
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="danchu-my-data.pdf"'
    return response


@access(SIGNED_IN)
@login_required
@require_POST
def account_close(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    from .forms import CloseAccountForm

    person = _me(request)
    form = CloseAccountForm(request.POST)
    form.is_valid()  # for its cleaned fields: the service refuses what is missing, as for the API
    services.account_close_confirmed(
        person=person,
        password=form.cleaned_data.get("password") or "",
        confirmed=bool(form.cleaned_data.get("confirm")),
    )
    logout(request)
    messages.success(request, _("Your account was closed."))
    return redirect("home")
