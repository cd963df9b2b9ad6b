"""The office page importing figures of the years before danchu: upload, preview (what will be
imported, every bad row by its line number), confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danchu.core.access import access
from danchu.core.errors import DomainError
from danchu.core.text import vi_sort_key

from .. import history
from ..models import ReportForm
from ..permissions import form_for


@access("reporting.import_history")
def history_page(request: HttpRequest) -> HttpResponse:
    forms = sorted(ReportForm.objects.all(), key=lambda f: vi_sort_key(f.name))
    context: dict[str, object] = {"forms": forms, "limit": history.MAX_ROWS}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        upload = history.staged_for(request.user, request.POST.get("upload", ""))
        count = history.history_confirm(
            actor=request.user, upload=upload, skip_bad=request.POST.get("skip_bad") == "1"
        )
        messages.success(request, _("Imported the figures of %(n)s unit-periods.") % {"n": count})
        return redirect("reporting:history")
    if request.method == "POST":
        form = form_for(request.user, request.POST.get("form", ""))
        file = request.FILES.get("file")
        if file is None:
            raise DomainError(_("Choose a file to import."), detail=["file"])
        upload, checked = history.history_stage(
            actor=request.user, form=form, data=file.read(history.MAX_BYTES + 1), filename=file.name or ""
        )
        context |= {"upload": upload, "checked": checked, "chosen": form}
    return render(request, "reporting/history.html", context)
