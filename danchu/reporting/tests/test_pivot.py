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
