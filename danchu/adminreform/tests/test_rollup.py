"""The one-stop figures in the steering roll-up: exports of a quarter or a year count once, in the month
they close; services offered are a stock (the last known, never the sum of quarters); a period that
crosses another of the same unit is refused (issue #15 items 1 and 7)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection

from danchu.adminreform import importing
from danchu.adminreform.models import Figure
from danchu.core.errors import DomainError
from danchu.reporting import queries, rollup
from danchu.reporting.periods import Period

pytestmark = pytest.mark.django_db

HEADER = "Mã đơn vị;Từ ngày;Đến ngày;Kỳ trước chuyển qua;Trực tuyến;Trực tiếp;Trước hạn;Đúng hạn;Quá hạn;Toàn trình;Một phần;Mức độ 3;Mức độ 4"
QUARTERS = [("01/01", "31/03"), ("01/04", "30/06"), ("01/07", "30/09"), ("01/10", "31/12")]


def _import(by: Any, *lines: str) -> importing.Imported:
    data = io.BytesIO("\n".join([HEADER, *lines]).encode())
    return importing.import_figures(by=by, file=data, filename="igate.csv")


def _quarter(code: str, q: int, online: int, direct: int, full: int) -> str:
    start, end = QUARTERS[q - 1]
    # received = online + direct; resolved early + on time + late = received; services full/partial
    return f"{code};{start}/2025;{end}/2025;0;{online};{direct};0;{online + direct};0;{full};{full // 2};;"


def _value(code: str, place: Any, period: Period) -> float | None:
    rollup.refresh(period=Period.year(2025))
    return queries.values(code, place, period).value


def _sql(query: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return int(cursor.fetchone()[0])


def test_a_year_export_counts_in_the_year_and_its_last_quarter(
    commune: Any, province: Any, steering_member: Any
) -> None:
    _import(steering_member, f"{commune.code};01/01/2025;31/12/2025;0;400;800;0;1200;0;120;30;;")
    assert _value("adminreform.received", province, Period.year(2025)) == 1200
    assert _value("adminreform.received", province, Period.quarter(2025, 4)) == 1200
    assert _value("adminreform.received", province, Period.quarter(2025, 1)) is None


def test_four_quarters_add_up_and_the_services_are_the_last_quarters(
    commune: Any, other_commune: Any, province: Any, steering_member: Any
) -> None:
    _import(
        steering_member,
        *(_quarter(commune.code, q, 100 * q, 200, 100 + 10 * q) for q in range(1, 5)),
        *(_quarter(other_commune.code, q, 10, 20, 50) for q in range(1, 4)),
    )
    received = _sql("SELECT SUM(received) FROM adminreform_figure")
    assert _value("adminreform.received", province, Period.year(2025)) == received == 1000 + 800 + 90
    # a stock: the year's services are those of its end — the commune's fourth quarter, and the other
    # commune's third (the last it exported), never 110 + 120 + 130 + 140
    assert _value("adminreform.online_services", commune, Period.year(2025)) == 140 + 70
    assert _value("adminreform.online_services", province, Period.year(2025)) == 140 + 70 + 50 + 25
    assert _value("adminreform.online_services", commune, Period.quarter(2025, 2)) == 120 + 60


def test_a_year_and_its_quarters_count_the_dossiers_once(
    commune: Any, province: Any, steering_member: Any
) -> None:
    _import(
        steering_member,
        f"{commune.code};01/01/2025;31/12/2025;0;400;800;0;1200;0;;;;",
        *(_quarter(commune.code, q, 100, 200, 10) for q in range(1, 5)),
    )
    # the quarters cover the year: they count (4 × 300), the year gives way
    assert _value("adminreform.received", province, Period.year(2025)) == 1200
    assert _value("adminreform.received", province, Period.quarter(2025, 1)) == 300
    Figure.objects.filter(start=dt.date(2025, 10, 1)).delete()
    # three quarters leave October–December out: the year counts, the quarters within it do not
    assert _value("adminreform.received", province, Period.year(2025)) == 1200
    assert _value("adminreform.received", province, Period.quarter(2025, 1)) is None


def test_a_period_crossing_another_is_refused_with_its_line(commune: Any, steering_member: Any) -> None:
    _import(steering_member, f"{commune.code};01/01/2025;31/03/2025;0;100;200;0;300;0;;;;")
    with pytest.raises(DomainError) as refused:
        _import(
            steering_member,
            f"{commune.code};01/04/2025;30/06/2025;0;100;200;0;300;0;;;;",  # apart: fine
            f"{commune.code};01/02/2025;30/04/2025;0;100;200;0;300;0;;;;",  # crosses both
        )
    [line] = refused.value.detail
    assert line.split(":")[0].split()[-1] == "3" and "01/01/2025" in line and "31/03/2025" in line
    assert Figure.objects.count() == 1


def test_the_count_of_communes_is_refreshed_set_based_and_a_second_refresh_writes_nothing(
    province: Any, commune: Any, other_commune: Any
) -> None:
    from danchu.places.tests import factories as pf
    from danchu.reporting.registry import INDICATORS, Grouped

    codes = ["adminreform.communes", "newrural.communes"]
    year = Period.year(2025)
    for code in codes:  # a grouped query: the roll-up compares it with the stored rows in the database
        assert isinstance(INDICATORS.get(code).compute(start=year.start, end=year.end), Grouped)
    assert rollup.refresh_computed(period=year, codes=codes) > 0
    assert queries.values("adminreform.communes", province, year).value == 2
    assert rollup.refresh_computed(period=year, codes=codes) == 0  # nothing changed, nothing written
    pf.commune(province, code="24199", name="Xã Ea Ning")
    written = rollup.refresh_computed(period=year, codes=codes)
    assert 0 < written <= 2 * 12 * 2  # the new commune's rows (leaf and commune grain, each month), not all
    assert queries.values("adminreform.communes", province, year).value == 3
