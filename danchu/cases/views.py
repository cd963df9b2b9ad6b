"""Pages of the cases module: the public form and tracking, the staff workflow, reception, keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import acting_places, can, is_admin, is_staff
from danchu.core.access import ADMIN, PUBLIC, STAFF, access
from danchu.core.calendar import Calendar
from danchu.core.calendar import today as vn_today
from danchu.core.errors import DomainError
from danchu.places.models import Level, Place

from . import captcha, queries, ratelimit, services
from .forms import (
    DialogueForm,
    ImportForm,
    IntakeForm,
    PublicCaseForm,
    RateForm,
    ReceptionLogForm,
    SlotForm,
    TrackForm,
    place_queryset,
)
from .models import ApiKey, Case, CaseEvent, Dialogue, ReceptionLog, ReceptionSlot, Reply, State, Timeliness
from .permissions import HANDLER_ROLES, get_case_for, is_unit_staff
from .types import CASE_TYPES, FEEDBACK


def register_place_link(module: Any) -> None:
    """Offer the commune page a link to its published answers and reception schedule."""
    from django.utils.translation import gettext_lazy

    if "cases" not in module.PLACE_LINKS:
        module.PLACE_LINKS.register(
            "cases",
            module.PlaceLink(gettext_lazy("Feedback and answers"), "cases:place", (Level.COMMUNE,), 40),
        )


def _photos(request: HttpRequest) -> list[tuple[str, bytes]]:
    return [(f.name or "", f.read()) for f in request.FILES.getlist("photos")]


def _submit_from_form(
    request: HttpRequest, form: Any, *, channel: str, recorded_by: Any = None, submitter: Any = None
) -> Case:
    d = form.cleaned_data
    identity = services.Identity(
        name=d.get("name", ""),
        phone=d.get("phone", ""),
        email=d.get("email", ""),
        address=d.get("address_of_submitter", ""),
        id_number=d.get("id_number", ""),
    )
    return services.case_submit(
        case_type_key=d["case_type"],
        place=d["place"],
        field=d.get("field"),
        title=d["title"],
        description=d["description"],
        submitter=submitter,
        identity=identity,
        anonymous=d.get("anonymous", False),
        channel=channel,
        recorded_by=recorded_by,
        contested_decision=d.get("contested_decision", ""),
        denounced=d.get("denounced", ""),
        first_decision_on=d.get("first_decision_on"),
        address=d.get("address", ""),
        latitude=d.get("latitude"),
        longitude=d.get("longitude"),
        photos=_photos(request),
    )


# --- Public -----------------------------------------------------------------------------------------


@access(PUBLIC, "public case form; complaints and denunciations need a verified resident")
def submit(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"case_type": request.GET.get("type", FEEDBACK)}
    if request.GET.get("place"):
        initial["place"] = Place.objects.filter(code=request.GET["place"]).first()
    offer_feedback = False
    status = 200
    if request.method == "POST":
        form = PublicCaseForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                ratelimit.hit(request)
                case = _submit_from_form(request, form, channel="web", submitter=request.user)
            except ratelimit.RateLimited as e:
                form.add_error(None, e.message)
                status = 429
            except services.IdentityRequired as e:
                form.add_error(None, e.message)
                offer_feedback = True
                status = 403
            except DomainError as e:
                _form_error(form, e)
                status = 400
            else:
                request.session["cases_last_code"] = case.tracking_code
                return redirect("cases:submitted", code=case.tracking_code)
        else:
            status = 400
    else:
        form = PublicCaseForm(initial=initial)
        if request.user.is_authenticated:
            form.initial.update(
                name=request.user.full_name, phone=request.user.phone or "", email=request.user.email or ""
            )
    province = Place.objects.provinces().filter(code=request.GET.get("province", "")).first()
    province = _limit_place_choices(form, initial.get("place"), province)
    question, token = captcha.new_challenge()
    data = form.data.copy() if form.is_bound else None  # type: ignore[attr-defined]
    if data is not None:
        data["captcha_token"] = token
        data["captcha_answer"] = ""
        form.data = data
    else:
        form.initial["captcha_token"] = token

    return render(
        request,
        "cases/submit.html",
        {
            "form": form,
            "question": question,
            "types": list(CASE_TYPES),
            "offer_feedback": offer_feedback,
            "tile_url": getattr(settings, "MAP_TILE_URL", ""),
            "provinces": Place.objects.current().provinces().order_by("name"),
            "province": province,
        },
        status=status,
    )


def _form_error(form: Any, error: DomainError) -> None:
    """Show a service's refusal next to the field it names (e.g. first_decision_on), else on top."""
    names = error.detail if isinstance(error.detail, list) else []
    if len(names) == 1 and names[0] in form.fields:
        form.add_error(names[0], error.message)
    else:
        form.add_error(None, error.message)


