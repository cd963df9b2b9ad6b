"""The office home told commune staff nothing of their consultations: a comment period over but
still open, a synthesis to publish, statements awaiting moderation — counted within their commune."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.consultations.models import Consultation
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import opinions
from danchu.core.home import todos_for

from .conftest import today

pytestmark = pytest.mark.django_db


def _todos(person: Any) -> dict[str, int]:
    return {t["key"]: t["count"] for t in todos_for(person) if t["key"].startswith("consultations.")}


def test_a_period_over_a_synthesis_due_and_statements_to_moderate(
    open_consultation: Consultation, officer: Any, citizen: Any, commune: Any, other_commune: Any
) -> None:
    elsewhere = person_with_role(Role.COMMUNE_OFFICER, other_commune, full_name="Cán Bộ Xã Khác")
    assert _todos(officer) == {}
    Consultation.objects.filter(pk=open_consultation.pk).update(closes_on=today() - dt.timedelta(days=1))
    assert _todos(officer) == {"consultations.period_over": 1}
    svc.consultation_end_period(actor=officer, consultation=open_consultation)
    assert _todos(officer) == {"consultations.synthesis": 1}

    conv = opinions.conversation_create(actor=officer, place=commune, topic="Ưu tiên đầu tư năm 2027 của xã")
    opinions.statement_submit(actor=citizen, conversation=conv, text_="Cấm xe tải qua Thôn 1.")
    assert _todos(officer)["consultations.statements"] == 1
    assert _todos(elsewhere) == {}
