"""The objects cases gives the access matrix (tests/matrix.py) are real: the unit's officer opens
each of them, an officer of another commune opens none."""

from __future__ import annotations

from typing import Any

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
