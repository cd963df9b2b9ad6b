"""Files of a disclosure: attachments and proofs of posting (photos), sanitised and randomly named."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.places.models import Place

from ..models import (
    Attachment,
    Disclosure,
    JobStatus,
    Proof,
)
from .common import PUBLISH_GRACE, S, actor_or_none, fit, require_manage


@dataclass(frozen=True)
class Upload:
    """A file as a person sent it: its bytes, the name it had and the size it claims."""

    file: IO[bytes]
    name: str
    size: int


@dataclass(frozen=True)
class ProofIn:
    """A proof of posting: a notice-board posting (with its photo), a broadcast or a take-down."""

    kind: str
    place: Place
    at: dt.datetime
    location: str = ""
    note: str = ""
    photo: Upload | None = None


@transaction.atomic
def attachment_add(
    *, actor: Any, disclosure: Disclosure, file: IO[bytes], name: str, size: int
) -> Attachment:
    """Attach a file, sanitised (core.uploads) and stored under a random name; the name shown is the
    original one (safe characters) with the true extension."""
    d = Disclosure.objects.select_related("place").get(pk=disclosure.pk)
    require_manage(actor, d.place)
    if d.status in (S.WITHDRAWN, S.ENDED):
        raise DomainError(
            _("Files cannot be added to a disclosure that is %(status)s.")
            % {"status": d.get_status_display()}
        )
    clean = uploads.sanitise(
        file, name=name, size=size, allowed={**uploads.DOCUMENT_TYPES, **uploads.IMAGE_TYPES}
    )
    a = Attachment(
        disclosure=d,
        name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
        uploaded_by=actor_or_none(actor),
    )
    a.file.save(clean.stored_name(), ContentFile(clean.content), save=False)
    a.save()
    audit(
        actor=actor,
        action="disclosures.attach",
        obj=d,
        after={"attachment": a.pk, "name": a.name, "sha256": a.sha256, "size": a.size},
    )
    return a


@transaction.atomic
def proof_add(*, actor: Any, disclosure: Disclosure, proof: ProofIn) -> Proof:
    d = Disclosure.objects.select_related("place").get(pk=disclosure.pk)
    require_manage(actor, d.place)
    if not d.is_public:
        raise DomainError(_("Proof of posting is recorded for a published disclosure."))
    if proof.kind not in Proof.Kind.values:
        raise DomainError(_("Unknown kind of proof."))
    place = proof.place
    if place != d.place and place.parent_id != d.place.pk:
        raise DomainError(_("%(place)s is not the commune or one of its villages.") % {"place": place.name})
    if proof.at > timezone.now() + PUBLISH_GRACE:
        raise DomainError(
            _("A proof records what happened: its time cannot be in the future."), code="future"
        )
    if proof.kind == Proof.Kind.NOTICE_BOARD and proof.photo is None:
        raise DomainError(_("A notice-board posting needs a photo of the board."), code="photo_required")
    p = Proof(
        disclosure=d,
        kind=proof.kind,
        place=place,
        at=proof.at,
        location=fit(proof.location, "location", _("The location")).strip(),
        note=fit(proof.note, "proof_note", _("The note")).strip(),
        recorded_by=actor_or_none(actor),
    )
    if proof.photo is not None:
        # Re-encoded without EXIF: a notice-board photo must not publish the phone's GPS or serial.
        clean = uploads.sanitise(
            proof.photo.file,
            name=proof.photo.name or "photo",
            size=proof.photo.size,
            allowed=uploads.IMAGE_TYPES,
        )
        p.photo.save(clean.stored_name(), ContentFile(clean.content), save=False)
    p.save()
    audit(
        actor=actor,
        action="disclosures.proof",
        obj=d,
        after={"proof": p.pk, "kind": proof.kind, "place": place.code, "at": proof.at.isoformat()},
    )
    return p


def posted_days(
    d: Disclosure, *, today: dt.date | None = None, proofs: list[Proof] | None = None
) -> list[dict[str, Any]]:
    """Per place, how long the notice was physically posted, from proofs: from the first posting
    photo to the take-down (or to today / the end of the posting period). `proofs` (with their
    places) when the caller has them already."""
    today = today or timezone.localdate()
    by_place: dict[int, dict[str, Any]] = {}
    if proofs is None:
        proofs = list(d.proofs.select_related("place"))
    for p in sorted(proofs, key=lambda p: p.at):
        day = timezone.localtime(p.at).date()
        row = by_place.setdefault(p.place_id, {"place": p.place, "from": None, "to": None, "broadcasts": 0})
        if p.kind == Proof.Kind.NOTICE_BOARD and row["from"] is None:
            row["from"] = day
        elif p.kind == Proof.Kind.TAKEN_DOWN and row["from"] is not None:
            row["to"] = day
        elif p.kind == Proof.Kind.LOUDSPEAKER:
            row["broadcasts"] += 1
    out = []
    for row in by_place.values():
        if row["from"] is not None:
            end = row["to"] or min(today, d.posting_end or today)
            row["days"] = (end - row["from"]).days + 1
            row["ongoing"] = row["to"] is None
        else:
            row["days"] = 0
            row["ongoing"] = False
        out.append(row)
    return out


def poster_of(d: Disclosure) -> FieldFile:
    """The notice-board poster of a published disclosure. When the job has not run (or failed) it is
    made now, so a citizen never waits for the queue."""
    from .. import posters

    if d.poster and d.poster_status == JobStatus.READY:
        return d.poster
    try:
        data = posters.render_pdf(d)
    except Exception as e:  # WeasyPrint problems must not become a 500 for the citizen
        raise DomainError(
            _("The poster cannot be made right now; please try again later."), status=503
        ) from e
    d.poster.save(uploads.random_name("pdf"), ContentFile(data), save=False)
    Disclosure.objects.filter(pk=d.pk).update(
        poster=d.poster.name, poster_status=JobStatus.READY, poster_error=""
    )
    return d.poster
