from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.places.tests import factories as pf
from danchu.works import services
from danchu.works.models import Work

DECIDED = dt.date(2026, 3, 15)


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF (a camera make and a GPS block), as phones write them."""
    img = Image.new("RGB", (64, 48), (120, 140, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (12.0, 40.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def households(village: Any, household: Any) -> list[Any]:
    """Four households of `village` on the register (the cast's `household` first)."""
    more = [pf.household_with_head(village) for _ in range(3)]
    pf.MemberFactory(household=more[0])  # a second person in the household
    return [household, *more]


@pytest.fixture
def make_work(officer: Any, commune: Any, village: Any) -> Any:
    def make(**kw: Any) -> Work:
        data = services.WorkData(
            title=kw.pop("title", "Bê tông hóa đường trục Thôn 1"),
            investor="UBND xã Krông Pắc",
            contractor=kw.pop("contractor", "HTX Xây dựng Ea Phê"),
            decision_number=kw.pop("decision_number", "15/NQ-HNTDC"),
            decision_date=kw.pop("decision_date", DECIDED),
            decision_issuer="Hội nghị cộng đồng dân cư Thôn 1",
            villages=kw.pop("villages", [village]),
            budget_state=850000000,
            budget_people=2000000,
            location=kw.pop(
                "location", '{"type": "LineString", "coordinates": [[108.04, 12.68], [108.05, 12.681]]}'
            ),
            **kw,
        )
        return services.work_create(by=officer, commune=commune, data=data)

    return make


@pytest.fixture
def work(make_work: Any) -> Work:
    return make_work()


@pytest.fixture
def pledged(work: Work, officer: Any, households: list[Any]) -> Work:
    """The work with a rate of 500.000 đ per household, a labour day at 200.000 đ, pledges computed."""
    services.rate_set(
        work=work, by=officer, basis="household", amount=500000, labour_day_value=200000, decided_on=DECIDED
    )
    services.pledges_compute(work=work, by=officer)
    return work


@pytest.fixture
def supervisor(commune: Any) -> Any:
    board_body = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ đường Thôn 1", place=commune)
    return person_with_role(Role.SUPERVISION_MEMBER, commune, body=board_body, full_name="Bùi Thị Giám Sát")


@pytest.fixture
def board(work: Work, front_officer: Any, supervisor: Any, village: Any) -> Any:
    """The work's board, with the five members the law requires (Decree 59 Art. 17)."""
    body = supervisor.memberships.first().body
    b = services.board_establish(
        work=work,
        by=front_officer,
        decision_number="08/QĐ-MTTQ",
        established_on=dt.date(2026, 3, 25),
        body=body,
    )
    for i, (name, position, represents) in enumerate(
        [
            ("Bùi Thị Giám Sát", "head", "front"),
            ("Đặng Văn Hùng", "deputy", "inspection"),
            ("Y Khăm Niê", "member", "resident"),
            ("Nguyễn Thị Sen", "member", "resident"),
            ("Lê Văn Tám", "member", "resident"),
        ]
    ):
        services.board_member_add(
            board=b,
            by=front_officer,
            data=services.MemberData(
                full_name=name,
                position=position,
                represents=represents,
                village=village if represents == "resident" else None,
                elected_on=DECIDED if represents == "resident" else None,
                election_record="Biên bản hội nghị Thôn 1 ngày 15/3/2026" if represents == "resident" else "",
                person=supervisor if i == 0 else None,
            ),
        )
    return b
