"""A dashboard's breakdowns name their dimensions and values as the module that owns the indicator
registered them ("loại vụ việc / khiếu nại"), not by their codes ("case_type / complaint"); the
exports alike, with whole counts as integers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from danchu.cases.models import Case, Field
from danchu.reporting import rollup
from danchu.reporting.periods import Period


def _cases(commune: Any, village: Any) -> str:
    """Three cases received in March 2025, rolled up; the name of their field."""
    field = Field.objects.get_or_create(code="can-bo", defaults={"name": "Cán bộ, công chức"})[0]
    at = timezone.make_aware(dt.datetime(2025, 3, 5, 9))
    for i, (case_type, channel) in enumerate(
        (("complaint", "walk_in"), ("complaint", "web"), ("feedback", "web"))
    ):
        Case.objects.create(
            tracking_code=f"T{i}",
            case_type=case_type,
            channel=channel,
            field=field,
            place=village,
            unit=commune,
            title="x",
            description="x",
            rule_key="x",
            acceptance_due=dt.date(2025, 3, 15),
            received_at=at,
        )
    rollup.refresh_computed(period=Period.month(2025, 3), codes=["cases.received"])
    return field.name


def test_the_dashboard_names_the_breakdowns_and_their_values(
    commune: Any, village: Any, chairman: Any, client_as: Any
) -> None:
    field = _cases(commune, village)
    url = reverse("reporting:dashboard", args=[commune.code]) + "?period=2025&indicator=cases.received"
    page = client_as(chairman).get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    start = page.index("<h3>Phân tổ</h3>")
    table = page[start : page.index("</table>", start)]
    for code in ("case_type", "walk_in", "can-bo", ">complaint<", ">channel<", ">field<"):
        assert code not in table
    assert "loại vụ việc" in table and "tiếp công dân trực tiếp" in table and field in table
    assert "<th>Lĩnh vực</th>" not in table  # the values' column is not the cases' "field"


def test_the_breakdowns_export_names_them_and_counts_in_integers(
    commune: Any, village: Any, chairman: Any, client_as: Any
) -> None:
    field = _cases(commune, village)
    url = (
        reverse("reporting:export", args=[commune.code, "breakdowns", "csv"])
        + "?period=2025&indicator=cases.received"
    )
    csv = client_as(chairman).get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode("utf-8-sig")
    assert "case_type" not in csv and "walk_in" not in csv and "can-bo" not in csv
    assert "loại vụ việc,Phản ánh,1\r\n" in csv and field in csv and ".0" not in csv


def test_a_value_nobody_named_is_shown_as_its_code() -> None:
    from danchu.reporting.registry import labelled_breakdowns

    assert labelled_breakdowns("cases.received", [("channel", "pigeon", 1.0)])[0][1] == "pigeon"
    assert labelled_breakdowns("nobody.counts", [("colour", "red", 1.0)]) == [("colour", "red", 1.0)]