def _limit_place_choices(form: Any, chosen: Place | None, province: Place | None) -> Place | None:
    """Render only the chosen commune and its villages, or the communes of the chosen province, or
    none until a province is chosen: the country has 3,321 communes and ~100,000 villages, far too
    many options for a cheap phone. Validation, done before, accepts any current commune or village.
    Returns the province the choices belong to."""
    if form.is_bound:
        posted = str(form.data.get("place") or "")
        chosen = (Place.objects.filter(pk=int(posted)).first() if posted.isdigit() else None) or chosen
    field = form.fields["place"]
    if chosen is not None:
        commune = chosen.parent if chosen.level == Level.VILLAGE and chosen.parent is not None else chosen
        field.queryset = place_queryset().filter(path__startswith=commune.path)  # type: ignore[union-attr]
        return next((p for p in commune.ancestors() if p.level == Level.PROVINCE), None)
    if province is not None:
        field.queryset = place_queryset().filter(level=Level.COMMUNE, path__startswith=province.path)  # type: ignore[union-attr]
        return province
    field.queryset = place_queryset().none()  # type: ignore[union-attr]
    return None


@access(PUBLIC, "shows the tracking code just issued to this browser session")
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    if request.session.get("cases_last_code") != code:
        return redirect("cases:track_detail", code=code)
    case = get_object_or_404(Case.objects.select_related("unit"), tracking_code=code)
    return render(request, "cases/submitted.html", {"case": case})


@access(PUBLIC)
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_valid():
        return redirect("cases:track_detail", code=form.cleaned_data["code"].strip().upper())
    return render(request, "cases/track_form.html", {"form": form})


def _tracked(code: str, request: HttpRequest | None = None) -> Case:
    case = (
        Case.objects.select_related("unit", "field", "merged_into", "merged_into__unit")
        .filter(tracking_code=code.strip().upper())
        .first()
    )
    if case is None:
        if request is not None:
            # Unknown codes are counted so that nobody can walk the space of tracking codes.
            ratelimit.hit(request, "track-miss", limit=int(getattr(settings, "CASES_TRACK_MISS_LIMIT", 30)))
        raise Http404
    return case


@access(PUBLIC, "anyone holding the tracking code; no identity shown")
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        case = _tracked(code, request)
    except ratelimit.RateLimited as e:
        return render(request, "core/error.html", {"status": 429, "message": e.message}, status=429)
    followed = case.merged_into or case
    events = CaseEvent.objects.filter(case=followed, public=True).order_by("at")
    reply = followed.replies.filter(status=Reply.Status.SIGNED).first()
    return render(
        request,
        "cases/track.html",
        {
            "case": case,
            "followed": followed,
            "events": events,
            "reply": reply,
            "rate_form": RateForm()
            if case.state in (State.RESOLVED, State.CLOSED) and case.satisfaction is None
            else None,
            "timeliness": followed.timeliness(),
        },
    )


@access(PUBLIC, "the signed answer, to the holder of the tracking code")
def track_reply(request: HttpRequest, code: str) -> HttpResponseBase:
    case = _tracked(code)
    reply = (case.merged_into or case).replies.filter(status=Reply.Status.SIGNED).first()
    if reply is None or not reply.document:
        raise Http404
    return FileResponse(reply.document.open("rb"), as_attachment=True, filename=f"{case.tracking_code}.docx")


