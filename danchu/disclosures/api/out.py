"""Objects as the API shows them (the public never sees moderation or drafts)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import services
from ..models import Attachment, Disclosure, Document, Proof, Question


def out(d: Disclosure) -> dict[str, Any]:
    return {
        "id": d.pk,
        "place": d.place.code,
        "place_name": d.place.name,
        "issuing_unit": d.issuing_unit,
        "category": d.category,
        "category_name": d.category_name,
        "title": d.title,
        "summary": d.summary,
        "status": d.status,
        "version": d.version,
        "published_at": d.published_at,
        "posting_start": d.posting_start,
        "posting_end": d.posting_end,
        "withdraw_reason": d.withdraw_reason,
        "view_count": d.view_count,
        "url": d.get_absolute_url(),
    }


def doc_out(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "form": doc.form,
        "doc_type": doc.doc_type,
        "type_name": doc.type_name,
        "number": doc.number,
        "year": doc.year,
        "symbol": doc.symbol,
        "issuer": doc.issuer,
        "issuer_name": doc.issuer_name,
        "issued_on": doc.issued_on,
        "url": doc.get_absolute_url(),
    }


def att_out(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "url": a.get_absolute_url(),
    }


def detail(d: Disclosure) -> dict[str, Any]:

    return {
        **out(d),
        "body": d.body,
        "body_html": d.body_html,
        "legal_basis": d.legal_basis,
        "publish_at": d.publish_at,
        "villages": [v.code for v in d.villages.all()],
        "attachments": [att_out(a) for a in d.attachments.all()],
        "versions": [
            {"number": v.number, "title": v.title, "note": v.note, "created_at": v.created_at}
            for v in d.versions.order_by("-number")
        ],
        "documents": [doc_out(c.document) for c in d.citations.select_related("document")],
        "poster_url": reverse("disclosures:poster", kwargs={"pk": d.pk}),
        "audio_url": reverse("disclosures:audio", kwargs={"pk": d.pk}) if d.audio_status == "ready" else None,
        "poster_status": d.poster_status,
        "audio_status": d.audio_status,
    }


def proof_out(p: Proof) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "kind_name": p.get_kind_display(),
        "place": p.place.code,
        "place_name": p.place.name,
        "location": p.location,
        "at": p.at,
        "note": p.note,
        "photo_url": p.photo_url or None,
        "recorded_at": p.recorded_at,
    }


def with_proofs(d: Disclosure) -> Disclosure:
    """One query for the proofs and their places (posted_days reads each proof's place)."""
    prefetch_related_objects([d], Prefetch("proofs", queryset=Proof.objects.select_related("place")))
    return d


def office_detail(d: Disclosure) -> dict[str, Any]:
    d = with_proofs(d)
    return {
        **detail(d),
        "proofs": [proof_out(p) for p in d.proofs.all()],
        "posted": [
            {
                "place": row["place"].code,
                "place_name": row["place"].name,
                "posted_from": row["from"],
                "posted_to": row["to"],
                "days": row["days"],
                "ongoing": row["ongoing"],
                "broadcasts": row["broadcasts"],
            }
            for row in services.posted_days(d)
        ],
    }


def asker_name(q: Question) -> str:
    return q.asker.full_name or _("A resident")


def question_out(q: Question) -> dict[str, Any]:
    """What the public sees: the question and, once given, the answer. Never the moderation."""
    answered = q.status == Question.Status.ANSWERED
    return {
        "id": q.pk,
        "asker_name": asker_name(q),
        "text": q.text,
        "asked_at": q.asked_at,
        "answered": answered,
        "answer": q.answer if answered else "",
        "answered_at": q.answered_at if answered else None,
    }


def office_question_out(q: Question) -> dict[str, Any]:
    return {
        "id": q.pk,
        "disclosure": q.disclosure_id,
        "disclosure_title": q.disclosure.title,
        "asker_name": asker_name(q),
        "text": q.text,
        "status": q.status,
        "status_name": q.get_status_display(),
        "asked_at": q.asked_at,
        "reject_reason": q.reject_reason,
        "answer": q.answer,
        "answered_at": q.answered_at,
        "case_code": q.case_code,
    }
