"""The pivot table (issue #15 item 9): indicators × places × periods, table, chart data, exports."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from django.urls import reverse


def test_pivot_table_by_commune_and_period_with_exports(
    reported: Any, client_as: Any, steering_member: Any, province: Any, outsider: Any
) -> None:
    c = client_as(steering_member)
    url = reverse("reporting:pivot", args=[province.code])
    query = "?indicator=adminreform.received&indicator=newrural.criteria_met&period=2024&period=2025"
    r = c.get(url + query)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Xã Krông Pắc" in html and "<td>4.400</td>" in html
    data = json.loads(re.search(r'id="pivot-data"[^>]*>(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert len(data["labels"]) == 4 and [len(d["data"]) for d in data["datasets"]] == [4, 4]
    rows = list(csv.reader(io.StringIO(c.get(url + query + "&format=csv").content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Địa bàn", "Kỳ báo cáo"] or len(rows[0]) == 4
    assert ["Xã Krông Pắc", "năm 2025", "4400.0", "19.0"] in rows or any(
        r[0] == "Xã Krông Pắc" and r[1] == "năm 2025" for r in rows
    )
    assert c.get(url + query + "&format=xlsx").content[:2] == b"PK"
    r = c.get(url + query + "&rows=self")
    assert "<td>6.600</td>" in r.content.decode()
    assert client_as(outsider).get(url).status_code in (403, 404)


def test_pivot_refuses_what_it_cannot_show(
    reported: Any, client_as: Any, steering_member: Any, province: Any
) -> None:
    """An unknown indicator or period, or more than the table takes, is said on the page with a 400 —
    it used to be dropped in silence (a period that did not exist became this year)."""
    c = client_as(steering_member)
    url = reverse("reporting:pivot", args=[province.code])
    r = c.get(url + "?indicator=adminreform.received&indicator=no.such&period=2025")
    html = r.content.decode()
    assert r.status_code == 400 and "no.such" in html and 'id="pivot-problems"' in html
    assert 'id="pivot"' not in html  # no table of what was not asked for
    r = c.get(url + "?indicator=adminreform.received&period=quý 9 năm 2025")
    assert r.status_code == 400 and "quý 9 năm 2025" in r.content.decode()
    nine = "&".join(["indicator=adminreform.received"] * 9)
    r = c.get(url + "?" + nine + "&period=2025")
    assert r.status_code == 400 and "8" in r.content.decode()
    codes = sorted(
        re.findall(
            r'<option value="([^"]+)"', r.content.decode().split('name="indicator"')[1].split("</select>")[0]
        )
    )[:9]
    r = c.get(url, {"indicator": codes, "period": "2025"})
    kept = re.findall(
        r'<option value="([^"]+)" selected>',
        r.content.decode().split('name="indicator"')[1].split("</select>")[0],
    )
    assert r.status_code == 400 and sorted(kept) == codes  # all nine stay chosen: untick one, not all
    assert c.get(url + "?indicator=no.such&format=csv").status_code == 400  # no export either
    r = c.get(url + "?indicator=adminreform.received&period=2025")  # the same, well asked
    assert r.status_code == 200 and 'id="pivot-problems"' not in r.content.decode()


def test_dashboard_refuses_a_period_that_does_not_exist(
    reported: Any, client_as: Any, steering_member: Any, province: Any
) -> None:
    c = client_as(steering_member)
    url = reverse("reporting:dashboard", args=[province.code])
    r = c.get(url + "?period=" + "x" * 500)
    assert r.status_code == 400 and "x" * 40 + "…" in r.content.decode()  # quoted, marked as cut
    assert c.get(url + "?period=2025").status_code == 200
