"""A lost receipt key is sent again, as a new key, to the phone number or e-mail address given with the
case — never shown on the page, never to another address, the same answer whether the address matched
or not (services/keys.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from danchu.accounts.models import OutboxMessage
from danchu.cases import services
from danchu.cases.models import Case
from danchu.core.models import AuditEntry

from .conftest import denunciation_in

pytestmark = pytest.mark.django_db

PHONE = "0912345678"
EMAIL = "hai.tran@example.vn"
NEUTRAL = "Nếu đó là số điện thoại hoặc địa chỉ e-mail đã ghi khi gửi đơn"


def _known(file_case: Any) -> Case:
    return file_case(identity=services.Identity(name="Trần Thị Hai", phone=PHONE, email=EMAIL))


def _url(case: Case) -> str:
    return f"/cases/track/{case.tracking_code}/key/"


def _opens(case: Case, key: str) -> bool:
    page = Client().get(f"/cases/track/{case.tracking_code}/", {"k": key}).content.decode()
    return case.title in page and 'id="key-needed"' not in page


def _sms_keys() -> list[str]:
    bodies = (
        OutboxMessage.objects.filter(recipient__contains="912345678")
        .order_by("pk")
        .values_list("body", flat=True)
    )
    return [k for body in bodies for k in re.findall(r"\?k=([A-Z0-9]+)", body)]


def test_the_phone_given_with_the_case_gets_a_new_key_and_the_lost_one_stops_working(
    file_case: Any, browser_as: Any
) -> None:
    case = _known(file_case)
    lost = case.receipt_key
    before = len(_sms_keys())
    browser = browser_as()
    page = browser.get(f"/cases/track/{case.tracking_code}/").content.decode()
    assert f'href="{_url(case)}"' in page  # the way there, from the page that asks for the key
    assert browser.get(_url(case)).status_code == 200
    sent = browser.post_form(_url(case), {"address": "0912 345 678"})  # as people write it
    assert sent.status_code == 302 and sent["Location"] == f"/cases/track/{case.tracking_code}/"
    assert NEUTRAL in browser.get(sent["Location"]).content.decode()
    new = Case.objects.get(pk=case.pk).receipt_key
    assert new != lost
    keys = _sms_keys()
    assert len(keys) == before + 1 and keys[-1] == new
    assert new not in sent.content.decode()  # sent, never shown
    assert _opens(case, new) and not _opens(case, lost)
    entry = AuditEntry.objects.get(action="cases.receipt_key_resent")
    assert entry.object_id == str(case.pk) and entry.after == {"channel": "sms"}
    assert new not in str(entry.after) and lost not in str(entry.after)


def test_the_e_mail_address_in_any_case_of_letters_gets_it_by_mail(file_case: Any, browser_as: Any) -> None:
    case = _known(file_case)
    mail.outbox.clear()
    assert browser_as().post_form(_url(case), {"address": "  Hai.Tran@Example.VN "}).status_code == 302
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert Case.objects.get(pk=case.pk).receipt_key in message.body


def test_another_address_gets_nothing_the_same_answer_and_counts_as_a_miss(
    file_case: Any, browser_as: Any, settings: Any
) -> None:
    settings.CASES_TRACK_MISS_LIMIT = 1
    case = _known(file_case)
    key = case.receipt_key
    mail.outbox.clear()
    before = OutboxMessage.objects.count()
    browser = browser_as()
    answer = browser.post_form(_url(case), {"address": "0987654321"})
    assert answer.status_code == 302
    assert Case.objects.get(pk=case.pk).receipt_key == key
    assert OutboxMessage.objects.count() == before and not mail.outbox
    assert AuditEntry.objects.filter(action="cases.receipt_resend_refused").count() == 1
    # The miss counted: past the limit even the right address waits (addresses are not guessed).
    assert browser.post_form(_url(case), {"address": PHONE}).status_code == 429
    assert Case.objects.get(pk=case.pk).receipt_key == key


def test_the_answer_does_not_tell_which_address_a_case_was_filed_with(
    file_case: Any, browser_as: Any
) -> None:
    case = _known(file_case)
    right, wrong = browser_as(), browser_as()
    a = right.post_form(_url(case), {"address": PHONE})
    b = wrong.post_form(_url(case), {"address": "0987654321"})
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])
    assert right.get(a["Location"]).content.decode().count(NEUTRAL) == 1
    assert wrong.get(b["Location"]).content.decode().count(NEUTRAL) == 1


def test_a_denouncer_gets_it_only_by_the_sealed_e_mail_and_the_log_names_nobody(
    village: Any, citizen: Any, browser_as: Any
) -> None:
    case = denunciation_in(village, citizen)
    key = case.receipt_key
    mail.outbox.clear()
    sms_before = OutboxMessage.objects.filter(channel="sms").count()
    browser = browser_as()
    browser.post_form(_url(case), {"address": citizen.phone})  # no SMS to a denouncer
    assert Case.objects.get(pk=case.pk).receipt_key == key and not mail.outbox
    browser.post_form(_url(case), {"address": citizen.email.upper()})
    new = Case.objects.get(pk=case.pk).receipt_key
    (message,) = mail.outbox
    assert new != key and message.to == [citizen.email] and new in message.body
    assert OutboxMessage.objects.filter(channel="sms").count() == sms_before
    for action in ("cases.receipt_key_resent", "cases.receipt_resend_refused"):
        assert AuditEntry.objects.get(action=action).actor_id is None


def test_the_signed_in_submitters_account_address_counts(
    file_case: Any, citizen: Any, browser_as: Any
) -> None:
    case = file_case(submitter=citizen)
    key = case.receipt_key
    mail.outbox.clear()
    browser_as(citizen).post_form(_url(case), {"address": citizen.email})
    assert Case.objects.get(pk=case.pk).receipt_key != key
    assert [m.to for m in mail.outbox if Case.objects.get(pk=case.pk).receipt_key in m.body] == [
        [citizen.email]
    ]


def test_an_anonymous_case_has_no_address_to_send_to(file_case: Any, browser_as: Any) -> None:
    case = file_case()  # anonymous feedback
    key = case.receipt_key
    mail.outbox.clear()
    before = OutboxMessage.objects.count()
    for address in ("", PHONE, EMAIL):
        browser_as().post_form(_url(case), {"address": address})
    assert Case.objects.get(pk=case.pk).receipt_key == key
    assert not mail.outbox and OutboxMessage.objects.count() == before


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("", "bắt buộc"),
        ("   ", "bắt buộc"),
        ("0912\x00345678", "Không được chứa ký tự rỗng (NUL)"),
        ("0" * 255, "tối đa 254 kí tự (hiện có 255)"),
    ],
)
def test_bad_input_is_refused_on_the_page_and_changes_nothing(
    file_case: Any, browser_as: Any, address: str, message: str
) -> None:
    case = _known(file_case)
    key = case.receipt_key
    answer = browser_as().post_form(_url(case), {"address": address})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert Case.objects.get(pk=case.pk).receipt_key == key
    assert not AuditEntry.objects.filter(action__startswith="cases.receipt_").exists()


def test_without_the_forms_token_nothing_is_sent(file_case: Any, browser_as: Any) -> None:
    case = _known(file_case)
    key = case.receipt_key
    assert browser_as().post(_url(case), {"address": PHONE}).status_code == 403
    assert Case.objects.get(pk=case.pk).receipt_key == key


def test_a_case_takes_a_few_requests_a_day(file_case: Any, browser_as: Any) -> None:
    case = _known(file_case)
    for _ in range(services.keys.RESENDS_PER_DAY):
        assert browser_as().post_form(_url(case), {"address": PHONE}).status_code == 302
    key = Case.objects.get(pk=case.pk).receipt_key
    refused = browser_as().post_form(_url(case), {"address": PHONE})
    assert refused.status_code == 429 and "ngày mai" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).receipt_key == key


def test_an_unknown_code_is_not_found(browser_as: Any) -> None:
    browser = browser_as()
    assert browser.get("/cases/track/PAKN-ZZZZZZ/key/").status_code == 404
    assert browser.post_form("/cases/track/PAKN-ZZZZZZ/key/", {"address": PHONE}).status_code == 404


def _api(code: str, body: Any, **headers: Any) -> Any:
    return Client(enforce_csrf_checks=True).post(
        f"/api/v1/cases/track/{code}/key", body, content_type="application/json", **headers
    )


def test_the_api_answers_alike_for_any_address_and_sends_only_to_the_cases_own(file_case: Any) -> None:
    case = _known(file_case)
    key = case.receipt_key
    wrong = _api(case.tracking_code, {"address": "0987654321"})
    assert Case.objects.get(pk=case.pk).receipt_key == key
    right = _api(case.tracking_code.lower(), {"address": "+84912345678"})
    new = Case.objects.get(pk=case.pk).receipt_key
    assert (wrong.status_code, right.status_code) == (202, 202) and wrong.json() == right.json()
    assert case.tracking_code in right.json()["message"] and new not in right.content.decode()
    assert new != key and _sms_keys()[-1] == new


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"address": ""},
        {"address": "0912\x00345678"},
        {"address": "0" * 255},
        {"address": PHONE, "key": "x"},
    ],
)
def test_the_api_refuses_bad_bodies_and_changes_nothing(file_case: Any, body: Any) -> None:
    case = _known(file_case)
    key = case.receipt_key
    answer = _api(case.tracking_code, body)
    assert 400 <= answer.status_code < 500 and answer.json()["message"]
    assert Case.objects.get(pk=case.pk).receipt_key == key
