"""Reception intake: the place choice is scoped to where the staff person acts, and a second-time
complaint needs the date of the first-time decision (Luật Khiếu nại 2011, Art. 33) on every channel."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.cases import services
from danchu.cases.importing import import_cases
from danchu.cases.models import Case
from danchu.core.errors import DomainError

INTAKE = {
    "case_type": "feedback",
    "title": "Đèn đường hỏng",
    "description": "Ba bóng đèn đường trước chợ không sáng.",
    "channel": "walk_in",
    "name": "Y Bih Niê",
    "phone": "0901234567",
}


def test_an_officer_only_sees_their_own_commune_and_its_villages(
    client_as, officer, commune, village, other_village, other_commune
):
    from danchu.places.tests import factories as pf

    far_village = pf.village(other_commune, code="24190-001", name="Buôn Ea Kly")
    form = client_as(officer).get(reverse("cases:intake")).context["form"]
    codes = {p.code for p in form.fields["place"].queryset}
    assert codes == {commune.code, village.code, other_village.code}
    assert far_village.code not in codes


def test_an_officer_cannot_record_a_case_in_another_commune(client_as, officer, other_commune):
    response = client_as(officer).post(reverse("cases:intake"), INTAKE | {"place": other_commune.code})
    assert response.status_code == 400
    assert other_commune.code in str(response.context["form"].errors["place"])
    assert not Case.objects.exists()


def test_an_administrator_types_a_place_code_or_name_instead_of_a_giant_select(
    client_as, admin_user, village
):
    client = client_as(admin_user)
    page = client.get(reverse("cases:intake")).content.decode()
    assert '<select name="place"' not in page and 'name="place"' in page
    response = client.post(reverse("cases:intake"), INTAKE | {"place": village.code})
    assert response.status_code == 302
    assert Case.objects.get().place == village
    response = client.post(reverse("cases:intake"), INTAKE | {"place": "Thôn 1"})
    assert response.status_code == 302
    assert Case.objects.filter(place=village).count() == 2


def test_an_unknown_place_code_is_refused_with_a_message(client_as, admin_user, village):
    response = client_as(admin_user).post(reverse("cases:intake"), INTAKE | {"place": "99999"})
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()["place"]
    assert errors[0].code == "unknown" and "99999" in str(errors[0].message % errors[0].params)
    assert "99999" in response.content.decode()
    assert not Case.objects.exists()


def _second(**kw):  # noqa: ANN003, ANN202
    return dict(
        case_type_key="complaint_second",
        title="Khiếu nại lần hai",
        description="Không đồng ý quyết định giải quyết lần đầu",
        contested_decision="QĐ 30/QĐ-UBND",
        identity=services.Identity(name="Người Khiếu Nại", id_number="066190000002"),
        **kw,
    )


def test_a_second_time_complaint_without_the_first_decision_date_is_refused_naming_the_rule(officer, village):
    with pytest.raises(DomainError) as e:
        services.case_submit(place=village, recorded_by=officer, **_second())
    assert e.value.code == "first_decision_date_required"
    assert "33" in e.value.message
    assert not Case.objects.exists()


def test_the_reception_form_asks_for_the_first_decision_date_of_a_second_time_complaint(
    client_as, officer, village
):
    data = INTAKE | {
        "case_type": "complaint_second",
        "place": village.code,
        "contested_decision": "QĐ 30/QĐ-UBND",
        "id_number": "066190000777",
    }
    response = client_as(officer).post(reverse("cases:intake"), data)
    assert response.status_code == 400
    assert "33" in str(response.context["form"].errors["first_decision_on"])
    assert not Case.objects.exists()
    today = timezone.localdate()
    response = client_as(officer).post(
        reverse("cases:intake"), data | {"first_decision_on": (today - dt.timedelta(days=5)).isoformat()}
    )
    assert response.status_code == 302


def test_the_api_refuses_a_second_time_complaint_without_the_first_decision_date(client_as, citizen, village):
    response = client_as(citizen).post(
        "/api/v1/cases/",
        json.dumps(
            {
                "case_type": "complaint_second",
                "place_code": village.code,
                "title": "Khiếu nại lần hai",
                "description": "Không đồng ý",
                "contested_decision": "QĐ 30/QĐ-UBND",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "first_decision_date_required" and "33" in body["message"]
    assert not Case.objects.exists()


def test_the_import_reports_a_second_time_complaint_without_the_first_decision_date(officer, village):
    csv = (
        "type,place_code,title,content,name,contested_decision,first_decision_on\n"
        f"khiếu nại lần hai,{village.code},Khiếu nại lần hai,Không đồng ý,Người Khiếu Nại,QĐ 30,\n"
        f"khiếu nại lần hai,{village.code},Khiếu nại lần hai,Không đồng ý,Người Khiếu Nại,QĐ 30,"
        f"{(timezone.localdate() - dt.timedelta(days=3)).strftime('%d/%m/%Y')}\n"
    ).encode()
    result = import_cases(data=csv, filename="so.csv", by=officer)
    assert [line for line, _msg in result.errors] == [2]
    assert "33" in result.errors[0][1]
    assert not Case.objects.exists()
    result = import_cases(data=csv, filename="so.csv", by=officer, skip_bad=True)
    assert len(result.imported) == 1 and result.imported[0].first_decision_on is not None
