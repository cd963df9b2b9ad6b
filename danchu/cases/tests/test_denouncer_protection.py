from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from danchu.cases import services
from danchu.cases.models import Case
from danchu.core.models import AuditEntry

NAME, PHONE, EMAIL = "Phan Thị Bí Mật", "0987654321", "bimat.tocao@example.vn"


@pytest.fixture
def denunciation(officer, chairman, village, client_as):  # noqa: ANN001, ANN201
    case = services.case_submit(
        case_type_key="denunciation",
        place=village,
        title="Tố cáo cán bộ thu tiền sai",
        description="Cán bộ thôn thu tiền làm đường ngoài nghị quyết.",
        denounced="Cán bộ thu đóng góp",
        recorded_by=officer,
        channel="walk_in",
        identity=services.Identity(
            name=NAME, phone=PHONE, email=EMAIL, address="Thôn 1", id_number="066190099999"
        ),
    )
    # The chairman accepts it and chooses its handler (nobody assigns a denunciation to themselves).
    services.case_accept(case=case, by=chairman)
    services.case_assign(case=case, by=chairman, handler=officer)
    # The handler reads the identity once, for a stated reason (audited), and the workflow runs on.
    services.reveal_identity(case=case, by=officer, reason="Xác minh nhân thân người tố cáo")
    services.case_respond(case=case, by=officer, body="Kết luận: tố cáo đúng một phần.")
    return case


def _dump_all_text() -> str:
    """Every text-like column of every table, read with plain SQL."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # SELECT * rather than the introspected columns: Django's SQLite introspection trips over
            # some CREATE TABLE texts (a constraint's formatting), and every column is wanted anyway.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def test_denouncer_identity_is_nowhere_in_a_database_dump(denunciation):
    dump = _dump_all_text()
    assert "Cán bộ thu đóng góp" in dump  # the dump does see ordinary text
    for secret in (NAME, PHONE, EMAIL, "066190099999", "987654321"):
        assert secret not in dump


def test_only_the_assigned_handler_reads_the_identity_and_each_reading_is_audited(
    denunciation, chairman, client_as, officer
):
    from danchu.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.reveal_identity(case=denunciation, by=chairman, reason="Tôi muốn biết ai tố cáo")
    before = AuditEntry.objects.filter(action="cases.identity_read").count()
    url = f"/cases/office/{denunciation.tracking_code}/identity/"
    response = client_as(officer).post(url, {"reason": "Mời người tố cáo đến làm việc"})
    assert NAME in response.content.decode() and "0987 654 321" in response.content.decode()
    assert AuditEntry.objects.filter(action="cases.identity_read").count() == before + 1
    # Refused with 403 and the message (the error page: the form's address takes only a POST).
    refused = client_as(chairman).post(url, {"reason": "Tôi muốn biết ai tố cáo"})
    page = refused.content.decode()
    assert refused.status_code == 403 and "Chỉ người được phân công giải quyết tố cáo này" in page
    assert NAME not in page and "0987 654 321" not in page


def test_identity_never_appears_in_pages_api_or_open311(denunciation, client_as, officer, chairman):
    c = client_as(chairman)
    code = denunciation.tracking_code
    pages = [
        c.get(f"/cases/office/{code}/").content.decode(),
        c.get("/cases/office/").content.decode(),
        json.dumps(c.get(f"/api/v1/cases/{code}").json(), ensure_ascii=False),
        json.dumps(c.get("/api/v1/cases/?state=").json(), ensure_ascii=False),
        Client().get(f"/cases/track/{code}/").content.decode(),
        Client().get(f"/cases/track/{code}/", {"k": denunciation.receipt_key}).content.decode(),
        Client().get("/open311/v2/requests.json").content.decode(),
    ]
    for page in pages:
        # The phone's last nine digits: it is stored as one number (+84987654321), however it was typed.
        assert NAME not in page and "987654321" not in page and EMAIL not in page
    assert Client().get(f"/open311/v2/requests/{code}.json").status_code == 404


def test_signed_conclusion_does_not_name_the_denouncer(denunciation, chairman):
    from docx import Document

    reply = services.case_sign_reply(case=denunciation, by=chairman)
    text = "\n".join(p.text for p in Document(reply.document.open("rb")).paragraphs)
    for table in Document(reply.document.open("rb")).tables:
        text += "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert NAME not in text
    assert denunciation.tracking_code in text


def test_a_web_denunciation_by_a_verified_resident_is_not_linked_to_their_account(
    client_as, citizen, village
):
    from .test_intake import _post

    response = _post(client_as(citizen), village, case_type="denunciation", denounced="Trưởng thôn")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.submitter is None and case.submitter_name == ""
    entry = AuditEntry.objects.get(action="cases.submit")
    assert entry.actor is None and entry.on_behalf_of is None
    assert services.vault.unseal(case.vault.ciphertext)["user_id"] == citizen.pk
