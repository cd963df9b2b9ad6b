"""Demo step: one account per role, scoped to the demo province, its first commune and village."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from danchu.core.demo import demo_step
from danchu.core.text import in_sentence
from danchu.places.models import Household, Place

from . import services
from .models import Body, Channel, HouseholdLink, Membership, Role, User
from .phones import display_phone

DEMO_PASSWORD = "danchu-demo-2026"
DEMO_DOMAIN = "demo.danchu.vn"


@dataclass(frozen=True)
class DemoPerson:
    key: str  # key in ctx["people"]
    role: str
    full_name: str
    phone: str
    email: str
    title: str = ""


CAST = [
    DemoPerson("citizen", Role.CITIZEN, "Lê Thị Hoa", "+84912000001", "hoa.le"),
    DemoPerson("household_rep", Role.HOUSEHOLD_REP, "Nguyễn Văn Bình", "+84912000002", "binh.nguyen"),
    DemoPerson(
        "village_head", Role.VILLAGE_HEAD, "Trần Văn Minh", "+84912000003", "minh.tran", "Trưởng thôn"
    ),
    DemoPerson(
        "commune_officer",
        Role.COMMUNE_OFFICER,
        "Phạm Thị Lan",
        "+84912000004",
        "lan.pham",
        "Công chức Văn phòng - Thống kê",
    ),
    DemoPerson(
        "commune_chairman",
        Role.COMMUNE_CHAIRMAN,
        "Hoàng Văn Dũng",
        "+84912000005",
        "dung.hoang",
        "Chủ tịch UBND xã",
    ),
    DemoPerson(
        "front_officer", Role.FRONT_OFFICER, "Vũ Thị Thu", "+84912000006", "thu.vu", "Chủ tịch Ủy ban MTTQ xã"
    ),
    DemoPerson(
        "inspection_member",
        Role.INSPECTION_MEMBER,
        "Đặng Văn Hùng",
        "+84912000007",
        "hung.dang",
        "Trưởng ban Thanh tra nhân dân",
    ),
    DemoPerson(
        "supervision_member",
        Role.SUPERVISION_MEMBER,
        "Bùi Thị Mai",
        "+84912000008",
        "mai.bui",
        "Thành viên Ban giám sát đầu tư của cộng đồng",
    ),
    DemoPerson(
        "steering_member",
        Role.STEERING_MEMBER,
        "Ngô Quang Hải",
        "+84912000009",
        "hai.ngo",
        "Phó Trưởng Ban Chỉ đạo",
    ),
    DemoPerson(
        "workplace_rep",
        Role.WORKPLACE_REP,
        "Đỗ Thị Ngọc",
        "+84912000010",
        "ngoc.do",
        "Chủ tịch Công đoàn cơ sở",
    ),
    DemoPerson("admin", Role.ADMIN, "Quản trị hệ thống", "+84912000011", "admin"),
    DemoPerson(
        "commune_officer_2",
        Role.COMMUNE_OFFICER,
        "Lý Văn Tâm",
        "+84912000012",
        "tam.ly",
        "Công chức Tư pháp - Hộ tịch",
    ),
]


def _person(p: DemoPerson, password_hash: str) -> User:
    person = User.objects.filter(phone=p.phone).first()
    if person is None:
        person = User(
            phone=p.phone,
            email=f"{p.email}@{DEMO_DOMAIN}",
            full_name=p.full_name,
            language="vi",
            notify_channel=Channel.SMS if p.role in (Role.CITIZEN, Role.HOUSEHOLD_REP) else Channel.EMAIL,
            is_superuser=p.role == Role.ADMIN,
            is_staff=p.role == Role.ADMIN,
        )
        person.password = password_hash  # one hash for all: they share the printed demo password
        person.save()
    return person


def body_named(kind: str, name: str, place: Place) -> Body:
    """The demo's body of that kind, name and place; one a demo wrote in lower case before ("… tỉnh đắk
    lắk") is renamed rather than doubled when the demo runs again on the same database."""
    for body in Body.objects.filter(kind=kind, place=place):
        if body.name.casefold() == name.casefold():
            if body.name != name:
                body.name = name
                body.save(update_fields=["name"])
            return body
    return Body.objects.create(kind=kind, name=name, place=place)


def _households(village: Place, count: int) -> list[Household]:
    existing = list(Household.objects.filter(village=village, is_active=True).order_by("number")[:count])
    if len(existing) >= count:
        return existing
    from danchu.places.services import MemberData, household_register

    for n in range(len(existing), count):
        existing.append(
            household_register(
                actor=None,
                village=village,
                number=f"DEMO-{n + 1:03d}",
                members=[MemberData(full_name=["Lê Văn Sáu", "Nguyễn Văn Bình"][n % 2], relation="head")],
            )
        )
    return existing


