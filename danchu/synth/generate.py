"""Fill places, households, cases, disclosures, reporting values, the Dân bàn / Dân làm / Dân kiểm
tra modules, and (more.py) the steering committees, new-rural records and one-stop figures with
realistic, referentially valid, deterministic data (`danchu synth`).

Every synthetic place code starts with "S", so real administrative units (`danchu load_places`) and
synthetic ones never collide; a second run refuses instead of doubling.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from danchu.accounts.models import Body, User
from danchu.cases.models import Case
from danchu.cases.types import case_type
from danchu.consultations.models import Comment, Consultation
from danchu.consultations.rules import BASES
from danchu.core.errors import DomainError
from danchu.core.text import fold
from danchu.disclosures import categories
from danchu.disclosures.models import Disclosure, SearchEntry
from danchu.meetings.models import AgendaItem, HouseholdVote, Meeting
from danchu.oversight.models import Board, Matter
from danchu.oversight.services.numbering import code as matter_code
from danchu.places.models import KIND_LEVEL, Household, HouseholdMember, Place, PlaceKind
from danchu.reporting.models import IndicatorValue, RollupVersion
from danchu.workplaces.models import Unit
from danchu.works.models import Pledge, Work

from . import more, words
from .plan import SCALES, Plan
from .writer import Writer

CASE_TYPES = ("feedback", "feedback", "feedback", "petition", "petition", "complaint")
# Registered indicators (danchu/reporting/catalogue.py) with plausible monthly values per commune.
INDICATORS = {"cases.received": (2, 9), "cases.resolved": (1, 8), "disclosures.published": (1, 6),
              "meetings.held": (0, 4), "consultations.comments": (0, 40)}  # fmt: skip


@dataclass
class Ctx:
    rng: random.Random
    w: Writer
    plan: Plan
    years: int
    today: dt.date
    country: Place
    communes: list[Place] = field(default_factory=list)
    villages: dict[int, list[Place]] = field(default_factory=dict)  # commune pk -> villages
    households: dict[int, list[int]] = field(default_factory=dict)  # village pk -> household pks

    def at(self, day: dt.date, hour: int = 9) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60))))

    def day_in_year(self, year_back: int) -> dt.date:
        start = self.today - dt.timedelta(days=365 * (year_back + 1))
        return start + dt.timedelta(days=self.rng.randrange(365))


def run(*, scale: str, years: int = 1, seed: int = 1, out: TextIO | None = None) -> dict[str, int]:
    """Generate `scale` (commune|province|national); returns the row count per table."""
    if scale not in SCALES:
        raise DomainError(f"unknown scale {scale!r}: commune, province or national")
    if years < 1 or years > 20:
        raise DomainError("years: 1 to 20")
    if Place.objects.filter(code__startswith="S", level=KIND_LEVEL[PlaceKind.PROVINCE]).exists():
        raise DomainError("synthetic data is already there (place codes S…): use a fresh database")
    clock = timezone.make_aware(dt.datetime(2026, 1, 1, 8, 0))
    writer = Writer(clock=clock, out=out)
    with transaction.atomic():
        country = Place.objects.filter(code="VN").first() or _country(writer)
        ctx = Ctx(random.Random(seed), writer, SCALES[scale], years, clock.date(), country)
        _places(ctx)
        communes = ctx.communes
        provinces = list(dict.fromkeys(c.parent_id for c in communes))
        for i, province in enumerate(provinces, 1):
            # One province at a time: its rows are written before the next province's are made, so a
            # national run (~50 million rows) holds a province's in memory, not the country's.
            if len(provinces) > 1:
                writer.out.write(f"province {i}/{len(provinces)}\n")
            ctx.communes = [c for c in communes if c.parent_id == province]
            for fill in (_households, _cases, _disclosures, _indicator_values, _consultations, _meetings,
                         _works, _oversight_and_workplaces, more.fill):  # fmt: skip
                fill(ctx)
            ctx.households.clear()
        ctx.communes = communes
        writer.fix_sequences()
    return dict(writer.counts)


def _place(ctx: Ctx | None, w: Writer, *, code: str, name: str, kind: str, parent: Place | None) -> Place:
    p = Place(
        pk=w.next_pk(Place),
        code=code,
        name=name,
        name_folded=fold(name),
        kind=kind,
        level=int(KIND_LEVEL[PlaceKind(kind)]),
        parent=parent,
        path=(parent.path if parent else "/") + code + "/",
    )
    return p


def _country(w: Writer) -> Place:
    vn = _place(None, w, code="VN", name="Việt Nam", kind=PlaceKind.COUNTRY, parent=None)
    w.insert(Place, [vn], "places (country)")
    return vn


def _places(ctx: Ctx) -> None:
    rng, w, plan = ctx.rng, ctx.w, ctx.plan
    provinces, communes, villages = [], [], []
    for p in range(1, plan.provinces + 1):
        province = _place(ctx, w, code=f"S{p:02d}", name=f"Tỉnh {words.place_name(rng)}", kind=PlaceKind.PROVINCE,
                          parent=ctx.country)  # fmt: skip
        provinces.append(province)
        for c in range(1, plan.communes_per_province + 1):
            kind = PlaceKind.WARD if rng.random() < 0.2 else PlaceKind.COMMUNE
            prefix = "Phường" if kind == PlaceKind.WARD else "Xã"
            commune = _place(ctx, w, code=f"S{p:02d}{c:03d}", name=f"{prefix} {words.place_name(rng)}", kind=kind,
                             parent=province)  # fmt: skip
            communes.append(commune)
            ctx.villages[commune.pk] = []
            for v in range(1, plan.villages_per_commune + 1):
                name = (
                    f"Thôn {v}"
                    if rng.random() < 0.6
                    else f"{rng.choice(('Thôn', 'Buôn', 'Ấp', 'Bản'))} {words.place_name(rng)}"
                )
                village = _place(ctx, w, code=f"{commune.code}-{v:03d}", name=name, kind=PlaceKind.VILLAGE,
                                 parent=commune)  # fmt: skip
                villages.append(village)
                ctx.villages[commune.pk].append(village)
    w.insert(Place, provinces, "places (provinces)")
    w.insert(Place, communes, "places (communes)")
    w.insert(Place, villages, "places (villages)")
    ctx.communes = communes


def _households(ctx: Ctx) -> None:
    rng, w, plan = ctx.rng, ctx.w, ctx.plan

    def rows() -> Iterator[tuple[Household, list[HouseholdMember]]]:
        for commune in ctx.communes:
            for village in ctx.villages[commune.pk]:
                ctx.households[village.pk] = []
                for n in range(1, plan.households_per_village + 1):
                    hh = Household(pk=w.next_pk(Household), village=village, number=f"{n:04d}",
                                   address=f"Số {n}, {village.name}", registered_on=dt.date(2010, 1, 1))  # fmt: skip
                    ctx.households[village.pk].append(hh.pk)
                    family = words.family_name(rng)
                    members = []
                    for _m in range(
                        rng.randint(max(1, plan.members_per_household - 2), plan.members_per_household + 2)
                    ):
                        full = words.person_name(rng, family)
                        members.append(HouseholdMember(pk=w.next_pk(HouseholdMember), household=hh, full_name=full,
                                                       full_name_folded=fold(full)))  # fmt: skip
                    yield hh, members

    households, members = [], []
    for hh, ms in rows():
        households.append(hh)
        members.extend(ms)
    w.insert(Household, households, "households")
    w.insert(HouseholdMember, members, "household members")


def _cases(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    cases: list[Case] = []
    states = ("received", "accepted", "in_progress", "resolved", "resolved", "closed", "closed", "closed")
    for commune in ctx.communes:
        villages = ctx.villages[commune.pk]
        for year in range(ctx.years):
            for n in range(ctx.plan.cases_per_commune_year):
                ctype = case_type(rng.choice(CASE_TYPES))
                received = ctx.day_in_year(year)
                title, text = words.case_text(rng)
                cases.append(Case(pk=w.next_pk(Case), tracking_code=f"{ctype.prefix}-S{w.counts['cases'] + len(cases):07d}"[:16],
                                  case_type=ctype.key, channel=rng.choice(("web", "walk_in", "phone", "mail")),
                                  place=rng.choice(villages), unit=commune, title=title, description=text,
                                  state=rng.choice(states) if year or n % 3 else "received", anonymous=rng.random() < 0.1,
                                  rule_key=ctype.rules[0].key, received_at=ctx.at(received),
                                  acceptance_due=received + dt.timedelta(days=10)))  # fmt: skip
    w.insert(Case, cases, "cases")


def _disclosures(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    codes = [c.code for c in categories.ordered()]
    items, entries = [], []
    for commune in ctx.communes:
        for year in range(ctx.years):
            for _ in range(ctx.plan.disclosures_per_commune_year):
                day = ctx.day_in_year(year)
                category = rng.choice(codes)
                title, summary, body = words.disclosure_text(rng, category, day)
                d = Disclosure(pk=w.next_pk(Disclosure), place=commune, issuing_unit=f"UBND {commune.name}",
                               category=category, title=title, summary=summary, body=body,
                               body_html="".join(f"<p>{p}</p>" for p in body.split("\n\n")),
                               status=Disclosure.Status.PUBLISHED, published_at=ctx.at(day),
                               posting_start=day, posting_end=day + dt.timedelta(days=30))  # fmt: skip
                items.append(d)
                text = "\n".join([summary, body, d.issuing_unit, commune.name])
                entries.append(SearchEntry(pk=w.next_pk(SearchEntry), kind=SearchEntry.Kind.DISCLOSURE,
                                           object_id=d.pk, place_path=commune.path, category=category, date=day,
                                           title=title, body=text, title_folded=fold(title),
                                           body_folded=fold(text)))  # fmt: skip
    w.insert(Disclosure, items, "disclosures")
    w.insert(SearchEntry, entries, "disclosure search entries")


def _indicator_values(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    values = []
    for commune in ctx.communes:
        for months_back in range(12 * ctx.years):
            year, month = divmod(ctx.today.year * 12 + ctx.today.month - 1 - months_back, 12)
            start = dt.date(year, month + 1, 1)
            end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            for code, (low, high) in INDICATORS.items():
                values.append(IndicatorValue(pk=w.next_pk(IndicatorValue), indicator=code, place=commune,
                                             level=commune.level, path=commune.path, period_type="month",
                                             period_start=start, period_end=end, value=float(rng.randint(low, high)),
                                             refreshed_at=w.clock))  # fmt: skip
    w.insert(IndicatorValue, values, "reporting indicator values")
    RollupVersion.bump()  # what a running process read from the roll-ups is out of date


def _consultations(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    consultations, comments = [], []
    bases = sorted(b.code for b in BASES)
    for commune in ctx.communes:
        for year in range(ctx.years):
            for _ in range(ctx.plan.consultations_per_commune_year):
                day = ctx.day_in_year(year)
                c = Consultation(pk=w.next_pk(Consultation), place=commune, consulting_body=f"UBND {commune.name}",
                                 title=words.consultation_title(rng, day), basis=rng.choice(bases), basis_article="Luật Thực hiện dân chủ ở cơ sở 2022",
                                 status="closed" if year else "open")  # fmt: skip
                consultations.append(c)
                for _ in range(ctx.plan.comments_per_consultation):
                    comments.append(Comment(pk=w.next_pk(Comment), consultation=c, text=words.comment(rng)))
    w.insert(Consultation, consultations, "consultations")
    w.insert(Comment, comments, "consultation comments")


def _meetings(ctx: Ctx) -> None:
    rng, w, plan = ctx.rng, ctx.w, ctx.plan
    meetings, items, votes, conveners = [], [], [], []
    for villages in (ctx.villages[c.pk] for c in ctx.communes):
        # The commune's officer who convenes the village meetings (no password: cannot sign in).
        pk = w.next_pk(User)
        name = words.person_name(rng, words.family_name(rng))
        convener = User(pk=pk, password="!synthetic", full_name=name, phone=f"0999{pk:06d}")
        conveners.append(convener)
        for village in villages:
            for year in range(ctx.years):
                for _ in range(plan.meetings_per_village_year):
                    day = ctx.day_in_year(year)
                    m = Meeting(pk=w.next_pk(Meeting), village=village, title=f"Hội nghị thôn {village.name} {day:%m/%Y}",
                                starts_at=ctx.at(day, 19), location=f"Nhà văn hóa {village.name}", convener=convener,
                                status="confirmed")  # fmt: skip
                    meetings.append(m)
                    item = AgendaItem(
                        pk=w.next_pk(AgendaItem), meeting=m, kind="decide", title=words.agenda_title(rng)
                    )
                    items.append(item)
                    for hh in ctx.households[village.pk]:
                        if rng.random() < plan.turnout:
                            choice = "for" if rng.random() < 0.8 else rng.choice(("against", "abstain"))
                            votes.append(HouseholdVote(pk=w.next_pk(HouseholdVote), item=item, household_id=hh,
                                                       channel=rng.choice(("slip", "slip", "online")), choice=choice))  # fmt: skip
    w.insert(User, conveners, "users (meeting conveners)")
    w.insert(Meeting, meetings, "village meetings")
    w.insert(AgendaItem, items, "meeting agenda items")
    w.insert(HouseholdVote, votes, "household votes")


def _works(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    works, pledges = [], []
    for commune in ctx.communes:
        households = [hh for v in ctx.villages[commune.pk] for hh in ctx.households[v.pk]]
        for year in range(ctx.years):
            for _ in range(ctx.plan.works_per_commune_year):
                day = ctx.day_in_year(year)
                kind = rng.choice(("road", "culvert", "canal", "lighting", "hall", "water"))
                work = Work(pk=w.next_pk(Work), commune=commune, kind=kind, title=words.work_title(rng, kind),
                            investor=f"UBND {commune.name}", decision_number=f"{rng.randint(10, 999)}/QĐ-UBND",
                            decision_date=day, decision_issuer=f"Chủ tịch UBND {commune.name}")  # fmt: skip
                works.append(work)
                for hh in households:
                    if rng.random() < ctx.plan.pledge_share:
                        amount = Decimal(rng.choice((200_000, 300_000, 500_000, 1_000_000)))
                        pledges.append(Pledge(pk=w.next_pk(Pledge), work=work, household_id=hh, quantity=Decimal(1),
                                              gross=amount, amount=amount))  # fmt: skip
    w.insert(Work, works, "works")
    w.insert(Pledge, pledges, "works pledges")


def _oversight_and_workplaces(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    bodies, boards, matters, units = [], [], [], []
    for commune in ctx.communes:
        body = Body(pk=w.next_pk(Body), kind=Body.Kind.INSPECTION_BOARD, place=commune,
                    name=f"Ban Thanh tra nhân dân {commune.name}")  # fmt: skip
        bodies.append(body)
        board = Board(pk=w.next_pk(Board), body=body)
        boards.append(board)
        numbers: Counter[int] = Counter()  # the board's series per year (oversight.services.numbering)
        for year in range(ctx.years):
            for _n in range(ctx.plan.matters_per_commune_year):
                title, text = words.case_text(rng)
                received = ctx.day_in_year(year)
                numbers[received.year] += 1
                number = matter_code(commune.code, received.year, numbers[received.year])
                matters.append(Matter(pk=w.next_pk(Matter), board=board, code=number, title=title, description=text,
                                      channel=rng.choice(("direct", "suggestion_box", "online")),
                                      received_on=received))  # fmt: skip
        for u in range(ctx.plan.workplaces_per_commune):
            enterprise = u % 2 == 1
            name = f"{'Công ty TNHH' if enterprise else 'Trường Tiểu học'} {words.place_name(rng)}"
            wb = Body(pk=w.next_pk(Body), kind=Body.Kind.ENTERPRISE if enterprise else Body.Kind.AGENCY, place=commune,
                      name=name)  # fmt: skip
            bodies.append(wb)
            units.append(Unit(pk=w.next_pk(Unit), body=wb, code=f"{commune.code}-U{u + 1}",
                              unit_type="enterprise" if enterprise else "public_service",
                              employees=rng.randint(12, 300)))  # fmt: skip
    w.insert(Body, bodies, "bodies (boards, workplaces)")
    w.insert(Board, boards, "people's inspection boards")
    w.insert(Matter, matters, "inspection board matters")
    w.insert(Unit, units, "workplaces")