@access(PUBLIC, "rating by the holder of the tracking code")
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    case = _tracked(code)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.case_rate(
                case=case,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you for rating the answer."))
        except DomainError as e:
            messages.error(request, e.message)
    return redirect("cases:track_detail", code=case.tracking_code)


@access(PUBLIC)
def on_time(request: HttpRequest) -> HttpResponse:
    province = Place.objects.filter(code=request.GET.get("province", ""), level=Level.PROVINCE).first()
    since = vn_today() - dt.timedelta(days=365)
    return render(
        request,
        "cases/on_time.html",
        {
            "rows": queries.public_on_time_rates(province, since=since),
            "province": province,
            "provinces": Place.objects.provinces().current(),
            "since": since,
        },
    )


@access(PUBLIC, "a commune's published answers and reception schedule")
def place(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Place, code=code)
    today = vn_today()
    return render(
        request,
        "cases/place.html",
        {
            "unit": unit,
            "responses": queries.recent_public_responses(unit, 20),
            "slots": ReceptionSlot.objects.filter(unit=unit, date__gte=today.replace(day=1))[:30],
            "dialogues": Dialogue.objects.filter(unit=unit)[:10],
        },
    )


# --- Staff ------------------------------------------------------------------------------------------


def _units(request: HttpRequest) -> list[Place]:
    return [p for p in acting_places(request.user, HANDLER_ROLES) if p.level <= Level.COMMUNE]


def _unit_param(request: HttpRequest) -> Place | None:
    units = _units(request)
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        unit = Place.objects.filter(code=code).first()
        if unit is None or not is_unit_staff(request.user, unit):
            raise Http404
        return unit
    return units[0] if units else None


@access(STAFF, "cases of the units the person reads")
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    if not is_staff(request.user):
        raise Http404
    unit = _unit_param(request) if request.GET.get("unit") else None
    qs = queries.staff_cases(
        request.user,
        unit=unit,
        state=request.GET.get("state", "open"),
        timeliness=request.GET.get("t", ""),
        case_type=request.GET.get("type", ""),
    )
    cases = list(qs[:200])
    today, cal = vn_today(), Calendar()
    return render(
        request,
        "cases/staff_list.html",
        {
            "cases": [(c, c.timeliness(today, cal)) for c in cases],
            "units": _units(request),
            "unit": unit,
            "types": list(CASE_TYPES),
            "states": State.choices,
            "q": request.GET,
        },
    )


@access(STAFF, "dashboard of a unit the person acts for")
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    unit = _unit_param(request)
    if unit is None:
        raise Http404
    return render(
        request,
        "cases/dashboard.html",
        {"unit": unit, "units": _units(request), "d": queries.unit_dashboard(unit)},
    )


@access("cases.read_case", "404 outside the person's scope")
@login_required
def staff_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for(request.user, code)
    from .duplicates import similar_cases

    handlers = []
    if can(request.user, "cases.handle_case", case):
        from danchu.accounts.models import Membership

        handlers = [
            m.person
            for m in Membership.objects.active()
            .filter(place=case.unit, role__in=HANDLER_ROLES)
            .select_related("person")
        ]
    return render(
        request,
        "cases/staff_detail.html",
        {
            "case": case,
            "events": case.events.select_related("actor"),
            "photos": case.photos.all(),
            "extensions": case.extensions.all(),
            "pauses": case.pauses.all(),
            "transfers": case.transfers.all(),
            "replies": case.replies.all(),
            "can_handle": can(request.user, "cases.handle_case", case),
            "can_reveal": case.is_confidential and can(request.user, "cases.reveal_identity", case),
            "similar": similar_cases(case) if case.is_open else [],
            "handlers": handlers,
            "units": Place.objects.filter(level=Level.COMMUNE)
            .current()
            .exclude(pk=case.unit_id)
            .filter(path__startswith=case.unit.path.rsplit("/", 2)[0] + "/")[:200],
            "timeliness": case.timeliness(),
            "timeliness_label": Timeliness(case.timeliness()).label,
            "next_extension": _next_ext(case),
            "linked": case.linked.all(),
            "merged": case.merged_cases.all(),
        },
    )


def _next_ext(case: Case) -> Any:
    from .deadlines import next_extension

    return (
        next_extension(case.type, case)
        if case.state in (State.ACCEPTED, State.IN_PROGRESS, State.PAUSED)
        else None
    )


ACTIONS = {
    "accept",
    "refuse",
    "assign",
    "transfer",
    "extend",
    "pause",
    "resume",
    "respond",
    "sign",
    "close",
    "reopen",
    "link",
    "merge",
}


@access("cases.handle_case", "workflow step; 404 outside the unit")
@login_required
@require_POST
def action(request: HttpRequest, code: str, name: str) -> HttpResponse:
    if name not in ACTIONS:
        raise Http404
    case = get_case_for(request.user, code, "cases.handle_case")
    p, by = request.POST, request.user
    try:
        if name == "accept":
            services.case_accept(case=case, by=by, remote_area=p.get("remote_area") == "on")
        elif name == "refuse":
            services.case_refuse(case=case, by=by, reason=p.get("reason", ""))
        elif name == "assign":
            from danchu.accounts.models import User

            handler = User.objects.filter(pk=p.get("handler") or 0).first()
            if handler is None:
                raise DomainError(_("Choose a handler."))
            services.case_assign(case=case, by=by, handler=handler)
        elif name == "transfer":
            to_unit = Place.objects.filter(code=p.get("to_unit", "")).first()
            if to_unit is None:
                raise DomainError(_("Choose the unit to transfer to."))
            services.case_transfer(case=case, by=by, to_unit=to_unit, reason=p.get("reason", ""))
        elif name == "extend":
            services.case_extend(
                case=case, by=by, reason=p.get("reason", ""), legal_basis=p.get("legal_basis", "")
            )
        elif name == "pause":
            services.case_pause(
                case=case, by=by, reason=p.get("reason", ""), legal_basis=p.get("legal_basis", "")
            )
        elif name == "resume":
            services.case_resume(case=case, by=by)
        elif name == "respond":
            services.case_respond(case=case, by=by, body=p.get("body", ""), publish=p.get("publish") == "on")
        elif name == "sign":
            services.case_sign_reply(case=case, by=by, signer_title=p.get("signer_title", ""))
        elif name == "close":
            services.case_close(case=case, by=by)
        elif name == "reopen":
            services.case_reopen(case=case, by=by, reason=p.get("reason", ""))
        elif name in ("link", "merge"):
            other = get_case_for(by, p.get("other", ""), "cases.handle_case")
            if name == "link":
                services.case_link(case=case, other=other, by=by)
            else:
                services.case_merge(case=case, into=other, by=by)
        messages.success(request, _("Done."))
    except DomainError as e:
        messages.error(request, e.message)
    if name == "transfer" and not can(by, "cases.read_case", Case.objects.get(pk=case.pk)):
        return redirect("cases:staff_list")
    return redirect("cases:staff_detail", code=case.tracking_code)


@access("cases.reveal_identity", "assigned handler only; each reading is audited")
@login_required
@require_POST
def identity(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for(request.user, code)
    try:
        data = services.reveal_identity(case=case, by=request.user)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("cases:staff_detail", code=case.tracking_code)
    response = render(request, "cases/identity.html", {"case": case, "identity": data})
    response["Cache-Control"] = "no-store"
    return response


@access("cases.read_case", "the reply document of a case in scope")
@login_required
def reply_docx(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, code)
    reply = get_object_or_404(Reply, pk=pk, case=case)
    if not reply.document:
        raise Http404
    return FileResponse(
        reply.document.open("rb"), as_attachment=True, filename=f"{case.tracking_code}-{reply.pk}.docx"
    )


@access("cases.record_intake", "reception staff record a case for a citizen")
@login_required
def intake(request: HttpRequest) -> HttpResponse:
    if not _units(request):
        raise Http404
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"place": request.GET.get("place", "")},
    )
    if request.method == "POST" and form.is_valid():
        submitter = None
        try:
            from danchu.accounts.counter import actor_for

            actor = actor_for(request, place=form.cleaned_data["place"])
            if getattr(actor, "subject", None) is not None and actor.subject != request.user:
                submitter = actor.subject
        except (ImportError, DomainError, TypeError):
            submitter = None
        try:
            case = _submit_from_form(
                request,
                form,
                channel=form.cleaned_data["channel"],
                recorded_by=request.user,
                submitter=submitter,
            )
        except DomainError as e:
            _form_error(form, e)
        else:
            messages.success(
                request,
                _("Case %(code)s recorded. Give the citizen this tracking code.")
                % {"code": case.tracking_code},
            )
            return redirect("cases:staff_detail", code=case.tracking_code)
    return render(request, "cases/intake.html", {"form": form}, status=400 if form.errors else 200)


