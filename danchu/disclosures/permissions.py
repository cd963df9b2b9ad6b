"""Who may do what with disclosures, and the one getter per object kind (404 for missing and forbidden).

Rules (registered through the manifest, see apps.py):

- ``disclosures.view`` (anyone): a disclosure, version or public file that has been published;
- ``disclosures.read_file`` (anyone): a file of a disclosure — public once the disclosure is, before
  that only for the staff who manage it (a draft's file is as private as the draft);
- ``disclosures.manage`` (staff): commune staff publish for their commune and its villages; a
  steering committee member of a province or (pre-2025) district publishes the committee's own
  documents for exactly the place of the committee — not for the communes below it, nor for another
  place (acting is not inherited, need-to-know); the object may be a unit, a disclosure or anything
  attached to one (question, attachment, proof); without an object: does the person publish for any
  unit;
- ``disclosures.read_compliance`` (staff): a unit's compliance calendar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from danchu.accounts.models import Role
from danchu.accounts.permissions import can_act_in_place, can_read_place, memberships, scope_place
from danchu.core.access import PUBLIC, get_for, rule
from danchu.places.models import Level, Place

from .models import Attachment, Disclosure, DisclosureVersion, Document, Proof, Question

M = TypeVar("M", bound=Model)

VIEW = "disclosures.view"
READ_FILE = "disclosures.read_file"
MANAGE = "disclosures.manage"
COMPLIANCE = "disclosures.read_compliance"
VIEW_PLACE = "disclosures.view_place"
VIEW_DOCUMENT = "disclosures.view_document"

# Commune staff publish for their commune (and its villages); acting is not inherited downwards.
COMMUNE_DISCLOSERS = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN})
# The levels whose steering committee publishes for its own place: a commune's disclosures are its
# staff's work (the commune committee's documents go out through them), a village issues none.
COMMITTEE_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT})
# Who reads a unit's compliance calendar: its staff and the steering committees above it.
COMPLIANCE_READERS = frozenset(
    {
        Role.COMMUNE_OFFICER,
        Role.COMMUNE_CHAIRMAN,
        Role.STEERING_MEMBER,
        Role.FRONT_OFFICER,
        Role.INSPECTION_MEMBER,
    }
)


def unit_of(obj: Any) -> Place | None:
    """The unit an object belongs to: a place itself, or the issuing unit of its disclosure (a proof's
    own place is a village; the disclosure's place decides)."""
    if obj is None or isinstance(obj, Place):
        return obj
    if isinstance(obj, Disclosure):
        return obj.place
    disclosure = getattr(obj, "disclosure", None)
    return disclosure.place if disclosure is not None else None


def committee_places(person: Any) -> list[Place]:
    """The places whose steering committee the person sits on, at a level that publishes for itself
    (province, district): the place the role is held at, never a place below it."""
    return [
        s
        for m in memberships(person)
        if m.role == Role.STEERING_MEMBER
        and (s := scope_place(m)) is not None
        and s.level in COMMITTEE_LEVELS
    ]


def is_committee_member_of(person: Any, place: Place) -> bool:
    """Sits on the steering committee of exactly `place` (a province or district)."""
    return place.level in COMMITTEE_LEVELS and any(p.pk == place.pk for p in committee_places(person))


COMMITTEE_CATEGORY = "steering_documents"


def committee_only(person: Any, place: Place) -> bool:
    """Manages `place` only as a member of its steering committee (not as its staff): then only the
    committee's own documents, in the category COMMITTEE_CATEGORY (least privilege)."""
    return is_committee_member_of(person, place) and not can_act_in_place(person, place, COMMUNE_DISCLOSERS)


def can_manage(person: Any, obj: Any = None) -> bool:
    if obj is None:
        from .queries import managed_places

        return bool(managed_places(person))
    place = unit_of(obj)
    if place is None:
        return False
    return can_act_in_place(person, place, COMMUNE_DISCLOSERS) or is_committee_member_of(person, place)


def can_read_compliance(person: Any, place: Any) -> bool:
    return place is not None and can_read_place(person, place, COMPLIANCE_READERS)


def _disclosure_of(obj: Any) -> Disclosure:
    return obj if isinstance(obj, Disclosure) else obj.disclosure


def is_published(person: Any, obj: Any) -> bool:
    return obj is not None and _disclosure_of(obj).is_public


def can_read_file(person: Any, obj: Any) -> bool:
    return is_published(person, obj) or can_manage(person, obj)


def register() -> None:
    rule(VIEW, is_published, who=PUBLIC)
    rule(READ_FILE, can_read_file, who=PUBLIC)
    rule(MANAGE, can_manage)
    rule(COMPLIANCE, can_read_compliance)
    rule(VIEW_PLACE, lambda person, place: True, who=PUBLIC)
    rule(VIEW_DOCUMENT, lambda person, doc: True, who=PUBLIC)


# --- Getters: the only way views, the API and commands reach an object from user input --------------


_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def clean(text: str | None) -> str:
    """Text from a URL, a query string or a JSON body as the databases and the feeds take it: no NUL
    or other control characters (tab and newlines stay; XML 1.0 refuses the others) and no lone
    surrogates (a JSON "\\ud800" decodes to one; PostgreSQL refuses it), which become U+FFFD."""
    return _UNSTORABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text or "")


