"""The objects cases gives the access matrix (tests/matrix.py) are real: the unit's officer opens
each of them, an officer of another commune opens none."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.test import Client

from danchu.cases.tests.matrix import objects


def test_matrix_objects_open_for_their_unit_only(commune, village, officer, outsider, client_as):
    v = objects(commune, village, officer)
    urls = [
        f"/cases/office/{v['cases:staff_detail:code']}/",
        f"/cases/office/{v['cases:photo:code']}/photo/{v['cases:photo:pk']}/",
        f"/cases/office/{v['cases:reply_docx:code']}/reply/{v['cases:reply_docx:pk']}.docx",
        f"/cases/office/{v['cases:identity:code']}/",
        f"/cases/track/{v['cases:track_photo:code']}/photo/{v['cases:track_photo:pk']}/",
    ]
    for url in urls:
        assert client_as(officer).get(url).status_code == 200, url
    for url in urls[:-1]:
        assert client_as(outsider).get(url).status_code == 404, url


def test_a_photo_or_reply_of_another_case_is_not_found(commune, village, officer, client_as):
    v: dict[str, Any] = objects(commune, village, officer)
    photo_elsewhere = f"/cases/office/{v['cases:reply_docx:code']}/photo/{v['cases:photo:pk']}/"
    reply_elsewhere = f"/cases/office/{v['cases:photo:code']}/reply/{v['cases:reply_docx:pk']}.docx"
    assert client_as(officer).get(photo_elsewhere).status_code == 404
    assert client_as(officer).get(reply_elsewhere).status_code == 404


def _bodies(officer: Any, other_code: str, to_unit: str) -> dict[str, Any]:
    """A valid body for each step (so the answer is the access and the step, not the validation)."""
    return {
        "": None,
        "/accept": {},
        "/refuse": {"reason": "Không thuộc thẩm quyền"},
        "/assign": {"handler_id": officer.pk},
        "/transfer": {"to_unit_code": to_unit, "reason": "Đúng thẩm quyền xã bạn"},
        "/link": {"other_code": other_code},
        "/merge": {"other_code": other_code},
        "/extend": {"reason": "Vụ việc phức tạp"},
        "/pause": {"reason": "Chờ kết quả giám định"},
        "/respond": {"body": "Ủy ban đã xử lý."},
        "/resume": None,
        "/sign": {},
        "/close": None,
        "/reopen": {"reason": "Chưa xử lý xong"},
        "/acceptance-notice": None,
        "/extend-acceptance": {"reason": "Cần xác minh ở thôn 1 và thôn 2"},
        "/limitation": {"known_on": "2026-11-02"},
        "/revoke": None,
        "/active": {"active": False},
    }


def _api_calls(
    values: dict[str, str], officer: Any, other_code: str, to_unit: str
) -> list[tuple[str, str, Any]]:
    bodies, calls = _bodies(officer, other_code, to_unit), []
    for key, value in values.items():
        if not key.startswith("api:/api/v1/cases/"):
            continue
        template, param = key[4:].rsplit(":", 1)
        url = template.replace(f"{{{param}}}", value)
        if "/track/" in url:
            continue  # public: whoever holds the code follows the case
        step = next((s for s in bodies if s and url.endswith(s)), "")
        method = "get" if step == "" else "post"
        calls.append((method, url, bodies[step]))
    return calls


def _send(method: str, url: str, body: Any, headers: dict[str, str]) -> int:
    sid = transaction.savepoint()
    try:
        if method == "get":
            return int(Client().get(url, **headers).status_code)
        data = json.dumps(body or {})
        return int(Client().post(url, data, content_type="application/json", **headers).status_code)
    finally:
        transaction.savepoint_rollback(sid)


def test_every_case_operation_meets_a_case_its_unit_handles_and_others_do_not(
    commune, village, officer, chairman, other_commune, foreign_village, outsider, token_for
):
    """Each path-template key gives an operation a real object in the state its step starts from:
    the unit's chairman gets it done (2xx), the chairman of another commune a 404."""
    own = objects(commune, village, officer)
    foreign = objects(other_commune, foreign_village, outsider)
    other_code = own["cases:reply_docx:code"]
    own_calls = _api_calls(own, officer, other_code, other_commune.code)
    assert len(own_calls) == 19
    problems = []
    for method, url, body in own_calls:
        status = _send(method, url, body, token_for(chairman))
        if not 200 <= status < 300:
            problems.append(f"own {method} {url}: {status}")
    for method, url, body in _api_calls(foreign, outsider, foreign["cases:reply_docx:code"], commune.code):
        status = _send(method, url, body, token_for(chairman))
        if status != 404:
            problems.append(f"foreign {method} {url}: {status}")
    assert not problems, "\n".join(problems)
