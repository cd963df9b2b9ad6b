"""Demo step: 24 agencies and public service units and 15 enterprises in the demo province, with
their regulations, last year's and this year's conferences and dialogues — most on time, a few not,
one below quorum — so the steering committee's compliance list has something to show."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from danchu.accounts.models import Body, Membership, Role
from danchu.core.demo import demo_step
from danchu.core.text import in_sentence

from . import resolutions, services
from .models import Dialogue, Ownership, Unit, UnitType

AGENCIES = [
    ("Văn phòng HĐND và UBND xã {c}", UnitType.AGENCY),
    ("Phòng Kinh tế xã {c}", UnitType.AGENCY),
    ("Phòng Văn hóa - Xã hội xã {c}", UnitType.AGENCY),
    ("Trung tâm Phục vụ hành chính công xã {c}", UnitType.PUBLIC_SERVICE),
    ("Trường Mầm non Hoa Sen xã {c}", UnitType.PUBLIC_SERVICE),
    ("Trường Tiểu học Kim Đồng xã {c}", UnitType.PUBLIC_SERVICE),
    ("Trạm Y tế xã {c}", UnitType.PUBLIC_SERVICE),
    ("Trung tâm Dịch vụ nông nghiệp xã {c}", UnitType.PUBLIC_SERVICE),
]
ENTERPRISES = [
    ("Công ty TNHH Chế biến Nông sản {c}", Ownership.PRIVATE, 120),
    ("Công ty Cổ phần Xây dựng {c}", Ownership.PRIVATE, 45),
    ("Công ty TNHH May mặc Hòa Bình {c}", Ownership.FDI, 640),
    ("Hợp tác xã Dịch vụ nông nghiệp {c}", Ownership.COLLECTIVE, 28),
    ("Công ty TNHH MTV Cao su {c}", Ownership.STATE, 310),
]
PROVINCIAL = [
    ("Sở Nội vụ", UnitType.AGENCY),
    ("Sở Tài chính", UnitType.AGENCY),
    ("Bệnh viện Đa khoa", UnitType.PUBLIC_SERVICE),  # + " tỉnh Đắk Lắk"
]


def _short(place: Any) -> str:
    return place.name.split(" ", 1)[-1]


def _ensure(
    code: str, name: str, kind: str, place: Any, *, ownership: str, employees: int, body: Body | None = None
) -> Unit:
    found = Unit.objects.filter(code=code).select_related("body").first()
    if found:
        if found.body.name != name and found.body.name.casefold() == name.casefold():
            found.body.name = name  # written in lower case by an earlier demo ("… tỉnh đắk lắk")
            found.body.save(update_fields=["name"])
        return found
    if body is not None:
        unit = Unit.objects.create(
            body=body,
            code=code,
            unit_type=kind,
            ownership=ownership,
            employees=employees,
            head_name="Nguyễn Văn Thành",
            union_chair_name="Trần Thị Mai",
        )
        return unit
    return services.unit_register(
        actor=None,
        data=services.UnitData(
            code=code,
            name=name,
            unit_type=kind,
            place=place,
            ownership=ownership,
            employees=employees,
            head_name="Nguyễn Văn Thành",
            union_chair_name="Trần Thị Mai",
        ),
    )


def _runner(unit: Unit) -> Any:
    """Who runs the conference's votes in the demo: a representative of the unit, else the
    commune's officer, else an administrator (workplaces.manage)."""
    for found in (
        Membership.objects.filter(role=Role.WORKPLACE_REP, body=unit.body),
        Membership.objects.filter(role=Role.COMMUNE_OFFICER, place=unit.place),
        Membership.objects.filter(role=Role.ADMIN),
    ):
        m = found.select_related("person").first()
        if m is not None:
            return m.person
    from danchu.accounts.models import User

    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _year_work(unit: Unit, year: int, rnd: random.Random, *, hold: bool, quorum: bool = True) -> None:
    if not hold:
        return
    # Up to 200 staff, an agency or public unit convenes all of them (checks._check_attendance).
    size = (
        unit.employees
        if unit.unit_type != UnitType.ENTERPRISE and unit.employees <= 200
        else min(unit.employees, 150)
    )
    day = (
        dt.date(year, 12, rnd.randint(2, 20))
        if unit.unit_type != UnitType.ENTERPRISE
        else dt.date(year, rnd.randint(2, 11), rnd.randint(1, 28))
    )
    today = timezone.localdate()
    if day > today:
        day = today - dt.timedelta(days=rnd.randint(1, 20))
    conf = services.conference_convene(
        actor=None, unit=unit, year=year, planned_on=day, delegates_convened=size, venue="Hội trường đơn vị"
    )
    present = size - rnd.randint(0, size // 6) if quorum else size // 2
    conf = services.conference_hold(
        actor=None,
        conference=conf,
        held_on=day,
        delegates_present=present,
        contents_done=[c["key"] for c in conf.required_contents],
        chair=unit.head_name,
        secretary="Lê Thị Thu",
        proceedings="Hội nghị đã thảo luận dân chủ, thẳng thắn các nội dung theo quy định.",
    )
    runner = _runner(unit)
    if quorum and runner is not None:
        # Voted by show of hands through meetings' motion: opened, the room counted, closed.
        resolutions.resolution_record(
            actor=runner,
            conference=conf,
            title=f"Nghị quyết Hội nghị năm {year}",
            votes_for=present - 1,
            votes_against=1,
        )
    if unit.is_enterprise:
        services.dialogue_record(
            actor=None,
            unit=unit,
            data=services.DialogueData(
                kind=Dialogue.Kind.PERIODIC,
                held_on=day - dt.timedelta(days=30) if day.month > 1 else day,
                employer_side=3,
                employee_side=services.employee_side_min(unit.employees),
                issues="Tiền lương tháng 13; điều kiện làm việc ca đêm; bữa ăn giữa ca.",
                issues_received=3,
                issues_resolved=2,
                agreements="Tăng mức tiền ăn giữa ca thêm 5.000 đồng/suất từ tháng sau.",
                follow_up="Công đoàn giám sát việc thực hiện, báo cáo tại kỳ đối thoại sau.",
            ),
        )


@demo_step("workplaces", 50)
def build(ctx: dict[str, Any]) -> None:
    province = ctx["province"]
    communes = ctx["communes"]
    if Unit.objects.filter(body__place__path__startswith=province.path).count() >= 39:
        return
    rnd = random.Random(14)
    year = timezone.localdate().year
    bodies = ctx.get("bodies", {})
    units: list[Unit] = []
    # The bodies the demo representative and staff already hold roles in become units first.
    school = bodies.get(Body.Kind.AGENCY)
    coffee = bodies.get(Body.Kind.ENTERPRISE)
    if school is not None:
        units.append(
            _ensure(
                "DV-001",
                school.name,
                UnitType.PUBLIC_SERVICE,
                school.place,
                ownership=Ownership.NOT_APPLICABLE,
                employees=42,
                body=school,
            )
        )
    if coffee is not None:
        units.append(
            _ensure(
                "DN-001",
                coffee.name,
                UnitType.ENTERPRISE,
                coffee.place,
                ownership=Ownership.PRIVATE,
                employees=85,
                body=coffee,
            )
        )
    n_agency, n_enterprise = (
        len([u for u in units if not u.is_enterprise]),
        len([u for u in units if u.is_enterprise]),
    )
    for name, kind in PROVINCIAL:
        n_agency += 1
        units.append(
            _ensure(
                f"DV-{n_agency:03d}",
                f"{name} {in_sentence(province.name)}",
                kind,
                province,
                ownership=Ownership.NOT_APPLICABLE,
                employees=rnd.randint(40, 400),
            )
        )
    i = 0
    while n_agency < 24:
        commune = communes[i % len(communes)]
        name, kind = AGENCIES[(i // len(communes)) % len(AGENCIES)]
        i += 1
        n_agency += 1
        units.append(
            _ensure(
                f"DV-{n_agency:03d}",
                name.format(c=_short(commune)),
                kind,
                commune,
                ownership=Ownership.NOT_APPLICABLE,
                employees=rnd.randint(12, 90),
            )
        )
    i = 0
    while n_enterprise < 15:
        commune = communes[i % len(communes)]
        name, ownership, employees = ENTERPRISES[(i // len(communes)) % len(ENTERPRISES)]
        i += 1
        n_enterprise += 1
        units.append(
            _ensure(
                f"DN-{n_enterprise:03d}",
                name.format(c=_short(commune)) + ("" if i <= len(communes) else f" {i}"),
                UnitType.ENTERPRISE,
                commune,
                ownership=ownership,
                employees=employees,
            )
        )
    for k, unit in enumerate(units):
        if unit.conferences.exists():
            continue
        if k % 7 != 3:  # most units have their regulation
            services.regulation_add(
                actor=None,
                unit=unit,
                reference=f"{k + 1:02d}/QC-{'CĐ' if unit.is_enterprise else 'ĐV'}",
                issued_on=dt.date(year - 2, 3, 15),
                consulted_on=dt.date(year - 2, 3, 1) if unit.is_enterprise else None,
                summary="Quy chế thực hiện dân chủ ở cơ sở tại nơi làm việc.",
            )
        _year_work(unit, year - 1, rnd, hold=True)
        # This year: all but a few agencies (0/2 of 24 missing) and two enterprises (13/15).
        missing = unit.code in ("DV-007", "DV-019", "DN-006", "DN-011")
        _year_work(unit, year, rnd, hold=not missing, quorum=unit.code != "DV-012")
    if units and units[0].code == "DV-001":
        _board_election(units[0])
    ctx["workplace_units"] = units


BOARD = ["Lê Văn An", "Phạm Thị Bình", "Võ Văn Cường", "Đinh Thị Dung"]


def _staff_account(n: int, name: str) -> Any:
    from danchu.accounts.demo import DEMO_DOMAIN
    from danchu.accounts.models import User

    email = f"ttnd.truong{n}@{DEMO_DOMAIN}"
    return User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, full_name=name
    )


def _board_election(unit: Unit) -> None:
    """The demo agency's last conference elected its People's Inspection Board by paper ballot,
    counted by the vote-counting team, and the union's representative recognised the result."""
    from danchu.accounts.models import Membership, Role
    from danchu.meetings import services as meetings

    from . import elections, queries

    conf = unit.conferences.filter(status="held").order_by("-held_on").first()
    # The school has no representative of its own in the demo: the commune's officer records for it
    # (workplaces.manage), the administrator recognises for the union (its representatives' rule).
    reps = Membership.objects.filter(role=Role.WORKPLACE_REP, body=unit.body).select_related("person")
    staff = Membership.objects.filter(role=Role.COMMUNE_OFFICER, place=unit.place).select_related("person")
    admin = Membership.objects.filter(role=Role.ADMIN).select_related("person").first()
    runner = reps.first() or staff.first()
    recogniser = reps.first() or admin
    if conf is None or runner is None or not conf.quorum_met or queries.conference_elections(conf).exists():
        return
    actor = runner.person
    # The candidates are staff of the school with an account (no demo login: no password), so the
    # recognised result seats the elected on the school's board (oversight); Võ Văn Cường has none:
    # he is seated with an account holding his name, without sign-in (the election page says so).
    accounts = {name: _staff_account(i, name) for i, name in enumerate(BOARD, 1) if name != BOARD[2]}
    e = elections.inspection_board_elect(
        actor=actor, conference=conf, candidates=BOARD, seats=3, paper=True, accounts=accounts
    )
    meetings.election_team_set(
        actor=actor, election=e, head="Nguyễn Thị Hạnh", members=["Trần Văn Khoa"], on=conf.held_on
    )
    e = meetings.election_open(actor=actor, election=e)
    meetings.election_close(actor=actor, election=e)
    present = conf.delegates_present or 0
    ids = [c.pk for c in e.candidates.order_by("pk")]
    shares = (0.92, 0.85, 0.77, 0.30)
    votes = {pk: int((present - 1) * share) for pk, share in zip(ids, shares, strict=True)}
    meetings.paper_box_record(
        actor=actor,
        election=e,
        count=meetings.PaperCount(
            label="Hòm phiếu số 1",
            issued=present,
            returned=present,
            valid=present - 1,
            invalid=1,
            votes=votes,
        ),
    )
    e = meetings.election_tally(actor=actor, election=e)
    if e.status == "tallied" and recogniser is not None:
        meetings.election_recognise(actor=recogniser.person, election=e)
        _board_positions(unit, recogniser.person, e.recognised_on)


def _board_positions(unit: Unit, actor: Any, on: Any) -> None:
    """The newly elected board met and chose its head and deputy head among its members."""
    from danchu.oversight import services as oversight

    from . import queries

    board = queries.inspection_board(unit)
    members = {m.person.full_name: m for m in queries.inspection_board_members(unit)}
    if board is None or BOARD[0] not in members:
        return
    oversight.unit_board_positions(
        actor=actor, board=board, head=members[BOARD[0]], deputy=members.get(BOARD[1]), on=on
    )
