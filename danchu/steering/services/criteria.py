"""Criteria of bright spots and "Dân vận khéo" models as data, and evidence per criterion.
Recognition is refused while a criterion in force lacks evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError
from danchu.core.models import in_force_on

from ..models import BrightSpot, Criterion, EmulationModel, Evidence

# DOMAIN.md §11.2 (Nghe An guidance) for bright spots; §11.3 for models ([U]: the province edits them).
DEFAULTS: dict[str, list[tuple[str, str]]] = {
    Criterion.Kind.QCDC: [
        ("1", "Có tên gọi, địa chỉ cụ thể"),
        ("2", "Thuộc lĩnh vực thực hiện quy chế dân chủ ở cơ sở"),
        ("3", "Đăng ký từ đầu năm, có kế hoạch triển khai thực hiện"),
        (
            "4",
            "Phù hợp chủ trương của Đảng, chính sách, pháp luật của Nhà nước; phát huy quyền làm chủ của Nhân dân",
        ),
        ("5", "Có kết quả thiết thực, sức lan tỏa, được cấp ủy, chính quyền, Ban Chỉ đạo ghi nhận"),
    ],
    Criterion.Kind.DVCQ: [
        ("1", "Có tên gọi, địa chỉ cụ thể"),
        ("2", "Thuộc lĩnh vực dân vận chính quyền"),
        ("3", "Đăng ký từ đầu năm, có kế hoạch triển khai thực hiện"),
        ("4", "Giải quyết được khó khăn, vướng mắc hoặc nhiệm vụ chính trị của địa phương"),
        ("5", "Có kết quả thiết thực, sức lan tỏa, được Nhân dân đồng tình"),
    ],
    Criterion.Kind.DAN_VAN_KHEO: [
        ("1", "Có cách làm sáng tạo, phù hợp thực tiễn"),
        ("2", "Có kết quả cụ thể, lượng hóa được"),
        ("3", "Được Nhân dân đồng tình, hưởng ứng"),
        ("4", "Có khả năng nhân rộng"),
    ],
}


def ensure_defaults() -> None:
    if Criterion.objects.exists():
        return
    Criterion.objects.bulk_create(
        [
            Criterion(kind=kind, code=code, text=text, order=i)
            for kind, items in DEFAULTS.items()
            for i, (code, text) in enumerate(items)
        ]
    )


def criteria_for(kind: str, on: dt.date | None = None) -> list[Criterion]:
    ensure_defaults()
    on = on or timezone.localdate()
    return list(Criterion.objects.filter(in_force_on(on), kind=kind))


def missing_evidence(kind: str, evidence: Iterable[Evidence]) -> list[Criterion]:
    covered = {e.criterion_id for e in evidence}
    return [c for c in criteria_for(kind) if c.pk not in covered]


def require_evidence(kind: str, evidence: Iterable[Evidence]) -> None:
    missing = missing_evidence(kind, evidence)
    if missing:
        raise DomainError(
            _("It cannot be recognised while these criteria lack evidence: %(c)s.")
            % {"c": "; ".join(str(c) for c in missing)}
        )


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    criterion: Criterion,
    text: str,
    figure: str = "",
    file: Any = None,
    bright_spot: BrightSpot | None = None,
    emulation_model: EmulationModel | None = None,
) -> Evidence:
    text = (text or "").strip()
    if not text or "\x00" in text or len(text) > 5000 or "\x00" in figure or len(figure) > 100:
        raise DomainError(_("Describe the evidence (at most 5,000 characters, no control characters)."))
    kind = (
        Criterion.Kind.DAN_VAN_KHEO
        if emulation_model is not None
        else (bright_spot.field_kind if bright_spot else "")
    )
    if criterion.kind != kind:
        raise DomainError(_("This criterion is not one of this kind's."))
    # The file as core.uploads makes it safe (its type read from its content: PDF, DOCX, XLSX or a
    # photo), stored under a random name and served only through the committee's page.
    clean_file = (
        uploads.sanitise(
            file, name=file.name, size=file.size, allowed={**uploads.DOCUMENT_TYPES, **uploads.IMAGE_TYPES}
        )
        if file
        else None
    )
    ev = Evidence.objects.create(
        criterion=criterion,
        text=text,
        figure=figure.strip(),
        bright_spot=bright_spot,
        emulation_model=emulation_model,
    )
    if clean_file is not None:
        ev.file.save(clean_file.stored_name(), ContentFile(clean_file.content), save=True)
    audit(
        actor=actor,
        action="steering.evidence_add",
        obj=ev,
        after=snapshot(ev, ["criterion_id", "bright_spot_id", "emulation_model_id", "text", "figure"]),
    )
    return ev


def committee_over(place: Any) -> Any:
    """The steering committee of the nearest place at or above `place` (the deepest one)."""
    from ..models import SteeringCommittee

    found = [c for c in SteeringCommittee.objects.select_related("body__place") if place.is_within(c.place)]
    return max(found, key=lambda c: c.place.level, default=None)


@transaction.atomic
def bright_spot_propose(
    *, actor: Any, body: Any, name: str, address: str, field: str, plan: str
) -> BrightSpot:
    """A unit (agency, enterprise) registers its bright spot with the committee above it, with its plan;
    the committee then follows it through the workflow. The caller checks the actor acts for the unit."""
    name, address, plan = (name or "").strip(), (address or "").strip(), (plan or "").strip()
    for value, limit in ((name, 255), (address, 255), (plan, 20_000)):
        if "\x00" in value or len(value) > limit:
            raise DomainError(_("The text is too long or contains a character that is not allowed."))
    if not name or not address or not plan:
        raise DomainError(_("A bright spot needs a name, an address and an implementation plan."))
    if field not in BrightSpot.Field.values:
        raise DomainError(_("Choose a field."))
    committee = committee_over(body.place)
    if committee is None:
        raise DomainError(_("No steering committee covers this unit's place."))
    today = timezone.localdate()
    spot = BrightSpot.objects.create(
        committee=committee,
        place=body.place,
        body=body,
        name=name,
        address=address,
        field=field,
        year=today.year,
        plan=plan,
        registered_on=today,
    )
    audit(
        actor=actor,
        action="steering.bright_spot_propose",
        obj=spot,
        after=snapshot(spot, ["committee_id", "body_id", "name", "field", "year"]),
    )
    return spot
