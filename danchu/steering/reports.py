"""What steering tells reporting about its committees' reports (reporting imports no module):
the document format of the issuing committee, and publishing a signed report as a disclosure."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.places.models import Level
from danchu.reporting.registry import register_issuer, register_publisher


def issuer(committee: Any) -> dict[str, Any] | None:
    """A committee under a Party committee issues in the Party format (DOMAIN.md §9.2), numbered per
    the Party committee's term; any other committee as a state body (Decree 30)."""
    from .models import SteeringCommittee

    sc = SteeringCommittee.objects.filter(body=committee).first()
    if sc is None:
        return None
    if sc.party_committee:
        return {
            "doc_format": "party",
            "parent_issuer": sc.party_committee.upper(),
            "symbol": "BC/BCĐ",
            "term_start": sc.term_start,
        }
    return {"doc_format": "state", "parent_issuer": "", "symbol": "BC-BCĐ", "term_start": None}


def publish(*, actor: Any, report: Any) -> str:
    """The signed report as a disclosure of the committee's place, with its DOCX attached, through
    disclosures' one entry for modules (same checks as a disclosure written by hand); returns the
    disclosure's public address."""
    import io

    from danchu.disclosures.services import FromModule, Upload, disclosure_publish_from_module
    from danchu.reporting.exports import docx_bytes, number_line

    content = docx_bytes(report)
    name = f"bao-cao-{report.place.code}-{report.period.code}-so-{report.number}.docx"
    d = disclosure_publish_from_module(
        actor=actor,
        item=FromModule(
            place=report.place,
            category="steering_documents",
            title=f"{number_line(report)}: {report.title}"[:255],
            summary=report.title,
            body="\n\n".join(f"{s.heading}\n{s.text}" for s in report.sections.all()),
            issuing_unit=report.issuer,
            files=(Upload(file=io.BytesIO(content), name=name, size=len(content)),),
            source=f"reporting.draftreport:{report.pk}",
        ),
    )
    # Its public address: the report page links it ("Đã công khai"), never shows a code.
    return d.get_absolute_url()


def publish_refusal(*, actor: Any, place: Any) -> str | None:
    """Why the person cannot publish the committee's signed report as a disclosure of its place.
    Disclosures lets a commune's staff publish for their commune and a province's or district's
    committee members for exactly their committee's place (disclosures/permissions.py)."""
    from danchu.core.access import can

    if can(actor, "disclosures.manage", place):
        return None
    if place.level < Level.COMMUNE:
        return _(
            "Only members of the steering committee of %(place)s may publish its report as a disclosure. "
            "Sign it without publishing; it can be downloaded and posted."
        ) % {"place": place.name}
    return _(
        "Only the staff who publish for %(place)s (its officers and chairman) may publish this report "
        "as a disclosure. Sign it without publishing, and ask them to publish it."
    ) % {"place": place.name}


register_issuer(issuer)
register_publisher(publish, publish_refusal)
