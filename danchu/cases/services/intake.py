"""Intake: a case filed from any channel (public form, JSON API, Open311, reception, import)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.permissions import is_verified_resident
from danchu.accounts.phones import normalize_phone
from danchu.core import formats
from danchu.core.access import can
from danchu.core.audit import audit_many
from danchu.core.calendar import Calendar
from danchu.core.errors import DomainError, Forbidden
from danchu.places.models import Level, Place

from .. import deadlines, vault
from ..models import ApiKey, Case, CaseEvent, CasePhoto, Channel, Field, IdentityVault, RoutingRule
from ..photos import clean_photo, max_photos
from ..routing import route, routing_rules
from ..types import CASE_TYPES, COMPLAINT_SECOND, FEEDBACK, case_type, in_public_form
from .common import Identity, IdentityRequired, _snap, filed_in, new_event, new_tracking_code, tell_received
from .remote import is_remote

# Longest text accepted per field (the database column, or a bound for the free text): longer input is
# refused with a message naming the field, never cut silently.
MAX_LENGTHS = {
    "title": 200,
    "description": 10_000,
    "contested_decision": 300,
    "denounced": 300,
    "address": 300,
    "name": 200,
    "phone": 20,
    "email": 254,
    "id_number": 20,
    "identity_address": 300,
}


@dataclass
class CaseSubmission:
    """Everything a case is filed with. `recorded_by` is the officer entering it for a citizen (walk-in,
    phone, letter, import); the citizen is `submitter` (an account) and/or `identity`."""

    case_type_key: str
    place: Place
    title: str
    description: str
    field: Field | None = None
    submitter: Any = None
    identity: Identity | None = None
    anonymous: bool = False
    channel: str = Channel.WEB
    recorded_by: Any = None
    contested_decision: str = ""
    denounced: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    photos: list[tuple[str, bytes]] | None = None
    received_at: dt.datetime | None = None
    remote_area: bool | None = None
    open311_client: ApiKey | None = None
    send_notice: bool = True
    first_decision_on: dt.date | None = None
    # Filed by the module that owns the type, through its own page (a type kept off the general
    # intake, `extra["public_form"] = False`, is refused otherwise).
    through_module: bool = False


def case_submit(submission: CaseSubmission | None = None, /, **fields: Any) -> Case:
    """File a case: `case_submit(CaseSubmission(...))` (or the same fields as keywords)."""
    sub = submission if submission is not None else CaseSubmission(**fields)
    intake = Intake()
    return intake.save([intake.check(sub)])[0]


@dataclass
class Checked:
    """A submission that passed every rule of case_submit: its case, not yet saved, and what is
    written with it."""

    sub: CaseSubmission
    case: Case
    prefix: str  # of the tracking code, drawn when the case is saved
    identity: Identity
    actor: Any  # of the audit entry
    on_behalf_of: Any
    sealed: str = ""  # a denouncer's identity, sealed for the vault
    photos: list[ContentFile] = dataclasses.field(default_factory=list)


# Rows per INSERT when many cases are saved together (fewer on SQLite, whose statements take at most
# 999 parameters: Django splits the batch further).
BATCH = 500


class Intake:
    """Filing cases: check() applies every rule of case_submit without writing, save() writes checked
    cases together. What checking reads besides the submission (its field's routing rules, the holiday
    calendar) is read once for many cases: 5,000 imported one by one took 9 statements each (64 s on
    PostgreSQL, past a web worker's 30 s), now one per batch of cases, events and audit entries."""

    def __init__(self) -> None:
        self.calendar = Calendar()
        self._rules: dict[int | None, list[RoutingRule]] = {}

    def _route(self, place: Place, field: Field | None) -> tuple[Place, Any]:
        key = field.pk if field is not None else None
        if key not in self._rules:
            self._rules[key] = routing_rules(field)
        return route(place, field, self._rules[key])

    def check(self, sub: CaseSubmission) -> Checked:
        """The case `sub` files, not yet saved; a DomainError (IdentityRequired, Forbidden…) when a
        rule refuses it. Nothing is written."""
        _check_required(sub)
        check_input(sub)
        ctype = case_type(sub.case_type_key)
        identity = sub.identity or Identity()
        submitter = sub.submitter if getattr(sub.submitter, "is_authenticated", False) else None
        anonymous = _check_identity(sub, identity, submitter)
        place = sub.place
        received_at = sub.received_at or timezone.now()
        received_day = deadlines.local_day(received_at)
        remote_area = sub.remote_area
        if sub.case_type_key == COMPLAINT_SECOND:
            _check_second_complaint_window(place, sub.first_decision_on, received_day, remote_area)
        rules = ctype.rules_on(received_day)
        unit, default_handler = self._route(place, sub.field)  # default_handler: a User or None
        for held in (place, unit):
            check_existing(held, received_day)
        if remote_area is None:
            # Remote or difficult areas (Luật Khiếu nại 2011, Điều 28): a configurable list of place codes.
            remote_area = is_remote(place)
        confidential = ctype.confidential_submitter
        if submitter is not None and not identity.given:
            identity = dataclasses.replace(
                identity, name=submitter.full_name, phone=submitter.phone or "", email=submitter.email or ""
            )
        case = Case(
            case_type=ctype.key,
            channel=sub.channel,
            field=sub.field,
            place=place,
            unit=unit,
            # A denunciation's handler is chosen by the chairman, never by a routing rule (need-to-know).
            handler=None if confidential else default_handler,
            title=sub.title.strip(),
            description=sub.description.strip(),
            contested_decision=sub.contested_decision.strip(),
            denounced=sub.denounced.strip(),
            address=sub.address.strip(),
            latitude=sub.latitude,
            longitude=sub.longitude,
            anonymous=anonymous,
            recorded_by=sub.recorded_by,
            remote_area=bool(remote_area),
            rule_key=rules.key,
            received_at=received_at,
            acceptance_due=deadlines.acceptance_due(rules, received_day, self.calendar),
            open311_client=sub.open311_client,
            first_decision_on=sub.first_decision_on,
        )
        language = filed_in(sub.recorded_by)
        if not confidential and not anonymous:
            case.submitter = submitter
            case.submitter_name = identity.name.strip()[:200]
            case.submitter_phone = identity.phone.strip()[:20]
            case.submitter_email = identity.email.strip()[:254]
            case.submitter_language = language
        checked = Checked(
            sub,
            case,
            ctype.prefix,
            identity,
            # A denouncer must not be linkable through the audit log either: the system is the actor.
            actor=None if confidential else (sub.recorded_by or submitter),
            on_behalf_of=None if confidential else (submitter if sub.recorded_by else None),
            photos=[clean_photo(content, name) for name, content in sub.photos or []],
        )
        if confidential:
            # The only link between a signed-in denouncer and their denunciation: inside the vault.
            data = {
                "name": identity.name,
                "phone": identity.phone,
                "email": identity.email,
                "address": identity.address,
                "id_number": identity.id_number,
                "user_id": submitter.pk if submitter is not None else None,
                "language": language,
            }
            checked.sealed = vault.seal(data)
        return checked

    def save(self, checked: list[Checked]) -> list[Case]:
        """The checked cases written, all or none, each with its sealed identity (denunciations), photos,
        timeline event and audit entry, and the citizen told where the submission asks for it."""
        for _attempt in range(8):
            try:
                with transaction.atomic():
                    return self._write(checked)
            except IntegrityError as e:
                # Two cases drew the same tracking code (31^6 codes): write them again with new ones.
                # The retry is here, around the whole write, so the common path needs no savepoint.
                if "tracking_code" not in str(e):
                    raise
        raise DomainError(_("Please try again."))  # pragma: no cover - 31^6 codes

    def _write(self, checked: list[Checked]) -> list[Case]:
        _draw_codes(checked)
        cases = Case.objects.bulk_create([c.case for c in checked], batch_size=BATCH)
        sealed = [IdentityVault(case=c.case, ciphertext=c.sealed) for c in checked if c.sealed]
        IdentityVault.objects.bulk_create(sealed, batch_size=BATCH)
        for c in checked:
            for photo in c.photos:
                CasePhoto.objects.create(case=c.case, image=photo)
        events = [
            new_event(c.case, "received", c.sub.recorded_by, note=str(Channel(c.sub.channel).label))
            for c in checked
        ]
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        audit_many(
            {
                "actor": c.actor,
                "action": "cases.submit",
                "obj": c.case,
                "after": _snap(c.case),
                "on_behalf_of": c.on_behalf_of,
            }
            for c in checked
        )
        for c in checked:
            if c.sub.send_notice:
                tell_received(c.case, c.identity)
        return cases


def _draw_codes(checked: list[Checked]) -> None:
    """A new tracking code for every case. One case relies on the unique index (save() draws again on a
    clash). Many are first checked against the codes already taken, and against each other: 5,000
    codes among a million cases would clash about 6 times, so drawing them all again would not do."""
    drawing, kept = checked, set[str]()
    while drawing:
        for c in drawing:
            c.case.tracking_code = new_tracking_code(c.prefix)
        if len(checked) == 1:
            return
        codes = [c.case.tracking_code for c in drawing]
        taken = {
            code
            for start in range(0, len(codes), BATCH)
            for code in Case.objects.filter(tracking_code__in=codes[start : start + BATCH]).values_list(
                "tracking_code", flat=True
            )
        }
        again = []
        for c in drawing:
            if c.case.tracking_code in taken or c.case.tracking_code in kept:
                again.append(c)
            else:
                kept.add(c.case.tracking_code)
        drawing = again


def _texts(sub: CaseSubmission) -> dict[str, str]:
    identity = sub.identity or Identity()
    return {
        "title": sub.title or "",
        "description": sub.description or "",
        "contested_decision": sub.contested_decision or "",
        "denounced": sub.denounced or "",
        "address": sub.address or "",
        "name": identity.name or "",
        "phone": identity.phone or "",
        "email": identity.email or "",
        "id_number": identity.id_number or "",
        "identity_address": identity.address or "",
    }


def check_existing(place: Place, on: dt.date) -> None:
    """A unit abolished in the 2025 reorganisation (its record stays, with `valid_to`) holds no case
    filed after it ended: nobody acts for it, so the case would never be answered. The person is
    told where the place went (the same check, from the loaded row, costs no query when it passes)."""
    if place.valid_to is None or on <= place.valid_to:
        return
    from danchu.places.queries import successors

    went = ", ".join(f"{new.name} ({new.code})" for new, _share in successors(place))
    message = _("%(place)s (%(code)s) no longer exists on %(d)s.") % {
        "place": place.name,
        "code": place.code,
        "d": on.strftime("%d/%m/%Y"),
    }
    if went:
        message += " " + _("It is now part of: %(new)s.") % {"new": went}
    raise DomainError(message, code="place_ended", detail=["place"])


def check_input(sub: CaseSubmission) -> None:
    """Bad input is refused with a clear message before anything is written (one rule for every
    channel): control characters, text over the field's length, coordinates off the globe, a malformed
    e-mail address."""
    for name, value in _texts(sub).items():
        if "\x00" in value:
            raise DomainError(
                _("The text contains a character that is not allowed (NUL)."), code="bad_text", detail=[name]
            )
        if len(value.strip()) > MAX_LENGTHS[name]:
            raise DomainError(
                _("This text is too long: at most %(n)s characters.")
                % {"n": formats.number(MAX_LENGTHS[name])},
                code="too_long",
                detail=[name],
            )
    for coordinate, number, bound in (("latitude", sub.latitude, 90), ("longitude", sub.longitude, 180)):
        if number is not None and not (-bound <= number <= bound):  # also refuses NaN
            raise DomainError(
                _("The position is outside the valid range (latitude ±90, longitude ±180)."),
                code="bad_position",
                detail=[coordinate],
            )
    phone = (sub.identity.phone if sub.identity else "").strip()
    if phone and normalize_phone(phone) is None:  # "abc" left the office no way to reach the person
        raise DomainError(_("Enter a valid phone number."), code="bad_phone", detail=["phone"])
    email = (sub.identity.email if sub.identity else "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                _("Enter a valid e-mail address."), code="bad_email", detail=["email"]
            ) from None


def _check_identity(sub: CaseSubmission, identity: Identity, submitter: Any) -> bool:
    """Whether the case is anonymous; IdentityRequired when the type needs a verified identity."""
    ctype = case_type(sub.case_type_key)
    anonymous = sub.anonymous
    if anonymous and not ctype.anonymous_allowed:
        raise IdentityRequired(
            _("%(type)s cannot be anonymous.") % {"type": ctype.label}, detail={"offer": FEEDBACK}
        )
    if ctype.requires_identity:
        verified = submitter is not None and is_verified_resident(submitter)
        entered_by_staff = sub.recorded_by is not None and identity.given
        if not (verified or entered_by_staff):
            raise IdentityRequired(
                _(
                    "The law requires the identity of whoever files a %(type)s (name, address, identity document). "
                    "Sign in as a verified resident, or go to the commune's citizen reception. You may instead send "
                    "it as feedback, which needs no identity."
                )
                % {"type": str(ctype.label).lower()},
                detail={"offer": FEEDBACK},
            )
    if (
        not anonymous
        and submitter is None
        and not identity.given
        and not identity.phone
        and not identity.email
    ):
        anonymous = ctype.anonymous_allowed
        if not anonymous:
            raise IdentityRequired(_("Please give your name and a phone number or e-mail address."))
    return anonymous


def _check_required(sub: CaseSubmission) -> None:
    if sub.case_type_key not in CASE_TYPES:
        raise DomainError(_("Unknown case type."), code="unknown_type")
    ctype = case_type(sub.case_type_key)
    if not in_public_form(ctype) and not sub.through_module:
        raise DomainError(
            _("%(type)s is not sent with this form: use the page of the body that handles it.")
            % {"type": ctype.label},
            code="case_type",
        )
    missing = [
        f for f, v in (("title", sub.title), ("description", sub.description)) if not (v or "").strip()
    ]
    for name in ("contested_decision", "denounced"):
        if name in ctype.required_fields and not (getattr(sub, name) or "").strip():
            missing.append(name)
    if missing:
        raise DomainError(_("Please fill in every required field."), code="missing_fields", detail=missing)
    if sub.place.level < Level.COMMUNE:
        raise DomainError(_("Choose the commune or village where the matter is."), code="place")
    if sub.photos and len(sub.photos) > max_photos():
        raise DomainError(_("At most %(n)d photos per case.") % {"n": max_photos()}, code="photos")
    if sub.recorded_by is not None and not can(sub.recorded_by, "cases.record_intake", sub.place):
        raise Forbidden(_("Only the staff of the commune may record a case for a citizen."))


def _check_second_complaint_window(
    place: Place, first_decision_on: dt.date | None, filed_on: dt.date, remote_area: bool | None
) -> None:
    """Luật Khiếu nại 2011, Điều 33: a second-time complaint is filed within 30 days (45 in remote
    areas) of receiving the first-time decision or of its deadline passing; after that the remaining
    route is the administrative court. The date is therefore required: without it the period cannot
    be checked (one rule for the form, the API and the import)."""
    from ..types import SECOND_COMPLAINT_FILING, SECOND_COMPLAINT_FILING_REMOTE

    if first_decision_on is None:
        raise DomainError(
            _(
                "A second-time complaint needs the date the first-time decision was received (or the date its "
                "deadline passed without a decision): the Law on Complaints, Art. 33, allows a second-time "
                "complaint only within 30 days of that date (45 days in remote areas)."
            ),
            code="first_decision_date_required",
            detail=["first_decision_on"],
        )
    if first_decision_on > filed_on:
        raise DomainError(
            _("The date the first-time decision was received cannot be after the complaint is filed."),
            code="first_decision_date_required",
            detail=["first_decision_on"],
        )
    remote = remote_area if remote_area is not None else is_remote(place)
    limit = (SECOND_COMPLAINT_FILING_REMOTE if remote else SECOND_COMPLAINT_FILING).days
    if (filed_on - first_decision_on).days > limit:
        raise DomainError(
            _(
                "A second-time complaint must be filed within %(days)d days of receiving the first-time decision "
                "(Law on Complaints, Art. 33); that time has passed. You may still bring the matter to the "
                "administrative court."
            )
            % {"days": limit},
            code="filing_period_passed",
        )
