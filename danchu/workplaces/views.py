"""Pages of workplaces: the units a person sees, one unit's democracy work, a conference from
convening to minutes, and a steering committee's compliance list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.models import Role
from danchu.accounts.permissions import acting_places, is_admin
from danchu.accounts.services import is_walk_in
from danchu.core.access import STAFF, access, can
from danchu.core.errors import DomainError
from danchu.core.files import serve_protected
from danchu.core.formats import number
from danchu.core.forms import valid
from danchu.core.paging import page_for
from danchu.core.text import fold, query_text, query_year
from danchu.places.importing import samples
from danchu.places.importing.pages import warn_skipped, warn_unread
from danchu.places.importing.reading import RowError
from danchu.places.models import Level, Place
from danchu.steering.models import BrightSpot
from danchu.steering.permissions import committee_for
from danchu.steering.queries import inspections_of
from danchu.steering.services import criteria

from . import importing, queries, services
from . import units as unit_edits
from .elections import has_inspection_board
from .forms import (
    BoardElectionForm,
    ConveneForm,
    DelegateForm,
    DialogueForm,
    HoldForm,
    ImportForm,
    RegulationForm,
    RepresentativeForm,
    ResolutionForm,
    UnitEditForm,
    UnitForm,
)
from .models import Conference, Unit
from .permissions import (
    REGISTRARS,
    bright_spot_for,
    conference_for,
    is_representative,
    regulation_for,
    representative_for,
    unit_for,
)

UNITS_PER_PAGE = 50


@access(STAFF, below="accounts:home")  # a delegate finds their conferences on their own page
def units(request: HttpRequest) -> HttpResponse:
    """Every unit the person reads, paged, found by name or code typed with or without diacritics."""
    q = query_text(request, "q", label=_("Search"))
    found = queries.in_vietnamese_order(queries.visible_units(request.user))
    if folded := fold(q):
        found = [u for u in found if folded in fold(u.name) or folded in fold(u.code)]
    return render(
        request,
        "workplaces/units.html",
        {
            "units": page_for(request, found, UNITS_PER_PAGE),
            "q": q,
            "can_register": can(request.user, "workplaces.register", None),
        },
    )


def _registrar(request: HttpRequest) -> None:
    if not can(request.user, "workplaces.register", None):
        raise Http404


def _registrable(person: Any) -> list[Place]:
    if is_admin(person):
        return list(Place.objects.filter(level=Level.PROVINCE))
    return acting_places(person, REGISTRARS)


@access("workplaces.register")
def unit_new(request: HttpRequest) -> HttpResponse:
    _registrar(request)
    places = _registrable(request.user)
    form = UnitForm(request.POST or None, places=places)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            if not can(request.user, "workplaces.register", d["place"]):
                form.add_error("place", _("This place is outside your unit."))
            else:
                unit = services.unit_register(
                    actor=request.user,
                    data=services.UnitData(
                        code=d["code"],
                        name=d["name"],
                        unit_type=d["unit_type"],
                        ownership=d["ownership"],
                        place=d["place"],
                        employees=d["employees"],
                        dispersed=d["dispersed"],
                        head_name=d["head_name"],
                        union_chair_name=d["union_chair_name"],
                        address=d["address"],
                    ),
                )
                messages.success(request, _("Unit registered."))
                return redirect("workplaces:unit", pk=unit.pk)
        return render(request, "workplaces/unit_new.html", {"form": form}, status=400)
    return render(request, "workplaces/unit_new.html", {"form": form})


@access("workplaces.register")
def unit_import(request: HttpRequest) -> HttpResponse:
    _registrar(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            run = (
                importing.import_units
                if form.cleaned_data["what"] == "units"
                else importing.import_activities
            )
            upload = form.cleaned_data["file"]
            result = run(
                actor=request.user,
                data=upload.read(),
                filename=upload.name or "",
                skip_bad=form.cleaned_data["skip_bad"],
            )
            warn_unread(request, result.unread_columns)
            if not result.imported:
                status = 400
            else:
                messages.success(request, _("%(n)s rows imported.") % {"n": number(result.imported)})
                warn_skipped(request, [str(RowError(line, message)) for line, message in result.errors])
                return redirect("workplaces:units")
        else:
            status = 400
    return render(
        request,
        "workplaces/import.html",
        {
            "form": form,
            "result": result,
            "unit_columns": importing.UNIT_HELP,
            "activity_columns": importing.ACTIVITY_HELP,
        },
        status=status,
    )


@access("workplaces.register")
def import_sample(request: HttpRequest, what: str) -> HttpResponse:
    _registrar(request)
    return samples.download(importing.sample(what), f"mau-{what}.xlsx")


def _unit_page(request: HttpRequest, unit: Unit, *, status: int = 200, **forms: Any) -> HttpResponse:
    context = {
        "unit": unit,
        "can_manage": can(request.user, "workplaces.manage", unit),
        "regulations": unit.regulations.all(),
        "conferences": unit.conferences.all(),
        "inspection_board": (board := queries.inspection_board(unit)),
        "board_members": (members := queries.inspection_board_members(unit)),
        # Elected without an account: the representatives send them the code to claim the one recorded.
        "unclaimed": [m for m in members if is_walk_in(m.person)],
        "can_read_board": board is not None and can(request.user, "oversight.read_board", board),
        "can_manage_board": board is not None and can(request.user, "oversight.manage_board", board),
        "can_set_positions": board is not None and can(request.user, "oversight.set_positions", board),
        "dialogues": unit.dialogues.all(),
        "representatives": unit.body.memberships.active()
        .filter(role=Role.WORKPLACE_REP)
        .select_related("person"),
        "employee_side_min": services.employee_side_min(unit.employees),
        "inspections": inspections_of(unit.body),
        "spots": BrightSpot.objects.filter(body=unit.body).prefetch_related("evidence__criterion"),
        "spot_fields": BrightSpot.Field.choices,
        "criteria": {k: criteria.criteria_for(k) for k in ("qcdc", "dvcq")},
        "is_representative": is_representative(request.user, unit),
        "can_appoint": can(request.user, "workplaces.appoint", unit),
        "representative_form": RepresentativeForm(),
        "regulation_form": forms.get("regulation_form") or RegulationForm(),
        "convene_form": forms.get("convene_form") or ConveneForm(),
        "dialogue_form": forms.get("dialogue_form") or DialogueForm(),
        "unit_form": forms.get("unit_form")
        or UnitEditForm(initial={"name": unit.name, **{f: getattr(unit, f) for f in unit_edits.FIELDS}}),
    }
    return render(request, "workplaces/unit.html", context, status=status)


@access("workplaces.view")
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    return _unit_page(request, unit_for(request.user, pk))


@access("workplaces.manage")
@require_POST
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.manage")
    form = UnitEditForm(request.POST)
    if not form.is_valid():
        return _unit_page(request, u, status=400, unit_form=form)
    unit_edits.unit_update(actor=request.user, unit=u, data=unit_edits.UnitEdit(**form.cleaned_data))
    messages.success(request, _("The unit's details are saved."))
    return redirect("workplaces:unit", pk=u.pk)


@access("workplaces.appoint")
@require_POST
def representative_add(request: HttpRequest, pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.appoint")
    d = valid(RepresentativeForm(request.POST))
    unit_edits.representative_add(actor=request.user, unit=u, person=d["person"], title=d["title"])
    messages.success(request, _("%(person)s now represents the unit.") % {"person": d["person"]})
    return redirect("workplaces:unit", pk=u.pk)


@access("workplaces.appoint")
@require_POST
def representative_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.appoint")
    unit_edits.representative_end(
        actor=request.user, membership=representative_for(request.user, u, member_pk)
    )
    messages.success(request, _("The role was ended."))
    return redirect("workplaces:unit", pk=u.pk)


@access("workplaces.manage")
@require_POST
def regulation_add(request: HttpRequest, pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.manage")
    form = RegulationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _unit_page(request, u, status=400, regulation_form=form)
    services.regulation_add(actor=request.user, unit=u, **form.cleaned_data)
    messages.success(request, _("Regulation version saved."))
    return redirect("workplaces:unit", pk=u.pk)


@access("workplaces.view")
def regulation_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The regulation's document, to those who read the unit (never a public media URL)."""
    version = regulation_for(request.user, pk)
    if not version.file:
        raise Http404
    extension = (version.file.name or "").rsplit(".", 1)[-1]
    return serve_protected(
        request, version.file, filename=f"quy-che-dan-chu-{version.unit.code}-v{version.number}.{extension}"
    )


