"""Objects of disclosures for the access matrix: a draft of the unit (as private as a draft must be),
a published item with its first version, an attachment, a citizen's question awaiting moderation and
one approved (to answer), a proof of posting with a photo, and a cited legal document."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from danchu.accounts.tests.factories import UserFactory
from danchu.disclosures import services
from danchu.disclosures.models import Attachment, Document, Proof, Question

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _draft(officer: Any, commune: Any, title: str) -> Any:
    return services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution",
            title=title,
            summary="Thu ngân sách xã quý I đạt 1.250 triệu đồng.",
            body="Xã công khai số liệu thu chi ngân sách quý I.",
        ),
    )


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    draft = _draft(officer, commune, "Báo cáo thực hiện ngân sách quý I")
    item = _draft(officer, commune, "Dự toán ngân sách xã năm 2026")
    services.disclosure_publish(actor=officer, disclosure=item)
    item.refresh_from_db()
    version = item.versions.order_by("number").first()
    attachment = Attachment.objects.create(
        disclosure=item,
        file=ContentFile(b"%PDF-1.4\n%matrix\n", name="du-toan.pdf"),
        name="du-toan.pdf",
        content_type="application/pdf",
        size=17,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    question = Question.objects.create(
        disclosure=item,
        asker=UserFactory(full_name="Người Hỏi Ngân Sách"),
        text="Khoản chi sửa đường là bao nhiêu?",
    )
    approved = Question.objects.create(
        disclosure=item,
        asker=UserFactory(full_name="Người Hỏi Dự Toán"),
        text="Dự toán chi cho giáo dục năm 2026 là bao nhiêu?",
        status=Question.Status.APPROVED,
    )
    proof = Proof.objects.create(
        disclosure=item,
        kind=Proof.Kind.choices[0][0],
        place=village,
        location="Nhà văn hóa thôn",
        at=timezone.now(),
        photo=ContentFile(PNG, name="niem-yet.png"),
        recorded_by=officer,
    )
    document = Document.objects.create(
        key=f"matrix-{commune.pk}",
        form=Document.Form.choices[0][0],
        doc_type="QĐ",
        number=str(commune.pk),
        year=2021,
        symbol=f"{commune.pk}/QĐ-UBND",
        title="Quyết định về dự toán",
    )
    return (
        {
            "disclosures:pk": str(item.pk),
            "disclosures:number": str(version.number if version else 1),
            "disclosures:office_edit:pk": str(draft.pk),
            "disclosures:office_publish:pk": str(draft.pk),
            "disclosures:attachment:pk": str(attachment.pk),
            "disclosures:office_question:pk": str(question.pk),
            "disclosures:office_proof_photo:pk": str(proof.pk),
            "disclosures:office_proof_photo:ext": "png",
            "disclosures:document:pk": str(document.pk),
            "api:disclosures:pk": str(item.pk),
            f"{API}/documents/{{pk}}:pk": str(document.pk),
            f"{API}/{{pk}}:pk": str(item.pk),
            f"{API}/{{pk}}/questions:pk": str(item.pk),
            f"{API}/office/questions/{{pk}}/approve:pk": str(question.pk),
            f"{API}/office/questions/{{pk}}/reject:pk": str(question.pk),
            f"{API}/office/questions/{{pk}}/answer:pk": str(approved.pk),
        }
        | {
            f"{API}/office/items/{{pk}}{path}:pk": str(obj.pk)
            for path, obj in _item_paths(draft, item).items()
        }
        | {
            f"api-body:{key.replace(' ', ' /api/v1/disclosures', 1)}": json.dumps(body)
            for key, body in BODIES.items()
        }
        | _proof_body(commune)
    )


API = "api:/api/v1/disclosures"
# Valid bodies, so the getter and the gate answer, not validation; attachments are multipart uploads.
BODIES = {
    "PUT /office/items/{pk}": {"category": "budget_execution", "title": "Báo cáo ngân sách quý I (sửa)"},
    "POST /office/items/{pk}/correct": {"title": "Dự toán ngân sách xã năm 2026", "note": "Sửa số liệu."},
    "POST /office/items/{pk}/withdraw": {"reason": "Đăng nhầm đơn vị."},
    "POST /office/questions/{pk}/reject": {"reason": "Câu hỏi không liên quan."},
    "POST /office/questions/{pk}/answer": {"answer": "Dự toán chi giáo dục là 2.100 triệu đồng."},
    "POST /{pk}/questions": {"text": "Khi nào xã công khai quyết toán?"},
    "POST /office/items/{pk}/attachments": {
        "multipart": {},
        "files": {"file": ["du-toan.pdf", "%PDF-1.4\n"]},
    },
}


def _proof_body(commune: Any) -> dict[str, str]:
    """A loudspeaker broadcast in the unit (a multipart form that needs no photo)."""
    body = {"multipart": {"kind": "loudspeaker", "place": commune.code, "at": timezone.now().isoformat()}}
    return {"api-body:POST /api/v1/disclosures/office/items/{pk}/proofs": json.dumps(body)}


def _item_paths(draft: Any, item: Any) -> dict[str, Any]:
    """Each office path meets the disclosure in the state its step starts from: a draft is read,
    edited, given files and published; a published item is corrected, withdrawn and proven posted."""
    return {
        "": draft,
        "/publish": draft,
        "/attachments": draft,
        "/correct": item,
        "/withdraw": item,
        "/proofs": item,
    }