def _grant(person: User, role: str, place: Place | None, body: Body | None, title: str) -> None:
    if not Membership.objects.active().filter(person=person, role=role, place=place, body=body).exists():
        Membership.objects.create(person=person, role=role, place=place, body=body, title=title)


@demo_step("accounts", 20)
def build(ctx: dict[str, Any]) -> None:
    province: Place = ctx["province"]
    communes: list[Place] = ctx["communes"]
    commune = communes[0]
    village = ctx["villages"][commune.code][0]
    short = commune.name.split(" ", 1)[-1]

    bodies = {
        Body.Kind.PEOPLES_COMMITTEE: body_named(
            Body.Kind.PEOPLES_COMMITTEE, f"Ủy ban nhân dân {in_sentence(commune.name)}", commune
        ),
        Body.Kind.FATHERLAND_FRONT: body_named(
            Body.Kind.FATHERLAND_FRONT, f"Ủy ban MTTQ Việt Nam xã {short}", commune
        ),
        Body.Kind.INSPECTION_BOARD: body_named(
            Body.Kind.INSPECTION_BOARD, f"Ban Thanh tra nhân dân xã {short}", commune
        ),
        Body.Kind.SUPERVISION_BOARD: body_named(
            Body.Kind.SUPERVISION_BOARD,
            f"Ban giám sát đầu tư của cộng đồng - Đường bê tông {village.name}",
            commune,
        ),
        Body.Kind.STEERING_COMMITTEE: body_named(
            Body.Kind.STEERING_COMMITTEE,
            f"Ban Chỉ đạo thực hiện QCDC ở cơ sở {in_sentence(province.name)}",
            province,
        ),
        Body.Kind.AGENCY: body_named(Body.Kind.AGENCY, f"Trường THCS Nguyễn Du xã {short}", commune),
        Body.Kind.ENTERPRISE: body_named(Body.Kind.ENTERPRISE, f"Công ty TNHH Cà phê {short}", commune),
    }
    scope: dict[str, tuple[Place | None, Body | None]] = {
        Role.VILLAGE_HEAD: (village, None),
        Role.COMMUNE_OFFICER: (commune, bodies[Body.Kind.PEOPLES_COMMITTEE]),
        Role.COMMUNE_CHAIRMAN: (commune, bodies[Body.Kind.PEOPLES_COMMITTEE]),
        Role.FRONT_OFFICER: (commune, bodies[Body.Kind.FATHERLAND_FRONT]),
        Role.INSPECTION_MEMBER: (commune, bodies[Body.Kind.INSPECTION_BOARD]),
        Role.SUPERVISION_MEMBER: (commune, bodies[Body.Kind.SUPERVISION_BOARD]),
        Role.STEERING_MEMBER: (province, bodies[Body.Kind.STEERING_COMMITTEE]),
        Role.WORKPLACE_REP: (commune, bodies[Body.Kind.ENTERPRISE]),
        Role.ADMIN: (None, None),
    }

    from django.contrib.auth.hashers import make_password

    password_hash = make_password(DEMO_PASSWORD)
    people: dict[str, User] = {}
    for p in CAST:
        person = people[p.key] = _person(p, password_hash)
        if p.key == "commune_officer_2":
            _grant(person, p.role, communes[1], None, p.title)
        elif p.role in scope:
            place, body = scope[p.role]
            _grant(person, p.role, place, body, p.title)

    # Residents become verified the way real ones do: they ask, the village head confirms.
    households = _households(village, 2)
    for key, household, as_rep in (("citizen", households[0], False), ("household_rep", households[1], True)):
        person = people[key]
        if not HouseholdLink.objects.confirmed().filter(person=person, household=household).exists():
            link = services.household_link_request(
                person=person,
                household=household,
                as_representative=as_rep,
                message="Tôi là người ở hộ này, xin xác nhận.",
            )
            services.household_link_confirm(actor=people["village_head"], link=link)

    ctx.setdefault("people", {}).update({**people, "commune_officer_other": people["commune_officer_2"]})
    ctx.setdefault("bodies", {}).update({str(kind): body for kind, body in bodies.items()})
    for p in CAST:
        staff = p.role not in (Role.CITIZEN, Role.HOUSEHOLD_REP)
        where = communes[1].name if p.key == "commune_officer_2" else ""
        ctx.setdefault("credentials", []).append(
            {
                "role": str(Role(p.role).label) + (f" ({where})" if where else ""),
                "login": f"{display_phone(p.phone)} / {p.email}@{DEMO_DOMAIN}",
                "password": DEMO_PASSWORD,
                "note": f"{p.full_name}" + (" — TOTP" if staff else ""),
            }
        )
    out = ctx.get("stdout")
    note = (
        "Staff accounts have no authenticator yet: at first sign-in danchu shows a QR code to scan "
        "with any TOTP app (Google Authenticator, Aegis…), then asks for a code."
    )
    if out is not None:
        out.write(note)
    else:
        print(note)