@access("workplaces.manage")
@require_POST
def conference_convene(request: HttpRequest, pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.manage")
    form = ConveneForm(request.POST)
    if not form.is_valid():
        return _unit_page(request, u, status=400, convene_form=form)
    conf = services.conference_convene(actor=request.user, unit=u, **form.cleaned_data)
    messages.success(request, _("Conference convened."))
    return redirect("workplaces:conference", pk=conf.pk)


@access("workplaces.manage")
@require_POST
def dialogue_add(request: HttpRequest, pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.manage")
    form = DialogueForm(request.POST)
    if not form.is_valid():
        return _unit_page(request, u, status=400, dialogue_form=form)
    services.dialogue_record(actor=request.user, unit=u, data=services.DialogueData(**form.cleaned_data))
    messages.success(request, _("Dialogue recorded."))
    return redirect("workplaces:unit", pk=u.pk)


def _conference_page(request: HttpRequest, c: Conference, *, status: int = 200, **forms: Any) -> HttpResponse:
    context = {
        "conference": c,
        "unit": c.unit,
        "can_manage": can(request.user, "workplaces.manage_conference", c),
        "can_view_unit": can(request.user, "workplaces.view", c.unit),
        "contents": [{**item, "done": item["key"] in c.contents_done} for item in c.required_contents],
        "resolutions": queries.conference_resolutions(c),
        "hold_form": forms.get("hold_form")
        or HoldForm(
            contents=c.required_contents,
            initial={
                "held_on": c.held_on or c.planned_on,
                "delegates_present": c.delegates_convened
                if c.delegates_present is None
                else c.delegates_present,
                "contents": c.contents_done,
                "chair": c.chair,
                "secretary": c.secretary,
                "proceedings": c.proceedings,
            },
        ),
        "may_record": c.status == Conference.Status.CONVENED or not services.votes_put(c),
        "resolution_form": forms.get("resolution_form") or ResolutionForm(),
        "elections": queries.conference_elections(c),
        "delegates": c.delegates.select_related("person"),
        "may_elect": has_inspection_board(c.unit),
        "delegate_form": DelegateForm(),
        "election_form": BoardElectionForm(),
    }
    return render(request, "workplaces/conference.html", context, status=status)


@access("workplaces.view_conference")
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_page(request, conference_for(request.user, pk))


@access("workplaces.manage_conference")
@require_POST
def conference_hold(request: HttpRequest, pk: int) -> HttpResponse:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    form = HoldForm(request.POST, contents=c.required_contents)
    if not form.is_valid():
        return _conference_page(request, c, status=400, hold_form=form)
    d = form.cleaned_data
    services.conference_hold(
        actor=request.user,
        conference=c,
        held_on=d["held_on"],
        delegates_present=d["delegates_present"],
        contents_done=d["contents"],
        chair=d["chair"],
        secretary=d["secretary"],
        proceedings=d["proceedings"],
    )
    messages.success(request, _("Attendance and contents recorded."))
    return redirect("workplaces:conference", pk=c.pk)


@access("workplaces.view_conference")
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    from .minutes import minutes_docx  # python-docx only when a DOCX is asked for, not at start-up

    c = conference_for(request.user, pk)
    response = HttpResponse(
        minutes_docx(c),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = _minutes_disposition(c, "docx")
    return response


def _minutes_disposition(c: Conference, extension: str) -> str:
    """An attachment named after the unit's code, folded to ASCII: a code is the unit's own text
    ("ĐV-01", or a line break typed into a spreadsheet cell), and a header cannot carry either."""
    code = slugify(fold(c.unit.code)) or str(c.unit_id)
    return content_disposition_header(True, f"bien-ban-hoi-nghi-{c.year}-{code}.{extension}") or "attachment"


def _year(request: HttpRequest) -> int:
    today = timezone.localdate().year
    return query_year(request, first=2000, last=today + 1, default=today)


@access("steering.view")
def compliance(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    year = _year(request)
    report = queries.compliance(committee.place, year)
    template = (
        "workplaces/compliance_print.html" if request.GET.get("print") else "workplaces/compliance.html"
    )
    return render(
        request,
        template,
        {
            "committee": committee,
            "report": report,
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
        },
    )


@access("workplaces.view_conference")
def minutes_as_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from .minutes import minutes_pdf  # python-docx and WeasyPrint only when asked for

    c = conference_for(request.user, pk)
    response = HttpResponse(minutes_pdf(c), content_type="application/pdf")
    response["Content-Disposition"] = _minutes_disposition(c, "pdf")
    return response


@access("workplaces.manage")
@require_POST
def bright_spot_propose(request: HttpRequest, pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.manage")
    criteria.bright_spot_propose(
        actor=request.user,
        body=u.body,
        name=request.POST.get("name", ""),
        address=request.POST.get("address", ""),
        field=request.POST.get("field", ""),
        plan=request.POST.get("plan", ""),
    )
    messages.success(request, _("Bright spot registered."))
    return redirect("workplaces:unit", pk=u.pk)


@access("workplaces.manage")
@require_POST
def bright_spot_evidence(request: HttpRequest, pk: int, spot_pk: int) -> HttpResponse:
    u = unit_for(request.user, pk, "workplaces.manage")
    spot = bright_spot_for(request.user, u, spot_pk)
    raw = request.POST.get("criterion", "")
    criterion = next((c for c in criteria.criteria_for(spot.field_kind) if str(c.pk) == raw), None)
    if criterion is None:
        raise DomainError(_("Choose a criterion."))
    criteria.evidence_add(
        actor=request.user,
        criterion=criterion,
        text=request.POST.get("text", ""),
        figure=request.POST.get("figure", ""),
        file=request.FILES.get("file"),
        bright_spot=spot,
    )
    messages.success(request, _("Evidence added."))
    return redirect("workplaces:unit", pk=u.pk)