@access("cases.record_intake", "bulk import by commune staff")
@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    if not _units(request):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        from .importing import import_cases

        f = form.cleaned_data["file"]
        try:
            result = import_cases(
                data=f.read(), filename=f.name, by=request.user, skip_bad=form.cleaned_data["skip_bad_rows"]
            )
        except DomainError as e:
            form.add_error("file", e.message)
            status = 400
        else:
            status = 400 if result.errors and not result.imported else 200
    return render(request, "cases/import.html", {"form": form, "result": result}, status=status)


@access("cases.manage_reception", "reception schedule, log and dialogues of the person's unit")
@login_required
def reception(request: HttpRequest) -> HttpResponse:
    unit = _unit_param(request)
    if unit is None:
        raise Http404
    today = vn_today()
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{today.year}-{today.month}").split("-"))
        first, last = queries.month_bounds(year, month)
    except ValueError:
        raise Http404 from None
    forms = {
        "slot": SlotForm(prefix="slot"),
        "log": ReceptionLogForm(prefix="log"),
        "dialogue": DialogueForm(prefix="dialogue"),
    }
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in forms:
            raise Http404
        cls = {"slot": SlotForm, "log": ReceptionLogForm, "dialogue": DialogueForm}[kind]
        form = cls(request.POST, prefix=kind)
        forms[kind] = form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if kind == "slot":
                    services.reception_slot_add(
                        unit=unit,
                        by=request.user,
                        date=d["date"],
                        session=d["session"],
                        leader_name=d["leader_name"],
                        leader_title=d["leader_title"],
                        is_head=d["is_head"],
                        location=d["location"],
                    )
                elif kind == "log":
                    codes = [c.strip().upper() for c in d["case_codes"].split(",") if c.strip()]
                    cases = list(Case.objects.filter(unit=unit, tracking_code__in=codes))
                    if len(cases) != len(set(codes)):
                        raise DomainError(_("Some tracking codes are not cases of this unit."))
                    services.reception_log_add(
                        unit=unit,
                        by=request.user,
                        date=d["date"],
                        persons=d["persons"],
                        leader_name=d["leader_name"],
                        content=d["content"],
                        result=d["result"],
                        is_head=d["is_head"],
                        cases=cases,
                    )
                else:
                    services.dialogue_add(
                        unit=unit,
                        by=request.user,
                        held_on=d["held_on"],
                        topic=d["topic"],
                        leaders=d["leaders"],
                        participants=d["participants"],
                        minutes=d["minutes"],
                    )
            except DomainError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(request.get_full_path())
    return render(
        request,
        "cases/reception.html",
        {
            "unit": unit,
            "units": _units(request),
            "month": f"{year}-{month:02d}",
            "first": first,
            "slots": ReceptionSlot.objects.filter(unit=unit, date__gte=first, date__lte=last),
            "logs": ReceptionLog.objects.filter(unit=unit, date__gte=first, date__lte=last).prefetch_related(
                "cases"
            ),
            "dialogues": Dialogue.objects.filter(unit=unit, held_on__gte=first, held_on__lte=last),
            "warnings": queries.schedule_shortfall(unit, year, month),
            "forms": forms,
        },
    )


@access(ADMIN, "administrators issue and revoke Open311 keys")
@login_required
def apikeys(request: HttpRequest) -> HttpResponse:
    if not is_admin(request.user):
        raise Http404
    new_key = None
    if request.method == "POST":
        try:
            if request.POST.get("revoke"):
                key = get_object_or_404(ApiKey, pk=request.POST["revoke"])
                services.apikey_revoke(key=key, by=request.user)
                messages.success(request, _("Key revoked."))
            else:
                _key, new_key = services.apikey_issue(
                    name=request.POST.get("name", ""),
                    by=request.user,
                    contact=request.POST.get("contact", ""),
                )
        except DomainError as e:
            messages.error(request, e.message)
    return render(
        request, "cases/apikeys.html", {"keys": ApiKey.objects.order_by("-created_at"), "new_key": new_key}
    )


def staff_home_url() -> str:
    return reverse("cases:staff_list")
