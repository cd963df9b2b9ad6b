"""Pol.is files: a UTF-16 file is called an encoding problem, a NUL byte is refused by its line, and the
map's CSV exports open in Excel with their Vietnamese (a BOM, as every CSV of the house)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from danchu.consultations.models import Conversation
from danchu.consultations.services import opinions as svc
from danchu.consultations.services import polis
from danchu.consultations.tests.test_opinion_maps import simulate
from danchu.core.errors import DomainError

pytestmark = pytest.mark.django_db

COMMENTS = "comment-id,moderated,comment-body\n0,1,Mở rộng đường liên thôn\n1,1,Làm mương thoát nước\n"
VOTES = b"comment-id,voter-id,vote\n0,1,1\n"


@pytest.fixture
def conversation(commune: Any, officer: Any) -> Conversation:
    return svc.conversation_create(actor=officer, place=commune, topic="Ưu tiên đầu tư năm 2027 của xã")


def refusal(officer: Any, commune: Any, comments: bytes) -> DomainError:
    with pytest.raises(DomainError) as refused, translation.override("vi"):
        polis.conversation_import(
            actor=officer, place=commune, topic="Đường liên thôn", comments_csv=comments, votes_csv=VOTES
        )
    assert not Conversation.objects.exists()
    return refused.value


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_file_is_an_encoding_problem(officer: Any, commune: Any, encoding: str) -> None:
    said = refusal(officer, commune, COMMENTS.encode(encoding)).message

    assert (
        said
        == "comments.csv được lưu dạng UTF-16, không phải UTF-8: hãy lưu lại dạng “CSV UTF-8” rồi tải lên."
    )


def test_a_nul_byte_is_refused_by_its_line(officer: Any, commune: Any) -> None:
    comments = COMMENTS.replace("Làm mương", "Làm\x00mương").encode()

    said = refusal(officer, commune, comments).message

    assert said == (
        "comments.csv: Không có gì được nhập. Dòng 3: cột “comment-body” có ký tự không được phép (NUL)"
    ), said


def test_the_map_exports_carry_a_bom_and_import_again(
    client_as: Any, conversation: Any, officer: Any, commune: Any
) -> None:
    simulate(conversation, people=10)
    client = client_as(officer)
    got = {
        name: client.get(reverse("consultations:map_export", args=[conversation.pk, name])).content
        for name in ("comments", "votes", "participants-votes")
    }

    assert all(body.startswith("\ufeff".encode()) for body in got.values())
    copy = polis.conversation_import(
        actor=officer, place=commune, topic="Bản sao", comments_csv=got["comments"], votes_csv=got["votes"]
    )
    assert copy.statements.count() == conversation.statements.count()