def _found(
    person: Any, qs: QuerySet[M], action: str, message: Callable[[], str], memo: Any = None, **lookup: Any
) -> M:
    """get_for, with the 404's message (the same for missing and forbidden). Http404, not NotFound:
    after a POST too the answer is a 404, not the way back to the form."""
    try:
        return get_for(person, qs, action, memo=memo, **lookup)
    except Http404:
        raise Http404(message()) from None


def disclosure_for(person: Any, pk: Any, action: str = VIEW) -> Disclosure:
    qs = Disclosure.objects.select_related("place", "place__parent")
    if action == VIEW:
        qs = qs.public()
    return _found(
        person,
        qs,
        action,
        lambda: _("This disclosure does not exist or is not published."),
        memo=("disclosures.disclosure_for", action == VIEW),  # the public page's and the others'
        pk=pk,
    )


def version_for(person: Any, pk: Any, number: Any, action: str = VIEW) -> DisclosureVersion:
    qs = DisclosureVersion.objects.select_related("disclosure__place")
    return _found(person, qs, action, lambda: _("No such version."), disclosure_id=pk, number=number)


def attachment_for(person: Any, pk: Any, action: str = READ_FILE) -> Attachment:
    qs = Attachment.objects.select_related("disclosure__place")
    return _found(person, qs, action, lambda: _("No such file."), pk=pk)


def question_for(person: Any, pk: Any, action: str = MANAGE) -> Question:
    qs = Question.objects.select_related("disclosure__place", "asker")
    return _found(person, qs, action, lambda: _("No such question."), pk=pk)


def proof_for(person: Any, pk: Any, action: str = MANAGE) -> Proof:
    qs = Proof.objects.select_related("disclosure__place", "place")
    return _found(person, qs, action, lambda: _("No such file."), pk=pk)


def document_for(person: Any, pk: Any, action: str = VIEW_DOCUMENT) -> Document:
    return _found(
        person, Document.objects.all(), action, lambda: _("No such document in the registry."), pk=pk
    )


def unit_for(person: Any, code: Any, action: str = VIEW_PLACE) -> Place:
    """A unit by its code: a province, commune or village (public pages exist for these)."""
    code = clean(str(code))[:64]
    qs = Place.objects.select_related("parent").filter(level__gte=Level.PROVINCE)
    return _found(
        person,
        qs,
        action,
        lambda: _("There is no commune or village with the code %(code)s.") % {"code": code},
        memo="disclosures.unit_for",
        code=code,
    )
