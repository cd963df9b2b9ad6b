"""What the case forms share: a valid form becomes a CaseSubmission; the public form's place choices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from danchu.places.models import Level, Place

from ..forms import place_queryset
from ..services import CaseSubmission, Identity


def submission_from_form(
    request: HttpRequest, form: Any, *, channel: str, recorded_by: Any = None, submitter: Any = None
) -> CaseSubmission:
    d = form.cleaned_data
    return CaseSubmission(
        case_type_key=d["case_type"],
        place=d["place"],
        field=d.get("field"),
        title=d["title"],
        description=d["description"],
        submitter=submitter,
        identity=Identity(
            name=d.get("name", ""),
            phone=d.get("phone", ""),
            email=d.get("email", ""),
            address=d.get("address_of_submitter", ""),
            id_number=d.get("id_number", ""),
        ),
        anonymous=d.get("anonymous", False),
        channel=channel,
        recorded_by=recorded_by,
        contested_decision=d.get("contested_decision", ""),
        denounced=d.get("denounced", ""),
        first_decision_on=d.get("first_decision_on"),
        address=d.get("address", ""),
        latitude=d.get("latitude"),
        longitude=d.get("longitude"),
        photos=[(f.name or "", f.read()) for f in request.FILES.getlist("photos")],
    )


def limit_place_choices(form: Any, chosen: Place | None, province: Place | None) -> Place | None:
    """Render only the chosen commune and its villages, or the communes of the chosen province, or
    none until a province is chosen: the country has 3,321 communes and ~100,000 villages, far too
    many options for a cheap phone. Validation, done before, accepts any current commune or village.
    Returns the province the choices belong to."""
    field = form.fields["place"]
    if form.is_bound:
        chosen = _posted_place(form, field) or chosen
    if chosen is not None:
        commune = chosen.parent if chosen.level == Level.VILLAGE and chosen.parent is not None else chosen
        field.queryset = place_queryset().filter(path__startswith=commune.path)
        return next((p for p in commune.ancestors() if p.level == Level.PROVINCE), None)
    if province is not None:
        field.queryset = place_queryset().filter(level=Level.COMMUNE, path__startswith=province.path)
        return province
    field.queryset = place_queryset().none()
    return None


def _posted_place(form: Any, field: Any) -> Place | None:
    """The place the visitor picked, read by the form's own field (any current commune or village:
    places are public), or None when it names none."""
    posted = str(form.data.get("place") or "")
    if not (posted.isdigit() and len(posted) < 12):
        return None
    try:
        return field.to_python(posted)  # type: ignore[no-any-return]
    except ValidationError:
        return None


def refresh_captcha(form: Any, token: str) -> None:
    """A new challenge on every render (a solved one is spent)."""
    if form.is_bound:
        data = form.data.copy()
        data["captcha_token"], data["captcha_answer"] = token, ""
        form.data = data
    else:
        form.initial["captcha_token"] = token
