"""A tracking code is a reference, not a key: the Fatherland Front reads denunciations' codes in its
list (it supervises how they are handled), so the code alone shows what it sees anyway. The title, the
answer, the signed reply and the rating need the receipt key only the submitter receives, or being the
case's signed-in submitter; nobody who handles or supervises the case rates its answer."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from danchu.cases import captcha, receipts, services
from danchu.cases.models import Case
from danchu.core.models import AuditEntry

from .conftest import denunciation_in

pytestmark = pytest.mark.django_db

ANSWER = "Xã đã kiểm tra, cán bộ thu sai đã hoàn trả tiền cho các hộ."
TITLE = "Tố cáo cán bộ thu tiền sai quy định"
API = "/api/v1/cases/track"


def _answered_denunciation(village: Any, citizen: Any, chairman: Any) -> Case:
    case = denunciation_in(village, citizen)
    services.case_accept(case=case, by=chairman)
    services.case_respond(case=case, by=chairman, body=ANSWER)
    services.case_sign_reply(case=case, by=chairman)
    return Case.objects.get(pk=case.pk)


def _answered_feedback(file_case: Any, officer: Any, chairman: Any, **kw: Any) -> Case:
    case = file_case(**kw)
    services.case_accept(case=case, by=officer)
    services.case_respond(case=case, by=officer, body="Xã đã thay ba bóng đèn.")
    services.case_sign_reply(case=case, by=chairman)
    return Case.objects.get(pk=case.pk)


def _rate(code: str, query: str = "", **headers: Any) -> Any:
    return Client().post(
        f"{API}/{code}/rate{query}", {"satisfaction": 1}, content_type="application/json", **headers
    )


def test_the_front_lists_a_denunciation_but_its_code_shows_no_content_and_rates_nothing(
    village: Any, citizen: Any, chairman: Any, front_officer: Any, token_for: Any, client_as: Any
) -> None:
    case = _answered_denunciation(village, citizen, chairman)
    front = token_for(front_officer)
    listed = Client().get("/api/v1/cases/?case_type=denunciation&state=", **front).json()
    (row,) = [r for r in listed if r["tracking_code"] == case.tracking_code]
    assert row["content_visible"] is False and row["title"] is None
    code = row["tracking_code"]
    for headers in ({}, front):  # no token, and the Front's own token
        tracked = Client().get(f"{API}/{code}", **headers)
        assert tracked.status_code == 200
        body = tracked.json()
        assert body["content_visible"] is False and body["state"] == "resolved"
        assert body["title"] is None and body["response"] is None
        assert TITLE not in tracked.content.decode() and ANSWER not in tracked.content.decode()
    for client in (Client(), client_as(front_officer)):
        page = client.get(f"/cases/track/{code}/").content.decode()
        assert TITLE not in page and ANSWER not in page and 'name="satisfaction"' not in page
        assert 'id="key-needed"' in page
        assert client.get(f"/cases/track/{code}/reply.docx").status_code == 404
    refused = _rate(code, **front)
    assert refused.status_code == 403 and refused.json()["code"] == "not_submitter"
    assert _rate(code).status_code == 403
    assert Case.objects.get(pk=case.pk).satisfaction is None
    assert not AuditEntry.objects.filter(action="cases.rate").exists()


def test_the_denouncer_reads_the_answer_with_the_key_from_their_mail_and_rates_once(
    village: Any, citizen: Any, chairman: Any
) -> None:
    case = _answered_denunciation(village, citizen, chairman)
    told = [m.body for m in mail.outbox if citizen.email in m.to]
    links = {k for body in told for k in re.findall(r"\?k=([A-Z0-9]+)", body)}
    assert links == {case.receipt_key}  # every message to the denouncer carries their key
    key = links.pop()
    by_query = Client().get(f"{API}/{case.tracking_code}", {"key": receipts.shown(key)}).json()
    by_header = Client().get(f"{API}/{case.tracking_code}", HTTP_X_RECEIPT_KEY=key).json()
    for body in (by_query, by_header):
        assert body["content_visible"] is True and body["title"] == TITLE and body["response"] == ANSWER
    page = Client().get(f"/cases/track/{case.tracking_code}/", {"k": key}).content.decode()
    assert TITLE in page and ANSWER in page and 'name="satisfaction"' in page
    reply = Client().get(f"/cases/track/{case.tracking_code}/reply.docx", {"k": key})
    assert reply.status_code == 200
    rated = _rate(case.tracking_code, f"?key={key}")
    assert rated.status_code == 200 and rated.json()["content_visible"] is True
    again = _rate(case.tracking_code, f"?key={key}")
    assert again.status_code == 409 and again.json()["code"] == "already_rated"
    assert Case.objects.get(pk=case.pk).satisfaction == 1
    # The rating names nobody: the denouncer is linked to the case only inside the vault.
    assert AuditEntry.objects.get(action="cases.rate").actor_id is None


def test_the_signed_in_submitter_sees_their_case_and_rates_without_a_key(
    file_case: Any, officer: Any, chairman: Any, citizen: Any, browser_as: Any, token_for: Any
) -> None:
    case = _answered_feedback(file_case, officer, chairman, submitter=citizen)
    browser = browser_as(citizen)
    page = browser.get(f"/cases/track/{case.tracking_code}/").content.decode()
    assert case.title in page and "Xã đã thay ba bóng đèn." in page and 'name="satisfaction"' in page
    assert f'href="/cases/track/{case.tracking_code}/"' in browser.get("/me/").content.decode()
    tracked = Client().get(f"{API}/{case.tracking_code}", **token_for(citizen)).json()
    assert tracked["content_visible"] is True and tracked["title"] == case.title
    # Through the page, with the CSRF-enforcing client: without the form's token nothing is written.
    url = f"/cases/track/{case.tracking_code}/rate/"
    assert browser.post(url, {"satisfaction": "4"}).status_code == 403
    assert Case.objects.get(pk=case.pk).satisfaction is None
    rated = browser.post_form(url, {"satisfaction": "4"})
    assert rated.status_code == 302 and rated["Location"] == f"/cases/track/{case.tracking_code}/"
    assert Case.objects.get(pk=case.pk).satisfaction == 4


def test_the_submitters_personal_token_rates_without_a_key(
    file_case: Any, officer: Any, chairman: Any, citizen: Any, token_for: Any
) -> None:
    case = _answered_feedback(file_case, officer, chairman, submitter=citizen)
    assert _rate(case.tracking_code, **token_for(citizen)).status_code == 200
    assert Case.objects.get(pk=case.pk).satisfaction == 1


def test_the_handler_cannot_rate_their_own_answer_even_holding_the_key(
    file_case: Any, officer: Any, chairman: Any, token_for: Any, browser_as: Any
) -> None:
    case = _answered_feedback(file_case, officer, chairman, recorded_by=officer, identity=_someone())
    key = case.receipt_key
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    refused = _rate(case.tracking_code, f"?key={key}", **token_for(officer), **english)
    assert refused.status_code == 403 and refused.json()["code"] == "not_submitter"
    assert "You handle or supervise this case" in refused.json()["message"]
    browser = browser_as(officer)
    track = f"/cases/track/{case.tracking_code}/?k={key}"
    page = browser.get(track).content.decode()
    assert "Xã đã thay ba bóng đèn." in page and 'name="satisfaction"' not in page  # the answer, no form
    # A page's refused form answers 403 with its page again and the message (the house's one error path).
    posted = browser.post_form(
        f"/cases/track/{case.tracking_code}/rate/",
        {"satisfaction": "5", "k": key},
        HTTP_REFERER=f"http://testserver{track}",
        **english,
    )
    assert posted.status_code == 403 and "You handle or supervise this case" in posted.content.decode()
    assert "Xã đã thay ba bóng đèn." in posted.content.decode()  # the case's page, shown again
    assert Case.objects.get(pk=case.pk).satisfaction is None


def _someone() -> services.Identity:
    return services.Identity(name="Trần Thị Hai", phone="0912345678")


def test_a_wrong_key_is_no_key_counts_as_a_miss_and_is_audited(
    village: Any, citizen: Any, chairman: Any, settings: Any
) -> None:
    settings.CASES_TRACK_MISS_LIMIT = 3
    case = _answered_denunciation(village, citizen, chairman)
    client = Client()
    wrong = "ABCDE-FGHJK" if case.receipt_key != "ABCDEFGHJK" else "KJHGF-EDCBA"
    page = client.get(f"/cases/track/{case.tracking_code}/", {"k": wrong})
    assert page.status_code == 200 and ANSWER not in page.content.decode()
    tracked = client.get(f"{API}/{case.tracking_code}", {"key": wrong}).json()
    assert tracked["content_visible"] is False and tracked["response"] is None
    assert (
        client.post(
            f"{API}/{case.tracking_code}/rate?key={wrong}", {"satisfaction": 5}, "application/json"
        ).status_code
        == 403
    )
    # Three misses: past the limit even the right key waits (keys cannot be walked).
    assert client.get(f"/cases/track/{case.tracking_code}/", {"k": case.receipt_key}).status_code == 429
    assert client.get(f"{API}/{case.tracking_code}", {"key": case.receipt_key}).status_code == 429
    assert Case.objects.get(pk=case.pk).satisfaction is None
    refusals = AuditEntry.objects.filter(action="cases.receipt_refused", object_id=str(case.pk))
    assert refusals.count() == 3
    assert not refusals.exclude(actor=None).exists()  # a denouncer may mistype their own key


def test_the_track_form_takes_the_key_in_a_second_optional_field(file_case: Any) -> None:
    case = file_case()
    form = Client().get("/cases/track/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Mã bí mật (in trên giấy biên nhận)" in form and 'name="key"' in form
    code_only = Client().get("/cases/track/", {"code": case.tracking_code.lower(), "key": ""})
    assert code_only["Location"] == f"/cases/track/{case.tracking_code}/"
    typed = receipts.shown(case.receipt_key).lower()  # as read from the paper, in any case
    with_key = Client().get("/cases/track/", {"code": case.tracking_code, "key": typed})
    assert with_key["Location"] == f"/cases/track/{case.tracking_code}/?k={case.receipt_key}"
    assert case.title in Client().get(with_key["Location"]).content.decode()


def _submit(client: Any, village: Any) -> Any:
    html = client.get("/cases/new/").content.decode()
    token = html.split('name="captcha_token" value="', 1)[1].split('"', 1)[0]
    payload = {
        "case_type": "feedback",
        "place": village.pk,
        "title": "Đèn đường hỏng",
        "description": "Ba bóng đèn đường trước chợ không sáng.",
        "anonymous": "on",
        "captcha_token": token,
        "captcha_answer": captcha.answer_for_tests(token),
    }
    return client.post_form("/cases/new/", payload)


def test_the_receipt_page_shows_the_key_only_to_the_browser_that_sent_the_case(
    village: Any, browser_as: Any
) -> None:
    sender = browser_as()
    sent = _submit(sender, village)
    assert sent.status_code == 302
    case = Case.objects.get()
    assert sent["Location"] == f"/cases/new/{case.tracking_code}/"
    shown = receipts.shown(case.receipt_key)
    receipt = sender.get(sent["Location"])
    html = receipt.content.decode()
    assert case.tracking_code in html and shown in html and receipt["Cache-Control"] == "private, no-store"
    assert f"?k={case.receipt_key}" in html  # "follow this case" opens it with the key
    # Anyone else with the code (the Front read it in its list) gets the receipt without the key.
    other = Client().get(sent["Location"]).content.decode()
    assert case.tracking_code in other and shown not in other and case.receipt_key not in other
    # Nothing in a session links the sender's browser to the case.
    assert "sessionid" not in sender.cookies


def test_the_api_intake_answers_with_the_key(village: Any) -> None:
    created = Client().post(
        "/api/v1/cases/",
        json.dumps(
            {"place_code": village.code, "title": "Ổ gà", "description": "Ổ gà giữa đường", "anonymous": True}
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert receipts.normalise(body["receipt_key"]) == case.receipt_key
    tracked = Client().get(f"{API}/{case.tracking_code}", {"key": body["receipt_key"]}).json()
    assert tracked["content_visible"] is True and tracked["title"] == "Ổ gà"


def test_the_key_parameter_and_header_are_in_the_openapi_document(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    for path, method in (("/api/v1/cases/track/{code}", "get"), ("/api/v1/cases/track/{code}/rate", "post")):
        operation = doc["paths"][path][method]
        params = {(p["in"], p["name"]) for p in operation["parameters"]}
        assert {("query", "key"), ("header", "X-Receipt-Key")} <= params, params
        assert "receipt key" in operation["description"]
    created = doc["components"]["schemas"]["CaseCreated"]
    assert "receipt_key" in created["required"]


def test_the_officer_recording_a_case_at_the_counter_is_shown_its_key_to_hand_over(
    officer: Any, village: Any, browser_as: Any
) -> None:
    client = browser_as(officer)
    recorded = client.post_form(
        "/cases/office/intake/",
        {
            "case_type": "feedback",
            "place": village.code,
            "channel": "walk_in",
            "title": "Cống thoát nước bị tắc",
            "description": "Cống đầu thôn tắc, nước tràn vào nhà dân.",
            "name": "Trần Thị Hai",
            "phone": "0912345678",
        },
        follow=True,
    )
    case = Case.objects.get()
    assert receipts.shown(case.receipt_key) in recorded.content.decode()
    # Later, the case's page does not show it (the officer handed it over).
    assert case.receipt_key not in client.get(f"/cases/office/{case.tracking_code}/").content.decode()


def test_cases_filed_before_keys_existed_get_a_fresh_key_each(file_case: Any) -> None:
    from importlib import import_module

    from django.apps import apps

    old = [file_case(), file_case()]
    Case.objects.update(receipt_key_sealed="")
    import_module("danchu.cases.migrations.0009_receipt_key").fill(apps, None)
    rows = [Case.objects.get(pk=c.pk) for c in old]
    keys = [c.receipt_key for c in rows]
    assert all(receipts.KEY_SHAPE.fullmatch(k) for k in keys) and keys[0] != keys[1]
    assert all(c.receipt_key not in c.receipt_key_sealed for c in rows)  # sealed, not in clear


def test_a_key_that_opens_nothing_is_said_to_be_wrong(file_case: Any) -> None:
    case = file_case()
    page = Client().get(f"/cases/track/{case.tracking_code}/", {"k": "ABCDE-FGHJK"}).content.decode()
    assert 'id="wrong-key"' in page and "không mở được hồ sơ này" in page and case.title not in page
    assert 'id="wrong-key"' not in Client().get(f"/cases/track/{case.tracking_code}/").content.decode()
    opened = Client().get(f"/cases/track/{case.tracking_code}/", {"k": case.receipt_key}).content.decode()
    assert 'id="wrong-key"' not in opened and case.title in opened


def test_the_lookup_form_says_a_code_matches_nothing_and_keeps_what_was_typed(settings: Any) -> None:
    settings.CASES_TRACK_MISS_LIMIT = 30
    answer = Client().get("/cases/track/", {"code": "PA-ZZZZZZ", "key": "K7M3Q-9XRTB"})
    page = answer.content.decode()
    assert answer.status_code == 404 and "Không có hồ sơ nào mang mã tra cứu PA-ZZZZZZ." in page
    assert 'value="K7M3Q-9XRTB"' in page and 'name="code"' in page
